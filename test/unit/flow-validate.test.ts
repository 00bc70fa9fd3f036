import { expect } from 'chai';
import { validateFlow, successors, FlowValidationError, type FlowReferences } from '../../src/flows/validate';
import type { FlowNode } from '../../src/flows/flow-schema';

const refs: FlowReferences = { groups: new Set(['sales', 'support']), extensions: new Set(['1001', '1002']), flows: new Set(['main', 'after-hours']) };

/** A flow whose start node is `node`, with an end node `bye` to point at. */
const one = (node: Record<string, unknown>) => ({ start: 'a', nodes: { a: node, bye: { type: 'hangup' } } });

/** The problems of an invalid flow; fails the test when it is valid. */
function problemsOf(raw: unknown, name = 'test'): string[] {
  try {
    validateFlow(name, raw, refs);
  } catch (err) {
    expect(err).to.be.instanceOf(FlowValidationError);
    expect((err as FlowValidationError).flow).to.equal(name);
    return (err as FlowValidationError).problems;
  }
  expect.fail('the flow was accepted');
}

describe('flow validation (validateFlow)', () => {
  describe('valid flows of every node type', () => {
    it('given a play node then it is accepted, named, with interruptible false and language en by default', () => {
      const f = validateFlow('welcome', one({ type: 'play', prompts: ['hello-world', 'digits/1', 'file:welcome-cn'], next: 'bye' }), refs);
      expect(f.name).to.equal('welcome');
      expect(f.start).to.equal('a');
      expect(f.language).to.equal('en');
      expect(f.nodes.a).to.deep.equal({ type: 'play', prompts: ['hello-world', 'digits/1', 'file:welcome-cn'], interruptible: false, next: 'bye' });
    });
    it('given a menu node then it is accepted with timeoutSec 5 and attempts 3 by default', () => {
      const f = validateFlow('m', one({ type: 'menu', prompts: ['press-1'], options: { 1: 'bye', 0: 'bye', '*': 'bye', '#': 'bye' }, noInput: 'bye', invalid: 'bye', invalidPrompts: ['invalid'] }), refs);
      expect(f.nodes.a).to.deep.equal({
        type: 'menu', prompts: ['press-1'], options: { 1: 'bye', 0: 'bye', '*': 'bye', '#': 'bye' }, timeoutSec: 5, attempts: 3, noInput: 'bye', invalid: 'bye', invalidPrompts: ['invalid'],
      });
    });
    it('given a menu with its own timeout and attempts then they are kept', () => {
      const f = validateFlow('m', one({ type: 'menu', prompts: ['p'], options: { 1: 'bye' }, timeoutSec: 7.5, attempts: 2 }), refs);
      expect(f.nodes.a).to.include({ timeoutSec: 7.5, attempts: 2 });
    });
    it('given a collect node then it is accepted with maxDigits 1, terminator #, timeoutSec 5 and attempts 1 by default', () => {
      const f = validateFlow('c', one({ type: 'collect', prompts: ['enter-account'], variable: 'account', valid: '[0-9]{4}', next: 'bye' }), refs);
      expect(f.nodes.a).to.deep.equal({ type: 'collect', prompts: ['enter-account'], variable: 'account', maxDigits: 1, terminator: '#', timeoutSec: 5, valid: '[0-9]{4}', attempts: 1, next: 'bye' });
    });
    it('given a set node then it is accepted', () => {
      const f = validateFlow('s', one({ type: 'set', variable: 'greeting', value: 'hello ${caller}', next: 'bye' }), refs);
      expect(f.nodes.a).to.deep.equal({ type: 'set', variable: 'greeting', value: 'hello ${caller}', next: 'bye' });
    });
    it('given a time node then it is accepted, a rule defaulting to every day from 00:00 to 24:00', () => {
      const f = validateFlow('t', one({ type: 'time', rules: [{ next: 'bye' }, { days: ['mon', 'fri'], from: '09:00', to: '17:30', dates: ['2026-12-25'], next: 'bye' }], default: 'bye' }), refs);
      expect(f.nodes.a).to.deep.equal({
        type: 'time',
        rules: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00', next: 'bye' },
          { days: ['mon', 'fri'], from: '09:00', to: '17:30', dates: ['2026-12-25'], next: 'bye' },
        ],
        default: 'bye',
      });
    });
    it('given a branch node then it is accepted', () => {
      const f = validateFlow('b', one({ type: 'branch', variable: 'vip', cases: { yes: 'bye', '': 'bye' }, default: 'bye' }), refs);
      expect(f.nodes.a).to.deep.equal({ type: 'branch', variable: 'vip', cases: { yes: 'bye', '': 'bye' }, default: 'bye' });
    });
    it('given a queue node for a known group then it is accepted', () => {
      expect(validateFlow('q', one({ type: 'queue', group: 'support' }), refs).nodes.a).to.deep.equal({ type: 'queue', group: 'support' });
    });
    it('given a transfer node to a known extension then it is accepted with timeoutSec 30 by default', () => {
      expect(validateFlow('x', one({ type: 'transfer', extension: '1002' }), refs).nodes.a).to.deep.equal({ type: 'transfer', extension: '1002', timeoutSec: 30 });
    });
    it('given a voicemail node with prompts per language then it is accepted with maxSec 60 by default', () => {
      const f = validateFlow('v', one({ type: 'voicemail', prompts: { en: ['vm-intro'], zh_CN: ['file:vm-intro-cn'] } }), refs);
      expect(f.nodes.a).to.deep.equal({ type: 'voicemail', prompts: { en: ['vm-intro'], zh_CN: ['file:vm-intro-cn'] }, maxSec: 60 });
    });
    it('given a hangup node with and without prompts then both are accepted', () => {
      const f = validateFlow('h', { start: 'a', nodes: { a: { type: 'hangup', prompts: ['goodbye'] }, b: { type: 'hangup' } } }, refs);
      expect(f.nodes.a).to.deep.equal({ type: 'hangup', prompts: ['goodbye'] });
      expect(f.nodes.b).to.deep.equal({ type: 'hangup' });
    });
    it('given a goto node to a known flow then it is accepted', () => {
      expect(validateFlow('g', one({ type: 'goto', flow: 'after-hours' }), refs).nodes.a).to.deep.equal({ type: 'goto', flow: 'after-hours' });
    });
    it('given a flow language then it is kept', () => {
      expect(validateFlow('l', { start: 'a', language: 'zh_CN', nodes: { a: { type: 'hangup' } } }, refs).language).to.equal('zh_CN');
    });
    it('given a flow as a JSON string then it is parsed and gives the same flow as the object', () => {
      const doc = one({ type: 'menu', prompts: ['p'], options: { 1: 'bye' } });
      expect(validateFlow('j', JSON.stringify(doc), refs)).to.deep.equal(validateFlow('j', doc, refs));
    });
    it('given a flow with every node type wired together then it is accepted', () => {
      const f = validateFlow('all', {
        start: 'hello',
        nodes: {
          hello: { type: 'play', prompts: ['hello'], next: 'hours' },
          hours: { type: 'time', rules: [{ days: ['mon'], from: '09:00', to: '18:00', next: 'menu' }], default: 'closed' },
          menu: { type: 'menu', prompts: ['choose'], options: { 1: 'ask', 2: 'op', 3: 'vm', 9: 'other' }, noInput: 'setvip', invalid: 'bye' },
          ask: { type: 'collect', prompts: ['enter'], variable: 'acct', next: 'setvip', noInput: 'bye', invalid: 'bye' },
          setvip: { type: 'set', variable: 'vip', value: '${acct}', next: 'which' },
          which: { type: 'branch', variable: 'vip', cases: { 1234: 'q' }, default: 'q' },
          q: { type: 'queue', group: 'sales' },
          op: { type: 'transfer', extension: '1001', timeoutSec: 20 },
          vm: { type: 'voicemail', prompts: ['leave-message'], maxSec: 120 },
          other: { type: 'goto', flow: 'main' },
          closed: { type: 'hangup', prompts: ['closed'] },
          bye: { type: 'hangup' },
        },
      }, refs);
      expect(Object.keys(f.nodes)).to.have.length(12);
      expect(f.nodes.op).to.include({ timeoutSec: 20 });
      expect(f.nodes.vm).to.include({ maxSec: 120 });
    });
  });

  describe('documents that are not a flow', () => {
    it('given text that is not JSON then one problem says so and the error names the flow', () => {
      let err: unknown;
      try {
        validateFlow('broken', '{"start": "a", ', refs);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(FlowValidationError).and.to.be.instanceOf(Error);
      const v = err as FlowValidationError;
      expect(v.problems).to.have.length(1);
      expect(v.problems[0]).to.match(/^not valid JSON: /);
      expect(v.message).to.match(/^flow "broken" is invalid: not valid JSON/);
    });
    it('given JSON that is not an object then the problem is on the flow itself', () => {
      for (const raw of ['null', '42', '"text"', '[]']) {
        const p = problemsOf(raw);
        expect(p, raw).to.have.length(1);
        expect(p[0], raw).to.match(/^\(flow\): /);
      }
    });
    it('given no start or no nodes then each missing field is a problem', () => {
      const p = problemsOf({});
      expect(p.some((x) => x.startsWith('start: '))).to.equal(true);
      expect(p.some((x) => x.startsWith('nodes: '))).to.equal(true);
    });
    it('given an unknown top-level field then it is a problem', () => {
      expect(problemsOf({ start: 'a', nodes: { a: { type: 'hangup' } }, version: 2 })).to.deep.equal(['(flow): Unrecognized key: "version"']);
    });
    it('given an unknown node type then the problem points at that node type', () => {
      const p = problemsOf({ start: 'a', nodes: { a: { type: 'dance' } } });
      expect(p).to.have.length(1);
      expect(p[0]).to.match(/^nodes\.a\.type: /);
    });
    it('given an unknown field in a node then it is a problem on that node', () => {
      expect(problemsOf(one({ type: 'play', prompts: ['x'], next: 'bye', loop: true }))).to.deep.equal(['nodes.a: Unrecognized key: "loop"']);
    });
    it('given a bad language then it is a problem', () => {
      expect(problemsOf({ start: 'a', language: 'english', nodes: { a: { type: 'hangup' } } })).to.deep.equal(['language: a language like "en" or "zh_CN"']);
    });
    it('given bad node names then each is a problem', () => {
      const p = problemsOf({ start: 'a', nodes: { a: { type: 'hangup' }, 'b c': { type: 'hangup' }, 'x.y': { type: 'hangup' } } });
      expect(p).to.include('nodes.b c: a node name: letters, digits, _ and -');
      expect(p).to.include('nodes.x.y: a node name: letters, digits, _ and -');
    });
    it('given bad variable names then they are problems', () => {
      for (const variable of ['Name', '1x', 'a-b', '']) {
        expect(problemsOf(one({ type: 'set', variable, value: 'v', next: 'bye' })), variable)
          .to.deep.equal(['nodes.a.variable: a variable name: lower case letters, digits and _']);
      }
    });
    it('given values out of range then they are problems', () => {
      expect(problemsOf(one({ type: 'menu', prompts: ['p'], options: {}, attempts: 0 }))[0]).to.match(/^nodes\.a\.attempts: /);
      expect(problemsOf(one({ type: 'menu', prompts: ['p'], options: {}, attempts: 11 }))[0]).to.match(/^nodes\.a\.attempts: /);
      expect(problemsOf(one({ type: 'menu', prompts: ['p'], options: {}, timeoutSec: 0.1 }))[0]).to.match(/^nodes\.a\.timeoutSec: /);
      expect(problemsOf(one({ type: 'collect', prompts: ['p'], variable: 'v', maxDigits: 33, next: 'bye' }))[0]).to.match(/^nodes\.a\.maxDigits: /);
      expect(problemsOf(one({ type: 'collect', prompts: ['p'], variable: 'v', terminator: '0', next: 'bye' }))[0]).to.match(/^nodes\.a\.terminator: /);
      expect(problemsOf(one({ type: 'transfer', extension: '1001', timeoutSec: 2 }))[0]).to.match(/^nodes\.a\.timeoutSec: /);
      expect(problemsOf(one({ type: 'voicemail', prompts: ['p'], maxSec: 601 }))[0]).to.match(/^nodes\.a\.maxSec: /);
    });
    it('given a transfer to something that is not digits then it is a problem', () => {
      expect(problemsOf(one({ type: 'transfer', extension: 'PJSIP/1001' }))[0]).to.match(/^nodes\.a\.extension: /);
    });
    it('given a time node without rules, or a rule without days, then they are problems', () => {
      expect(problemsOf(one({ type: 'time', rules: [], default: 'bye' }))[0]).to.match(/^nodes\.a\.rules: /);
      expect(problemsOf(one({ type: 'time', rules: [{ days: [], next: 'bye' }], default: 'bye' }))[0]).to.match(/^nodes\.a\.rules\.0\.days: /);
      expect(problemsOf(one({ type: 'time', rules: [{ days: ['monday'], next: 'bye' }], default: 'bye' }))[0]).to.match(/^nodes\.a\.rules\.0\.days\.0: /);
    });
    it('given bad times or dates in a time rule then they are problems', () => {
      expect(problemsOf(one({ type: 'time', rules: [{ from: '25:00', next: 'bye' }], default: 'bye' }))).to.deep.equal(['nodes.a.rules.0.from: a time as HH:MM (00:00 to 24:00)']);
      expect(problemsOf(one({ type: 'time', rules: [{ to: '9:00', next: 'bye' }], default: 'bye' }))).to.deep.equal(['nodes.a.rules.0.to: a time as HH:MM (00:00 to 24:00)']);
      expect(problemsOf(one({ type: 'time', rules: [{ from: '24:01', next: 'bye' }], default: 'bye' }))[0]).to.match(/^nodes\.a\.rules\.0\.from: /);
      expect(problemsOf(one({ type: 'time', rules: [{ dates: ['25/12/2026'], next: 'bye' }], default: 'bye' }))[0]).to.match(/^nodes\.a\.rules\.0\.dates\.0: /);
    });
  });

  describe('prompts and menu keys', () => {
    it('given prompt names that could escape the sound folder or contain spaces then each is a problem with its index', () => {
      const msg = 'a sound name like "hello-world" or "digits/1", or "file:<uploaded name>"';
      expect(problemsOf(one({ type: 'play', prompts: ['ok', '../etc/passwd', 'a b'], next: 'bye' }))).to.deep.equal([`nodes.a.prompts.1: ${msg}`, `nodes.a.prompts.2: ${msg}`]);
    });
    it('given other bad prompt names then they are refused', () => {
      for (const bad of ['', '/etc/passwd', 'digits/', 'file:', 'file:../x', 'x.wav', 'http://x/y', 'a/../b']) {
        expect(problemsOf(one({ type: 'play', prompts: [bad], next: 'bye' })), bad).to.have.length(1);
      }
    });
    it('given prompts per language with a bad prompt or a bad language key then they are refused', () => {
      expect(problemsOf(one({ type: 'play', prompts: { en: ['../x'] }, next: 'bye' }))[0]).to.match(/^nodes\.a\.prompts(\.en\.0)?: /);
      expect(problemsOf(one({ type: 'play', prompts: { english: ['x'] }, next: 'bye' }))[0]).to.match(/^nodes\.a\.prompts: /);
    });
    it('given a bad prompt in invalidPrompts or in a hangup then it is refused', () => {
      expect(problemsOf(one({ type: 'menu', prompts: ['p'], options: { 1: 'bye' }, invalidPrompts: ['a b'] }))[0]).to.match(/^nodes\.a\.invalidPrompts\.0: /);
      expect(problemsOf({ start: 'a', nodes: { a: { type: 'hangup', prompts: ['../x'] } } })[0]).to.match(/^nodes\.a\.prompts\.0: /);
    });
    it('given menu option keys that are not one key then each is a problem naming the reason', () => {
      expect(problemsOf(one({ type: 'menu', prompts: ['p'], options: { 12: 'bye', a: 'bye', 1: 'bye' } })))
        .to.have.members(['nodes.a.options.12: a menu option is one key: 0-9, * or #', 'nodes.a.options.a: a menu option is one key: 0-9, * or #']);
    });
  });

  describe('references', () => {
    it('given a start that names no node then it is a problem', () => {
      expect(problemsOf({ start: 'begin', nodes: { a: { type: 'hangup' } } })).to.deep.equal(['start: no node named "begin"']);
    });
    it('given a next that names no node then it is a problem on the node that refers to it', () => {
      expect(problemsOf(one({ type: 'play', prompts: ['x'], next: 'nowhere' }))).to.deep.equal(['nodes.a: no node named "nowhere"']);
      expect(problemsOf(one({ type: 'set', variable: 'v', value: 'x', next: 'nowhere' }))).to.deep.equal(['nodes.a: no node named "nowhere"']);
    });
    it('given dangling menu options, noInput and invalid then each is a problem', () => {
      expect(problemsOf(one({ type: 'menu', prompts: ['p'], options: { 1: 'm1', 2: 'bye' }, noInput: 'm2', invalid: 'm3' })))
        .to.deep.equal(['nodes.a: no node named "m1"', 'nodes.a: no node named "m2"', 'nodes.a: no node named "m3"']);
    });
    it('given dangling collect next, noInput and invalid then each is a problem', () => {
      expect(problemsOf(one({ type: 'collect', prompts: ['p'], variable: 'v', next: 'c1', noInput: 'c2', invalid: 'c3' })))
        .to.deep.equal(['nodes.a: no node named "c1"', 'nodes.a: no node named "c2"', 'nodes.a: no node named "c3"']);
    });
    it('given dangling time rules and default then each is a problem', () => {
      expect(problemsOf(one({ type: 'time', rules: [{ next: 't1' }, { next: 'bye' }], default: 't2' })))
        .to.deep.equal(['nodes.a: no node named "t1"', 'nodes.a: no node named "t2"']);
    });
    it('given dangling branch cases and default then each is a problem', () => {
      expect(problemsOf(one({ type: 'branch', variable: 'v', cases: { x: 'b1' }, default: 'b2' })))
        .to.deep.equal(['nodes.a: no node named "b1"', 'nodes.a: no node named "b2"']);
    });
    it('given references to names every JavaScript object has (constructor, toString) then they are still missing nodes', () => {
      expect(problemsOf({ start: 'constructor', nodes: { a: { type: 'play', prompts: ['x'], next: 'toString' } } }))
        .to.deep.equal(['start: no node named "constructor"', 'nodes.a: no node named "toString"']);
      expect(problemsOf(one({ type: 'branch', variable: 'v', cases: { x: 'hasOwnProperty' }, default: 'valueOf' })))
        .to.deep.equal(['nodes.a: no node named "hasOwnProperty"', 'nodes.a: no node named "valueOf"']);
    });
    it('given a node really named constructor then references to it are accepted', () => {
      const f = validateFlow('c', { start: 'constructor', nodes: { constructor: { type: 'play', prompts: ['x'], next: 'toString' }, toString: { type: 'hangup' } } }, refs);
      expect(f.start).to.equal('constructor');
    });
    it('given a queue for an unknown group then it is a problem', () => {
      expect(problemsOf(one({ type: 'queue', group: 'billing' }))).to.deep.equal(['nodes.a.group: no agent group "billing"']);
    });
    it('given a transfer to an unknown extension then it is a problem', () => {
      expect(problemsOf(one({ type: 'transfer', extension: '1999' }))).to.deep.equal(['nodes.a.extension: no enabled extension "1999"']);
    });
    it('given a goto to an unknown flow then it is a problem', () => {
      expect(problemsOf(one({ type: 'goto', flow: 'nightly' }))).to.deep.equal(['nodes.a.flow: no flow "nightly"']);
    });
  });

  describe('regular expressions and time rules', () => {
    it('given a collect.valid that does not compile then it is a problem', () => {
      for (const valid of ['[0-9', '(', '*', 'a{2,1}', '\\']) {
        expect(problemsOf(one({ type: 'collect', prompts: ['p'], variable: 'v', valid, next: 'bye' })), valid).to.deep.equal(['nodes.a.valid: not a valid regular expression']);
      }
    });
    it('given a collect.valid with unbalanced groups that would only compile inside the full-match wrapper then it is a problem', () => {
      expect(problemsOf(one({ type: 'collect', prompts: ['p'], variable: 'v', valid: '1)|(2', next: 'bye' }))).to.deep.equal(['nodes.a.valid: not a valid regular expression']);
    });
    it('given a collect.valid that compiles then it is accepted', () => {
      for (const valid of ['[0-9]{4}', '1|2|3', '(0[1-9]|1[0-2])[0-9]{2}', '\\d+']) {
        expect(validateFlow('c', one({ type: 'collect', prompts: ['p'], variable: 'v', valid, next: 'bye' }), refs).nodes.a, valid).to.include({ valid });
      }
    });
    it('given a collect.valid longer than 200 characters then it is a problem', () => {
      expect(problemsOf(one({ type: 'collect', prompts: ['p'], variable: 'v', valid: '1'.repeat(201), next: 'bye' }))[0]).to.match(/^nodes\.a\.valid: /);
    });
    it('given a time rule whose from is not before its to then it is a problem asking to split the range', () => {
      expect(problemsOf(one({ type: 'time', rules: [{ from: '18:00', to: '09:00', next: 'bye' }], default: 'bye' })))
        .to.deep.equal(['nodes.a.rules.0: from 18:00 is not before to 09:00 (split a range over midnight into two rules)']);
      expect(problemsOf(one({ type: 'time', rules: [{ next: 'bye' }, { from: '10:00', to: '10:00', next: 'bye' }], default: 'bye' })))
        .to.deep.equal(['nodes.a.rules.1: from 10:00 is not before to 10:00 (split a range over midnight into two rules)']);
    });
    it('given a time rule from 23:00 to 24:00 then it is accepted', () => {
      expect(validateFlow('t', one({ type: 'time', rules: [{ from: '23:00', to: '24:00', next: 'bye' }], default: 'bye' }), refs).nodes.a).to.have.property('type', 'time');
    });
  });

  describe('several problems', () => {
    it('given several meaning problems then all are reported at once, each with its path', () => {
      const p = problemsOf({
        start: 'begin',
        nodes: {
          a: { type: 'play', prompts: ['x'], next: 'gone' },
          q: { type: 'queue', group: 'billing' },
          t: { type: 'transfer', extension: '1999' },
          g: { type: 'goto', flow: 'nightly' },
          c: { type: 'collect', prompts: ['p'], variable: 'v', valid: '[', next: 'a' },
          h: { type: 'time', rules: [{ from: '12:00', to: '11:00', next: 'a' }], default: 'a' },
        },
      });
      expect(p).to.have.members([
        'start: no node named "begin"',
        'nodes.a: no node named "gone"',
        'nodes.q.group: no agent group "billing"',
        'nodes.t.extension: no enabled extension "1999"',
        'nodes.g.flow: no flow "nightly"',
        'nodes.c.valid: not a valid regular expression',
        'nodes.h.rules.0: from 12:00 is not before to 11:00 (split a range over midnight into two rules)',
      ]);
    });
    it('given several shape problems then all are reported at once and the message lists them', () => {
      let err: FlowValidationError | null = null;
      try {
        validateFlow('shape', { start: 'a', nodes: { a: { type: 'play', prompts: ['a b'], next: 'a' }, b: { type: 'menu', prompts: ['p'], options: { x: 'a' } }, c: { type: 'queue' } } }, refs);
      } catch (e) {
        err = e as FlowValidationError;
      }
      expect(err).to.be.instanceOf(FlowValidationError);
      expect(err!.problems).to.have.length(3);
      expect(err!.problems[0]).to.match(/^nodes\.a\.prompts\.0: /);
      expect(err!.problems[1]).to.equal('nodes.b.options.x: a menu option is one key: 0-9, * or #');
      expect(err!.problems[2]).to.match(/^nodes\.c\.group: /);
      expect(err!.message).to.equal(`flow "shape" is invalid: ${err!.problems.join('; ')}`);
    });
  });

  describe('successors', () => {
    it('given each node type then its successors are the nodes it can continue to', () => {
      const cases: [FlowNode, string[]][] = [
        [{ type: 'play', prompts: [], interruptible: false, next: 'n' }, ['n']],
        [{ type: 'set', variable: 'v', value: '', next: 'n' }, ['n']],
        [{ type: 'menu', prompts: [], options: { 1: 'o1', 2: 'o2' }, timeoutSec: 5, attempts: 3, noInput: 'ni' }, ['o1', 'o2', 'ni']],
        [{ type: 'collect', prompts: [], variable: 'v', maxDigits: 1, terminator: '#', timeoutSec: 5, attempts: 1, next: 'n', invalid: 'inv' }, ['n', 'inv']],
        [{ type: 'time', rules: [{ days: ['mon'], from: '00:00', to: '24:00', next: 'r1' }], default: 'd' }, ['r1', 'd']],
        [{ type: 'branch', variable: 'v', cases: { a: 'c1' }, default: 'd' }, ['c1', 'd']],
        [{ type: 'queue', group: 'g' }, []],
        [{ type: 'transfer', extension: '1', timeoutSec: 30 }, []],
        [{ type: 'voicemail', prompts: [], maxSec: 60 }, []],
        [{ type: 'hangup' }, []],
        [{ type: 'goto', flow: 'f' }, []],
      ];
      for (const [node, next] of cases) expect(successors(node), node.type).to.deep.equal(next);
    });
  });
});
