/**
 * The flow interpreter (C1): pure. Given the flows a call started with, where it is and what
 * happened (a prompt finished, digits, a timeout), it returns the next position and the one
 * thing the adapter must do on the channel. Nodes that need no I/O (set, time, branch, goto)
 * are resolved here, with a guard against loops that never wait for the caller.
 */
import type { Day, Flow, FlowNode, Prompts } from './flow-schema';
import { MENU_VARIABLE_PREFIX } from './built-in-variables';

export type FlowSet = ReadonlyMap<string, Flow>;

export interface FlowCursor {
  flow: string;
  node: string;
  /** How many times the current menu/collect node has been offered. */
  attempt: number;
  vars: Readonly<Record<string, string>>;
}

export type FlowAction =
  | { kind: 'play'; prompts: string[]; language: string; interruptible: boolean }
  | { kind: 'input'; prompts: string[]; language: string; maxDigits: number; terminator: string | null; timeoutMs: number }
  | { kind: 'queue'; group: string }
  | { kind: 'transfer'; extension: string; timeoutSec: number }
  | { kind: 'voicemail'; prompts: string[]; language: string; maxSec: number }
  | { kind: 'hangup'; prompts: string[]; language: string };

export type FlowOutcome = { kind: 'done' } | { kind: 'digits'; digits: string } | { kind: 'timeout' };

export interface FlowStep { cursor: FlowCursor; action: FlowAction }

export class FlowRuntimeError extends Error {}

const MAX_HOPS = 50;
const DAYS: Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export function startFlow(flows: FlowSet, name: string, vars: Record<string, string>, now: Date): FlowStep {
  const flow = flows.get(name);
  if (!flow) throw new FlowRuntimeError(`no flow "${name}"`);
  return resolve(flows, { flow: name, node: flow.start, attempt: 0, vars }, now);
}

export function continueFlow(flows: FlowSet, cursor: FlowCursor, outcome: FlowOutcome, now: Date): FlowStep {
  const node = nodeAt(flows, cursor);
  const go = (next: string | undefined, vars = cursor.vars) =>
    next ? resolve(flows, { ...cursor, node: next, attempt: 0, vars }, now) : hangupStep(flows, cursor);
  switch (node.type) {
    case 'play':
      return go(node.next);
    case 'menu': {
      const digits = outcome.kind === 'digits' ? outcome.digits : '';
      const choice = digits ? node.options[digits[0]] : undefined;
      if (choice) return go(choice, { ...cursor.vars, [`${MENU_VARIABLE_PREFIX}${cursor.node}`]: digits[0] });
      return retry(flows, cursor, node.attempts, digits ? node.invalid : node.noInput, node.invalidPrompts, !!digits, now);
    }
    case 'collect': {
      const digits = outcome.kind === 'digits' ? outcome.digits : '';
      const ok = digits !== '' && (node.valid === undefined || new RegExp(`^(?:${node.valid})$`).test(digits));
      if (ok) return go(node.next, { ...cursor.vars, [node.variable]: digits });
      return retry(flows, cursor, node.attempts, digits ? node.invalid : node.noInput, node.invalidPrompts, !!digits, now);
    }
    default:
      throw new FlowRuntimeError(`node ${cursor.flow}.${cursor.node} (${node.type}) takes no outcome`);
  }
}

function retry(flows: FlowSet, cursor: FlowCursor, attempts: number, fallback: string | undefined, invalidPrompts: Prompts | undefined, invalid: boolean, now: Date): FlowStep {
  if (cursor.attempt + 1 < attempts) {
    const again = resolve(flows, { ...cursor, attempt: cursor.attempt + 1 }, now);
    if (invalid && invalidPrompts && again.action.kind === 'input') {
      const extra = pick(invalidPrompts, language(flows, cursor));
      return { ...again, action: { ...again.action, prompts: [...extra, ...again.action.prompts] } };
    }
    return again;
  }
  return fallback ? resolve(flows, { ...cursor, node: fallback, attempt: 0 }, now) : hangupStep(flows, cursor);
}

