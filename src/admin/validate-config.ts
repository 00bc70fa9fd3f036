/**
 * Validates a whole configuration the way the live reload does (routing tables, flows, groups,
 * Asterisk's PJSIP objects), but collects the problems of every stage instead of stopping at the
 * first: the admin API answers a refused write with all of them at once. Pure.
 */
import { compileTables, RoutingConfigError, type RoutingTables } from '../routing';
import { compileFlows, FlowSetError } from '../flows/flow-set';
import { validateGroups } from '../acd/groups';
import { accountSections, trunkSections, type PjsipOptions } from '../asterisk/pjsip-objects';
import type { TelephonyData } from '../domain';

/** One problem; a flow's problems also name the flow and the node (for the flow editor). */
export interface ConfigProblem { message: string; flow?: string; node?: string }

const PJSIP: PjsipOptions = { transport: 'transport-udp', context: 'callcenter-in' };

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function configProblems(raw: RoutingTables, telephony: TelephonyData): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  try {
    compileTables(raw);
  } catch (err) {
    if (err instanceof RoutingConfigError) problems.push(...err.problems.map((message) => ({ message })));
    else problems.push({ message: messageOf(err) });
  }
  problems.push(...targetProblems(raw).map((message) => ({ message })));
  // Flows are checked against the raw names, so a routing problem does not hide a flow's.
  let flowNames = new Set(telephony.flows.map((f) => f.name));
  try {
    flowNames = new Set(compileFlows(telephony.flows, { groups: raw.groups, extensions: raw.extensions }).keys());
  } catch (err) {
    if (!(err instanceof FlowSetError)) problems.push({ message: messageOf(err) });
    else {
      for (const e of err.errors) {
        for (const p of e.problems) {
          const node = /^nodes\.([^.:]+)/.exec(p)?.[1];
          problems.push({ message: `flow "${e.flow}": ${p}`, flow: e.flow, ...(node ? { node } : {}) });
        }
      }
    }
  }
  try {
    validateGroups(telephony.groups, flowNames);
  } catch (err) {
    problems.push(...messageOf(err).split('; ').map((message) => ({ message })));
  }
  for (const a of telephony.accounts) {
    if (!a.enabled) continue;
    try { accountSections(a, PJSIP); } catch (err) { problems.push({ message: messageOf(err) }); }
  }
  for (const t of telephony.trunks) {
    if (!t.enabled || t.technology !== 'pjsip') continue;
    try { trunkSections(t, PJSIP); } catch (err) { problems.push({ message: messageOf(err) }); }
  }
  return problems;
}

/**
 * Targets the live reload leaves to call time (the call is refused then): a group, flow or
 * extension rule naming nothing that exists. The admin API refuses them before they are saved.
 */
export function targetProblems(raw: RoutingTables): string[] {
  const out: string[] = [];
  for (const r of raw.rules) {
    const where = `dial rule ${r.id} (${r.context} ${r.pattern})`;
    if (r.routeType === 'group' && !raw.groups.has(r.target)) out.push(`${where}: unknown group "${r.target}"`);
    if (r.routeType === 'flow' && !raw.flows.has(r.target)) out.push(`${where}: unknown flow "${r.target}"`);
    if (r.routeType === 'extension' && r.target !== '' && !raw.extensions.has(r.target)) out.push(`${where}: no enabled account "${r.target}"`);
  }
  return out;
}
