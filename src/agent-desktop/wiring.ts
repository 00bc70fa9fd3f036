/**
 * Issue 21: the agent desktop's pieces for the app: the /agent page (public static files), its
 * API routes, the one-session-per-agent claims and the memory of who answered which call (from
 * the CTI events). One call from app.ts; `stop` drops the event subscription.
 */
import type { Router } from 'express';
import type { Config } from '../config';
import type { CallRegistry } from '../calls/registry';
import type { Pool } from '../db/pool';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../log/logger';
import type { LiveConfig } from '../sync/live-config';
import { agentDesktopRoutes } from '../api/agent-desktop-routes';
import { agentPage } from '../api/agent-page';
import type { ApiRoute } from '../api/route-table';
import { AnsweredCalls } from './answered-calls';
import { DesktopSessions } from './desktop-sessions';
import { wssUrl } from './wss';

/** ws://<Asterisk HTTP host>:<port>/ws from the ARI URL (the same HTTP server), unless webrtc.wsUrl says otherwise. */
export function webSocketUrl(ariUrl: string, configured: string | null | undefined): string {
  if (configured) return configured;
  const u = new URL(ariUrl);
  return `${u.protocol === 'https:' ? 'wss' : 'ws'}://${u.host}/ws`;
}

export function startAgentDesktop(d: {
  config: Config; pool: Pool; log: Logger; liveConfig: LiveConfig; registry: CallRegistry; bus: EventBus;
  /** A saved wrap-up disposition (campaign calls: ends the attempt, drives the retry). */
  onDisposition?: (x: { guid: string; agent: string; code: string }) => Promise<void>;
}): { routes: ApiRoute[]; page: Router; stop: () => void } {
  const answered = new AnsweredCalls();
  const sessions = new DesktopSessions();
  const stop = d.bus.subscribe((e) => {
    if (e.type === 'call.answered' && e.agent) answered.note(e.guid, e.agent, Date.now());
    // A transfer target that answered talked on the call too.
    if (e.type === 'call.transfer' && (e.result === 'answered' || e.result === 'completed') && /^[0-9]+$/.test(e.target)) answered.note(e.guid, e.target, Date.now());
    // So did the third party of a three-way call.
    if (e.type === 'call.conference' && e.result === 'joined' && /^[0-9]+$/.test(e.target)) answered.note(e.guid, e.target, Date.now());
  });
  const { webrtc } = d.config;
  const routes = agentDesktopRoutes({
    pool: d.pool, log: d.log, sessions, answered,
    account: (ext) => d.liveConfig.current?.telephony.accounts.find((a) => a.extension === ext && a.enabled),
    call: (guid) => d.registry.byGuid(guid),
    wsUrl: webSocketUrl(d.config.asterisk.ariUrl, webrtc.wsUrl ?? wssUrl(d.config)),
    sipDomain: d.config.sip.externalAddress ?? d.config.sip.bindAddress,
    iceServers: webrtc.iceServers,
    onDisposition: d.onDisposition,
  });
  return { routes, page: agentPage(), stop };
}
