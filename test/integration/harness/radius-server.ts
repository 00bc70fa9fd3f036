/**
 * A real FreeRADIUS server (Debian package freeradius) on a loopback address, with a minimal
 * configuration of its own: it accepts accounting from 127.0.0.0/8 and writes every request
 * to a detail file the test reads back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deferred } from './wait';

export interface RadiusServerOptions {
  ip: string; authPort: number; acctPort: number; secret: string;
  /**
   * Issue 20: a FreeRADIUS users file (e.g. `1001 Cleartext-Password := "secret1001"`). With it,
   * Access-Requests are checked (files + pap: accept with the right password, reject otherwise)
   * and logged to auth-detail; without it every Access-Request is accepted, as before.
   */
  users?: string;
}

/** One Accounting-Request as FreeRADIUS logged it: attribute -> value (quotes removed). */
export type RadiusRecord = Record<string, string>;

function radiusdConf(dir: string, o: RadiusServerOptions): string {
  return `prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = ${dir}
raddbdir = ${dir}
radacctdir = ${dir}
name = freeradius
confdir = \${raddbdir}
modconfdir = \${confdir}/mods-config
run_dir = ${dir}
db_dir = \${raddbdir}
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/radiusd.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 1024
hostname_lookups = no
log {
  destination = files
  file = ${dir}/radius.log
}
security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = no
}
thread pool {
  start_servers = 1
  max_servers = 4
  min_spare_servers = 1
  max_spare_servers = 2
  max_requests_per_server = 0
}
client product {
  ipaddr = 127.0.0.0/8
  secret = ${o.secret}
}
modules {
  detail {
    filename = ${dir}/detail
    permissions = 0600
    header = "%t"
  }
  always ok {
    rcode = ok
  }
${o.users === undefined ? '' : `  files {
    filename = ${dir}/users
  }
  pap {
    normalise = yes
  }
  detail auth_detail {
    filename = ${dir}/auth-detail
    permissions = 0600
    header = "%t"
  }
`}}
server default {
  listen {
    type = acct
    ipaddr = ${o.ip}
    port = ${o.acctPort}
  }
  listen {
    type = auth
    ipaddr = ${o.ip}
    port = ${o.authPort}
  }
  authorize {
${o.users === undefined ? '    ok' : '    auth_detail\n    files\n    pap'}
  }
${o.users === undefined ? '' : `  authenticate {
    Auth-Type PAP {
      pap
    }
  }
  post-auth {
    ok
    Post-Auth-Type REJECT {
      ok
    }
  }
`}
  preacct {
  }
  accounting {
    detail
    ok
  }
}
`;
}

export class RadiusServer {
  private child: ChildProcess | null = null;
  readonly dir = resolve(__dirname, '../../../../var/log/radius-test');

  constructor(readonly options: RadiusServerOptions) {}

  async start(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(resolve(this.dir, 'radiusd.conf'), radiusdConf(this.dir, this.options));
    if (this.options.users !== undefined) writeFileSync(resolve(this.dir, 'users'), this.options.users);
    // -X: foreground, one thread, every packet printed (kept in radiusd.out for a failing test).
    const child = spawn('freeradius', ['-X', '-d', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const ready = deferred<void>('freeradius to be ready', 15000);
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      writeFileSync(resolve(this.dir, 'radiusd.out'), out);
      if (out.includes('Ready to process requests')) ready.resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', () => ready.resolve());
    await ready.promise;
    if (child.exitCode !== null) throw new Error(`freeradius did not start:\n${out.split('\n').slice(-15).join('\n')}`);
  }

  /** Every accounting request received so far, in order (`auth-detail`: every Access-Request, with a users file). */
  records(log: 'detail' | 'auth-detail' = 'detail'): RadiusRecord[] {
    const file = resolve(this.dir, log);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split(/\n\n+/).filter((b) => b.trim()).map((block) => {
      const rec: RadiusRecord = {};
      for (const line of block.split('\n').slice(1)) {
        const m = /^\s+([\w-]+) = (.*)$/.exec(line);
        if (m) rec[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
      }
      return rec;
    });
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((done) => c.once('exit', done));
    c.kill('SIGTERM');
    await exited;
    this.child = null;
  }
}
