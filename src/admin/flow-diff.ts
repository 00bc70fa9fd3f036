/** What changed between two versions of a flow, node by node (for the admin API and the editor). Pure. */

export interface FlowDiff {
  changed: boolean;
  /** Top-level fields other than nodes (start, language, layout...). */
  fields: { field: string; before: unknown; after: unknown }[];
  added: string[];
  removed: string[];
  modified: { node: string; before: unknown; after: unknown }[];
}

type Doc = Record<string, unknown>;

/** Stable JSON: objects with sorted keys, so key order never counts as a change. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Doc)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function flowDiff(before: Doc, after: Doc): FlowDiff {
  const fields: FlowDiff['fields'] = [];
  for (const f of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (f === 'nodes') continue;
    if (canonical(before[f]) !== canonical(after[f])) fields.push({ field: f, before: before[f] ?? null, after: after[f] ?? null });
  }
  const a = (before.nodes ?? {}) as Doc;
  const b = (after.nodes ?? {}) as Doc;
  const added = Object.keys(b).filter((n) => !Object.hasOwn(a, n)).sort();
  const removed = Object.keys(a).filter((n) => !Object.hasOwn(b, n)).sort();
  const modified = Object.keys(b).filter((n) => Object.hasOwn(a, n) && canonical(a[n]) !== canonical(b[n])).sort()
    .map((node) => ({ node, before: a[node], after: b[node] }));
  return { changed: fields.length + added.length + removed.length + modified.length > 0, fields, added, removed, modified };
}

/** Flows whose goto nodes name `flow` (they would break if it went). */
export function flowsGoingTo(flow: string, flows: readonly { name: string; definition: unknown }[]): string[] {
  const out: string[] = [];
  for (const f of flows) {
    if (f.name === flow) continue;
    let doc: unknown = f.definition;
    if (typeof doc === 'string') {
      try { doc = JSON.parse(doc); } catch { continue; }
    }
    const nodes = (doc as { nodes?: Record<string, { type?: string; flow?: string }> })?.nodes ?? {};
    if (Object.values(nodes).some((n) => n?.type === 'goto' && n.flow === flow)) out.push(f.name);
  }
  return out;
}
