import { expect } from 'chai';
import fc from 'fast-check';
import { eligibility, heldBack, inWindow, localTime, normalizePhone, pickDiallable, type ComplianceRules, type ContactFacts } from '../../src/campaigns/compliance';

const rules: ComplianceRules = { window: { startMin: 9 * 60, endMin: 21 * 60, days: [1, 2, 3, 4, 5] }, maxAttempts: 3, defaultTimezone: 'Asia/Shanghai' };
const dncOf = (xs: string[]) => { const s = new Set(xs.map(normalizePhone)); return { has: (p: string) => s.has(p) }; };
const contact = (o: Partial<ContactFacts> = {}): ContactFacts => ({ phone: '13800138000', timezone: null, attempts: 0, nextAt: null, state: 'pending', ...o });
// Monday 2026-12-07 10:00 in Shanghai = 02:00 UTC
const MON_10_SHANGHAI = Date.UTC(2026, 11, 7, 2, 0);

const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Sydney', 'America/Los_Angeles', 'UTC', 'Asia/Kolkata'];
const arbContact = fc.record({
  phone: fc.stringMatching(/^\+?[0-9 -]{3,20}$/), timezone: fc.option(fc.constantFrom(...zones), { nil: null }),
  attempts: fc.integer({ min: 0, max: 6 }), nextAt: fc.option(fc.integer({ min: 1.7e12, max: 1.9e12 }), { nil: null }),
  state: fc.constantFrom('pending' as const, 'dialling' as const, 'done' as const),
});
const arbWindow = fc.record({ startMin: fc.integer({ min: 0, max: 1439 }), len: fc.integer({ min: 0, max: 1440 }), days: fc.subarray([0, 1, 2, 3, 4, 5, 6]) })
  .map((w) => ({ startMin: w.startMin, endMin: Math.min(1440, w.startMin + w.len), days: w.days }));

describe('campaign compliance filters (issue 22)', () => {
  it('local time follows the customer\'s zone, daylight saving included', () => {
    expect(localTime(MON_10_SHANGHAI, 'Asia/Shanghai')).to.deep.equal({ day: 1, minute: 600 });
    expect(localTime(MON_10_SHANGHAI, 'America/New_York')).to.deep.equal({ day: 0, minute: 21 * 60 }); // Sunday 21:00 EST
    expect(localTime(Date.UTC(2026, 6, 6, 2, 0), 'America/New_York')).to.deep.equal({ day: 0, minute: 22 * 60 }); // EDT
  });

  it('refuses do-not-call numbers in any spelling, numbers out of their window, exhausted and not-yet-due numbers', () => {
    expect(eligibility(contact(), rules, dncOf([]), MON_10_SHANGHAI)).to.deep.equal({ ok: true });
    expect(eligibility(contact({ phone: '+86 138-0013-8000' }), rules, dncOf(['8613800138000']), MON_10_SHANGHAI)).to.deep.equal({ ok: false, why: 'do-not-call' });
    expect(eligibility(contact({ phone: '138 0013 8000' }), rules, dncOf(['13800138000']), MON_10_SHANGHAI)).to.deep.equal({ ok: false, why: 'do-not-call' });
    expect(eligibility(contact({ timezone: 'America/New_York' }), rules, dncOf([]), MON_10_SHANGHAI)).to.deep.equal({ ok: false, why: 'outside-window' });
    expect(eligibility(contact({ attempts: 3 }), rules, dncOf([]), MON_10_SHANGHAI)).to.deep.equal({ ok: false, why: 'max-attempts' });
    expect(eligibility(contact({ nextAt: MON_10_SHANGHAI + 1 }), rules, dncOf([]), MON_10_SHANGHAI)).to.deep.equal({ ok: false, why: 'not-due' });
    expect(eligibility(contact({ state: 'done' }), rules, dncOf([]), MON_10_SHANGHAI)).to.deep.equal({ ok: false, why: 'not-pending' });
    expect(eligibility(contact({ timezone: 'Mars/Olympus' }), rules, dncOf([]), MON_10_SHANGHAI)).to.deep.equal({ ok: false, why: 'bad-timezone' });
    expect(eligibility(contact(), rules, dncOf([]), MON_10_SHANGHAI + 11 * 3600_000)).to.deep.equal({ ok: false, why: 'outside-window' }); // 21:00 exactly
  });

  it('never lets through a number on a DNC list, outside its local window, over its attempt limit or not due (property)', () => {
    fc.assert(fc.property(fc.array(arbContact, { maxLength: 30 }), fc.array(fc.stringMatching(/^[0-9]{3,12}$/), { maxLength: 10 }), arbWindow,
      fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1.7e12, max: 1.9e12 }), fc.integer({ min: 0, max: 40 }),
      (contacts, dnc, window, maxAttempts, now, n) => {
        // some contacts on the DNC list for sure
        const list = dncOf([...dnc, ...contacts.filter((_, i) => i % 3 === 0).map((c) => c.phone)]);
        const r: ComplianceRules = { window, maxAttempts, defaultTimezone: 'Asia/Shanghai' };
        const picked = pickDiallable(contacts, n, r, list, now);
        expect(picked.length).to.be.at.most(n);
        for (const c of picked) {
          expect(list.has(normalizePhone(c.phone))).to.equal(false);
          expect(inWindow(window, localTime(now, c.timezone ?? 'Asia/Shanghai'))).to.equal(true);
          expect(c.attempts).to.be.below(maxAttempts);
          expect(c.nextAt === null || c.nextAt <= now).to.equal(true);
          expect(c.state).to.equal('pending');
        }
        // and nothing eligible was passed over while fewer than n were picked
        if (picked.length < n) expect(contacts.filter((c) => eligibility(c, r, list, now).ok).length).to.equal(picked.length);
      }), { numRuns: 300 });
  });
});

describe('campaign compliance: what is held back (issue 22)', () => {
  it('counts each refusal once and nothing eligible (property)', () => {
    fc.assert(fc.property(fc.array(arbContact, { maxLength: 30 }), arbWindow, fc.integer({ min: 1.7e12, max: 1.9e12 }), (contacts, window, now) => {
      const r: ComplianceRules = { window, maxAttempts: 3, defaultTimezone: 'UTC' };
      const dnc = dncOf(contacts.filter((_, i) => i % 4 === 0).map((c) => c.phone));
      const held = heldBack(contacts, r, dnc, now);
      const eligible = contacts.filter((c) => eligibility(c, r, dnc, now).ok).length;
      expect(Object.values(held).reduce((a, b) => a + (b ?? 0), 0) + eligible).to.equal(contacts.length);
    }));
  });
});
