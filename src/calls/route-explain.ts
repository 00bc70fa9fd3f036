/**
 * Explains how a dialled number would be handled, without placing a call (R10): the route CLI
 * and GET /api/v1/routing/explain. Pure: the configuration comes in (the database's, or the one
 * the app runs on). Feature codes (*11 log in...) are handled by the app before routing, so they
 * are named as such rather than routed.
 */
import { matchFeatureCode, type FeatureCodes } from '../agents/feature-codes';
import { DEFAULT_PHONE_FEATURE_CODES, matchPhoneFeatureCode, type PhoneFeatureCodes } from '../phone-features/phone-features';
import { formatTrace, route, type CompiledTables, type RouteRequest } from '../routing';
import { identify, routeRequest, type Snapshot } from './call-plan';

export interface ExplainInput {
  /** The number dialled. */
  number: string;
  /** An extension or a trunk name: the call comes from there (its context, its permissions). */
  from?: string;
  /** A dial context, for a call from nowhere in particular. */
  context?: string;
  /** The caller's number as presented (calls from a trunk). */
  caller?: string;
}

/** Feature codes as configured (config section `features`), in-call codes included. */
export type ExplainFeatures = FeatureCodes & { transfer?: string; transferToGroup?: string; consult?: string };

export interface ExplainSource extends Snapshot {
  tables: CompiledTables;
  features: ExplainFeatures;
}

/** routed / rejected: the routing engine's answer; feature-code: handled by the app; bad-input: nothing to explain. */
export type ExplainOutcome = 'routed' | 'rejected' | 'feature-code' | 'bad-input';

export interface Explanation {
  outcome: ExplainOutcome;
  lines: string[];
  /** Why there is nothing to explain (bad-input only). */
  problem?: 'unknown-caller' | 'unknown-context' | 'context-conflict';
}

const FEATURE_WHAT: Record<string, string> = {
  login: 'log in (and become ready)', ready: 'ready', 'not-ready': 'not ready', logout: 'log out', pickup: 'pick up a ringing call',
};
const IN_CALL_WHAT: Record<string, string> = { transfer: 'transfer', transferToGroup: 'transfer to a group', consult: 'consultation hold' };

/** The dial contexts the configuration knows: those with rules, the accounts' and the trunks' own. */
export function knownContexts(s: ExplainSource): string[] {
  const all = new Set<string>(s.tables.byContext.keys());
  for (const a of s.accounts.values()) if (a.enabled) all.add(a.dialContext);
  for (const t of s.trunks.values()) if (t.enabled) all.add(t.inboundContext);
  return [...all].sort();
}

/** The process's exit code for an outcome: 0 handled, 1 refused, 2 nothing to explain. */
export function exitCodeOf(outcome: ExplainOutcome): number {
  return outcome === 'rejected' ? 1 : outcome === 'bad-input' ? 2 : 0;
}

export function explainRoute(input: ExplainInput, s: ExplainSource): Explanation {
  const bad = (problem: Explanation['problem'], line: string): Explanation => ({ outcome: 'bad-input', lines: [line], problem });
  const lines: string[] = [];
  let req: RouteRequest;
  if (input.from !== undefined) {
    const origin = identify(input.from, s);
    if (!origin) return bad('unknown-caller', `unknown or disabled caller "${input.from}" (not an enabled account nor an enabled trunk)`);
    const own = origin.kind === 'account' ? origin.account.dialContext : origin.trunk.inboundContext;
    if (input.context !== undefined && input.context !== own) {
      return bad('context-conflict', `--context ${input.context} does not apply: calls from ${input.from} are analysed in context ${own} (give --from or --context, not both)`);
    }
    if (origin.kind === 'account') {
      if (input.caller !== undefined) lines.push(`note     --caller is ignored: a call from account ${input.from} presents ${input.from}`);
      const feature = matchFeatureCode(input.number, s.features);
      if (feature) {
        const target = feature.kind === 'pickup' ? ` ${feature.target}` : feature.kind === 'not-ready' ? ` (reason ${feature.reason})` : '';
        lines.push(`caller ${input.from}, context ${own}, dialled ${JSON.stringify(input.number)}`);
        lines.push(`  feature  ${input.number} is a feature code: ${FEATURE_WHAT[feature.kind]}${target}`);
        lines.push(`  result   FEATURE CODE: the app handles it for agent ${input.from} when the phone dials it (not routed)`);
        return { outcome: 'feature-code', lines };
      }
      const phoneCodes: PhoneFeatureCodes = { ...DEFAULT_PHONE_FEATURE_CODES };
      for (const k of Object.keys(phoneCodes) as (keyof PhoneFeatureCodes)[]) {
        const v = (s.features as unknown as Partial<Record<string, unknown>>)[k];
        if (typeof v === 'string') phoneCodes[k] = v;
      }
      const phone = matchPhoneFeatureCode(input.number, phoneCodes);
      if (phone) {
        const what = phone.kind === 'group-pickup' ? 'pick up the call ringing in the own group' : `phone setting ${JSON.stringify(phone.change)}`;
        lines.push(`caller ${input.from}, context ${own}, dialled ${JSON.stringify(input.number)}`);
        lines.push(`  feature  ${input.number} is a phone feature code: ${what}`);
        lines.push(`  result   FEATURE CODE: the app handles it for phone ${input.from} when it dials it (not routed)`);
        return { outcome: 'feature-code', lines };
      }
      for (const [key, what] of Object.entries(IN_CALL_WHAT)) {
        const code = s.features[key as keyof ExplainFeatures];
        if (code && input.number.startsWith(code)) lines.push(`note     ${code} is an in-call code (${what}) during a call; dialled on its own it is routed like any number:`);
      }
      req = routeRequest(origin, input.from, '', input.number);
    } else {
      if (input.caller === undefined) lines.push(`note     no --caller given: the caller is shown as anonymous (give the number ${input.from} would present)`);
      req = routeRequest(origin, input.caller ?? 'anonymous', '', input.number);
    }
  } else {
    const context = input.context ?? 'agents';
    const known = knownContexts(s);
    if (!known.includes(context)) return bad('unknown-context', `unknown context "${context}": the configuration knows ${known.join(', ') || 'no context'}`);
    req = { caller: input.caller ?? 'anonymous', context, dialled: input.number };
  }
  lines.push(`caller ${req.caller}, context ${req.context}, dialled ${JSON.stringify(req.dialled)}`);
  const decision = route(req, s.tables, { trunkStatus: new Map(), roundRobin: new Map() });
  lines.push(...formatTrace(decision).map((l) => `  ${l}`));
  return { outcome: decision.destination.kind === 'reject' ? 'rejected' : 'routed', lines };
}
