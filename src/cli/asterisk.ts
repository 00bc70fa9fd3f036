/** Asterisk instance control for the Makefile: render | start | stop | status */
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { loadTelephonyData } from '../db/telephony-repository';
import { asteriskIds, cli, pid, start, stop } from '../asterisk/instance';
import { pathsFor, writeSiteConfig } from '../asterisk/site-config';
import { statusReport } from '../asterisk/status-report';
import { refuseExposedDemoAccounts } from '../security/demo-credentials-gate';

async function main(): Promise<void> {
  const config = loadConfig();
  const p = pathsFor(config);
  switch (process.argv[2]) {
    case 'render': {
      const pool = createPool(config.db);
      try {
        await refuseExposedDemoAccounts(config, pool);
        writeSiteConfig(config, await loadTelephonyData(pool));
      } finally {
        await pool.end();
      }
      console.log(`    Asterisk config rendered into ${p.hostEtcDir}`);
      return;
    }
    case 'start':
      // Issue 16, 3.2: what Asterisk is about to serve (the rendered file), checked before it listens.
      await refuseExposedDemoAccounts(config, null);
      console.log(`==> starting Asterisk (${p.root === '/' ? 'native' : `chroot ${p.root}`}, instance ${p.name})`);
      await start(p);
      console.log(`    Asterisk up: ${(await cli(p, 'core show version')).trim()}`);
      return;
    case 'pidfile':
      // For the systemd unit (make install-service): where the daemon writes its pid.
      console.log(`${p.hostVarDir}/run/asterisk.pid`);
      return;
    case 'paths':
      // For make install-service: the instance's config and state folders as this host sees them, and Asterisk's gid.
      console.log(`${p.hostEtcDir} ${p.hostVarDir} ${asteriskIds(p.root).gid}`);
      return;
    case 'stop':
      await stop(p);
      console.log('    Asterisk stopped');
      return;
    case 'status': {
      const n = pid(p);
      console.log(`Asterisk ${p.name}: ${n ? `running (pid ${n})` : 'not running'}`);
      if (n) {
        const report = statusReport(await cli(p, 'pjsip show registrations'), await cli(p, 'pjsip show contacts'), config.sip.qualifyFrequency);
        for (const line of report) console.log(line);
        console.log((await cli(p, 'core show channels count')).trim());
      }
      return;
    }
    default:
      throw new Error('usage: asterisk render | start | stop | status | pidfile | paths');
  }
}

main().catch((e) => {
  console.error(`ERROR: ${(e as Error).message}`);
  process.exit(1);
});
