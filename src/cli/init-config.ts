/**
 * Creates the site config file (var/callcenter.json by default) with generated secrets,
 * unless it exists. Usage: init-config <asterisk-root>
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { configPath, loadConfig } from '../config';

const secret = () => randomBytes(18).toString('base64url');
const apiSection = () => ({
  users: [{ name: 'admin', password: secret(), role: 'admin' }, { name: 'supervisor', password: secret(), role: 'supervisor' }],
  tokens: [{ name: 'crm', token: randomBytes(24).toString('base64url'), role: 'supervisor' }],
});
const path = configPath();
const root = process.argv[2] ?? '/';
if (existsSync(path)) {
  loadConfig(); // validates, throws with a clear message when broken
  const raw = JSON.parse(readFileSync(path, 'utf8'));
  const added: string[] = [];
  if (!raw.api) {
    // Configs made before the CTI API: add the API users with generated passwords.
    raw.api = apiSection();
    added.push('API users (admin, supervisor; passwords in the file)');
  }
  if (raw.db && !raw.db.asteriskPassword) {
    // Configs made before CDR/CEL in MySQL: the account Asterisk writes them with.
    raw.db.asteriskPassword = secret();
    added.push('db.asteriskPassword (CDR/CEL account)');
  }
  if (added.length) {
    writeFileSync(path, `${JSON.stringify(raw, null, 2)}\n`, { mode: 0o600 });
    loadConfig();
    console.log(`    config ${path}: added ${added.join(', ')}`);
  } else {
    console.log(`    config ${path} exists (kept)`);
  }
} else {
  mkdirSync(dirname(path), { recursive: true });
  const config = {
    sip: { bindAddress: '127.0.0.1', port: 5060, externalAddress: null, rtpStart: 10000, rtpEnd: 19999 },
    asterisk: { root, instance: 'main', ariUrl: 'http://127.0.0.1:8088', ariUser: 'callcenter', ariPassword: secret(), amiPort: 5038, amiUser: 'callcenter', amiSecret: secret() },
    db: { host: '127.0.0.1', port: 3306, user: 'callcenter', password: secret(), database: 'callcenter', adminUser: 'callcenter_admin', adminPassword: secret(), asteriskPassword: secret() },
    http: { host: '127.0.0.1', port: 8080 },
    api: apiSection(),
    log: { level: 'info' },
  };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  loadConfig();
  console.log(`    config ${path} created with generated secrets`);
}
