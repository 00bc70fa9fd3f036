/**
 * Flow validation (C2): structure (schema) and meaning (every node reference, group, extension
 * and flow exists; regular expressions compile). All problems are reported at once, each with
 * its path, so an integrator can fix a flow in one go.
 */
import { flowSchema, type Flow, type FlowNode } from './flow-schema';

export interface FlowReferences {
  groups: ReadonlySet<string>;
  extensions: ReadonlySet<string>;
  flows: ReadonlySet<string>;
}

export class FlowValidationError extends Error {
  constructor(readonly flow: string, readonly problems: string[]) {
    super(`flow "${flow}" is invalid: ${problems.join('; ')}`);
  }
}

/** Node names a node can continue to. */
export function successors(node: FlowNode): string[] {
  switch (node.type) {
    case 'play': case 'set': return [node.next];
    case 'menu': return [...Object.values(node.options), node.noInput, node.invalid].filter((n): n is string => !!n);
    case 'collect': return [node.next, node.noInput, node.invalid].filter((n): n is string => !!n);
    case 'time': return [...node.rules.map((r) => r.next), node.default];
    case 'branch': return [...Object.values(node.cases), node.default];
    default: return [];
  }
}

export function validateFlow(name: string, raw: unknown, refs: FlowReferences): Flow {
  let doc = raw;
  if (typeof raw === 'string') {
    try {
      doc = JSON.parse(raw);
    } catch (err) {
      throw new FlowValidationError(name, [`not valid JSON: ${(err as Error).message}`]);
    }
  }
  const parsed = flowSchema.safeParse(doc);
  if (!parsed.success) {
    // A bad record key carries the reason (e.g. "a menu option is one key") in a nested issue.
    const reason = (i: { message: string; issues?: { message: string }[] }) => i.issues?.[0]?.message ?? i.message;
    throw new FlowValidationError(name, parsed.error.issues.map((i) => `${i.path.join('.') || '(flow)'}: ${reason(i as never)}`));
  }
  const flow = parsed.data;
  const problems: string[] = [];
  if (!Object.hasOwn(flow.nodes, flow.start)) problems.push(`start: no node named "${flow.start}"`);
  for (const [id, node] of Object.entries(flow.nodes)) {
    const at = `nodes.${id}`;
    for (const next of successors(node)) if (!Object.hasOwn(flow.nodes, next)) problems.push(`${at}: no node named "${next}"`);
    if (node.type === 'queue' && !refs.groups.has(node.group)) problems.push(`${at}.group: no agent group "${node.group}"`);
    if (node.type === 'transfer' && !refs.extensions.has(node.extension)) problems.push(`${at}.extension: no enabled extension "${node.extension}"`);
    if (node.type === 'goto' && !refs.flows.has(node.flow)) problems.push(`${at}.flow: no flow "${node.flow}"`);
    if (node.type === 'collect' && node.valid !== undefined) {
      try {
        new RegExp(node.valid);
      } catch {
        problems.push(`${at}.valid: not a valid regular expression`);
      }
    }
    if (node.type === 'time') {
      node.rules.forEach((r, i) => { if (r.from >= r.to) problems.push(`${at}.rules.${i}: from ${r.from} is not before to ${r.to} (split a range over midnight into two rules)`); });
    }
  }
  if (problems.length) throw new FlowValidationError(name, problems);
  return { ...flow, name };
}
