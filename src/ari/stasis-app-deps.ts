/** What the Stasis application's dispatcher (stasis-app.ts) is given: the services calls use. */
import type { Client } from 'ari-client';
import type { CallRegistry } from '../calls/registry';
import type { Acd } from '../acd/acd';
import type { AgentService } from '../agents/agent-service';
import type { FeatureCodes } from '../agents/feature-codes';
import type { PhoneFeatureCodes } from '../phone-features/phone-features';
import type { PhoneFeatureService } from '../phone-features/phone-feature-service';
import type { RecordWriter } from '../records/record-writer';
import type { CallRecorder } from '../calls/bridge-recording';
import type { QueueLogWriter } from '../acd/queue-log';
import type { Logger } from '../log/logger';
import type { LiveConfig } from '../sync/live-config';
import type { Customer, EventSink } from '../events/cti-events';
import type { InCallCodes } from '../calls/in-call-codes';
import type { OriginateOption } from '../cti/originate-options';
import type { CallbackDesk } from '../callbacks/callback-desk';
import type { AuthorizeCall } from '../radius/call-authorization';

export interface StasisAppDeps {
  app: string;
  ari: () => Client | null;
  registry: CallRegistry;
  config: LiveConfig;
  log: Logger;
  ringTimeout: number;
  agents: AgentService;
  acd: Acd;
  records: RecordWriter;
  queueLog: QueueLogWriter;
  features: FeatureCodes;
  /** Asterisk's recording folder as this process sees it. */
  recordingDir: string;
  /** Starts call recordings (MixMonitor over AMI). */
  recorder: CallRecorder;
  recordDirectCalls: boolean;
  /** The flow an outbound call's outside party hears when the agent hangs up first (routing.outboundSurveyFlow). */
  outboundSurveyFlow?: string | null;
  promptDir: string;
  events: EventSink;
  customers: (phone: string) => Promise<Customer | null>;
  inCallCodes: InCallCodes;
  /** Asks Asterisk to qualify a PJSIP endpoint now (AMI PJSIPQualify); best effort, used at link-up. */
  qualify?: (endpoint: string) => Promise<void>;
  /** Issue 20: RADIUS authentication of accounts' calls (radius.authorizeCalls); absent when off. */
  authorizeCall?: AuthorizeCall;
  /** Queue callbacks (src/callbacks): a queued caller's key books one. */
  callbacks?: CallbackDesk;
  /** Issue 20: the phones' forwarding, DND and call waiting, and the codes that change them. */
  phoneFeatures?: PhoneFeatureService;
  phoneFeatureCodes?: PhoneFeatureCodes;
  /** Click-to-call options (CallerNo, HALLH) the API left for the call's GUID (src/cti/originate-options.ts). */
  originateOptions?: { take(guid: string): OriginateOption | null };
  /** Global variables for every flow a call starts (src/cti/global-variables.ts). */
  globals?: () => Record<string, string>;
  /** Issue 18: the admission verdict for a new call (src/overload); absent: every call is taken. */
  overload?: { admitNewCall(): { admit: boolean; reasons: import('../overload/admission').OverloadReason[] } };
  /** Hot-desking: `*11<agent id>*<pin>#` seats the agent ID at the dialling phone; resolves whether it did (src/hotdesk). */
  hotDeskLogin?: (agentId: string, pin: string, extension: string) => Promise<boolean>;
}
