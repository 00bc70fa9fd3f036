/** Writes an instance's Asterisk configuration: templates from asterisk-etc/ plus the PJSIP objects from the database. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync} from 'node:fs';
import { writeFileNoFollow } from '../util/safe-write';
import { APP_USER, hostUser } from '../util/users';
import { join, resolve } from 'node:path';
import type { Config } from '../config';
import type { TelephonyData } from '../domain';
import { instancePaths, moduleDir, prepareDirectories, type InstancePaths } from './instance';
import { renderPjsipObjects } from './pjsip-objects';
import { renderLastResort } from './last-resort';
import { writeBlocklist } from '../security/sip-blocklist';
import { renderTemplateDir } from './render-templates';
import { odbcDsnName, writeOdbcDsn } from './odbc';
import { renderRadiusFiles } from './radius-config';
import { renderOoh323Peers } from './ooh323-config';
import { renderFaxDialplan } from './fax-dialplan';
import { renderChanDahdiConf, renderSystemConf, type BoardOptions } from './dahdi-config';
import { httpTlsLines, installWssCertificate } from '../agent-desktop/wss';

export const TEMPLATE_DIR = resolve(__dirname, '../../../asterisk-etc');
export const PJSIP_GENERATED = 'pjsip_generated.conf';
export const DIALPLAN_GENERATED = 'extensions_generated.conf';
export const INBOUND_CONTEXT = 'callcenter-in';
export const CHAN_DAHDI = 'chan_dahdi.conf';
export const OOH323_GENERATED = 'ooh323_generated.conf';
export const FAX_DIALPLAN = 'extensions_fax.conf';
/** Fax files, under the instance's state directory (as Asterisk sees it: <varDir>/spool/fax/in|out|converted). */
export const FAX_IN_DIR = 'spool/fax/in';
export const FAX_OUT_DIR = 'spool/fax/out';
/** PDFs from the outgoing directory, converted to fax TIFFs when sent (<guid>.tif). */
export const FAX_CONVERTED_DIR = 'spool/fax/converted';
/** system.conf for dahdi_cfg, kept next to the Asterisk files; installed to /etc/dahdi by `boards install-system-conf`. */
export const DAHDI_SYSTEM = 'dahdi-system.conf';

export function templateVars(config: Config, p: InstancePaths): Record<string, string | number> {
  const ari = new URL(config.asterisk.ariUrl);
  const sip = config.sip;
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  return {
    instance: p.name, etcDir: p.etcDir, varDir: p.varDir, modDir: moduleDir(p.root),
    ariHost: ari.hostname, ariPort: ari.port || 80, ariUser: config.asterisk.ariUser, ariPassword: config.asterisk.ariPassword,
    amiPort: config.asterisk.amiPort, amiUser: config.asterisk.amiUser, amiSecret: config.asterisk.amiSecret,
    rtpStart: config.sip.rtpStart, rtpEnd: config.sip.rtpEnd, sipBind: config.sip.bindAddress, sipPort: config.sip.port, sipTcpPort: config.sip.tcpPort,
    natSettings: natSettings(config), app: config.asterisk.app, agiHost: config.agi.host, agiPort: config.agi.port,
    forceRport: yesNo(sip.forceRport), rtpSymmetric: yesNo(sip.rtpSymmetric), rewriteContact: yesNo(sip.rewriteContact),
    t38: yesNo(config.fax.t38),
    httpTls: httpTlsLines(config, p),
    h323Bind: config.h323.bindAddress ?? sip.bindAddress, h323Port: config.h323.port,
    radiusModules: asteriskRadius(config) ? '; cdr_radius: loaded (radius.enabled and radius.asteriskCdr)' : 'noload = cdr_radius.so',
    qualifyFrequency: sip.qualifyFrequency, trunkQualifyFrequency: sip.trunkQualifyFrequency, rtpKeepalive: sip.rtpKeepaliveSec,
    // D3: CDR and CEL into MySQL through res_odbc (odbc.ini DSN written by writeOdbcDsn).
    odbcEnabled: config.db.asteriskPassword ? 'yes' : 'no', odbcDsn: odbcDsnName(p.name),
    odbcUser: config.db.asteriskUser, odbcPassword: config.db.asteriskPassword ?? 'unset',
  };
}

/** S6: the transport's NAT lines: what to write into SDP and headers for peers outside local_net. */
export function natSettings(config: Config): string {
  const { externalAddress, externalMediaAddress, localNets } = config.sip;
  const media = externalMediaAddress ?? externalAddress;
  if (!externalAddress && !media) return '; no external address configured (sip.externalAddress)';
  return [
    media ? `external_media_address = ${media}` : null,
    externalAddress ? `external_signaling_address = ${externalAddress}` : null,
    ...localNets.map((n) => `local_net = ${n}`),
  ].filter((l) => l !== null).join('\n');
}

export function pathsFor(config: Config): InstancePaths {
  return instancePaths(config.asterisk.root, config.asterisk.instance);
}

