/**
 * Creates the site config file (var/callcenter.json by default) with generated secrets,
 * unless it exists. Usage: init-config <asterisk-root>
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { configPath, loadConfig } from '../config';
import { configSchema } from '../config/schema';

/** The phone's feature codes with their defaults, written out so a site sees what it may change (README, feature codes). */
const featuresSection = () => configSchema.shape.features.parse({});

const secret = () => randomBytes(18).toString('base64url');
const apiSection = () => ({
  users: [{ name: 'admin', password: secret(), role: 'admin' }, { name: 'supervisor', password: secret(), role: 'supervisor' }],
  // A CRM drives calls and reads events; it does not listen in or read recordings (docs/CTI-API.md, roles).
  tokens: [{ name: 'crm', token: randomBytes(24).toString('base64url'), role: 'crm' }],
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
  const crm = (raw.api?.tokens ?? []).find((t: { name?: string; role?: string }) => t.name === 'crm' && t.role === 'supervisor');
  if (crm) {
    // Configs made before the crm role: the generated CRM token had the supervisor role (issue 16).
    crm.role = 'crm';
    added.push('role crm for the crm token (it had supervisor: it could listen in and read recordings; a program that needs supervisor rights gets a token of another name)');
  }
  if (!raw.features) {
    // Configs made before the section was written out: the codes in force (the defaults), to edit in place.
    raw.features = featuresSection();
    added.push('features (the phone\'s feature codes, defaults)');
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
    features: featuresSection(),
    log: { level: 'info' },
  };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  loadConfig();
  console.log(`    config ${path} created with generated secrets`);
}
