/** Writes an instance's Asterisk configuration: templates from asterisk-etc/ plus the PJSIP objects from the database. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config';
import type { TelephonyData } from '../db/telephony-repository';
import { instancePaths, moduleDir, prepareDirectories, type InstancePaths } from './instance';
import { renderPjsipObjects } from './pjsip-objects';
import { renderLastResort } from './last-resort';
import { writeBlocklist } from '../security/sip-blocklist';
import { renderTemplateDir } from './render-templates';
import { odbcDsnName, writeOdbcDsn } from './odbc';

export const TEMPLATE_DIR = resolve(__dirname, '../../../asterisk-etc');
export const PJSIP_GENERATED = 'pjsip_generated.conf';
export const DIALPLAN_GENERATED = 'extensions_generated.conf';
export const INBOUND_CONTEXT = 'callcenter-in';

export function templateVars(config: Config, p: InstancePaths): Record<string, string | number> {
  const ari = new URL(config.asterisk.ariUrl);
  const nat = config.sip.externalAddress
    ? [`external_media_address = ${config.sip.externalAddress}`, `external_signaling_address = ${config.sip.externalAddress}`, ...config.sip.localNets.map((n) => `local_net = ${n}`)].join('\n')
    : '; no external address configured (sip.externalAddress)';
  return {
    instance: p.name, etcDir: p.etcDir, varDir: p.varDir, modDir: moduleDir(p.root),
    ariHost: ari.hostname, ariPort: ari.port || 80, ariUser: config.asterisk.ariUser, ariPassword: config.asterisk.ariPassword,
    amiPort: config.asterisk.amiPort, amiUser: config.asterisk.amiUser, amiSecret: config.asterisk.amiSecret,
    rtpStart: config.sip.rtpStart, rtpEnd: config.sip.rtpEnd, sipBind: config.sip.bindAddress, sipPort: config.sip.port,
    natSettings: nat, app: config.asterisk.app, agiHost: config.agi.host, agiPort: config.agi.port,
    // D3: CDR and CEL into MySQL through res_odbc (odbc.ini DSN written by writeOdbcDsn).
    odbcEnabled: config.db.asteriskPassword ? 'yes' : 'no', odbcDsn: odbcDsnName(p.name),
    odbcUser: config.db.asteriskUser, odbcPassword: config.db.asteriskPassword ?? 'unset',
  };
}

export function pathsFor(config: Config): InstancePaths {
  return instancePaths(config.asterisk.root, config.asterisk.instance);
}

/** Renders every file of the instance; used at install and before each start. */
export function writeSiteConfig(config: Config, data: TelephonyData): InstancePaths {
  const p = pathsFor(config);
  renderTemplateDir(TEMPLATE_DIR, p.hostEtcDir, templateVars(config, p));
  writeOdbcDsn(p, config.db);
  writePjsipObjects(p, data);
  writeLastResort(p, data);
  writeBlocklist(p, []);
  prepareDirectories(p);
  return p;
}

function writeIfChanged(p: InstancePaths, name: string, text: string): boolean {
  const file = join(p.hostEtcDir, name);
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileSync(file, text, { mode: 0o640 });
  prepareDirectories(p);
  return true;
}

/** Writes pjsip_generated.conf; returns false when the content did not change (no reload needed). */
export function writePjsipObjects(p: InstancePaths, data: TelephonyData): boolean {
  return writeIfChanged(p, PJSIP_GENERATED, renderPjsipObjects(data, { transport: 'transport-udp', context: INBOUND_CONTEXT }));
}

/** Writes the last-resort dialplan; returns false when unchanged (no dialplan reload needed). */
export function writeLastResort(p: InstancePaths, data: TelephonyData): boolean {
  return writeIfChanged(p, DIALPLAN_GENERATED, renderLastResort(data));
}