/** Renders every file of the instance; used at install and before each start. */
export function writeSiteConfig(config: Config, data: TelephonyData): InstancePaths {
  const p = pathsFor(config);
  renderTemplateDir(TEMPLATE_DIR, p.hostEtcDir, templateVars(config, p));
  installWssCertificate(config, p);
  writeOdbcDsn(p, config.db);
  writePjsipObjects(p, data);
  writeLastResort(p, data);
  writeBlocklist(p, []);
  writeOoh323Peers(p, data);
  writeFaxDialplan(p, data);
  writeBoardConfig(p, config, data);
  writeRadiusConfig(p, config);
  // The app's service user (make install creates it) owns the config tree; files the app writes
  // later land in setgid folders of Asterisk's group, so no chown is needed at run time.
  prepareDirectories(p, hostUser(APP_USER)?.uid);
  return p;
}

/** S9: Asterisk's own per-CDR RADIUS records (cdr_radius), besides the app's per-call Start/Stop. */
export function asteriskRadius(config: Config): boolean {
  return config.radius.enabled && config.radius.asteriskCdr && config.radius.secret !== null;
}

/** S9: radcli files for cdr_radius when Asterisk's RADIUS records are on; none otherwise. */
export function writeRadiusConfig(p: InstancePaths, config: Config): void {
  const r = config.radius;
  const names = ['radiusclient.conf', 'radius-servers', 'radius-dictionary'] as const;
  if (!asteriskRadius(config) || !r.secret) {
    for (const n of names) rmSync(join(p.hostEtcDir, n), { force: true });
    return;
  }
  const files = renderRadiusFiles({ ...r, secret: r.secret }, p.etcDir);
  for (const n of names) writeFileNoFollow(join(p.hostEtcDir, n), files[n], 0o640);
}

export function boardOptions(config: Config): BoardOptions {
  return { context: INBOUND_CONTEXT, toneZone: config.boards.toneZone, echoCanceller: config.boards.echoCanceller };
}

/**
 * S7: chan_dahdi.conf and system.conf when the site has spans or ports. Without them no
 * chan_dahdi.conf exists, so chan_dahdi declines to load on hosts without boards.
 */
export function writeBoardConfig(p: InstancePaths, config: Config, data: TelephonyData): void {
  const boards = { spans: data.boards?.spans ?? [], ports: data.boards?.ports ?? [], trunks: data.trunks };
  const files = [join(p.hostEtcDir, CHAN_DAHDI), join(p.hostEtcDir, DAHDI_SYSTEM)];
  if (![...boards.spans, ...boards.ports].some((x) => x.enabled)) {
    for (const f of files) rmSync(f, { force: true });
    return;
  }
  writeFileNoFollow(files[0], renderChanDahdiConf(boards, boardOptions(config)), 0o640);
  writeFileNoFollow(files[1], renderSystemConf(boards, boardOptions(config)), 0o640);
}

function writeIfChanged(p: InstancePaths, name: string, text: string): boolean {
  const file = join(p.hostEtcDir, name);
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return false;
  writeFileNoFollow(file, text, 0o640); // the setgid folder gives it Asterisk's group (prepareDirectories)
  return true;
}

/** Writes pjsip_generated.conf; returns false when the content did not change (no reload needed). */
export function writePjsipObjects(p: InstancePaths, data: TelephonyData): boolean {
  return writeIfChanged(p, PJSIP_GENERATED, renderPjsipObjects(data, { transport: 'transport-udp', context: INBOUND_CONTEXT }));
}

/** C8: writes the fax numbers' dialplan (and the fax directories); returns false when unchanged. */
export function writeFaxDialplan(p: InstancePaths, data: TelephonyData): boolean {
  for (const d of [FAX_IN_DIR, FAX_OUT_DIR, FAX_CONVERTED_DIR]) mkdirSync(join(p.hostVarDir, d), { recursive: true });
  return writeIfChanged(p, FAX_DIALPLAN, renderFaxDialplan(data.faxNumbers ?? []));
}

/** S8: writes the H.323 gateway peers; returns false when unchanged (no chan_ooh323 reload needed). */
export function writeOoh323Peers(p: InstancePaths, data: TelephonyData): boolean {
  return writeIfChanged(p, OOH323_GENERATED, renderOoh323Peers(data.trunks, h323InboundKey(p)));
}

/** The key naming the H.323 gateways' inbound users (ooh323-config.ts): made once per instance, kept beside its config. */
export const H323_KEY_FILE = 'h323-inbound.key';

function h323InboundKey(p: InstancePaths): string {
  const file = join(p.hostEtcDir, H323_KEY_FILE);
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length >= 32) return key;
  }
  const key = randomBytes(32).toString('hex');
  writeFileNoFollow(file, `${key}\n`, 0o600);
  return key;
}

/** Writes the last-resort dialplan; returns false when unchanged (no dialplan reload needed). */
export function writeLastResort(p: InstancePaths, data: TelephonyData): boolean {
  return writeIfChanged(p, DIALPLAN_GENERATED, renderLastResort(data));
}