function hangupStep(flows: FlowSet, cursor: FlowCursor): FlowStep {
  return { cursor, action: { kind: 'hangup', prompts: [], language: language(flows, cursor) } };
}

function nodeAt(flows: FlowSet, c: FlowCursor): FlowNode {
  const node = flows.get(c.flow)?.nodes[c.node];
  if (!node) throw new FlowRuntimeError(`no node ${c.flow}.${c.node}`);
  return node;
}

/** The caller's language: the `language` variable if set, else the flow's. */
function language(flows: FlowSet, c: FlowCursor): string {
  return c.vars.language || flows.get(c.flow)?.language || 'en';
}

function pick(p: Prompts, lang: string): string[] {
  if (Array.isArray(p)) return p;
  // hasOwn: a language variable such as "constructor" must not reach Object.prototype.
  const own = (key: string) => (Object.hasOwn(p, key) ? p[key] : undefined);
  return own(lang) ?? own(lang.slice(0, 2)) ?? Object.values(p)[0] ?? [];
}

/** Replaces ${name} with the variable's value (empty when unset). */
export function interpolate(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([a-z][a-z0-9_]*)\}/g, (_, v: string) => vars[v] ?? '');
}

export function timeRuleMatches(rule: { days: Day[]; from: string; to: string; dates?: string[] }, now: Date): boolean {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  if (rule.dates && !rule.dates.includes(date)) return false;
  if (!rule.days.includes(DAYS[now.getDay()])) return false;
  const hm = `${pad(now.getHours())}:${pad(now.getMinutes())}`;
  return hm >= rule.from && hm < rule.to;
}

/** Follows nodes that need no I/O until one does. */
function resolve(flows: FlowSet, start: FlowCursor, now: Date): FlowStep {
  let c = start;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const node = nodeAt(flows, c);
    const lang = language(flows, c);
    const next = (node: string, vars = c.vars) => ({ ...c, node, attempt: 0, vars });
    switch (node.type) {
      case 'set':
        c = next(node.next, { ...c.vars, [node.variable]: interpolate(node.value, c.vars) });
        continue;
      case 'time':
        c = next(node.rules.find((r) => timeRuleMatches(r, now))?.next ?? node.default);
        continue;
      case 'branch': {
        const value = c.vars[node.variable] ?? '';
        c = next(Object.hasOwn(node.cases, value) ? node.cases[value] : node.default);
        continue;
      }
      case 'goto': {
        const target = flows.get(node.flow);
        if (!target) throw new FlowRuntimeError(`no flow "${node.flow}"`);
        c = { flow: node.flow, node: target.start, attempt: 0, vars: c.vars };
        continue;
      }
      case 'play':
        return { cursor: c, action: { kind: 'play', prompts: pick(node.prompts, lang), language: lang, interruptible: node.interruptible } };
      case 'menu':
        return { cursor: c, action: { kind: 'input', prompts: pick(node.prompts, lang), language: lang, maxDigits: 1, terminator: null, timeoutMs: node.timeoutSec * 1000 } };
      case 'collect':
        return { cursor: c, action: { kind: 'input', prompts: pick(node.prompts, lang), language: lang, maxDigits: node.maxDigits, terminator: node.terminator === 'none' ? null : node.terminator, timeoutMs: node.timeoutSec * 1000 } };
      case 'queue':
        return { cursor: c, action: { kind: 'queue', group: node.group } };
      case 'transfer':
        return { cursor: c, action: { kind: 'transfer', extension: node.extension, timeoutSec: node.timeoutSec } };
      case 'voicemail':
        return { cursor: c, action: { kind: 'voicemail', prompts: pick(node.prompts, lang), language: lang, maxSec: node.maxSec } };
      case 'hangup':
        return { cursor: c, action: { kind: 'hangup', prompts: node.prompts ? pick(node.prompts, lang) : [], language: lang } };
    }
  }
  throw new FlowRuntimeError(`flow ${start.flow}: more than ${MAX_HOPS} steps without waiting for the caller (a loop of set/time/branch/goto nodes)`);
}
