/** Prints the heaviest functions of a V8 .cpuprofile (self time, and time by package). Usage: node profile-summary.js FILE */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const prof = JSON.parse(readFileSync(process.argv[2], 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const self = new Map<number, number>();
prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
const byFn = new Map<string, number>();
const byPkg = new Map<string, number>();
let total = 0;
for (const n of prof.nodes) {
  const us = self.get(n.id) ?? 0;
  total += us;
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const key = `${n.callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.includes('/dist/src/') ? 'product' : url.startsWith('node:') ? 'node' : n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : 'other');
  byPkg.set(pkg, (byPkg.get(pkg) ?? 0) + us);
}
// Node internals and V8 builtins are charged to the nearest caller that is a package or the product.
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const nodeById = new Map(prof.nodes.map((n) => [n.id, n]));
const owner = (id: number): string => {
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const url = nodeById.get(cur)!.callFrame.url;
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg) return pkg;
    if (url.includes('/dist/src/')) return 'product';
    if (url.includes('/dist/bench/')) return 'bench harness';
  }
  return nodeById.get(id)!.callFrame.functionName || 'node';
};
const charged = new Map<string, number>();
for (const [id, us] of self) charged.set(owner(id), (charged.get(owner(id)) ?? 0) + us);
const top = (m: Map<string, number>, k: number) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k)
  .map(([name, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`).join('\n');
console.log(`total ${(total / 1000).toFixed(0)} ms\n-- by package (self)\n${top(byPkg, 15)}\n-- charged to the nearest package\n${top(charged, 15)}\n-- by function (self)\n${top(byFn, 30)}`);
