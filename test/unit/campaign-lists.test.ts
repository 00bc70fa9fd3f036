import { expect } from 'chai';
import fc from 'fast-check';
import { importContacts, parseCsv } from '../../src/campaigns/list-import';
import { afterAttempt, DEFAULT_RETRY_RULES, outcomeOfRecord } from '../../src/campaigns/retry';
import { nextCampaignState, CAMPAIGN_STATES } from '../../src/campaigns/campaign-state';
import { inFlight, nextAttemptPhase, type AttemptEvent, type AttemptPhase } from '../../src/campaigns/attempts';
import { screenPopVariables } from '../../src/campaigns/dialer';

const none = { has: () => false };

describe('campaign lists: CSV import with time zones and dedup (issue 22)', () => {
  it('parses quotes, doubled quotes, commas and line breaks in fields, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFphone,name\r\n"138,1","a ""b""\nc"\r\n\r\n')).to.deep.equal([['phone', 'name'], ['138,1', 'a "b"\nc']]);
  });

  it('keeps the customer\'s time zone and extra columns, skips duplicates, known and DNC numbers, reports bad rows', () => {
    const csv = 'phone,name,timezone,plan\n+86 138 0013 8000,Li Lei,Asia/Shanghai,gold\n13800138000,dup,,x\n13900000000,Han Meimei,,silver\n13700000000,X,Mars/Base,y\n12,short,,z\n13600000000,old,,a\n13500000000,dnc,,b\n1,2\n';
    const r = importContacts(csv, new Set(['13600000000']), { has: (p) => p === '13500000000' });
    expect(r.rows).to.deep.equal([
      { phone: '8613800138000', name: 'Li Lei', timezone: 'Asia/Shanghai', data: { plan: 'gold' } },
      { phone: '13800138000', name: 'dup', timezone: null, data: { plan: 'x' } },
      { phone: '13900000000', name: 'Han Meimei', timezone: null, data: { plan: 'silver' } },
    ]);
    expect(r.skipped.map((s) => [s.line, s.why])).to.deep.equal([[7, 'already-in-campaign'], [8, 'do-not-call']]);
    expect(r.errors.map((e) => e.line)).to.deep.equal([5, 6, 9]);
  });

  it('refuses a file without a phone column or with odd column names', () => {
    expect(importContacts('name\nx\n', new Set(), none).errors[0].problem).to.match(/phone/);
    expect(importContacts('phone,"a b"\n1380\n', new Set(), none).errors[0].problem).to.match(/column names/);
    expect(importContacts('', new Set(), none).errors).to.have.length(1);
  });

  it('never imports a number twice or a DNC number (property)', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[0-9]{3,8}$/), { maxLength: 40 }), fc.array(fc.stringMatching(/^[0-9]{3,8}$/), { maxLength: 10 }), (phones, dnc) => {
      const d = new Set(dnc);
      const r = importContacts(`phone\n${phones.join('\n')}\n`, new Set(), { has: (p) => d.has(p) });
      const got = r.rows.map((x) => x.phone);
      expect(new Set(got).size).to.equal(got.length);
      expect(got.some((p) => d.has(p))).to.equal(false);
      expect(got.length + r.skipped.length + r.errors.length).to.equal(phones.length);
    }));
  });
});

