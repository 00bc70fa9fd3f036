import { expect } from 'chai';
import { startFlow, continueFlow, interpolate, timeRuleMatches, FlowRuntimeError, type FlowCursor, type FlowSet, type FlowStep } from '../../src/flows/interpreter';
import { validateFlow, type FlowReferences } from '../../src/flows/validate';
import type { Day, Flow } from '../../src/flows/flow-schema';

const refs: FlowReferences = { groups: new Set(['sales', 'support', 'vip']), extensions: new Set(['1001']), flows: new Set(['main', 'other', 'ping', 'pong', 'hours']) };

/** Validated flows by name, as the flow runner holds them. */
function flowSet(docs: Record<string, unknown>): FlowSet {
  return new Map<string, Flow>(Object.entries(docs).map(([name, doc]) => [name, validateFlow(name, doc, refs)]));
}

/** The demo's main menu. */
const demo = flowSet({
  main: {
    start: 'welcome',
    nodes: {
      welcome: { type: 'play', prompts: ['welcome'], next: 'menu' },
      menu: {
        type: 'menu', prompts: ['press-1-sales', 'press-2-support'], options: { 1: 'sales', 2: 'support' },
        attempts: 2, noInput: 'sales', invalid: 'sales', invalidPrompts: ['option-is-invalid'],
      },
      sales: { type: 'queue', group: 'sales' },
      support: { type: 'queue', group: 'support' },
    },
  },
});

const monday10 = new Date(2026, 10, 23, 10, 0); // Monday 23 November 2026, 10:00 local time
const saturday10 = new Date(2026, 10, 28, 10, 0);
const caller = { caller: '13800000000', callee: '4000' };

/** Starts the demo and plays the welcome to its end: the caller is at the menu. */
function atMenu(): FlowStep {
  const start = startFlow(demo, 'main', caller, monday10);
  return continueFlow(demo, start.cursor, { kind: 'done' }, monday10);
}

