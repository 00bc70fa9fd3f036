import { expect } from 'chai';
import pino from 'pino';
import { FlowRunner, type ChannelMedia, type FlowExit } from '../../src/flows/flow-runner';
import type { FlowCursor } from '../../src/flows/interpreter';
import { validateFlow } from '../../src/flows/validate';

/** Records what the runner asks of the channel; playbacks finish only when the test says so. */
class FakeMedia implements ChannelMedia {
  played: string[][] = [];
  stopped: string[] = [];
  async play(prompts: string[]): Promise<string> {
    this.played.push(prompts);
    return `pb${this.played.length}`;
  }
  async stopPlayback(id: string): Promise<void> {
    this.stopped.push(id);
  }
}

const refs = { groups: new Set(['sales', 'support']), extensions: new Set(['1001']), flows: new Set(['main']) };
const main = validateFlow('main', {
  start: 'menu',
  nodes: {
    menu: { type: 'menu', prompts: ['hello-world'], options: { 1: 'sales', 2: 'account' }, timeoutSec: 0.5, attempts: 2, noInput: 'sales', invalid: 'sales' },
    account: { type: 'collect', prompts: ['vm-enter-num-to-call'], variable: 'account', maxDigits: 6, timeoutSec: 0.5, next: 'support' },
    sales: { type: 'queue', group: 'sales' },
    support: { type: 'queue', group: 'support' },
  },
}, refs);

function setup() {
  const media = new FakeMedia();
  let work: Promise<void> = Promise.resolve();
  let done!: (v: { how: FlowExit; cursor: FlowCursor }) => void;
  const exited = new Promise<{ how: FlowExit; cursor: FlowCursor }>((resolve, reject) => {
    done = resolve;
    setTimeout(() => reject(new Error('the flow did not exit within 3 s')), 3000).unref();
  });
  const runner = new FlowRunner(media, new Map([['main', main]]), pino({ level: 'silent' }), (w) => { work = work.then(w); }, async (how, cursor) => done({ how, cursor }));
  return { media, runner, exited };
}

describe('flow runner (prompts, DTMF, timeouts) with a fake channel', () => {
  it('given a key during the menu prompt then the prompt stops and the call goes to that option', async () => {
    const { media, runner, exited } = setup();
    await runner.start('main', {});
    expect(media.played).to.deep.equal([['hello-world']]);
    await runner.onDtmf('1');
    const { how } = await exited;
    expect(media.stopped).to.deep.equal(['pb1']);
    expect(how).to.deep.equal({ kind: 'queue', group: 'sales' });
  });

  it('given digits then # in a collect node then the digits are stored and a late PlaybackFinished is ignored', async () => {
    const { media, runner, exited } = setup();
    await runner.start('main', {});
    await runner.onPlaybackFinished('pb1');
    await runner.onDtmf('2');
    expect(media.played[1]).to.deep.equal(['vm-enter-num-to-call']);
    await runner.onDtmf('4');
    await runner.onPlaybackFinished('pb2'); // finished after being stopped: not a second timeout start
    await runner.onDtmf('2');
    await runner.onDtmf('#');
    const { how, cursor } = await exited;
    expect(how).to.deep.equal({ kind: 'queue', group: 'support' });
    expect(cursor.vars.account).to.equal('42');
  });

  it('given no key at all then the menu plays twice and the call goes to the no-input node', async () => {
    const { media, runner, exited } = setup();
    await runner.start('main', {});
    await runner.onPlaybackFinished('pb1');
    await new Promise<void>((resolve, reject) => {
      const t = setInterval(() => { if (media.played.length === 2) { clearInterval(t); resolve(); } }, 10);
      setTimeout(() => { clearInterval(t); reject(new Error('menu not replayed within 2 s')); }, 2000).unref();
    });
    await runner.onPlaybackFinished('pb2');
    const { how } = await exited;
    expect(media.played).to.have.length(2);
    expect(how).to.deep.equal({ kind: 'queue', group: 'sales' });
  });

  it('given the runner is stopped then keys and playback ends change nothing', async () => {
    const { media, runner } = setup();
    await runner.start('main', {});
    runner.stop();
    await runner.onDtmf('1');
    await runner.onPlaybackFinished('pb1');
    expect(media.played).to.have.length(1);
    expect(media.stopped).to.deep.equal(['pb1']);
  });
});
