/**
 * A draft rule set on top of the saved routing tables, for "route explain" before saving. Pure.
 * A draft with an id replaces that saved rule (enabled false: the rule is left out); one without
 * an id is added; `remove` leaves saved rules out.
 */
import type { DialRule, RouteType, TransformOp, RoutingTables, CallClass } from '../routing';

export interface DraftRule {
  id?: number;
  context: string;
  pattern: string;
  route_type: RouteType;
  target?: string;
  reanalyze?: boolean;
  reanalyze_context?: string | null;
  enabled?: boolean;
  description?: string;
  call_class?: CallClass | null;
  transforms?: { seq: number; op: 'delete' | 'replace' | 'insert'; start_pos: number; length?: number; text?: string }[];
}

function toTransform(t: NonNullable<DraftRule['transforms']>[number]): TransformOp {
  switch (t.op) {
    case 'delete': return { op: 'delete', start: t.start_pos, length: t.length ?? 0 };
    case 'replace': return { op: 'replace', start: t.start_pos, length: t.length ?? 0, text: t.text ?? '' };
    default: return { op: 'insert', start: t.start_pos, text: t.text ?? '' };
  }
}

export function withDraftRules(saved: RoutingTables, drafts: readonly DraftRule[], remove: readonly number[] = []): RoutingTables {
  const replaced = new Set([...remove, ...drafts.filter((d) => d.id !== undefined).map((d) => d.id!)]);
  let next = Math.max(0, ...saved.rules.map((r) => r.id), ...drafts.map((d) => d.id ?? 0)) + 1;
  const rules: DialRule[] = saved.rules.filter((r) => !replaced.has(r.id));
  for (const d of drafts) {
    if (d.enabled === false) continue;
    rules.push({
      id: d.id ?? next++, context: d.context, pattern: d.pattern, routeType: d.route_type, target: d.target ?? '',
      transforms: [...(d.transforms ?? [])].sort((a, b) => a.seq - b.seq).map(toTransform),
      reanalyze: d.reanalyze ?? false, reanalyzeContext: d.reanalyze_context ?? null, description: d.description ?? '', callClass: d.call_class ?? null,
    });
  }
  return { ...saved, rules: rules.sort((a, b) => a.id - b.id) };
}
