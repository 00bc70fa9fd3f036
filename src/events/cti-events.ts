/**
 * The CTI events (T1, T2), version 1. Every event carries seq, at (ISO time) and, when it is
 * about a call, the call GUID. An event naming an agent's phone (`agent`, the extension) also
 * carries `agentId`, the agent ID (工号) seated there (hot-desking; the extension when nobody is). docs/CTI-EVENTS.md shows an example of each.
 */

/** The customer row of a screen pop (looked up by caller number). */
export interface Customer {
  id: number;
  phone: string;
  name: string;
  company: string | null;
  address: string | null;
  contact: string | null;
  notes: string | null;
}

export type HangupSide = 'caller' | 'agent' | 'callee' | 'system' | 'supervisor';

/** The list row of a campaign call, for the agent's screen pop (issue 22). */
export interface CampaignContact {
  id: number;
  phone: string;
  name: string;
  timezone: string;
  attempts: number;
  data: Record<string, string>;
}

export type CtiEventBody =
  | { type: 'agent.state'; agent: string; agentId?: string; from: string; to: string; reason: string | null; guid: string | null }
  /** Hot-desking: an agent ID (工号) sat down at a phone or left it (docs/HOT-DESKING.md). */
  | { type: 'agent.seat'; agentId: string; extension: string; action: 'login' | 'logout'; displaced: string | null; left: string | null; by: string }
  | { type: 'call.started'; guid: string; direction: string; caller: string; callee: string }
  | { type: 'call.queued'; guid: string; group: string; position: number }
  | { type: 'call.ringing'; guid: string; agent: string; agentId?: string; caller: string; callee: string; group: string | null; customer: Customer | null; variables?: Record<string, string> }
  | { type: 'call.answered'; guid: string; agent: string | null; agentId?: string; caller: string; callee: string }
  | { type: 'call.hungup'; guid: string; by: HangupSide; agent: string | null; agentId?: string }
  | { type: 'call.result'; guid: string; status: number; statusText: string; caller: string; callee: string; agent: string | null; agentId?: string; group: string | null; talkSec: number; waitSec: number }
  | { type: 'queue.changed'; group: string; waiting: number; longestWaitSec: number }
  | { type: 'call.transfer'; guid: string; mode: 'blind' | 'attended'; target: string; result: 'started' | 'answered' | 'completed' | 'cancelled' | 'failed'; agent: string | null }
  | { type: 'call.pickup'; guid: string; picker: string; from: string; result: 'ok' | 'failed' }
  | { type: 'call.hold'; guid: string; held: boolean }
  | { type: 'call.conference'; guid: string; agent: string; target: string; result: 'ringing' | 'joined' | 'failed' | 'cancelled' | 'left' | 'dropped' | 'handed-over' }
  | { type: 'call.mute'; guid: string; side: string; muted: boolean }
  | { type: 'supervisor.joined'; guid: string; supervisor: string; mode: 'listen' | 'whisper' | 'barge' | 'takeover' }
  | { type: 'supervisor.left'; guid: string; supervisor: string }
  | { type: 'conference.changed'; conference: string; parties: string[] }
  | { type: 'timer.fired'; timer: number; periodMs: number; action?: 'event' | 'job' | 'call' | 'flow'; guid?: string | null }
  | { type: 'channel.state'; channelId: string; channel: string; kind: 'extension' | 'trunk'; number: string; state: 'idle' | 'offhook' | 'ringing' | 'talking'; previous: string; caller: string; connected: string; guid: string | null }
  | { type: 'phone.state'; extension: string; state: 'idle' | 'offhook' | 'ringing' | 'talking'; previous: string }
  | { type: 'fax.result'; guid: string; direction: 'in' | 'out'; caller: string; callee: string; agent: string | null; file: string; result: 'success' | 'failed'; pages: number; error: string }
  | { type: 'campaign.state'; campaign: string; id: number; from: string; to: string }
  | { type: 'campaign.attempt'; guid: string; campaign: string; id: number; agent: string; listId: number; contact: CampaignContact }
  | { type: 'campaign.outcome'; guid: string; campaign: string; id: number; agent: string | null; contactId: number; phone: string; outcome: string; disposition: string | null; next: 'retry' | 'done'; nextAt: string | null };

export type CtiEventType = CtiEventBody['type'];

export type CtiEvent = CtiEventBody & { seq: number; at: string };

/** Every event type, for the WebSocket filter and the docs. */
export const CTI_EVENT_TYPES: readonly CtiEventType[] = [
  'agent.state', 'agent.seat', 'call.started', 'call.queued', 'call.ringing', 'call.answered', 'call.hungup', 'call.result', 'queue.changed',
  'call.transfer', 'call.pickup', 'call.hold', 'call.conference', 'call.mute', 'supervisor.joined', 'supervisor.left', 'conference.changed', 'timer.fired',
  'channel.state', 'phone.state', 'fax.result',
  'campaign.state', 'campaign.attempt', 'campaign.outcome',
];

/** Where calls and services publish (the EventBus, or nothing in unit tests). */
export interface EventSink {
  publish(body: CtiEventBody): unknown;
}

export const NO_EVENTS: EventSink = { publish: () => undefined };
