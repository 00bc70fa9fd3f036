/**
 * The routing engine: dialled number + caller + context -> destination, with a trace of
 * every rule applied. Pure: tables and live trunk state come in as arguments.
 */
import { matchRule, type CompiledTables } from './compile';
import { checkNumber } from './number';
import { applyTransforms, TransformError } from './transform';
import { selectTrunk } from './trunk-selection';
import type { CallClass, DialRule, Destination, RejectReason, RouteDecision, RouteRequest, RoutingState, TraceStep } from './types';

/** Re-analysis hops allowed before a rule set is declared a loop. */
export const MAX_ANALYSIS_HOPS = 8;

export function route(req: RouteRequest, tables: CompiledTables, state: RoutingState): RouteDecision {
  const trace: TraceStep[] = [];
  const roundRobin = new Map<string, number>();
  const done = (destination: Destination): RouteDecision => ({ destination, trace, roundRobin });
  const reject = (reason: RejectReason, detail: string) => done({ kind: 'reject', reason, detail });

  const checked = checkNumber(req.dialled);
  if (!checked.ok) return reject('malformed-number', checked.error);

  let number = checked.number;
  let context = req.context;
  /** The dearest class set on a re-analysing rule along the way (it counts for the call). */
  let chainClass: CallClass | null = null;
  for (let hop = 0; hop < MAX_ANALYSIS_HOPS; hop++) {
    const match = matchRule(tables, context, number);
    const rule = match?.rule;
    trace.push({
      step: 'analyse', context, number,
      rule: rule ? { id: rule.id, pattern: rule.pattern, routeType: rule.routeType, target: rule.target } : null,
    });
    if (!rule) return reject('no-route', `no rule in context "${context}" matches ${number}`);

    try {
      const applied = applyTransforms(number, rule.transforms);
      for (const s of applied.steps) trace.push({ step: 'transform', ...s });
      number = applied.result;
    } catch (e) {
      if (e instanceof TransformError) return reject('malformed-number', `rule ${rule.id}: ${e.message}`);
      throw e;
    }
    if (number.length === 0) return reject('malformed-number', `rule ${rule.id} left an empty number`);

    if (rule.reanalyze) {
      if (rule.callClass && (!chainClass || CLASS_RANK[rule.callClass] > CLASS_RANK[chainClass])) chainClass = rule.callClass;
      context = rule.reanalyzeContext || context;
      trace.push({ step: 'reanalyse', context, number });
      continue;
    }

    const refused = checkPermission(req, rule, chainClass, tables, trace);
    if (refused) return reject(refused.reason, refused.detail);

    const target = rule.target || number;
    const passthrough = (why: string) => {
      trace.push({ step: 'caller-id', callerId: req.caller, why });
      return req.caller;
    };
    switch (rule.routeType) {
      case 'reject':
        return reject('rule-rejects', `rule ${rule.id} rejects ${number}${rule.description ? ` (${rule.description})` : ''}`);
      case 'extension':
        if (!tables.extensions.has(target)) return reject('unknown-extension', `extension ${target} does not exist or is disabled`);
        return done({ kind: 'extension', extension: target, callerId: passthrough('internal: caller passed through') });
      case 'group':
        if (!tables.groups.has(target)) return reject('unknown-group', `group ${target} does not exist`);
        return done({ kind: 'group', group: target, callerId: passthrough('inbound caller passed through') });
      case 'flow':
        if (!tables.flows.has(target)) return reject('unknown-flow', `flow ${target} does not exist`);
        return done({ kind: 'flow', flow: target, callerId: passthrough('inbound caller passed through') });
      case 'site_trunk':
      case 'trunk': {
        const trunk = tables.trunks.get(target);
        if (!trunk) return reject('unknown-trunk', `trunk ${target} does not exist`);
        const status = state.trunkStatus.get(trunk.name);
        if (!trunk.enabled || (status && !status.available)) {
          return reject('no-trunk-available', `trunk ${trunk.name} is ${trunk.enabled ? 'unavailable' : 'disabled'}`);
        }
        return done({ kind: 'trunk', trunk: trunk.name, trunkGroup: null, number, callerId: outboundCallerId(rule.routeType === 'site_trunk', trunk, req.caller, trace) });
      }
      case 'trunk_group': {
        const group = tables.trunkGroups.get(target);
        if (!group) return reject('unknown-trunk', `trunk group ${target} does not exist`);
        const norm = (tables.normalization.get(group.name) ?? []).find((r) => r.pattern.test(number));
        if (norm) {
          const before = number;
          try {
            number = applyTransforms(number, norm.rule.transforms).result;
          } catch (e) {
            if (e instanceof TransformError) return reject('malformed-number', `normalization ${norm.rule.id}: ${e.message}`);
            throw e;
          }
          trace.push({ step: 'normalize', trunkGroup: group.name, rule: { id: norm.rule.id, pattern: norm.rule.pattern }, before, after: number });
        } else {
          trace.push({ step: 'normalize', trunkGroup: group.name, rule: null, before: number, after: number });
        }
        if (number.length === 0) return reject('malformed-number', `normalization of trunk group ${group.name} left an empty number`);
        const choice = selectTrunk(group, tables.trunks, state);
        trace.push({ step: 'select-trunk', trunkGroup: group.name, candidates: choice.candidates, skipped: choice.skipped, chosen: choice.chosen, ...(choice.note ? { note: choice.note } : {}) });
        if (!choice.chosen) return reject('no-trunk-available', `no trunk of group ${group.name} is available`);
        roundRobin.set(group.name, choice.nextCursor);
        const trunk = tables.trunks.get(choice.chosen)!;
        return done({ kind: 'trunk', trunk: trunk.name, trunkGroup: group.name, number, callerId: outboundCallerId(false, trunk, req.caller, trace) });
      }
    }
  }
  return reject('routing-loop', `more than ${MAX_ANALYSIS_HOPS} re-analyses, last context "${context}"`);
}

