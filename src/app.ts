/**
 * Wires the app: links to Asterisk (ARI, AMI) and MySQL, live configuration, the Stasis
 * dispatcher and the HTTP server. main.ts runs it as a process; tests start it in-process.
 */
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { Acd } from './acd/acd';
import { AgentService } from './agents/agent-service';
import { RecordWriter } from './records/record-writer';
import { QueueLogWriter } from './acd/queue-log';
import { agentStateRows } from './acd/queue-log-events';
import { configPath, type Config } from './config';
import { AriLink } from './ari/connection';
import { StasisApp } from './ari/stasis-app';
import { AmiLink } from './ami/connection';
import { pathsFor } from './asterisk/site-config';
import { CallRegistry } from './calls/registry';
import { DialplanLeg } from './calls/dialplan-leg';
import { createPool, type Pool } from './db/pool';
import { faxRoutes } from './api/fax-routes';
import { startPhoneFeatures } from './phone-features/wiring';
import { startMedia } from './media/media-feature';
import { FaxRecordWriter } from './fax/fax-recorder';
import { FAX_CONVERTED_DIR, FAX_IN_DIR, FAX_OUT_DIR } from './asterisk/site-config';
import { createHttpApp, listen } from './api/server';
import { recordingRoutes } from './api/recordings';
import { reportRoutes } from './api/report-routes';
import { reportAggregateRoutes } from './api/report-aggregate-routes';
import { routingRoutes } from './api/routing-routes';
import { allAdminRoutes } from './api/admin-flow-routes';
import { AdminStore } from './admin/admin-store';
import { ApiAccounts } from './admin/api-accounts';
import { adminPage } from './api/admin-page';
import { reportsPage } from './api/reports-page';
import { jobRoutes } from './api/job-routes';
import { createJobs, type Jobs } from './jobs';
import { agentRoutes } from './api/agent-routes';
import { callRoutes } from './api/call-routes';
import { controlRoutes } from './api/control-routes';
import { ctiControlRoutes } from './api/cti-control';
import { startCallbacks } from './callbacks/start-callbacks';
import { createCti } from './cti';
import { attachEventsSocket, EventTickets, type EventsSocket } from './api/events-ws';
import { isPartyOf } from './api/call-access';
import type { Credentials } from './api/auth';
import type { ApiRoute } from './api/route-table';
import { EventBus } from './events/event-bus';
import { Dialer } from './campaigns/dialer';
import { startCampaignCall } from './campaigns/campaign-call';
import { CampaignService } from './campaigns/campaign-service';
import { campaignRoutes } from './api/campaign-routes';
import { PredictiveDialer } from './campaigns/predictive/predictive-dialer';
import { predictiveRoutes } from './api/predictive-routes';
import type { AgentFirstDeps } from './calls/agent-first';
import { startCallAccounting } from './radius/call-accounting';
import { startCallAuthorization } from './radius/call-authorization';
import { LastResortBackfill } from './records/last-resort-backfill';
import { AmiFloor } from './dashboard/ami-floor';
import { MysqlBlockStore } from './security/block-store';
import { SipBlocklist } from './security/sip-blocklist';
import { refuseExposedDemoAccounts } from './security/demo-credentials-gate';
import { securityRoutes } from './api/security-routes';
import { Floor } from './dashboard/floor';
import { createMetrics } from './dashboard/metrics';
import { dashboardPage, dashboardRoutes } from './api/dashboard-routes';
import { startAgentDesktop } from './agent-desktop/wiring';
import { findCustomerByPhone } from './db/customer-repository';
import type { Customer } from './events/cti-events';
import type { Logger } from './log/logger';
import { LiveConfig } from './sync/live-config';
import { createHotDesk, type HotDeskWiring } from './hotdesk/start-hot-desk';
import type { LinkStatus } from './util/backoff';
import { startOverloadGuard } from './overload/start-overload';
import type { OverloadGuard } from './overload/overload-guard';

/** Where call records, queue_log rows, agent states and fax records wait on disk while MySQL is away (config spool.dir). */
export const DEFAULT_SPOOL_DIR = resolve(__dirname, '../../var/spool');

export interface RunningApp {
  registry: CallRegistry;
  agents: AgentService;
  acd: Acd;
  records: RecordWriter;
  queueLog: QueueLogWriter;
  faxes: FaxRecordWriter;
  ari: AriLink;
  ami: AmiLink;
  pool: Pool;
  liveConfig: LiveConfig;
  stasis: StasisApp;
  http: Server;
  bus: EventBus;
  events: EventsSocket;
  floor: Floor;
  jobs: Jobs;
  blocklist: SipBlocklist;
  /** Issue 16: records of the calls the static last resort handled, from the CDR. */
  lastResort: LastResortBackfill;
  /** Issue 18: admission of new calls under overload (src/overload). */
  overload: OverloadGuard;
  stop(): Promise<void>;
}

