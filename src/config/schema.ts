/** The shape of the site configuration, with defaults for the demo site. */
import { z } from 'zod';

const host = z.string().min(1);
const port = z.number().int().min(1).max(65535);
const featureCode = z.string().regex(/^\*[0-9]{1,4}$/, 'a feature code is * followed by 1-4 digits');

export const configSchema = z.object({
  sip: z.object({
    bindAddress: z.union([z.ipv4(), z.ipv6()]).default('127.0.0.1'),
    port: port.default(5060),
    /** Issue 20: SIP over TCP on the same address (transport-tcp), beside UDP on `port`. */
    tcpPort: port.default(5060),
    externalAddress: z.string().nullable().default(null),
    /** S6: the address phones and carriers outside see for RTP when it differs from externalAddress (null: externalAddress). */
    externalMediaAddress: z.string().nullable().default(null),
    localNets: z.array(z.string()).default([]),
    rtpStart: port.default(10000),
    rtpEnd: port.default(19999),
    /** S6 NAT-friendly defaults: reply to the packet's source port (rport), send RTP where it comes from, trust the source address over the Contact. */
    forceRport: z.boolean().default(true),
    rtpSymmetric: z.boolean().default(true),
    rewriteContact: z.boolean().default(true),
    /** Keep-alives: OPTIONS to every phone contact and trunk every N s (keeps NAT bindings open, shows reachability); 0 = off. */
    qualifyFrequency: z.number().int().min(0).max(3600).default(30),
    trunkQualifyFrequency: z.number().int().min(0).max(3600).default(30),
    /** RTP keep-alive packets every N s while no media flows (held calls behind NAT); 0 = off. */
    rtpKeepaliveSec: z.number().int().min(0).max(300).default(0),
  }).strict().prefault({}),
  asterisk: z.object({
    /** Filesystem root Asterisk runs in: "/" for a native package, else the chroot. */
    root: z.string().min(1).default('/'),
    /** Instance name: its config lives in <root>/etc/callcenter/<instance>. */
    instance: z.string().regex(/^[a-z0-9-]+$/).default('main'),
    app: z.string().regex(/^[a-z0-9_-]+$/).default('callcenter'),
    ariUrl: z.string().url().default('http://127.0.0.1:8088'),
    ariUser: z.string().min(1).default('callcenter'),
    ariPassword: z.string().min(16, 'asterisk.ariPassword must be a generated secret of 16+ characters'),
    /** Issue 18: ARI REST requests over the event WebSocket (Asterisk 22.4+) instead of HTTP; HTTP stays when Asterisk does not answer there. */
    ariRestOverWebSocket: z.boolean().default(false),
    amiHost: host.default('127.0.0.1'),
    amiPort: port.default(5038),
    amiUser: z.string().min(1).default('callcenter'),
    amiSecret: z.string().min(16, 'asterisk.amiSecret must be a generated secret of 16+ characters'),
  }).strict(),
  db: z.object({
    host: host.default('127.0.0.1'),
    port: port.default(3306),
    user: z.string().min(1).default('callcenter'),
    password: z.string().min(1),
    database: z.string().regex(/^[A-Za-z0-9_]+$/).default('callcenter'),
    /** Account that applies migrations (DDL); the app itself runs with the least-privilege user. */
    adminUser: z.string().min(1).default('callcenter_admin'),
    adminPassword: z.string().min(1),
    /** D3: the account Asterisk writes CDR and CEL rows with (INSERT on cdr and cel only); no password = no CDR/CEL in MySQL. */
    asteriskUser: z.string().regex(/^[A-Za-z0-9_]{1,32}$/).default('callcenter_asterisk'),
    asteriskPassword: z.string().regex(/^[A-Za-z0-9_-]{16,}$/, 'db.asteriskPassword: a generated secret of 16+ letters, digits, _ or -').nullable().default(null),
  }).strict(),
  http: z.object({
    host: host.default('127.0.0.1'),
    port: port.default(8080),
  }).strict().prefault({}),
  /** Issue 21: the /agent page's browser phone. wsUrl: where browsers open SIP over WebSocket (default ws://<ariUrl host>/ws; wss://...:8089/ws with http TLS). */
  webrtc: z.object({
    wsUrl: z.string().regex(/^wss?:\/\/[^\s]+$/, 'webrtc.wsUrl: ws://host:port/ws or wss://host:port/ws').nullable().default(null),
    /** STUN/TURN servers for browsers outside the site's network (RTCPeerConnection iceServers). */
    iceServers: z.array(z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() }).strict()).default([]),
    /** wss:// on Asterisk's HTTP server: the site's certificate (certFile/keyFile, host paths) or a self-signed one made at install. */
    tls: z.object({
      enabled: z.boolean().default(false),
      bindAddress: z.union([z.ipv4(), z.ipv6()]).nullable().default(null),
      port: port.default(8089),
      /** The name browsers use (certificate subject, wss URL); default the bind address. */
      hostName: z.string().regex(/^[A-Za-z0-9.:-]+$/).nullable().default(null),
      certFile: z.string().min(1).nullable().default(null),
      keyFile: z.string().min(1).nullable().default(null),
    }).strict().prefault({}),
  }).strict().prefault({}),
  agi: z.object({
    /** The FastAGI fallback server (O2); the dialplan reaches it at agi://host:port. */
    host: host.default('127.0.0.1'),
    port: port.default(4573),
    /** Where its call records wait while MySQL is away (default var/spool/agi-call-records.jsonl). */
    spoolFile: z.string().min(1).nullable().default(null),
  }).strict().prefault({}),
  api: z.object({
    /** Supervisors and admins (HTTP Basic). Agents sign in with extension + SIP password. */
    users: z.array(z.object({
      name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a user name starts with a letter (letters, digits, _ . -)'),
      password: z.string().min(12, 'API passwords need 12+ characters'),
      role: z.enum(['crm', 'supervisor', 'admin']),
    }).strict()).default([]),
    /** Bearer tokens for programs: a CRM integration has role crm (docs/CTI-API.md, roles). */
    tokens: z.array(z.object({
      name: z.string().min(1),
      token: z.string().min(24, 'API tokens need 24+ characters'),
      role: z.enum(['agent', 'crm', 'supervisor', 'admin']),
    }).strict()).default([]),
    /**
     * Browser pages on other origins allowed to write (POST/PUT/DELETE) and to open the event
     * WebSocket, e.g. "https://crm.example.com". The app's own origin is always allowed, and so
     * are requests without an Origin header (curl, servers).
     */
    allowedOrigins: z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/, 'an origin: http(s)://host[:port], no path')).default([]),
    /** Event WebSockets one user (or token, or agent) may have open at once; one more is refused (429). */
    eventSocketsPerUser: z.number().int().min(1).max(10000).default(10),
    /** An event WebSocket whose unsent data grows past this (a client not reading) is closed (code 4001). */
    eventSocketMaxBufferedBytes: z.number().int().min(65536).max(1073741824).default(4 * 1024 * 1024),
    /** How many past events a reconnecting WebSocket client can ask for. */
    eventWindow: z.number().int().min(100).max(1000000).default(10000),
    /** A5: an API pickup only takes a call that has rung this long (s). */
    pickupMinRingSec: z.number().int().min(0).max(120).default(5),
  }).strict().prefault({}),
  security: z.object({
    /** O4: failed SIP authentications from one address within windowSec that block it for blockSec. */
    failures: z.number().int().min(1).max(1000).default(10),
    windowSec: z.number().int().min(1).max(3600).default(60),
    blockSec: z.number().int().min(1).max(86400 * 30).default(900),
    /** Addresses never blocked (the host itself; add your office NAT address). */
    neverBlock: z.array(z.string()).default(['127.0.0.1', '::1']),
  }).strict().prefault({}),
  dashboard: z.object({
    /** T4: a call counts as answered within the service level when an agent answered within this many seconds of queueing. */
    serviceLevelSec: z.number().int().min(1).max(3600).default(20),
    /** T4: the service level a group should reach (%): the dashboard and wallboard show a group below it in red. */
    serviceLevelTargetPct: z.number().min(0).max(100).default(80),
  }).strict().prefault({}),
  routing: z.object({
    /** How often the app checks config_version for changes (ms). */
    reloadIntervalMs: z.number().int().min(200).max(60000).default(1000),
    /** Ring time for an internal or inbound call before giving up (s). */
    ringTimeout: z.number().int().min(5).max(600).default(60),
    /**
     * Source 002 FAQ 1 (startflow=manyidudiaocha.vds): the flow the outside party of an agent's
     * outbound call hears when the agent hangs up first (e.g. "survey"); null = none.
     */
    outboundSurveyFlow: z.string().min(1).max(64).nullable().default(null),
  }).strict().prefault({}),
  acd: z.object({
    /** A1/A3: log an agent off after this much consecutive unanswered ring time (s); 0 = never. */
    noAnswerLogoffSec: z.number().int().min(0).max(3600).default(45),
  }).strict().prefault({}),
  /** Issue 18: new calls are refused (SIP 503, record status 12 `overload`) while one of these is reached (docs/OPERATIONS.md). */
  overload: z.object({
    maxEventLoopDelayMs: z.number().int().min(0).max(60000).default(500),
    maxQueuedAriRequests: z.number().int().min(0).max(100000).default(200),
    maxCallsInSetup: z.number().int().min(0).max(100000).default(300),
    /** Shedding stops once every input stays below this fraction of its bound for resumeAfterSec. */
    resumeRatio: z.number().gt(0).max(1).default(0.7),
    resumeAfterSec: z.number().min(0).max(600).default(3),
  }).strict().prefault({}),
  spool: z.object({
    /** O3: the folder where call records, queue_log rows, agent states and fax records wait while MySQL is away (default var/spool). One app per folder. */
    dir: z.string().min(1).nullable().default(null),
  }).strict().prefault({}),
  recording: z.object({
    /** C4: record internal, outbound and direct inbound calls too (queue calls: per group, record_calls). */
    directCalls: z.boolean().default(true),
  }).strict().prefault({}),
  reports: z.object({
    /** D4: default service-level threshold: answered within this many seconds (?slSec= overrides). */
    serviceLevelSec: z.number().int().min(0).max(3600).default(20),
    /** Longest range one report request may cover (days). */
    maxRangeDays: z.number().int().min(1).max(3660).default(400),
    /** Most intervals in one answer (15-minute intervals over a long range are refused). */
    maxIntervals: z.number().int().min(1).max(100000).default(10000),
  }).strict().prefault({}),
  jobs: z.object({
    /** D5: scheduled jobs and timers run in this process. */
    enabled: z.boolean().default(true),
    /** Time zone for cron expressions (IANA name); null = the server's. */
    timezone: z.string().min(1).nullable().default(null),
    dailyReport: z.object({
      enabled: z.boolean().default(true),
      cron: z.string().min(1).default('10 0 * * *'),
      /** Folder for <date>_<report>.csv (relative paths: from the project directory). */
      folder: z.string().min(1).default('var/reports'),
      reports: z.array(z.string().regex(/^[a-z-]+$/)).default(['queue-summary', 'agent-activity', 'trunk-usage', 'survey-scores', 'ivr-only']),
      interval: z.enum(['15m', 'hour', 'day', 'all']).default('hour'),
    }).strict().prefault({}),
    retention: z.object({
      /** Off by default: deleting recordings is a site decision. */
      enabled: z.boolean().default(false),
      cron: z.string().min(1).default('30 3 * * *'),
      /** Recordings (file + row) older than this many days are deleted. */
      recordingsDays: z.number().int().min(1).max(36500).default(365),
      /** Received faxes and converted fax TIFFs older than this many days are deleted (their fax records stay, marked file_purged_at). */
      faxesDays: z.number().int().min(1).max(36500).default(365),
      /** queue_log, agent_state_log, cdr and cel rows older than this many days are deleted. */
      logsDays: z.number().int().min(1).max(36500).default(365),
      /** Rows per batch (one transaction each). */
      batchSize: z.number().int().min(1).max(10000).default(500),
    }).strict().prefault({}),
    reportAggregates: z.object({
      /** Issue 18: backfill, rebuild of marked intervals and consistency check of the 15-minute report aggregates. */
      enabled: z.boolean().default(true),
      cron: z.string().min(1).default('40 1 * * *'),
      /** Days checked against the raw call records (today included). */
      checkDays: z.number().int().min(1).max(400).default(2),
    }).strict().prefault({}),
    businessHours: z.object({
      /** Re-evaluates open / closed / holiday for every business_hours_routes row. */
      enabled: z.boolean().default(true),
      cron: z.string().min(1).default('* * * * *'),
    }).strict().prefault({}),
    /** How often timer settings are re-read from MySQL (changes made by SQL or another app instance). */
    timerSyncMs: z.number().int().min(1000).max(600000).default(10000),
  }).strict().prefault({}),
  features: z.object({
    login: featureCode.default('*11'),
    ready: featureCode.default('*12'),
    notReady: featureCode.default('*13'),
    logout: featureCode.default('*9'),
    pickup: featureCode.default('*7'),
    /** C3 from the phone during a call: *5<ext># transfer, *6<group># to a group, *8 consult (hook flash). */
    transfer: featureCode.default('*5'),
    transferToGroup: featureCode.default('*6'),
    consult: featureCode.default('*8'),
    /** Issue 20, PBX basics (README "Phone feature codes"): forwarding, DND, call waiting, plain * pickup in the own group. */
    forwardAll: featureCode.default('*21'),
    forwardBusy: featureCode.default('*22'),
    forwardNoAnswer: featureCode.default('*23'),
    dndOn: featureCode.default('*31'),
    dndOff: featureCode.default('*32'),
    callWaitingOn: featureCode.default('*41'),
    callWaitingOff: featureCode.default('*42'),
    groupPickup: z.string().regex(/^\*[0-9]{0,4}$/, 'a feature code is * followed by 0-4 digits').default('*'),
  }).strict().prefault({}),
  h323: z.object({
    /** S8: chan_ooh323 listens here for the H.323 gateways (trunks with technology ooh323); null: sip.bindAddress. */
    bindAddress: z.union([z.ipv4(), z.ipv6()]).nullable().default(null),
    port: port.default(1720),
  }).strict().prefault({}),
  fax: z.object({
    /** C8: offer T.38 (UDPTL) to trunks for fax calls; a trunk that refuses gets G.711 pass-through. */
    t38: z.boolean().default(true),
    /** C8: the Ghostscript program that turns a PDF to send into a fax TIFF (scripts/provision-fax.sh installs it). */
    ghostscript: z.string().min(1).default('gs'),
    /** C8: a PDF not converted within this time is refused (400) and nothing is sent. */
    convertTimeoutSec: z.number().int().min(1).max(600).default(60),
  }).strict().prefault({}),
  radius: z.object({
    /**
     * S9: RADIUS accounting of calls: the app sends an Accounting-Start when a call is answered
     * and an Accounting-Stop when it ends (Acct-Session-Id = the call GUID). Off until a server
     * is configured.
     */
    enabled: z.boolean().default(false),
    /**
     * Also let Asterisk's cdr_radius send its own Stop record per CDR (one per channel leg,
     * Acct-Session-Id = the channel's unique id, no Start). Off: a server that pairs Start and
     * Stop by session would count those as extra sessions.
     */
    asteriskCdr: z.boolean().default(false),
    server: z.string().min(1).default('127.0.0.1'),
    authPort: port.default(1812),
    acctPort: port.default(1813),
    /** The shared secret of this client in the server's clients.conf. */
    secret: z.string().min(1).nullable().default(null),
    timeoutSec: z.number().int().min(1).max(60).default(5),
    retries: z.number().int().min(0).max(10).default(3),
    /**
     * Issue 20: RADIUS authentication (Access-Request to authPort) of the calls a SIP account
     * places, before they are routed: 'outside' (calls to a trunk), 'all', or 'off'. Independent
     * of `enabled` (accounting).
     */
    authorizeCalls: z.enum(['off', 'outside', 'all']).default('off'),
    /** A call whose Access-Request gets no answer (timeoutSec x (retries + 1)) is refused, or let through. */
    authOnNoAnswer: z.enum(['refuse', 'allow']).default('refuse'),
  }).strict().prefault({})
    .refine((r) => !r.enabled || r.secret !== null, { message: 'radius.secret is required when radius.enabled is true', path: ['secret'] })
    .refine((r) => r.authorizeCalls === 'off' || r.secret !== null, { message: 'radius.secret is required when radius.authorizeCalls is on', path: ['secret'] }),
  boards: z.object({
    /** S7: tone zone of analog ports and E1 spans (dial tone, ringback, busy): cn, us, de ... */
    toneZone: z.string().regex(/^[a-z]{2}$/).default('cn'),
    /** DAHDI software echo canceller (dahdi_echocan_<name>); null when the board cancels echo itself. */
    echoCanceller: z.string().regex(/^[a-z0-9_]+$/).nullable().default('oslec'),
  }).strict().prefault({}),
  log: z.object({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info'),
  }).strict().prefault({}),
}).strict()
  .refine((c) => c.sip.rtpStart < c.sip.rtpEnd, { message: 'sip.rtpStart must be below sip.rtpEnd', path: ['sip', 'rtpStart'] })
  .refine((c) => new Set(Object.values(c.features)).size === Object.keys(c.features).length, { message: 'two feature codes are the same', path: ['features'] });

export type Config = z.infer<typeof configSchema>;
