/**
 * Simulates a campaign with the real pacing (issue 22, docs/CAMPAIGNS.md): how many calls
 * progressive and predictive dialling connect, how busy the agents are and the abandon rate.
 *
 *   node dist/src/cli/campaign-simulate.js [--agents 20] [--answer 0.25] [--handle 120] [--cap 3] [--hours 8] [--seed 22]
 *   node dist/src/cli/campaign-simulate.js --table     # the table of docs/CAMPAIGNS.md
 */
import { simulate, type SimulationParams } from '../campaigns/simulation';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v <= 0) {
    process.stderr.write(`--${name} takes a positive number\n`);
    process.exit(2);
  }
  return v;
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

function row(p: SimulationParams): string {
  const prog = simulate({ ...p, mode: 'progressive' });
  const pred = simulate({ ...p, mode: 'predictive' });
  return `| ${p.agents} | ${pct(p.answerRate)} | ${p.avgHandleSec} s | ${prog.answered} | ${pct(prog.occupancy)} | ${pred.answered} | ${pct(pred.occupancy)} | ${pred.abandoned} | ${pct(pred.abandonRate)} | ${pct(pred.worstRate)} |`;
}

const base: SimulationParams = {
  mode: 'predictive', agents: Math.round(arg('agents', 20)), answerRate: arg('answer', 0.25), avgHandleSec: arg('handle', 120), ringSpreadSec: 15,
  abandonCap: arg('cap', 3) / 100, maxLines: 500, durationSec: Math.round(arg('hours', 8) * 3600), seed: Math.round(arg('seed', 22)),
};
process.stdout.write(`cap ${pct(base.abandonCap)}, ${base.durationSec / 3600} h, seed ${base.seed}\n`);
process.stdout.write('| agents | answer rate | handle time | progressive: answered | occupancy | predictive: answered | occupancy | abandoned | abandon rate | worst rate at any time |\n|---|---|---|---|---|---|---|---|---|---|\n');
if (process.argv.includes('--table')) {
  for (const agents of [2, 10, 30]) for (const answerRate of [0.15, 0.3, 0.6]) process.stdout.write(`${row({ ...base, agents, answerRate })}\n`);
} else {
  process.stdout.write(`${row(base)}\n`);
}