const CLASS_RANK: Record<CallClass, number> = { internal: 0, local: 1, national: 2, international: 3 };

/** The class of the calls a rule makes: its own, else outside routes national and the rest internal. */
export function ruleClass(rule: DialRule): CallClass {
  if (rule.callClass) return rule.callClass;
  return rule.routeType === 'trunk' || rule.routeType === 'trunk_group' ? 'national' : 'internal';
}

/** R8 toll-fraud rules for the terminating rule: class of service, whitelist, outbound limit. */
function checkPermission(req: RouteRequest, rule: DialRule, chainClass: CallClass | null, tables: CompiledTables, trace: TraceStep[]): { reason: RejectReason; detail: string } | null {
  const p = req.permission;
  if (!p || rule.routeType === 'reject') return null;
  const own = ruleClass(rule);
  const callClass = chainClass && CLASS_RANK[chainClass] > CLASS_RANK[own] ? chainClass : own;
  if (callClass === 'internal') return null;
  const listed = tables.whitelist.some((w) => w.test(req.dialled));
  // Whitelisted numbers (emergency) go out for every account, whatever its class or limit: new
  // accounts are internal-only by default (issue 16, 3.2) and must still reach the police.
  if (listed) {
    trace.push({ step: 'permission', callClass, allowed: true, why: `${req.dialled} is on the whitelist: any account may dial it` });
    return null;
  }
  if (!p.outboundAllowed) {
    trace.push({ step: 'permission', callClass, allowed: false, why: `${req.caller} may only dial whitelisted outside numbers` });
    return { reason: 'not-whitelisted', detail: `${req.caller} has no outbound permission and ${req.dialled} is not on the whitelist` };
  }
  if (CLASS_RANK[callClass] > CLASS_RANK[p.callClass]) {
    trace.push({ step: 'permission', callClass, allowed: false, why: `${req.caller} is limited to ${p.callClass} calls` });
    return { reason: 'class-of-service', detail: `rule ${rule.id} makes ${callClass} calls; ${req.caller} may make ${p.callClass} calls at most` };
  }
  if (p.maxOutbound > 0 && p.activeOutbound >= p.maxOutbound) {
    trace.push({ step: 'permission', callClass, allowed: false, why: `${req.caller} already has ${p.activeOutbound} outside call(s), the limit` });
    return { reason: 'outbound-limit', detail: `${req.caller} has ${p.activeOutbound} outside call(s) up; the limit is ${p.maxOutbound}` };
  }
  const cos = `${req.caller}'s class of service is ${p.callClass}`;
  trace.push({ step: 'permission', callClass, allowed: true, why: p.callClass === callClass ? cos : `${cos}, which includes ${callClass} calls` });
  return null;
}

