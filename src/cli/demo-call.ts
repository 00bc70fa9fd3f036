/**
 * make demo-call: one call on the demo site with a simulated carrier and phones (src/demo).
 *   node dist/src/cli/demo-call.js --from 13800138000 --to 02566668888 --dtmf 1 --hold 10
 *   node dist/src/cli/demo-call.js --from 1001 --to 1003
 *   node dist/src/cli/demo-call.js --cleanup      (stops what an interrupted demo call left)
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { cleanupDemo, DEFAULT_OPTIONS, DemoError, parseOptions, runDemoCall, type Printer } from '../demo/demo-call';

const HELP = `make demo-call [FROM=..] [TO=..] [DTMF=..] [HOLD=..] [AGENT_ANSWER=no] [HANGUP=agent] [SCORE=1-5] [VIA=trunk]
  FROM          an outside number (comes in through VIA) or an extension 1001..1004 (default ${DEFAULT_OPTIONS.from})
  TO            the number dialled: the DID, an extension, 9 + number, 8 + number, 2xxx (default ${DEFAULT_OPTIONS.to})
  DTMF          keys the caller presses when the IVR answers; DTMF= presses none (default ${DEFAULT_OPTIONS.dtmf})
  HOLD          seconds of talk; with AGENT_ANSWER=no, seconds the caller waits before hanging up (default ${DEFAULT_OPTIONS.holdSec})
  AGENT_ANSWER  no: the phones ring but nobody answers (an abandoned call)
  HANGUP        agent: the agent's phone hangs up first (the caller then hears the survey); default caller
  SCORE         the key the caller presses in the survey (with HANGUP=agent)
  VIA           the trunk an outside caller comes in on (default ${DEFAULT_OPTIONS.via})
  CLEANUP=1     only stop what an interrupted demo call left running
Only on the demo site on loopback: README, "The first five minutes".`;

function printer(): Printer {
  const t0 = Date.now();
  const at = () => `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s]`;
  return {
    step: (text) => console.log(`==> ${text}`),
    info: (text) => console.log(`    ${at()} ${text}`),
    warn: (text) => console.log(`    ${at()} WARNING: ${text}`),
  };
}

let interrupted = false;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' }, to: { type: 'string' }, dtmf: { type: 'string' }, hold: { type: 'string' },
      'agent-answer': { type: 'string' }, hangup: { type: 'string' }, score: { type: 'string' }, via: { type: 'string' },
      cleanup: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  if (values.cleanup) {
    const stopped = await cleanupDemo(config);
    console.log(stopped.length ? `    stopped what a demo call left running: ${stopped.join(', ')}` : '    no demo call leftovers');
    return 0;
  }
  const options = parseOptions({ ...values, agentAnswer: values['agent-answer'] });
  const abort = new AbortController();
  const onSignal = () => {
    // The first Ctrl-C ends the call and stops the simulated parties; a second one leaves at once.
    if (interrupted) process.exit(130);
    interrupted = true;
    console.log('    interrupted: hanging up and stopping the simulated parties (Ctrl-C again to leave now)');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const out = printer();
  const result = await runDemoCall(config, options, out, abort.signal);
  console.log(`==> done: status ${result.status ?? 'unknown'} (docs/CALL-RECORDS.md). See it on http://${config.http.host}:${config.http.port}/dashboard, `
    + `the reports page (/reports) and: SELECT * FROM call_records WHERE guid = '${result.guid}'`);
  return 0;
}

main().then((code) => process.exit(code), (e) => {
  if (interrupted) {
    console.log('    interrupted: the call was hung up and nothing of the demo is left running');
    process.exit(130);
  }
  console.error(`ERROR: ${(e as Error).message}`);
  if (e instanceof DemoError) console.error(`What to do: ${e.hint}`);
  process.exit(1);
});
