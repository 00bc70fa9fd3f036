import { expect } from 'chai';
import { FlowValidationError, validateFlow } from '../../src/flows/validate';

const refs = { groups: new Set(['sales', 'support']), extensions: new Set(['1001']), flows: new Set(['main', 'other']) };
const problems = (raw: unknown): string[] => {
  try {
    validateFlow('main', raw, refs);
  } catch (err) {
    if (err instanceof FlowValidationError) return err.problems;
    throw err;
  }
  throw new Error('the flow was accepted');
};

const everyNode = {
  start: 'hours',
  nodes: {
    hours: { type: 'time', rules: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', next: 'greet' }, { dates: ['2026-10-01'], next: 'closed' }], default: 'closed' },
    greet: { type: 'play', prompts: { en: ['hello-world'], zh: ['file:welcome-zh'] }, next: 'lang' },
    lang: { type: 'set', variable: 'language', value: 'en', next: 'menu' },
    menu: { type: 'menu', prompts: ['vm-press', 'digits/1'], options: { 1: 'sales', 2: 'account', 3: 'operator', '*': 'again', '#': 'vm' } },
    account: { type: 'collect', prompts: ['vm-enter-num-to-call'], variable: 'account', maxDigits: 8, valid: '[0-9]{4,8}', next: 'check' },
    check: { type: 'branch', variable: 'account', cases: { 1234: 'support' }, default: 'sales' },
    sales: { type: 'queue', group: 'sales' },
    support: { type: 'queue', group: 'support' },
    operator: { type: 'transfer', extension: '1001' },
    again: { type: 'goto', flow: 'other' },
    vm: { type: 'voicemail', prompts: ['vm-intro'] },
    closed: { type: 'hangup', prompts: ['vm-goodbye'] },
  },
};

describe('flow validation', () => {
  it('given a flow using every node type then it is accepted with defaults applied', () => {
    const flow = validateFlow('main', everyNode, refs);
    expect(flow.name).to.equal('main');
    expect(flow.language).to.equal('en');
    const menu = flow.nodes.menu as { timeoutSec: number; attempts: number };
    expect(menu).to.include({ timeoutSec: 5, attempts: 3 });
    expect(flow.nodes.operator).to.include({ timeoutSec: 30 });
  });
  it('given JSON text then it is parsed; broken JSON is reported as such', () => {
    expect(validateFlow('main', JSON.stringify(everyNode), refs).start).to.equal('hours');
    expect(problems('{"start": ')[0]).to.match(/^not valid JSON/);
  });
  it('given an unknown node type then the node is named in the problem', () => {
    expect(problems({ start: 'a', nodes: { a: { type: 'dance' } } }).join()).to.contain('nodes.a.type');
  });
  it('given a missing start node and dangling references then every one is reported at once', () => {
    const p = problems({ start: 'nowhere', nodes: { a: { type: 'play', prompts: ['beep'], next: 'b' }, m: { type: 'menu', prompts: ['beep'], options: { 1: 'c' }, noInput: 'd' } } });
    expect(p).to.include('start: no node named "nowhere"');
    expect(p).to.include('nodes.a: no node named "b"');
    expect(p).to.include('nodes.m: no node named "c"');
    expect(p).to.include('nodes.m: no node named "d"');
  });
  it('given unknown groups, extensions and flows then they are reported', () => {
    const p = problems({ start: 'q', nodes: { q: { type: 'queue', group: 'vip' }, t: { type: 'transfer', extension: '9999' }, g: { type: 'goto', flow: 'ghost' } } });
    expect(p).to.include.members(['nodes.q.group: no agent group "vip"', 'nodes.t.extension: no enabled extension "9999"', 'nodes.g.flow: no flow "ghost"']);
  });
  it('given a bad regular expression in collect then it is reported', () => {
    const p = problems({ start: 'c', nodes: { c: { type: 'collect', prompts: ['beep'], variable: 'x', valid: '([0-9]', next: 'h' }, h: { type: 'hangup' } } });
    expect(p).to.deep.equal(['nodes.c.valid: not a valid regular expression']);
  });
  it('given hostile or malformed prompt names then they are refused', () => {
    for (const bad of ['../etc/passwd', 'a b', '/abs/path', 'sound:x', "x'; DROP TABLE flows"]) {
      expect(problems({ start: 'p', nodes: { p: { type: 'play', prompts: [bad], next: 'p' } } }).join(), bad).to.contain('nodes.p.prompts');
    }
  });
  it('given menu keys that are not one DTMF key then they are refused', () => {
    for (const key of ['12', 'a', '']) {
      expect(problems({ start: 'm', nodes: { m: { type: 'menu', prompts: ['beep'], options: { [key]: 'm' } } } }).join(), key).to.contain('one key');
    }
  });
  it('given a time rule that ends before it starts then it is refused', () => {
    const p = problems({ start: 't', nodes: { t: { type: 'time', rules: [{ from: '18:00', to: '09:00', next: 'h' }], default: 'h' }, h: { type: 'hangup' } } });
    expect(p[0]).to.contain('nodes.t.rules.0: from 18:00 is not before to 09:00');
  });
  it('given unknown fields or a wrong variable name then they are refused', () => {
    expect(problems({ start: 'h', nodes: { h: { type: 'hangup', colour: 'red' } } }).join()).to.contain('nodes.h');
    expect(problems({ start: 's', nodes: { s: { type: 'set', variable: 'Bad-Name', value: '', next: 's' } } }).join()).to.contain('nodes.s.variable');
  });
});
