/**
 * Compiles every flow row of a configuration at once (C2): all flows are validated together,
 * and one bad flow rejects the change as a whole, so the last good configuration stays.
 */
import type { Flow } from './flow-schema';
import type { FlowSet } from './interpreter';
import { FlowValidationError, validateFlow, type FlowReferences } from './validate';

export class FlowSetError extends Error {
  constructor(readonly errors: FlowValidationError[]) {
    super(errors.map((e) => e.message).join(' | '));
  }
}

export function compileFlows(rows: readonly { name: string; definition: string }[], refs: Omit<FlowReferences, 'flows'>): FlowSet {
  const names = new Set(rows.map((r) => r.name));
  const flows = new Map<string, Flow>();
  const errors: FlowValidationError[] = [];
  for (const row of rows) {
    try {
      flows.set(row.name, validateFlow(row.name, row.definition, { ...refs, flows: names }));
    } catch (err) {
      if (err instanceof FlowValidationError) errors.push(err);
      else throw err;
    }
  }
  if (errors.length) throw new FlowSetError(errors);
  return flows;
}