describe('flow interpreter', () => {
  describe('the demo menu', () => {
    it('given a call when the flow starts then the welcome prompt plays, not interruptible, in the flow language', () => {
      const s = startFlow(demo, 'main', caller, monday10);
      expect(s.cursor).to.deep.equal({ flow: 'main', node: 'welcome', attempt: 0, vars: caller });
      expect(s.action).to.deep.equal({ kind: 'play', prompts: ['welcome'], language: 'en', interruptible: false });
    });
    it('given the welcome has played then the menu waits for one key with the default 5 s timeout', () => {
      const s = atMenu();
      expect(s.cursor).to.deep.equal({ flow: 'main', node: 'menu', attempt: 0, vars: caller });
      expect(s.action).to.deep.equal({ kind: 'input', prompts: ['press-1-sales', 'press-2-support'], language: 'en', maxDigits: 1, terminator: null, timeoutMs: 5_000 });
    });
    it('given the menu when the caller presses 1 then the call is queued for sales and the key is kept in menu_menu', () => {
      const s = continueFlow(demo, atMenu().cursor, { kind: 'digits', digits: '1' }, monday10);
      expect(s.action).to.deep.equal({ kind: 'queue', group: 'sales' });
      expect(s.cursor).to.deep.equal({ flow: 'main', node: 'sales', attempt: 0, vars: { ...caller, menu_menu: '1' } });
    });
    it('given the menu when the caller presses 2 then the call is queued for support', () => {
      const s = continueFlow(demo, atMenu().cursor, { kind: 'digits', digits: '2' }, monday10);
      expect(s.action).to.deep.equal({ kind: 'queue', group: 'support' });
      expect(s.cursor.vars.menu_menu).to.equal('2');
    });
    it('given the menu when several digits arrive then only the first key counts', () => {
      const s = continueFlow(demo, atMenu().cursor, { kind: 'digits', digits: '21' }, monday10);
      expect(s.action).to.deep.equal({ kind: 'queue', group: 'support' });
      expect(s.cursor.vars.menu_menu).to.equal('2');
    });
    it('given the menu when it times out once then the same menu is offered again as attempt 1, without the invalid prompt', () => {
      const s = continueFlow(demo, atMenu().cursor, { kind: 'timeout' }, monday10);
      expect(s.cursor).to.deep.equal({ flow: 'main', node: 'menu', attempt: 1, vars: caller });
      expect(s.action).to.deep.equal({ kind: 'input', prompts: ['press-1-sales', 'press-2-support'], language: 'en', maxDigits: 1, terminator: null, timeoutMs: 5_000 });
    });
    it('given the menu when it times out twice then noInput is taken: the call goes to sales', () => {
      const once = continueFlow(demo, atMenu().cursor, { kind: 'timeout' }, monday10);
      const twice = continueFlow(demo, once.cursor, { kind: 'timeout' }, monday10);
      expect(twice.action).to.deep.equal({ kind: 'queue', group: 'sales' });
      expect(twice.cursor).to.include({ node: 'sales', attempt: 0 });
      expect(twice.cursor.vars).to.not.have.property('menu_menu');
    });
    it('given the menu when the caller presses a wrong key then the menu is offered again with the invalid prompt first', () => {
      const s = continueFlow(demo, atMenu().cursor, { kind: 'digits', digits: '9' }, monday10);
      expect(s.cursor).to.include({ node: 'menu', attempt: 1 });
      expect(s.action).to.deep.include({ kind: 'input', prompts: ['option-is-invalid', 'press-1-sales', 'press-2-support'] });
    });
    it('given the menu when the caller presses a wrong key twice then invalid is taken: the call goes to sales', () => {
      const once = continueFlow(demo, atMenu().cursor, { kind: 'digits', digits: '9' }, monday10);
      const twice = continueFlow(demo, once.cursor, { kind: 'digits', digits: '*' }, monday10);
      expect(twice.action).to.deep.equal({ kind: 'queue', group: 'sales' });
    });
    it('given a wrong key then a correct key on the retry then the correct choice is taken', () => {
      const once = continueFlow(demo, atMenu().cursor, { kind: 'digits', digits: '9' }, monday10);
      expect(continueFlow(demo, once.cursor, { kind: 'digits', digits: '2' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'support' });
    });
    it('given the menu when the prompt ends with no key (done) then it counts as no input', () => {
      const s = continueFlow(demo, atMenu().cursor, { kind: 'done' }, monday10);
      expect(s.cursor).to.include({ node: 'menu', attempt: 1 });
      expect((s.action as { prompts: string[] }).prompts).to.deep.equal(['press-1-sales', 'press-2-support']);
    });
    it('given a flow step then the cursor passed in and its variables are not changed', () => {
      const c = atMenu().cursor;
      const copy = structuredClone(c);
      continueFlow(demo, c, { kind: 'digits', digits: '1' }, monday10);
      continueFlow(demo, c, { kind: 'timeout' }, monday10);
      expect(c).to.deep.equal(copy);
    });
  });

  describe('menus and their fallbacks', () => {
    const flows = flowSet({
      main: {
        start: 'm',
        nodes: {
          m: { type: 'menu', prompts: ['choose'], options: { 1: 'q', '#': 'op', '*': 'q' }, timeoutSec: 8, invalid: 'q' },
          q: { type: 'queue', group: 'sales' },
          op: { type: 'transfer', extension: '1001' },
        },
      },
      other: {
        start: 'm',
        nodes: { m: { type: 'menu', prompts: ['choose'], options: { 1: 'q' }, attempts: 1, noInput: 'q' }, q: { type: 'queue', group: 'sales' } },
      },
    });
    it('given a menu with the default 3 attempts then it is offered three times before the fallback', () => {
      let s = startFlow(flows, 'main', {}, monday10);
      expect(s.action).to.include({ kind: 'input', timeoutMs: 8_000 });
      s = continueFlow(flows, s.cursor, { kind: 'digits', digits: '5' }, monday10);
      expect(s.cursor.attempt).to.equal(1);
      s = continueFlow(flows, s.cursor, { kind: 'timeout' }, monday10);
      expect(s.cursor.attempt).to.equal(2);
      s = continueFlow(flows, s.cursor, { kind: 'digits', digits: '5' }, monday10);
      expect(s.action).to.deep.equal({ kind: 'queue', group: 'sales' });
    });
    it('given a menu without noInput when every attempt times out then the call is hung up where it is', () => {
      let s = startFlow(flows, 'main', { caller: '1' }, monday10);
      s = continueFlow(flows, s.cursor, { kind: 'timeout' }, monday10);
      s = continueFlow(flows, s.cursor, { kind: 'timeout' }, monday10);
      s = continueFlow(flows, s.cursor, { kind: 'timeout' }, monday10);
      expect(s.action).to.deep.equal({ kind: 'hangup', prompts: [], language: 'en' });
      expect(s.cursor).to.deep.equal({ flow: 'main', node: 'm', attempt: 2, vars: { caller: '1' } });
    });
    it('given a menu without invalid when the only attempt gets a wrong key then the call is hung up', () => {
      const s = continueFlow(flows, startFlow(flows, 'other', {}, monday10).cursor, { kind: 'digits', digits: '7' }, monday10);
      expect(s.action).to.deep.equal({ kind: 'hangup', prompts: [], language: 'en' });
    });
    it('given a menu with one attempt when it times out then noInput is taken at once', () => {
      expect(continueFlow(flows, startFlow(flows, 'other', {}, monday10).cursor, { kind: 'timeout' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'sales' });
    });
    it('given a menu without invalidPrompts when a wrong key is pressed then the menu prompts are repeated unchanged', () => {
      const s = continueFlow(flows, startFlow(flows, 'main', {}, monday10).cursor, { kind: 'digits', digits: '5' }, monday10);
      expect((s.action as { prompts: string[] }).prompts).to.deep.equal(['choose']);
    });
    it('given the keys # and * as options then they are choices like digits', () => {
      const c = startFlow(flows, 'main', {}, monday10).cursor;
      expect(continueFlow(flows, c, { kind: 'digits', digits: '#' }, monday10).action).to.deep.equal({ kind: 'transfer', extension: '1001', timeoutSec: 30 });
      expect(continueFlow(flows, c, { kind: 'digits', digits: '*' }, monday10).cursor.vars).to.deep.equal({ menu_m: '*' });
    });
  });

  describe('collect', () => {
    const flows = flowSet({
      main: {
        start: 'ask',
        nodes: {
          ask: { type: 'collect', prompts: ['enter-account'], variable: 'account', maxDigits: 4, timeoutSec: 10, valid: '[0-9]{4}', attempts: 2, invalidPrompts: ['invalid'], next: 'thanks', noInput: 'op', invalid: 'bad' },
          thanks: { type: 'play', prompts: ['thank-you'], interruptible: true, next: 'q' },
          q: { type: 'queue', group: 'support' },
          op: { type: 'transfer', extension: '1001' },
          bad: { type: 'hangup', prompts: ['goodbye'] },
        },
      },
      other: {
        start: 'ask',
        nodes: {
          ask: { type: 'collect', prompts: ['enter'], variable: 'pin', terminator: 'none', next: 'q' },
          q: { type: 'queue', group: 'support' },
        },
      },
    });
    it('given a collect node then the input action has its digits, terminator and timeout', () => {
      expect(startFlow(flows, 'main', {}, monday10).action).to.deep.equal({ kind: 'input', prompts: ['enter-account'], language: 'en', maxDigits: 4, terminator: '#', timeoutMs: 10_000 });
      expect(startFlow(flows, 'other', {}, monday10).action).to.deep.equal({ kind: 'input', prompts: ['enter'], language: 'en', maxDigits: 1, terminator: null, timeoutMs: 5_000 });
    });
    it('given digits matching valid then they are stored in the variable and the flow continues at next', () => {
      const s = continueFlow(flows, startFlow(flows, 'main', { caller: '5' }, monday10).cursor, { kind: 'digits', digits: '1234' }, monday10);
      expect(s.cursor).to.deep.equal({ flow: 'main', node: 'thanks', attempt: 0, vars: { caller: '5', account: '1234' } });
      expect(s.action).to.deep.equal({ kind: 'play', prompts: ['thank-you'], language: 'en', interruptible: true });
    });
    it('given digits that match valid only in part then they are invalid (the whole input must match)', () => {
      for (const digits of ['12345', '123', '12a4']) {
        const s = continueFlow(flows, startFlow(flows, 'main', {}, monday10).cursor, { kind: 'digits', digits }, monday10);
        expect(s.cursor, digits).to.include({ node: 'ask', attempt: 1 });
        expect(s.cursor.vars, digits).to.not.have.property('account');
      }
    });
    it('given invalid digits then the retry starts with the invalid prompts, and a second failure takes invalid', () => {
      const once = continueFlow(flows, startFlow(flows, 'main', {}, monday10).cursor, { kind: 'digits', digits: '99' }, monday10);
      expect((once.action as { prompts: string[] }).prompts).to.deep.equal(['invalid', 'enter-account']);
      const twice = continueFlow(flows, once.cursor, { kind: 'digits', digits: '99' }, monday10);
      expect(twice.action).to.deep.equal({ kind: 'hangup', prompts: ['goodbye'], language: 'en' });
      expect(twice.cursor.node).to.equal('bad');
    });
    it('given no digits then the retry has no invalid prompt and a second timeout takes noInput', () => {
      const once = continueFlow(flows, startFlow(flows, 'main', {}, monday10).cursor, { kind: 'timeout' }, monday10);
      expect((once.action as { prompts: string[] }).prompts).to.deep.equal(['enter-account']);
      const twice = continueFlow(flows, once.cursor, { kind: 'digits', digits: '' }, monday10);
      expect(twice.action).to.deep.equal({ kind: 'transfer', extension: '1001', timeoutSec: 30 });
    });
    it('given a collect without valid then any digits are accepted, and without noInput a timeout hangs up', () => {
      const c = startFlow(flows, 'other', {}, monday10).cursor;
      expect(continueFlow(flows, c, { kind: 'digits', digits: '7' }, monday10).cursor.vars).to.deep.equal({ pin: '7' });
      expect(continueFlow(flows, c, { kind: 'timeout' }, monday10).action).to.deep.equal({ kind: 'hangup', prompts: [], language: 'en' });
    });
    it('given a play node when its prompt is done, or interrupted by a key, then the flow goes to next', () => {
      const thanks: FlowCursor = { flow: 'main', node: 'thanks', attempt: 0, vars: {} };
      expect(continueFlow(flows, thanks, { kind: 'done' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'support' });
      expect(continueFlow(flows, thanks, { kind: 'digits', digits: '5' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'support' });
    });
  });

  describe('variables: set and branch', () => {
    const flows = flowSet({
      main: {
        start: 's1',
        nodes: {
          s1: { type: 'set', variable: 'greeting', value: 'hello ${caller} on ${callee}${nothing}', next: 's2' },
          s2: { type: 'set', variable: 'tier', value: '${level}', next: 'b' },
          b: { type: 'branch', variable: 'tier', cases: { gold: 'vipq', '': 'anon' }, default: 'q' },
          vipq: { type: 'queue', group: 'vip' },
          anon: { type: 'hangup', prompts: ['anonymous'] },
          q: { type: 'queue', group: 'sales' },
        },
      },
      other: {
        start: 'b',
        nodes: {
          b: { type: 'branch', variable: 'caller', cases: { 100: 'vipq' }, default: 'q' },
          vipq: { type: 'queue', group: 'vip' },
          q: { type: 'queue', group: 'sales' },
        },
      },
    });
    it('given a set node with ${var} then the value is interpolated and stored, unknown variables becoming empty', () => {
      const s = startFlow(flows, 'main', { caller: '555', callee: '4000', level: 'gold' }, monday10);
      expect(s.cursor.vars).to.deep.equal({ caller: '555', callee: '4000', level: 'gold', greeting: 'hello 555 on 4000', tier: 'gold' });
    });
    it('given a branch on a variable with a matching case then that case is taken', () => {
      const s = startFlow(flows, 'main', { caller: '1', level: 'gold' }, monday10);
      expect(s.action).to.deep.equal({ kind: 'queue', group: 'vip' });
      expect(s.cursor.node).to.equal('vipq');
    });
    it('given a branch on a variable without a matching case then the default is taken', () => {
      expect(startFlow(flows, 'main', { caller: '1', level: 'silver' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'sales' });
      expect(startFlow(flows, 'other', { caller: '200' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'sales' });
      expect(startFlow(flows, 'other', { caller: '100' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'vip' });
    });
    it('given a branch on an empty variable then the empty case is taken', () => {
      expect(startFlow(flows, 'main', { caller: '1' }, monday10).action).to.deep.equal({ kind: 'hangup', prompts: ['anonymous'], language: 'en' });
    });
    it('given a branch on an unset variable then it is matched as empty', () => {
      const f = flowSet({ main: { start: 'b', nodes: { b: { type: 'branch', variable: 'x', cases: { '': 'e' }, default: 'd' }, e: { type: 'queue', group: 'vip' }, d: { type: 'queue', group: 'sales' } } } });
      expect(startFlow(f, 'main', {}, monday10).action).to.deep.equal({ kind: 'queue', group: 'vip' });
    });
    it('given a branch on a value named like an object property (constructor, toString) then the default is taken', () => {
      for (const caller of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        expect(startFlow(flows, 'other', { caller }, monday10).action, caller).to.deep.equal({ kind: 'queue', group: 'sales' });
      }
    });
  });

  describe('interpolate', () => {
    it('given ${name} placeholders then they are replaced by the variables, unset ones by nothing', () => {
      expect(interpolate('${a}-${b}-${c}', { a: '1', b: '' })).to.equal('1--');
      expect(interpolate('${a}${a}', { a: 'x' })).to.equal('xx');
    });
    it('given text without valid placeholders then it is left as it is', () => {
      expect(interpolate('plain $a {a} ${A} ${1a} ${', { a: '1', A: '2' })).to.equal('plain $a {a} ${A} ${1a} ${');
    });
    it('given a value that itself looks like a placeholder then it is not expanded again', () => {
      expect(interpolate('${a}', { a: '${b}', b: 'no' })).to.equal('${b}');
    });
  });

  describe('time', () => {
    const weekdays: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
    const flows = flowSet({
      hours: {
        start: 't',
        nodes: {
          t: {
            type: 'time',
            rules: [
              { dates: ['2026-11-23'], next: 'holiday' },
              { days: weekdays, from: '09:00', to: '18:00', next: 'open' },
            ],
            default: 'closed',
          },
          holiday: { type: 'hangup', prompts: ['holiday'] },
          open: { type: 'queue', group: 'sales' },
          closed: { type: 'voicemail', prompts: ['closed'] },
        },
      },
      main: {
        start: 't',
        nodes: {
          t: { type: 'time', rules: [{ days: weekdays, from: '09:00', to: '18:00', next: 'open' }], default: 'closed' },
          open: { type: 'queue', group: 'sales' },
          closed: { type: 'voicemail', prompts: ['closed'], maxSec: 30 },
        },
      },
    });
    it('given the date checks: 2026-11-23 is a Monday and 2026-11-28 a Saturday', () => {
      expect(monday10.getDay()).to.equal(1);
      expect(saturday10.getDay()).to.equal(6);
    });
    it('given Monday 10:00 then the weekday rule is taken', () => {
      expect(startFlow(flows, 'main', {}, monday10).action).to.deep.equal({ kind: 'queue', group: 'sales' });
    });
    it('given Saturday 10:00 then no rule matches and the default is taken', () => {
      expect(startFlow(flows, 'main', {}, saturday10).action).to.deep.equal({ kind: 'voicemail', prompts: ['closed'], language: 'en', maxSec: 30 });
    });
    it('given the edges of the range then from is included and to is excluded', () => {
      expect(startFlow(flows, 'main', {}, new Date(2026, 10, 23, 9, 0)).action.kind).to.equal('queue');
      expect(startFlow(flows, 'main', {}, new Date(2026, 10, 23, 8, 59)).action.kind).to.equal('voicemail');
      expect(startFlow(flows, 'main', {}, new Date(2026, 10, 23, 17, 59)).action.kind).to.equal('queue');
      expect(startFlow(flows, 'main', {}, new Date(2026, 10, 23, 18, 0)).action.kind).to.equal('voicemail');
    });
    it('given a rule with dates that include today then it is taken before a later matching rule', () => {
      const s = startFlow(flows, 'hours', {}, monday10);
      expect(s.action).to.deep.equal({ kind: 'hangup', prompts: ['holiday'], language: 'en' });
      expect(s.cursor.node).to.equal('holiday');
    });
    it('given a rule with dates that do not include today then it is skipped', () => {
      expect(startFlow(flows, 'hours', {}, new Date(2026, 10, 30, 10, 0)).action).to.deep.equal({ kind: 'queue', group: 'sales' });
      expect(startFlow(flows, 'hours', {}, new Date(2026, 10, 29, 10, 0)).action.kind).to.equal('voicemail');
    });
    it('given timeRuleMatches then days, from (inclusive), to (exclusive) and dates all count', () => {
      const all: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
      expect(timeRuleMatches({ days: all, from: '00:00', to: '24:00' }, new Date(2026, 10, 28, 23, 59))).to.equal(true);
      expect(timeRuleMatches({ days: all, from: '00:00', to: '24:00' }, new Date(2026, 10, 28, 0, 0))).to.equal(true);
      expect(timeRuleMatches({ days: ['sat'], from: '10:00', to: '10:01' }, saturday10)).to.equal(true);
      expect(timeRuleMatches({ days: ['sun'], from: '00:00', to: '24:00' }, saturday10)).to.equal(false);
      expect(timeRuleMatches({ days: all, from: '10:01', to: '24:00' }, saturday10)).to.equal(false);
      expect(timeRuleMatches({ days: all, from: '00:00', to: '10:00' }, saturday10)).to.equal(false);
      expect(timeRuleMatches({ days: all, from: '00:00', to: '24:00', dates: ['2026-11-28'] }, saturday10)).to.equal(true);
      expect(timeRuleMatches({ days: ['mon'], from: '00:00', to: '24:00', dates: ['2026-11-28'] }, saturday10)).to.equal(false);
      expect(timeRuleMatches({ days: all, from: '00:00', to: '24:00', dates: [] }, saturday10)).to.equal(false);
    });
    it('given a date with a one-digit month and day then it is compared zero-padded', () => {
      const d = new Date(2027, 0, 5, 7, 5); // Tuesday 5 January 2027, 07:05
      expect(timeRuleMatches({ days: ['tue'], from: '07:05', to: '07:06', dates: ['2027-01-05'] }, d)).to.equal(true);
      expect(timeRuleMatches({ days: ['tue'], from: '07:05', to: '07:06', dates: ['2027-1-5'] }, d)).to.equal(false);
    });
  });

  describe('goto, loops and errors', () => {
    it('given a goto then the flow continues at the start of the other flow with the same variables and its language', () => {
      const flows = flowSet({
        main: { start: 's', nodes: { s: { type: 'set', variable: 'from', value: 'main', next: 'g' }, g: { type: 'goto', flow: 'other' } } },
        other: { start: 'hi', language: 'zh_CN', nodes: { hi: { type: 'play', prompts: { en: ['hello'], zh_CN: ['nihao'] }, next: 'q' }, q: { type: 'queue', group: 'support' } } },
      });
      const s = startFlow(flows, 'main', { caller: '1' }, monday10);
      expect(s.cursor).to.deep.equal({ flow: 'other', node: 'hi', attempt: 0, vars: { caller: '1', from: 'main' } });
      expect(s.action).to.deep.equal({ kind: 'play', prompts: ['nihao'], language: 'zh_CN', interruptible: false });
      expect(continueFlow(flows, s.cursor, { kind: 'done' }, monday10).action).to.deep.equal({ kind: 'queue', group: 'support' });
    });
    it('given a goto to a flow that is not loaded then a FlowRuntimeError is thrown', () => {
      const flows = flowSet({ main: { start: 'g', nodes: { g: { type: 'goto', flow: 'other' } } } });
      expect(() => startFlow(flows, 'main', {}, monday10)).to.throw(FlowRuntimeError, 'no flow "other"');
    });
    it('given a loop of set nodes then a FlowRuntimeError is thrown instead of looping forever', () => {
      const flows = flowSet({ main: { start: 'a', nodes: { a: { type: 'set', variable: 'x', value: '1', next: 'b' }, b: { type: 'set', variable: 'y', value: '2', next: 'a' } } } });
      expect(() => startFlow(flows, 'main', {}, monday10)).to.throw(FlowRuntimeError, /more than 50 steps/);
    });
    it('given two flows that goto each other then a FlowRuntimeError is thrown', () => {
      const flows = flowSet({ ping: { start: 'g', nodes: { g: { type: 'goto', flow: 'pong' } } }, pong: { start: 'g', nodes: { g: { type: 'goto', flow: 'ping' } } } });
      expect(() => startFlow(flows, 'ping', {}, monday10)).to.throw(FlowRuntimeError);
    });
    it('given a loop reached from a menu choice then continueFlow throws a FlowRuntimeError', () => {
      const flows = flowSet({ main: { start: 'm', nodes: { m: { type: 'menu', prompts: ['p'], options: { 1: 'b' } }, b: { type: 'branch', variable: 'v', cases: {}, default: 'b' } } } });
      const c = startFlow(flows, 'main', {}, monday10).cursor;
      expect(() => continueFlow(flows, c, { kind: 'digits', digits: '1' }, monday10)).to.throw(FlowRuntimeError);
    });
    it('given a long chain without a loop then it is followed to the end', () => {
      const nodes: Record<string, unknown> = { q: { type: 'queue', group: 'sales' } };
      for (let i = 0; i < 40; i++) nodes[`s${i}`] = { type: 'set', variable: 'n', value: String(i), next: i === 39 ? 'q' : `s${i + 1}` };
      const s = startFlow(flowSet({ main: { start: 's0', nodes } }), 'main', {}, monday10);
      expect(s.action).to.deep.equal({ kind: 'queue', group: 'sales' });
      expect(s.cursor.vars).to.deep.equal({ n: '39' });
    });
    it('given an unknown flow name then startFlow throws a FlowRuntimeError', () => {
      expect(() => startFlow(demo, 'nope', {}, monday10)).to.throw(FlowRuntimeError, 'no flow "nope"');
    });
    it('given a cursor on an unknown node or flow then continueFlow throws a FlowRuntimeError', () => {
      expect(() => continueFlow(demo, { flow: 'main', node: 'gone', attempt: 0, vars: {} }, { kind: 'done' }, monday10)).to.throw(FlowRuntimeError, 'no node main.gone');
      expect(() => continueFlow(demo, { flow: 'nope', node: 'menu', attempt: 0, vars: {} }, { kind: 'done' }, monday10)).to.throw(FlowRuntimeError);
    });
    it('given a cursor on a node that waits for nothing (queue) then continueFlow throws a FlowRuntimeError', () => {
      expect(() => continueFlow(demo, { flow: 'main', node: 'sales', attempt: 0, vars: {} }, { kind: 'done' }, monday10)).to.throw(FlowRuntimeError, /takes no outcome/);
    });
  });

  describe('languages and end actions', () => {
    const flows = flowSet({
      main: {
        start: 'hi',
        nodes: {
          hi: { type: 'play', prompts: { en: ['hello'], zh_CN: ['nihao'], fr: ['bonjour'] }, next: 'm' },
          m: { type: 'menu', prompts: { en: ['menu-en'], zh_CN: ['menu-cn'] }, options: { 1: 'setcn', 2: 'vm', 3: 'bye' }, invalidPrompts: { en: ['bad-en'], zh_CN: ['bad-cn'] } },
          setcn: { type: 'set', variable: 'language', value: 'zh_CN', next: 'hi' },
          vm: { type: 'voicemail', prompts: { en: ['vm-en'], zh_CN: ['vm-cn'] }, maxSec: 90 },
          bye: { type: 'hangup', prompts: { en: ['bye-en'], zh_CN: ['bye-cn'] } },
        },
      },
    });
    it('given no language variable then the flow language (en) picks the prompts', () => {
      expect(startFlow(flows, 'main', {}, monday10).action).to.deep.include({ prompts: ['hello'], language: 'en' });
    });
    it('given the language variable then it picks the prompts of that language', () => {
      expect(startFlow(flows, 'main', { language: 'zh_CN' }, monday10).action).to.deep.include({ prompts: ['nihao'], language: 'zh_CN' });
    });
    it('given a language with a region that has no prompts then the prompts of its base language are used', () => {
      expect(startFlow(flows, 'main', { language: 'fr_CA' }, monday10).action).to.deep.include({ prompts: ['bonjour'], language: 'fr_CA' });
    });
    it('given a language without prompts at all then the first listed prompts are used', () => {
      expect(startFlow(flows, 'main', { language: 'de' }, monday10).action).to.deep.include({ prompts: ['hello'], language: 'de' });
    });
    it('given a set node that changes the language then the following prompts are in that language', () => {
      const m = continueFlow(flows, startFlow(flows, 'main', {}, monday10).cursor, { kind: 'done' }, monday10);
      const s = continueFlow(flows, m.cursor, { kind: 'digits', digits: '1' }, monday10);
      expect(s.cursor).to.include({ node: 'hi' });
      expect(s.action).to.deep.include({ prompts: ['nihao'], language: 'zh_CN' });
    });
    it('given invalid prompts per language then the retry uses those of the caller language', () => {
      const m: FlowCursor = { flow: 'main', node: 'm', attempt: 0, vars: { language: 'zh_CN' } };
      expect(continueFlow(flows, m, { kind: 'digits', digits: '9' }, monday10).action).to.deep.include({ prompts: ['bad-cn', 'menu-cn'], language: 'zh_CN' });
    });
    it('given a voicemail node then the action carries its prompts, language and maximum length', () => {
      const m: FlowCursor = { flow: 'main', node: 'm', attempt: 0, vars: { language: 'zh_CN' } };
      expect(continueFlow(flows, m, { kind: 'digits', digits: '2' }, monday10).action).to.deep.equal({ kind: 'voicemail', prompts: ['vm-cn'], language: 'zh_CN', maxSec: 90 });
    });
    it('given a hangup node with prompts then they are played in the caller language', () => {
      const m: FlowCursor = { flow: 'main', node: 'm', attempt: 0, vars: {} };
      expect(continueFlow(flows, m, { kind: 'digits', digits: '3' }, monday10).action).to.deep.equal({ kind: 'hangup', prompts: ['bye-en'], language: 'en' });
    });
    it('given a hangup because noInput is missing then it is in the caller language', () => {
      const m: FlowCursor = { flow: 'main', node: 'm', attempt: 2, vars: { language: 'zh_CN' } };
      expect(continueFlow(flows, m, { kind: 'timeout' }, monday10).action).to.deep.equal({ kind: 'hangup', prompts: [], language: 'zh_CN' });
    });
  });
});
