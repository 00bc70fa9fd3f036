/**
 * Validates routing tables and compiles their patterns once, so a broken row is
 * reported with its id when tables are loaded, never in the middle of a call.
 */
import { compilePattern, compareSpecificity, type CompiledPattern } from './pattern';
import type { DialRule, NormalizationRule, RoutingTables, Trunk, TrunkGroup, TransformOp } from './types';

export interface CompiledRule<R> { rule: R; pattern: CompiledPattern }

/** A context's rules indexed by their literal head: only rules whose head starts the number are tried. */
export interface ContextIndex {
  heads: ReadonlyMap<string, readonly number[]>;
  longestHead: number;
}

export interface CompiledTables {
  byContext: ReadonlyMap<string, CompiledRule<DialRule>[]>;
  index: ReadonlyMap<string, ContextIndex>;
  normalization: ReadonlyMap<string, CompiledRule<NormalizationRule>[]>;
  trunks: ReadonlyMap<string, Trunk>;
  trunkGroups: ReadonlyMap<string, TrunkGroup>;
  extensions: ReadonlySet<string>;
  groups: ReadonlySet<string>;
  flows: ReadonlySet<string>;
  whitelist: readonly CompiledPattern[];
}

export class RoutingConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`routing tables are invalid:\n  - ${problems.join('\n  - ')}`);
  }
}

function checkTransforms(where: string, transforms: TransformOp[], problems: string[]): void {
  transforms.forEach((t, i) => {
    if (!Number.isInteger(t.start) || t.start < 0) problems.push(`${where} transform ${i + 1}: start must be an integer >= 0`);
    if ((t.op === 'delete' || t.op === 'replace') && (!Number.isInteger(t.length) || t.length < 0)) {
      problems.push(`${where} transform ${i + 1}: length must be an integer >= 0`);
    }
    if ((t.op === 'replace' || t.op === 'insert') && !/^[0-9*#+]*$/.test(t.text)) {
      problems.push(`${where} transform ${i + 1}: text "${t.text}" may only hold digits, '*', '#', '+'`);
    }
  });
}

function sortBySpecificity<R extends { id: number }>(list: CompiledRule<R>[]): void {
  list.sort((a, b) => compareSpecificity(b.pattern.specificity, a.pattern.specificity) || a.rule.id - b.rule.id);
}

export function compileTables(t: RoutingTables): CompiledTables {
  const problems: string[] = [];
  const trunks = new Map(t.trunks.map((x) => [x.name, x]));
  const trunkGroups = new Map(t.trunkGroups.map((x) => [x.name, x]));
  for (const g of t.trunkGroups) {
    for (const name of g.trunks) if (!trunks.has(name)) problems.push(`trunk group ${g.name}: unknown trunk "${name}"`);
  }

  const byContext = new Map<string, CompiledRule<DialRule>[]>();
  for (const rule of t.rules) {
    const where = `dial rule ${rule.id} (${rule.context} ${rule.pattern})`;
    let pattern: CompiledPattern;
    try {
      pattern = compilePattern(rule.pattern);
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
      continue;
    }
    checkTransforms(where, rule.transforms, problems);
    if ((rule.routeType === 'trunk' || rule.routeType === 'site_trunk') && !trunks.has(rule.target)) {
      problems.push(`${where}: unknown trunk "${rule.target}"`);
    }
    if (rule.routeType === 'trunk_group' && !trunkGroups.has(rule.target)) {
      problems.push(`${where}: unknown trunk group "${rule.target}"`);
    }
    const list = byContext.get(rule.context) ?? [];
    list.push({ rule, pattern });
    byContext.set(rule.context, list);
  }
  for (const [context, list] of byContext) {
    sortBySpecificity(list);
    const seen = new Map<string, number>();
    for (const { rule } of list) {
      const first = seen.get(rule.pattern);
      if (first !== undefined) problems.push(`context ${context}: rules ${first} and ${rule.id} have the same pattern "${rule.pattern}"`);
      else seen.set(rule.pattern, rule.id);
    }
  }
  for (const rule of t.rules) {
    if (rule.reanalyze && rule.reanalyzeContext && !byContext.has(rule.reanalyzeContext)) {
      problems.push(`dial rule ${rule.id}: re-analysis context "${rule.reanalyzeContext}" has no rules`);
    }
  }

  const normalization = new Map<string, CompiledRule<NormalizationRule>[]>();
  for (const rule of t.normalization) {
    const where = `normalization rule ${rule.id} (${rule.trunkGroup} ${rule.pattern})`;
    if (!trunkGroups.has(rule.trunkGroup)) problems.push(`${where}: unknown trunk group "${rule.trunkGroup}"`);
    try {
      const list = normalization.get(rule.trunkGroup) ?? [];
      list.push({ rule, pattern: compilePattern(rule.pattern) });
      normalization.set(rule.trunkGroup, list);
    } catch (e) {
      problems.push(`${where}: ${(e as Error).message}`);
    }
    checkTransforms(where, rule.transforms, problems);
  }
  for (const list of normalization.values()) sortBySpecificity(list);

  const whitelist: CompiledPattern[] = [];
  for (const w of t.whitelist ?? []) {
    try {
      whitelist.push(compilePattern(w));
    } catch (e) {
      problems.push(`whitelist entry "${w}": ${(e as Error).message}`);
    }
  }

  if (problems.length > 0) throw new RoutingConfigError(problems);
  const index = new Map<string, ContextIndex>();
  for (const [context, list] of byContext) {
    const heads = new Map<string, number[]>();
    list.forEach((r, i) => heads.set(r.pattern.head, [...(heads.get(r.pattern.head) ?? []), i]));
    index.set(context, { heads, longestHead: Math.max(0, ...list.map((r) => r.pattern.head.length)) });
  }
  return { byContext, index, normalization, trunks, trunkGroups, extensions: t.extensions, groups: t.groups, flows: t.flows, whitelist };
}

/**
 * The first rule of a context (in specificity order) that matches the number, as a scan of the
 * whole list would find it, but trying only rules whose literal head starts the number.
 */
export function matchRule(tables: CompiledTables, context: string, number: string): CompiledRule<DialRule> | undefined {
  const list = tables.byContext.get(context);
  const idx = tables.index.get(context);
  if (!list || !idx) return undefined;
  let candidates: number[] = [];
  for (let k = Math.min(idx.longestHead, number.length); k >= 0; k--) {
    const hit = idx.heads.get(number.slice(0, k));
    if (hit) candidates = candidates.length ? candidates.concat(hit) : [...hit];
  }
  if (candidates.length > 1) candidates.sort((a, b) => a - b);
  for (const i of candidates) if (list[i].pattern.test(number)) return list[i];
  return undefined;
}
