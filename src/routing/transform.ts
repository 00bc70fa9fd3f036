/** Number transforms (delete / replace / insert at a position), applied in order. */
import type { TransformOp } from './types';

export class TransformError extends Error {}

/** Positions are 0-based; a start beyond the end is an error, a length running past it is clipped. */
export function applyTransform(number: string, t: TransformOp): string {
  if (!Number.isInteger(t.start) || t.start < 0) throw new TransformError(`start ${t.start} must be an integer >= 0`);
  if (t.start > number.length) throw new TransformError(`start ${t.start} is beyond the end of "${number}"`);
  switch (t.op) {
    case 'delete':
      checkLength(t.length);
      return number.slice(0, t.start) + number.slice(t.start + t.length);
    case 'replace':
      checkLength(t.length);
      return number.slice(0, t.start) + t.text + number.slice(t.start + t.length);
    case 'insert':
      return number.slice(0, t.start) + t.text + number.slice(t.start);
  }
}

function checkLength(length: number): void {
  if (!Number.isInteger(length) || length < 0) throw new TransformError(`length ${length} must be an integer >= 0`);
}

export function applyTransforms(number: string, transforms: readonly TransformOp[]): { result: string; steps: { before: string; after: string; transform: TransformOp }[] } {
  const steps: { before: string; after: string; transform: TransformOp }[] = [];
  let current = number;
  for (const t of transforms) {
    const after = applyTransform(current, t);
    steps.push({ before: current, after, transform: t });
    current = after;
  }
  return { result: current, steps };
}