function outboundCallerId(interSite: boolean, trunk: { name: string; callerIdMode: string; callerIdNumber: string | null }, caller: string, trace: TraceStep[]): string {
  if (!interSite && trunk.callerIdMode === 'trunk' && trunk.callerIdNumber) {
    trace.push({ step: 'caller-id', callerId: trunk.callerIdNumber, why: `trunk ${trunk.name} presents its number` });
    return trunk.callerIdNumber;
  }
  trace.push({ step: 'caller-id', callerId: caller, why: interSite ? 'inter-site trunk keeps the caller' : `trunk ${trunk.name} passes the caller through` });
  return caller;
}

/** One line per trace step, for the explain command and logs. */
export function formatTrace(decision: RouteDecision): string[] {
  const lines = decision.trace.map((s) => {
    switch (s.step) {
      case 'analyse':
        return s.rule
          ? `analyse  ${s.number} in ${s.context}: rule ${s.rule.id} "${s.rule.pattern}" -> ${s.rule.routeType}${s.rule.target ? ` ${s.rule.target}` : ''}`
          : `analyse  ${s.number} in ${s.context}: no rule matches`;
      case 'transform': {
        const t = s.transform;
        const what = t.op === 'insert' ? `insert "${t.text}" at ${t.start}` : t.op === 'delete' ? `delete ${t.length} at ${t.start}` : `replace ${t.length} at ${t.start} with "${t.text}"`;
        return `transform ${s.before} -> ${s.after} (${what})`;
      }
      case 'reanalyse':
        return `reanalyse ${s.number} in ${s.context}`;
      case 'normalize':
        return s.rule ? `normalize ${s.before} -> ${s.after} (trunk group ${s.trunkGroup}, rule ${s.rule.id} "${s.rule.pattern}")` : `normalize ${s.before} unchanged (trunk group ${s.trunkGroup}: no rule matches)`;
      case 'select-trunk':
        return `select   trunk group ${s.trunkGroup}: order ${s.candidates.join(',')}${s.skipped.map((k) => `; skip ${k.trunk} (${k.why})`).join('')} -> ${s.chosen ?? 'none'}${s.note ? ` (${s.note})` : ''}`;
      case 'caller-id':
        return `callerid ${s.callerId} (${s.why})`;
      case 'permission':
        return `permit   ${s.callClass} call ${s.allowed ? 'allowed' : 'REFUSED'} (${s.why})`;
    }
  });
  const d = decision.destination;
  lines.push(d.kind === 'reject' ? `result   REJECT ${d.reason}: ${d.detail}` : `result   ${describe(d)}`);
  return lines;
}

function describe(d: Exclude<Destination, { kind: 'reject' }>): string {
  switch (d.kind) {
    case 'extension': return `extension ${d.extension}, caller id ${d.callerId}`;
    case 'group': return `group ${d.group}, caller id ${d.callerId}`;
    case 'flow': return `flow ${d.flow}, caller id ${d.callerId}`;
    case 'trunk': return `trunk ${d.trunk}${d.trunkGroup ? ` (group ${d.trunkGroup})` : ''} dial ${d.number}, caller id ${d.callerId}`;
  }
}