describe('campaign retries by outcome and disposition (issue 22)', () => {
  const now = 1_800_000_000_000;
  it('busy, no answer, machine and failed are retried after their minutes; dispositions decide answered calls', () => {
    expect(afterAttempt('busy', DEFAULT_RETRY_RULES, 1, 3, now)).to.deep.equal({ next: 'retry', at: now + 5 * 60_000, counts: true });
    expect(afterAttempt('no-answer', DEFAULT_RETRY_RULES, 1, 3, now)).to.deep.equal({ next: 'retry', at: now + 30 * 60_000, counts: true });
    expect(afterAttempt('machine', { machine: 0 }, 1, 3, now)).to.deep.equal({ next: 'retry', at: now, counts: true });
    expect(afterAttempt('callback', DEFAULT_RETRY_RULES, 1, 3, now)).to.deep.equal({ next: 'retry', at: now + 60 * 60_000, counts: true });
    expect(afterAttempt('sale', DEFAULT_RETRY_RULES, 1, 3, now)).to.deep.equal({ next: 'done', result: 'sale', dnc: false });
    expect(afterAttempt('do-not-call', DEFAULT_RETRY_RULES, 1, 3, now)).to.deep.equal({ next: 'done', result: 'do-not-call', dnc: true });
    expect(afterAttempt('busy', DEFAULT_RETRY_RULES, 3, 3, now)).to.deep.equal({ next: 'done', result: 'busy (attempts used)', dnc: false });
    expect(afterAttempt('agent-missed', DEFAULT_RETRY_RULES, 3, 3, now)).to.deep.equal({ next: 'retry', at: now, counts: false });
    expect(afterAttempt('toString', DEFAULT_RETRY_RULES, 1, 3, now)).to.deep.equal({ next: 'done', result: 'toString', dnc: false });
  });

  it('takes fractions of a minute to the millisecond (0.1 = 6 s)', () => {
    expect(afterAttempt('no-answer', { 'no-answer': 0.1 }, 1, 3, now)).to.deep.equal({ next: 'retry', at: now + 6000, counts: true });
    expect(afterAttempt('busy', { busy: 1 / 3 }, 1, 3, now)).to.deep.equal({ next: 'retry', at: now + 20_000, counts: true });
  });

  it('gives the agent the list row and the campaign on the screen pop (call.ringing variables); the campaign\'s facts win over same-named columns', () => {
    const vars = screenPopVariables({ id: 7, name: 'december', timezone: 'Asia/Shanghai' },
      { id: 42, listId: 3, name: 'Li Lei', timezone: null, attempts: 1, data: { plan: 'gold', campaign: 'from the file' } });
    expect(vars).to.deep.equal({
      plan: 'gold', campaign: 'december', campaign_id: '7', campaign_list: '3', campaign_contact: '42', contact_name: 'Li Lei', contact_timezone: 'Asia/Shanghai', attempt: '2',
    });
  });

  it('reads the dial outcome from the call record', () => {
    const r = (o: Partial<{ answeredAt: string | null; endReason: string; status: number }>) => outcomeOfRecord({ answeredAt: null, endReason: '', status: 12, ...o });
    expect(r({ answeredAt: '2026-12-07T10:00:00Z', status: 6 })).to.equal('answered');
    expect(r({ endReason: 'busy' })).to.equal('busy');
    expect(r({ endReason: 'no_answer' })).to.equal('no-answer');
    expect(r({ status: 14, endReason: 'caller' })).to.equal('no-answer');
    expect(r({ endReason: 'congestion' })).to.equal('failed');
  });
});

describe('campaign states (issue 22)', () => {
  it('start, pause, stop and finish move only along the table', () => {
    expect(nextCampaignState('stopped', 'start')).to.equal('running');
    expect(nextCampaignState('running', 'pause')).to.equal('paused');
    expect(nextCampaignState('paused', 'start')).to.equal('running');
    expect(nextCampaignState('running', 'finish')).to.equal('finished');
    expect(nextCampaignState('stopped', 'pause')).to.equal(null);
    expect(nextCampaignState('paused', 'finish')).to.equal(null);
    for (const s of CAMPAIGN_STATES) expect(nextCampaignState(s, 'stop') === null).to.equal(s === 'stopped');
  });
});

describe('campaign attempt phases (issue 22)', () => {
  const phases: AttemptPhase[] = ['agent-ringing', 'dialling-customer', 'talking', 'ended'];
  const events: AttemptEvent[] = ['agent-answered', 'customer-answered', 'agent-missed', 'ended'];
  it('moves agent first, then the customer, then the end; late or repeated events change nothing', () => {
    const table = Object.fromEntries(phases.map((p) => [p, Object.fromEntries(events.map((e) => [e, nextAttemptPhase(p, e)]))]));
    expect(table).to.deep.equal({
      'agent-ringing': { 'agent-answered': 'dialling-customer', 'customer-answered': null, 'agent-missed': 'ended', ended: 'ended' },
      'dialling-customer': { 'agent-answered': null, 'customer-answered': 'talking', 'agent-missed': null, ended: 'ended' },
      talking: { 'agent-answered': null, 'customer-answered': null, 'agent-missed': null, ended: 'ended' },
      ended: { 'agent-answered': null, 'customer-answered': null, 'agent-missed': null, ended: null },
    });
    expect(phases.filter(inFlight)).to.deep.equal(['agent-ringing', 'dialling-customer']);
  });
});
