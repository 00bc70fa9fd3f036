import { expect } from 'chai';
import { continueFlow, FlowRuntimeError, interpolate, startFlow, timeRuleMatches, type FlowSet } from '../../src/flows/interpreter';
import { validateFlow } from '../../src/flows/validate';
import type { Flow } from '../../src/flows/flow-schema';

const refs = { groups: new Set(['sales', 'support']), extensions: new Set(['1001']), flows: new Set(['main', 'hours', 'loop', 'lang']) };
const flows: FlowSet = new Map<string, Flow>([
  ['main', validateFlow('main', {
    start: 'welcome',
    nodes: {
      welcome: { type: 'menu', prompts: ['hello-world'], options: { 1: 'sales', 2: 'support', 9: 'more' }, timeoutSec: 3, attempts: 2, invalidPrompts: ['pbx-invalid'], noInput: 'sales', invalid: 'sales' },
      more: { type: 'collect', prompts: ['vm-enter-num-to-call'], variable: 'account', maxDigits: 6, valid: '[0-9]{4}', attempts: 2, next: 'who', invalid: 'bye' },
      who: { type: 'set', variable: 'note', value: 'account ${account} from ${caller}', next: 'route' },
      route: { type: 'branch', variable: 'account', cases: { 1234: 'support' }, default: 'sales' },
      sales: { type: 'queue', group: 'sales' },
      support: { type: 'queue', group: 'support' },
      bye: { type: 'hangup', prompts: ['vm-goodbye'] },
    },
  }, refs)],
  ['hours', validateFlow('hours', {
    start: 'h',
    nodes: {
      h: { type: 'time', rules: [{ dates: ['2026-12-25'], next: 'closed' }, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', next: 'open' }], default: 'closed' },
      open: { type: 'goto', flow: 'main' },
      closed: { type: 'hangup' },
    },
  }, refs)],
  ['loop', validateFlow('loop', { start: 'a', nodes: { a: { type: 'set', variable: 'x', value: '1', next: 'b' }, b: { type: 'set', variable: 'y', value: '2', next: 'a' } } }, refs)],
  ['lang', validateFlow('lang', { start: 's', nodes: { s: { type: 'set', variable: 'language', value: 'zh', next: 'p' }, p: { type: 'play', prompts: { en: ['hello-world'], zh: ['file:ni-hao'] }, next: 'e' }, e: { type: 'hangup' } } }, refs)],
]);
const monday10 = new Date(2026, 10, 23, 10, 0);
const saturday10 = new Date(2026, 10, 28, 10, 0);

describe('flow interpreter', () => {
  const start = () => startFlow(flows, 'main', { caller: '13800138000' }, monday10);

  it('given the menu then the first action asks for one key with the prompt and timeout', () => {
    expect(start().action).to.deep.equal({ kind: 'input', prompts: ['hello-world'], language: 'en', maxDigits: 1, terminator: null, timeoutMs: 3000 });
  });
  it('given key 1 or 2 then the call queues to sales or support and the key is remembered', () => {
    const one = continueFlow(flows, start().cursor, { kind: 'digits', digits: '1' }, monday10);
    expect(one.action).to.deep.equal({ kind: 'queue', group: 'sales' });
    expect(one.cursor.vars.menu_welcome).to.equal('1');
    expect(continueFlow(flows, start().cursor, { kind: 'digits', digits: '2' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'support' });
  });
  it('given no key once then the menu is offered again; twice then sales', () => {
    const again = continueFlow(flows, start().cursor, { kind: 'timeout' }, monday10);
    expect(again.cursor).to.include({ node: 'welcome', attempt: 1 });
    expect(again.action).to.include({ kind: 'input' });
    expect((again.action as { prompts: string[] }).prompts).to.deep.equal(['hello-world']);
    expect(continueFlow(flows, again.cursor, { kind: 'timeout' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'sales' });
  });
  it('given a wrong key then the invalid prompt comes first on the retry; a second wrong key goes to sales', () => {
    const again = continueFlow(flows, start().cursor, { kind: 'digits', digits: '7' }, monday10);
    expect((again.action as { prompts: string[] }).prompts).to.deep.equal(['pbx-invalid', 'hello-world']);
    expect(continueFlow(flows, again.cursor, { kind: 'digits', digits: '7' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'sales' });
  });
  it('given collected digits then they are validated, stored, interpolated and branched on', () => {
    const collect = continueFlow(flows, start().cursor, { kind: 'digits', digits: '9' }, monday10);
    expect(collect.action).to.include({ kind: 'input', maxDigits: 6, terminator: '#' });
    const done = continueFlow(flows, collect.cursor, { kind: 'digits', digits: '1234' }, monday10);
    expect(done.action).to.deep.equal({ kind: 'queue', group: 'support' });
    expect(done.cursor.vars).to.include({ account: '1234', note: 'account 1234 from 13800138000' });
    const other = continueFlow(flows, collect.cursor, { kind: 'digits', digits: '5678' }, monday10);
    expect(other.action).to.deep.equal({ kind: 'queue', group: 'sales' });
  });
  it('given invalid digits twice in collect then the invalid node plays its goodbye and hangs up', () => {
    const collect = continueFlow(flows, start().cursor, { kind: 'digits', digits: '9' }, monday10);
    const retry = continueFlow(flows, collect.cursor, { kind: 'digits', digits: '12' }, monday10);
    expect(retry.cursor.attempt).to.equal(1);
    expect(continueFlow(flows, retry.cursor, { kind: 'digits', digits: '12' }, monday10).action).to.deep.equal({ kind: 'hangup', prompts: ['vm-goodbye'], language: 'en' });
  });
  it('given no input and no noInput node in collect then the call hangs up', () => {
    const collect = continueFlow(flows, start().cursor, { kind: 'digits', digits: '9' }, monday10);
    const retry = continueFlow(flows, collect.cursor, { kind: 'timeout' }, monday10);
    expect(continueFlow(flows, retry.cursor, { kind: 'timeout' }, monday10).action.kind).to.equal('hangup');
  });
  it('given business hours then a weekday morning goes to the main flow, a Saturday and a holiday are closed', () => {
    expect(startFlow(flows, 'hours', {}, monday10).cursor).to.include({ flow: 'main', node: 'welcome' });
    expect(startFlow(flows, 'hours', {}, saturday10).action.kind).to.equal('hangup');
    expect(startFlow(flows, 'hours', {}, new Date(2026, 11, 25, 10, 0)).action.kind).to.equal('hangup');
  });
  it('given a time rule then from is inclusive and to exclusive', () => {
    const rule = { days: ['mon' as const], from: '09:00', to: '18:00' };
    expect(timeRuleMatches(rule, new Date(2026, 10, 23, 9, 0))).to.equal(true);
    expect(timeRuleMatches(rule, new Date(2026, 10, 23, 17, 59))).to.equal(true);
    expect(timeRuleMatches(rule, new Date(2026, 10, 23, 18, 0))).to.equal(false);
  });
  it('given a loop of set nodes then the interpreter stops with a FlowRuntimeError', () => {
    expect(() => startFlow(flows, 'loop', {}, monday10)).to.throw(FlowRuntimeError, /without waiting/);
  });
  it('given the language variable then the prompts of that language are chosen', () => {
    expect(startFlow(flows, 'lang', {}, monday10).action).to.deep.equal({ kind: 'play', prompts: ['file:ni-hao'], language: 'zh', interruptible: false });
  });
  it('given the language variable names an Object property then the first language is used, not a crash', () => {
    const greet = validateFlow('greet', { start: 'p', nodes: { p: { type: 'play', prompts: { en: ['hello-world'], zh: ['file:ni-hao'] }, next: 'e' }, e: { type: 'hangup' } } }, refs);
    const step = startFlow(new Map([['greet', greet]]), 'greet', { language: 'constructor' }, monday10);
    expect(step.action).to.deep.include({ kind: 'play', prompts: ['hello-world'] });
  });
  it('given an unknown flow then starting it fails clearly', () => {
    expect(() => startFlow(flows, 'ghost', {}, monday10)).to.throw(FlowRuntimeError, 'no flow "ghost"');
  });
  it('given text with variables then unknown ones become empty', () => {
    expect(interpolate('${a}-${b}', { a: 'x' })).to.equal('x-');
  });
});
