/** Issue 19: the admin API's pure parts (flow diff, CSV, draft rules, whole-config problems, entity shapes) and the flow editor's model. */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { canonical, flowDiff, flowsGoingTo } from '../../src/admin/flow-diff';
import { csvRecords, parseCsv, toCsv } from '../../src/admin/csv';
import { withDraftRules } from '../../src/admin/draft-rules';
import { configProblems, targetProblems } from '../../src/admin/validate-config';
import { createSchema, keySchema, listQuerySchema, present, toDb, updateSchema } from '../../src/admin/entity';
import { ACCOUNTS, DIAL_RULES, ENTITIES, GROUPS, TIMERS } from '../../src/admin/entities';
import { compileTables } from '../../src/routing';
import type { TelephonyData } from '../../src/domain';
import { demoTables } from '../fixtures/demo-routing';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const model = require(resolve(__dirname, '../../../web/admin/flow-model.js'));

const account = (extension: string, over: object = {}) => ({ extension, password: 'a-long-secret', enabled: true, displayName: '', allowedIp: null, dialContext: 'agents', codecs: ['ulaw'], autoReady: false, ...over });
const telephony = (over: Partial<TelephonyData> = {}): TelephonyData => ({
  accounts: ['1001', '1002', '1003', '1004'].map((e) => account(e)), trunks: [], flows: [{ name: 'main', definition: '{"start":"q","nodes":{"q":{"type":"queue","group":"sales"}}}' }],
  groups: [], boards: { spans: [], ports: [] }, faxNumbers: [], ...over,
} as TelephonyData);

