/**
 * Issue 21: secure WebSocket (wss://) for browsers on a real site. Asterisk's HTTP server gets a
 * TLS listener (http.conf tlsenable) on webrtc.tls.bindAddress:port with the site's certificate
 * (webrtc.tls.certFile / keyFile) or, when none is configured, a self-signed one generated at
 * install (openssl, kept in <etc>/keys and reused). `httpTlsLines` and `wssUrl` are pure.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, fchmodSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { InstancePaths } from '../asterisk/instance';
import { writeFileNoFollow } from '../util/safe-write';

export const WSS_KEY_DIR = 'keys';
export const WSS_CERT = 'wss.crt';
export const WSS_KEY = 'wss.key';

/** The http.conf lines of the TLS listener, with the files as Asterisk sees them. */
export function httpTlsLines(config: Config, p: { etcDir: string }): string {
  const t = config.webrtc.tls;
  if (!t.enabled) return '; no TLS listener (webrtc.tls.enabled = false): browsers use ws:// on the address above';
  return [
    'tlsenable = yes',
    `tlsbindaddr = ${t.bindAddress ?? config.sip.bindAddress}:${t.port}`,
    `tlscertfile = ${p.etcDir}/${WSS_KEY_DIR}/${WSS_CERT}`,
    `tlsprivatekey = ${p.etcDir}/${WSS_KEY_DIR}/${WSS_KEY}`,
  ].join('\n');
}

/** wss://<host name or address>:<port>/ws when TLS is on; null otherwise. */
export function wssUrl(config: Config): string | null {
  const t = config.webrtc.tls;
  if (!t.enabled) return null;
  const host = t.hostName ?? t.bindAddress ?? config.sip.bindAddress;
  return `wss://${host.includes(':') ? `[${host}]` : host}:${t.port}/ws`;
}

/**
 * Puts the certificate and key where Asterisk reads them: the configured files copied in, or a
 * self-signed pair generated once (and kept: browsers that accepted it keep working).
 */
export function installWssCertificate(config: Config, p: InstancePaths): void {
  const t = config.webrtc.tls;
  if (!t.enabled) return;
  const dir = join(p.hostEtcDir, WSS_KEY_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  const cert = join(dir, WSS_CERT);
  const key = join(dir, WSS_KEY);
  if (t.certFile && t.keyFile) {
    writeFileNoFollow(cert, readFileSync(t.certFile), 0o644);
    writeFileNoFollow(key, readFileSync(t.keyFile), 0o640);
    return;
  }
  if (!existsSync(cert) || !existsSync(key)) {
    const host = t.hostName ?? t.bindAddress ?? config.sip.bindAddress;
    const san = /^[0-9.]+$/.test(host) || host.includes(':') ? `IP:${host}` : `DNS:${host}`;
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '825', '-subj', `/CN=${host}`,
      '-addext', `subjectAltName=${san}`, '-keyout', key, '-out', cert], { stdio: 'ignore' });
  }
  // openssl writes the key 0600 for its owner (root at install, then the app's user): Asterisk
  // reads it through its group (prepareDirectories), as it reads a configured key.
  chmodNoFollow(key, 0o640);
  chmodNoFollow(cert, 0o644);
}

/** chmod that never follows a symbolic link (the folder belongs to the app's user; install runs as root). */
function chmodNoFollow(path: string, mode: number): void {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}