export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const pool = createPool(config.db);
  // Issue 16, 3.2: not one link or listener before the demo passwords are off an exposed SIP address.
  await refuseExposedDemoAccounts(config, pool).catch(async (err) => {
    await pool.end();
    throw err;
  });
  const registry = new CallRegistry();
  let ari: AriLink | null = null;
  const client = () => ari?.current ?? null;
  const paths = pathsFor(config);
  const liveConfig = new LiveConfig(pool, paths, client, log, config.routing.reloadIntervalMs);
  let acd: Acd | null = null;
  const spoolDir = config.spool.dir ? resolve(config.spool.dir) : DEFAULT_SPOOL_DIR;
  let hotDesk: HotDeskWiring | null = null;
  const agents = new AgentService({
    // Issue 19 hot-desking: the agent ID seated at a phone goes into its state history.
    identity: (ext) => hotDesk?.service.identity(ext) ?? ext,
    pool, log, spoolFile: resolve(spoolDir, 'agent-states.jsonl'), cancelOffer: (guid, agent) => acd?.cancelOffer(guid, agent),
    // One per database: the demo site and the test site may share a spool folder, never a history.
    aliveFile: resolve(spoolDir, `app-alive.${config.db.database}.json`),
  });
  // Issue 20 PBX basics: forwarding, DND (the ACD offers nothing to an agent in DND) and call waiting.
  const phoneFeatures = startPhoneFeatures({ pool, agents, log });
  acd = new Acd({ agents, groups: () => liveConfig.current?.groups ?? new Map(), log, noAnswerLogoffMs: config.acd.noAnswerLogoffSec * 1000, unavailable: (a) => phoneFeatures.service.isDnd(a) });
  const theAcd = acd;
  const records = new RecordWriter(pool, resolve(spoolDir, 'call-records.jsonl'), log);
  const queueLog = new QueueLogWriter(pool, log, resolve(spoolDir, 'queue-log.jsonl'));
  const faxes = new FaxRecordWriter(pool, resolve(spoolDir, 'fax-records.jsonl'), log);
  const bus = new EventBus(config.api.eventWindow);
  agents.onChange((c) => bus.publish({ type: 'agent.state', agent: c.agent, agentId: c.agentId ?? c.agent, from: c.from, to: c.to, reason: c.reason, guid: c.callGuid }));
  acd.onQueueChange((group) => bus.publish({ type: 'queue.changed', group, ...theAcd.queueSummary(group) }));
  // S9: an Accounting-Start at answer and an Accounting-Stop at the end of every call.
  const r = config.radius;
  const accounting = r.enabled && r.secret ? startCallAccounting({ ...r, secret: r.secret }, resolve(spoolDir, 'radius-accounting.jsonl'), bus, records, log) : null;
  // Issue 20: RADIUS authentication of accounts' calls (radius.authorizeCalls); null when off.
  const callAuth = r.secret ? startCallAuthorization({ ...r, secret: r.secret }, log) : null;
  /** Screen pop: a slow or absent database never holds a ringing call up for long. */
  const customers = async (phone: string): Promise<Customer | null> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((done) => { timer = setTimeout(() => done(null), 500); });
    try {
      return await Promise.race([findCustomerByPhone(pool, phone), late]);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'customer lookup failed; ringing without a screen pop');
      return null;
    } finally {
      clearTimeout(timer);
    }
  };
  agents.onChange((c) => {
    const groups = [...(liveConfig.current?.groups.values() ?? [])].filter((g) => g.members.some((m) => m.extension === c.agent)).map((g) => g.name);
    queueLog.write(...agentStateRows(c.at, c.agent, c.from, c.to, c.reason, groups));
  });
  // Issue 19 hot-desking: agent IDs (工号) log in on any phone; seats are read before the agents are.
  const theHotDesk = hotDesk = createHotDesk({ pool, agents, log, bus, records, liveConfig });
  await theHotDesk.service.start();
  let agentsSynced: Promise<void> = Promise.resolve();
  liveConfig.onLoaded((now, before) => {
    const accounts = now.telephony.accounts;
    const ready = before ? Promise.resolve(agents.sync(accounts)) : agents.load(accounts);
    agentsSynced = ready.then(() => theAcd.dispatch()).catch((err) => log.error({ err: (err as Error).message }, 'agents not updated from the configuration'));
  });
  // CTI additions of issue 20 (src/cti): originate options and global variables first, the rest once the links exist.
  const cti = createCti({ pool, log, events: bus, registry, ari: client, liveConfig, app: config.asterisk.app, ringTimeoutSec: config.routing.ringTimeout, agents });
  // Issue 22: queue callbacks (virtual hold, scheduled callbacks); their calls go through the Stasis app.
  // "Agent first, then the customer" calls (callbacks, campaigns) go through the Stasis app, created below.
  const agentFirst = (): AgentFirstDeps => ({
    ari: client, registry, app: config.asterisk.app, log, events: bus, customers,
    resolveTarget: stasis.resolveTarget, newSession: (info) => stasis.newSession(info), snapshot: () => liveConfig.current,
  });
  const callbacks = startCallbacks({ pool, log, acd: theAcd, liveConfig, agents, agentFirst });
  // Issue 18: new calls are refused early (SIP 503) while the app falls behind.
  const overload = startOverloadGuard(config, registry, log);
  const stasis = new StasisApp({
    overload,
    app: config.asterisk.app, ari: client, registry, config: liveConfig, log, ringTimeout: config.routing.ringTimeout,
    agents, acd, records, queueLog, features: config.features, phoneFeatures: phoneFeatures.service, phoneFeatureCodes: config.features, hotDeskLogin: theHotDesk.phoneLogin,
    recordingDir: `${paths.hostVarDir}/spool/recording`,
    recorder: {
      asteriskDir: `${paths.varDir}/spool/recording`,
      mixMonitor: async (channel, file) => { await ami.action({ action: 'MixMonitor', channel, file, options: 'b' }); },
    },
    recordDirectCalls: config.recording.directCalls,
    callbacks: callbacks.service,
    outboundSurveyFlow: config.routing.outboundSurveyFlow,
    promptDir: `${paths.varDir}/prompts`,
    events: bus, customers, originateOptions: cti.originateOptions, globals: cti.globalsForFlows,
    inCallCodes: { transfer: config.features.transfer, transferToGroup: config.features.transferToGroup, consult: config.features.consult },
    authorizeCall: callAuth?.authorize,
    // Trunk states at once after link-up (ARI has no qualify). At start the AMI link may come up after ARI: wait for it a little.
    qualify: async (endpoint) => {
      await ami.whenUp(15000);
      await ami.action({ action: 'PJSIPQualify', endpoint });
    },
  });
  ari = new AriLink({ url: config.asterisk.ariUrl, user: config.asterisk.ariUser, password: config.asterisk.ariPassword, app: config.asterisk.app, restOverWebSocket: config.asterisk.ariRestOverWebSocket }, stasis.dispatch, log);
  const ariLink = ari;
  ari.on('up', () => {
    const c = ariLink.current;
    if (!c) return;
    stasis.onLinkUp(c).catch((err) => log.warn({ err: (err as Error).message }, 'endpoint subscription failed'));
    liveConfig.retryPendingReload().catch((err) => log.warn({ err: (err as Error).message }, 'PJSIP reload failed'));
  });
  // A trunk added to the configuration gets its endpoint state events from then on.
  liveConfig.onLoaded(() => {
    const c = ariLink.current;
    if (c) stasis.subscribeTrunks(c).catch((err) => log.warn({ err: (err as Error).message }, 'trunk endpoint subscription failed'));
  });
  const jobs = createJobs({ config, pool, log, events: bus, recordingDir: `${paths.hostVarDir}/spool/recording`,
    // Received faxes and converted TIFFs (not the outgoing folder: its files are the site's own documents).
    faxFolders: [FAX_IN_DIR, FAX_CONVERTED_DIR].map((d) => ({ dir: `${paths.hostVarDir}/${d}`, asteriskDir: `${paths.varDir}/${d}` })) });
  const ami = new AmiLink({ host: config.asterisk.amiHost, port: config.asterisk.amiPort, user: config.asterisk.amiUser, secret: config.asterisk.amiSecret }, log);
  ami.on('event', faxes.listener(cti.onFax));

  const amiFloor = new AmiFloor(ami, log);
  const sec = config.security;
  const blocklist = new SipBlocklist({ failures: sec.failures, windowMs: sec.windowSec * 1000, blockMs: sec.blockSec * 1000, neverBlock: sec.neverBlock }, ami, client, paths, log,
    // Kept in MySQL (issue 16, section 4); one spool per database, as the demo and test sites may share the folder.
    new MysqlBlockStore(pool, resolve(spoolDir, `sip-blocks.${config.db.database}.jsonl`), log));

  // Configuration first (cached for calls), then the links; a database outage at start is retried by the poller.
  await phoneFeatures.load();
  await liveConfig.start();
  await blocklist.restore();
  await cti.start();
  await agentsSynced;
  records.start();
  // Calls the static last resort took while the app and FastAGI were away get their records now.
  const lastResort = new LastResortBackfill(pool, records, log);
  lastResort.start();
  faxes.start();
  ari.start();
  ami.start();

  const apiAccounts = new ApiAccounts(pool, log);
  apiAccounts.start();
  const credentials = (): Credentials => ({
    users: config.api.users,
    tokens: config.api.tokens,
    agentPassword: (ext) => {
      const a = liveConfig.current?.telephony.accounts.find((x) => x.extension === ext);
      return a && a.enabled ? a.password : null;
    },
    // Failed API sign-ins and failed SIP authentications count together per address (issue 16, 3.3).
    guard: blocklist,
    // Issue 19: API users and tokens made through the admin API.
    stored: apiAccounts,
  });
  const routes: ApiRoute[] = [
    ...agentRoutes(agents, (e) => theHotDesk.service.identity(e)),
    ...theHotDesk.routes,
    ...phoneFeatures.routes,
    ...callRoutes(registry, client),
    ...callbacks.routes,
    ...controlRoutes({ registry, phones: { ari: client, registry, app: config.asterisk.app, log }, ami, events: bus, pickupMinRingSec: config.api.pickupMinRingSec }),
    ...ctiControlRoutes({ ari: client, registry, app: config.asterisk.app, log, events: bus, liveConfig, stasis, ringTimeoutSec: config.routing.ringTimeout, agents, originateOptions: cti.originateOptions }),
    ...cti.wire({ stasis, ami, timers: jobs.timers }),
    ...recordingRoutes(pool),
    ...securityRoutes(blocklist),
    ...reportRoutes(pool, config.reports),
    ...reportAggregateRoutes(pool),
    ...routingRoutes(liveConfig, config.features),
    // Issue 19: the admin API; a committed change is loaded at once rather than at the next poll.
    ...allAdminRoutes(pool, new AdminStore(pool, () => { void liveConfig.poll(); void apiAccounts.refresh(); }), config.features,
      { file: configPath(), users: config.api.users, tokens: config.api.tokens }),
    ...jobRoutes(jobs.runner, jobs.timers),
    ...faxRoutes(pool, {
      ari: client, resolveDial: stasis.resolveDial,
      countCall: (use) => stasis.trunkStates.callStarted(use),
      watchLeg: (guid, channelId, release) => new DialplanLeg({ ari: client, registry, app: config.asterisk.app, log }, guid, channelId, release).watch(),
      outDir: `${paths.varDir}/${FAX_OUT_DIR}`, hostOutDir: `${paths.hostVarDir}/${FAX_OUT_DIR}`,
      convertedDir: `${paths.varDir}/${FAX_CONVERTED_DIR}`, hostConvertedDir: `${paths.hostVarDir}/${FAX_CONVERTED_DIR}`,
      converter: { gs: config.fax.ghostscript, timeoutMs: config.fax.convertTimeoutSec * 1000 },
    }),
  ];

  // Issue 19 media: recordings and fax files over HTTP, prompts, voicemail and message-waiting lamps.
  const media = startMedia({ pool, liveConfig, ami, bus, log, asteriskVarDir: paths.varDir, hostVarDir: paths.hostVarDir });
  routes.push(...media.routes);


  // Issue 22: outbound campaigns. Each campaign call is an agent-first call (as a callback's): the
  // agent's phone rings first (screen pop with the list row), then the number is dialled as from that phone.
  const dialer = new Dialer({
    pool, log, events: bus, records, agents,
    members: (group) => liveConfig.current?.groups.get(group)?.members.map((m) => m.extension) ?? [],
    dial: (call, hooks) => startCampaignCall(agentFirst(), call, hooks, liveConfig.current?.groups.get(call.group)?.ringTimeoutSec ?? config.routing.ringTimeout),
  });
  const stopDialer = await dialer.start();
  const campaigns = new CampaignService({ pool, log, events: bus, dialer, groupExists: (g) => liveConfig.current?.groups.has(g) ?? false });
  routes.push(...campaignRoutes(campaigns));
  // Issue 22: live predictive dialling: customers dialled first, an answered one joined to a ready
  // agent at once or given the safe-harbor message (src/campaigns/predictive).
  const predictive = new PredictiveDialer({
    pool, log, events: bus, agents, customerRingSec: config.routing.ringTimeout,
    members: (group) => liveConfig.current?.groups.get(group)?.members.map((m) => m.extension) ?? [],
    customerFirst: () => ({
      ari: client, registry, app: config.asterisk.app, log, resolveDial: stasis.resolveDial,
      newSession: (info) => stasis.newSession(info), snapshot: () => liveConfig.current, records,
    }),
  });
  const stopPredictive = predictive.start();
  routes.push(...predictiveRoutes(pool, predictive));

  let mysqlStatus: LinkStatus = { state: 'down', since: new Date().toISOString(), lastError: null };
  const mysqlHealth = async (): Promise<LinkStatus> => {
    try {
      await pool.query('SELECT 1');
      if (mysqlStatus.state !== 'up') mysqlStatus = { state: 'up', since: new Date().toISOString(), lastError: null };
    } catch (err) {
      if (mysqlStatus.state !== 'down') mysqlStatus = { state: 'down', since: new Date().toISOString(), lastError: (err as Error).message };
    }
    return mysqlStatus;
  };
  const floor = new Floor({
    agents, acd: theAcd, registry, bus, liveConfig, ami: amiFloor, endpointStates: stasis.endpointStates, pool, log, serviceLevelSec: config.dashboard.serviceLevelSec,
    serviceLevelTargetPct: config.dashboard.serviceLevelTargetPct,
  });
  await floor.load();
  let events: EventsSocket | null = null;
  const metrics = createMetrics({
    floor, bus, links: async () => ({ ari: ariLink.linkStatus, ami: ami.linkStatus, mysql: await mysqlHealth() }), eventClients: () => events?.clients ?? 0,
    config: () => ({ version: liveConfig.current?.version ?? null, invalidVersion: liveConfig.invalid?.version ?? null }),
    overload: () => overload.status(),
  });
  // Issue 21: the agent desktop (/agent, its API routes).
  const desktop = startAgentDesktop({ config, pool, log, liveConfig, registry, bus, onDisposition: (x) => campaigns.dispositionFromDesk(x.guid, x.agent, x.code) });
  routes.push(...desktop.routes);
  const tickets = new EventTickets();
  routes.push(...dashboardRoutes(floor, metrics.registry, tickets));

  const http = await listen(createHttpApp({
    ari: () => ariLink.linkStatus,
    ami: () => ami.linkStatus,
    mysql: mysqlHealth,
    config: () => ({ version: liveConfig.current?.version ?? null, loadedAt: liveConfig.current?.loadedAt ?? null, error: liveConfig.lastError, invalidVersion: liveConfig.invalid?.version ?? null }),
    calls: () => registry.size,
    overload: () => overload.status(),
  }, log, { routes, credentials, publicRouters: [desktop.page], routers: [dashboardPage(), reportsPage(), adminPage()], allowedOrigins: config.api.allowedOrigins }), config.http.host, config.http.port);
  const eventsSocket = attachEventsSocket(http, bus, {
    credentials, log, tickets, allowedOrigins: config.api.allowedOrigins,
    isParty: (guid, agent) => isPartyOf(registry.byGuid(guid), agent),
    socketsPerUser: config.api.eventSocketsPerUser, maxBufferedBytes: config.api.eventSocketMaxBufferedBytes,
  });
  events = eventsSocket;
  await jobs.start();
  log.info({ http: `${config.http.host}:${config.http.port}` }, 'callcenter app started');

  return {
    registry, agents, acd: theAcd, records, queueLog, faxes, ari, ami, pool, liveConfig, stasis, http, bus, events: eventsSocket, floor, jobs, blocklist, lastResort,
    overload,
    async stop() {
      overload.stop();
      await stopDialer();
      await stopPredictive();
      await jobs.stop();
      media.stop();
      desktop.stop();
      await eventsSocket.close();
      metrics.stop();
      floor.stop();
      amiFloor.stop();
      cti.stop();
      await blocklist.stop();
      http.closeAllConnections();
      await new Promise<void>((done) => http.close(() => done()));
      liveConfig.stop();
      callbacks.stop();
      theAcd.stop();
      theHotDesk.stop();
      agents.stop();
      apiAccounts.stop();
      await lastResort.stop();
      await records.stop();
      await accounting?.stop();
      await callAuth?.close();
      await agents.flush();
      await queueLog.stop();
      await ariLink.stop();
      ami.stop();
      await faxes.stop();
      await pool.end();
      log.info('callcenter app stopped');
    },
  };
}