describe('admin core (issue 19)', () => {
  describe('flowDiff', () => {
    it('given two versions then it lists changed top-level fields and nodes added, removed and modified, ignoring key order', () => {
      const a = { start: 'a', nodes: { a: { type: 'play', prompts: ['x'], next: 'b' }, b: { type: 'hangup' }, c: { type: 'queue', group: 's' } } };
      const b = { start: 'a', language: 'zh', nodes: { a: { next: 'd', prompts: ['x'], type: 'play' }, c: { group: 's', type: 'queue' }, d: { type: 'hangup' } } };
      expect(flowDiff(a, b)).to.deep.equal({
        changed: true, fields: [{ field: 'language', before: null, after: 'zh' }], added: ['d'], removed: ['b'],
        modified: [{ node: 'a', before: a.nodes.a, after: b.nodes.a }],
      });
      expect(flowDiff(a, JSON.parse(JSON.stringify(a))).changed).to.equal(false);
      expect(canonical({ b: 1, a: [1, { d: 2, c: 3 }] })).to.equal('{"a":[1,{"c":3,"d":2}],"b":1}');
    });

    it('given flows with goto nodes then flowsGoingTo names the flows that would break', () => {
      const flows = [{ name: 'x', definition: '{"start":"g","nodes":{"g":{"type":"goto","flow":"main"}}}' }, { name: 'y', definition: { nodes: {} } }, { name: 'bad', definition: '{' }];
      expect(flowsGoingTo('main', flows)).to.deep.equal(['x']);
      expect(flowsGoingTo('x', flows)).to.deep.equal([]);
    });
  });

  describe('CSV', () => {
    it('given quotes, commas, line breaks and a formula then they round-trip, the formula defused', () => {
      const csv = toCsv(['a', 'b'], [{ a: 'x, "y"', b: 'line\nbreak' }, { a: '=cmd()', b: '+8613800000000' }, { a: null, b: undefined }]);
      expect(csv).to.equal('a,b\r\n"x, ""y""","line\nbreak"\r\n"\'=cmd()",+8613800000000\r\n,\r\n');
      expect(parseCsv(csv)).to.deep.equal([['a', 'b'], ['x, "y"', 'line\nbreak'], ["'=cmd()", '+8613800000000'], ['', '']]);
    });

    it('given an unterminated quote, unknown or missing columns or short lines then every problem is named', () => {
      expect(() => parseCsv('a\n"open')).to.throw(/line 2/);
      const r = csvRecords('\uFEFFPhone,colour\n1,2,3\n', ['phone', 'name'], ['phone', 'name']);
      expect(r.problems).to.deep.equal(['header: unknown column "colour" (known: phone, name)', 'header: column "name" is required', 'line 2: 3 cells, the header has 2']);
    });
  });

  describe('draft rules', () => {
    it('given drafts then one with an id replaces the saved rule, one without is added, removed and disabled ones leave', () => {
      const t = withDraftRules(demoTables(), [
        { id: 3, context: 'agents', pattern: '_9X.', route_type: 'trunk_group', target: 'international' },
        { context: 'agents', pattern: '5000', route_type: 'group', target: 'sales', transforms: [{ seq: 2, op: 'insert', start_pos: 0, text: '1' }, { seq: 1, op: 'delete', start_pos: 0, length: 1 }] },
        { id: 2, context: 'agents', pattern: '_2XXX', route_type: 'reject', enabled: false },
      ], [4]);
      expect(t.rules.map((r) => r.id)).to.deep.equal([1, 3, 10, 20, 21]);
      expect(t.rules.find((r) => r.id === 3)!.target).to.equal('international');
      expect(t.rules.find((r) => r.id === 21)!.transforms).to.deep.equal([{ op: 'delete', start: 0, length: 1 }, { op: 'insert', start: 0, text: '1' }]);
      expect(() => compileTables(t)).not.to.throw();
    });
  });

  describe('whole-configuration problems', () => {
    it('given the demo configuration then there is no problem', () => {
      expect(configProblems(demoTables(), telephony())).to.deep.equal([]);
    });

    it('given problems in rules, targets, flows, groups and accounts at once then all are reported, flow problems with their node', () => {
      const raw = demoTables();
      raw.rules.push({ id: 30, context: 'agents', pattern: '_7[', routeType: 'extension', target: '', transforms: [], reanalyze: false });
      raw.rules.push({ id: 31, context: 'agents', pattern: '6', routeType: 'flow', target: 'nowhere', transforms: [], reanalyze: false });
      const p = configProblems(raw, telephony({
        flows: [{ name: 'main', definition: '{"start":"q","nodes":{"q":{"type":"queue","group":"nobody"},"m":{"type":"play","prompts":[],"next":"gone"}}}' }],
        groups: [{ name: 'sales', number: null, ringTimeoutSec: 15, wrapupSec: 0, maxWaitSec: 0, overflowGroup: 'sales', overflowFlow: null, announcePosition: false, mohClass: 'default', recordCalls: true, surveyFlow: null, members: [] }],
        accounts: [account('1001', { password: '' }), account('1002', { codecs: ['ulaw', 'foo'] }), account('1003'), account('1004', { enabled: false, password: '' })],
      }));
      const text = p.map((x) => x.message).join('\n');
      expect(text).to.contain('dial rule 30').and.contain('unknown flow "nowhere"').and.contain('overflow_group is the group itself')
        .and.contain('account 1001: the password is empty').and.contain('unknown codec "foo"');
      expect(text).not.to.contain('account 1004');
      expect(p.filter((x) => x.node).map((x) => [x.flow, x.node])).to.deep.equal([['main', 'q'], ['main', 'm']]);
    });

    it('given rules naming a missing group, flow or account then targetProblems names them; an empty extension target is the number itself', () => {
      const raw = demoTables();
      raw.rules.push({ id: 40, context: 'x', pattern: '1', routeType: 'group', target: 'nobody', transforms: [], reanalyze: false });
      raw.rules.push({ id: 41, context: 'x', pattern: '2', routeType: 'extension', target: '1999', transforms: [], reanalyze: false });
      expect(targetProblems(raw)).to.deep.equal(['dial rule 40 (x 1): unknown group "nobody"', 'dial rule 41 (x 2): no enabled account "1999"']);
    });
  });

  describe('entity shapes', () => {
    it('given a create body then required fields, shapes and unknown fields are all checked at once', () => {
      const r = createSchema(ACCOUNTS).safeParse({ password: 'short', codecs: 'ulaw,ulaw', allowed_ip: '999.1.1.1', extra: 1 });
      expect(r.success).to.equal(false);
      const paths = r.error!.issues.map((i) => i.path.join('.') || i.message);
      for (const f of ['extension', 'password', 'codecs', 'allowed_ip']) expect(paths).to.include(f);
      expect(r.error!.issues.some((i) => i.code === 'unrecognized_keys')).to.equal(true);
      expect(createSchema(GROUPS).parse({ name: 'g', members: [{ extension: '1001' }] })).to.deep.equal({ name: 'g', members: [{ extension: '1001', priority: 1 }] });
    });

    it('given an update then the key cannot change and every field is optional', () => {
      expect(updateSchema(ACCOUNTS).safeParse({ extension: '1' }).success).to.equal(false);
      expect(updateSchema(ACCOUNTS).safeParse({}).success).to.equal(true);
      expect(keySchema(DIAL_RULES).parse('12')).to.equal(12);
      expect(keySchema(TIMERS).safeParse('x').success).to.equal(false);
      expect(listQuerySchema(ACCOUNTS).parse({})).to.deep.equal({ limit: 100, offset: 0 });
    });

    it('given a row then secrets are hidden and 0/1 of boolean fields become booleans; values for MySQL the other way', () => {
      expect(present(ACCOUNTS, { extension: '1001', password: 'x', enabled: 1, max_outbound_calls: 1 })).to.deep.equal({ extension: '1001', password: '(set)', enabled: true, max_outbound_calls: 1 });
      expect(present(ACCOUNTS, { password: null, outbound_allowed: 0 })).to.deep.equal({ password: null, outbound_allowed: false });
      expect([toDb(true), toDb(false), toDb({ a: 1 }), toDb(null), toDb('x')]).to.deep.equal([1, 0, '{"a":1}', null, 'x']);
    });

    it('every entity names a key among its columns, required columns exist and filters are columns', () => {
      for (const e of ENTITIES) {
        if (!e.autoKey) expect(Object.keys(e.columns), e.name).to.include(e.key);
        for (const r of e.required) expect(Object.keys(e.columns), `${e.name}.${r}`).to.include(r);
        for (const f of [...e.filters, ...e.search]) expect(Object.keys(e.columns), `${e.name}.${f}`).to.include(f);
      }
    });
  });

  describe('flow editor model (web/admin/flow-model.js)', () => {
    it('given a menu then its edges are its options and exits; connecting a new key adds an option; deleting a node clears what pointed at it', () => {
      const flow = { start: 'm', nodes: { m: { type: 'menu', prompts: [], options: { 1: 'a' }, noInput: 'a' }, a: { type: 'queue', group: 's' }, b: { type: 'hangup' } } as Record<string, any> };
      expect(model.nodeEdges(flow.nodes.m)).to.deep.equal([{ slot: 'options.1', label: '1', target: 'a' }, { slot: 'noInput', label: 'noInput', target: 'a' }]);
      expect(model.nodeSlots(flow.nodes.m)).to.deep.equal(['options.1', 'options.+', 'noInput', 'invalid']);
      model.setSlot(flow.nodes.m, 'options.+', 'b', '2');
      expect(flow.nodes.m.options).to.deep.equal({ 1: 'a', 2: 'b' });
      model.deleteNode(flow, 'a');
      expect(flow.nodes.m).to.deep.equal({ type: 'menu', prompts: [], options: { 2: 'b' } });
      model.deleteNode(flow, 'm');
      expect(flow.start).to.equal('b');
      expect(model.freshName({ nodes: { play: {}, play2: {} } }, 'play')).to.equal('play3');
    });

    it('given prompts as text then a list or one list per language comes back, and the same text is shown again', () => {
      expect(model.textToPrompts('hello-world, digits/1')).to.deep.equal(['hello-world', 'digits/1']);
      const per = model.textToPrompts('en: hello-world; zh: file:welcome-zh');
      expect(per).to.deep.equal({ en: ['hello-world'], zh: ['file:welcome-zh'] });
      expect(model.promptsToText(per)).to.equal('en: hello-world; zh: file:welcome-zh');
      expect(model.textToPrompts('  ')).to.equal(undefined);
      for (const [type, spec] of Object.entries(model.NODE_TYPES) as [string, { make: () => object }][]) expect(spec.make()).to.be.an('object', type);
    });
  });
});
