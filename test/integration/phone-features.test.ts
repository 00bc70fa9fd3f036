/**
 * Issue 20, PBX basics, on real calls: call forwarding (unconditional, busy, no answer) to an
 * extension, a group and an outside number; do not disturb with the ACD; call waiting (tone,
 * then answer); ring-all groups (first answer wins); plain * pickup in the own group. Settings
 * are made through the API and the phones' own feature codes.
 */
import { expect } from 'chai';
import { site } from './harness/site';
import { callTestHooks } from './harness/cti';
import { until } from './harness/wait';
import { api } from './harness/api-client';
import { agentState, callRecord, changeConfig, uniqueCaller } from './harness/contact-center';
import { callWaitingPlaybackId } from '../../src/calls/direct/phone-ring';
import { CallSession } from '../../src/calls/session/call-session';

const { phones, carrierA } = site;
const app = () => site.product.app;
const DID = '02566668888';
const PHONES = ['1001', '1002', '1003', '1004'];
const DEFAULTS = { dnd: false, callWaiting: true, forwardAll: null, forwardBusy: null, forwardNoAnswer: null, noAnswerSec: 20 };

const setFeatures = async (ext: string, body: Record<string, unknown>) => {
  const r = await api('PUT', `/api/v1/agents/${ext}/features`, body);
  expect(r.status, JSON.stringify(r.body)).to.equal(200);
  return r.body;
};

/** A phone dials a feature code; resolves when the product has hung it up (after the beep). */
async function dialCode(ext: string, code: string): Promise<void> {
  const id = await phones.call(`PJSIP/${code}@phone-${ext}`);
  await phones.waitForEnd(id, 8000);
}

/** The call session a phone's outgoing call belongs to (internal calls). */
function sessionOf(callerExt: string): CallSession {
  const c = app().registry.all().find((x): x is CallSession => x instanceof CallSession && x.info.callerExtension === callerExt);
  if (!c) throw new Error(`no call from ${callerExt}`);
  return c;
}

/** 1002 calls `ext` and it answers: `ext` is busy. */
async function busyPhone(ext: string, from = '1002') {
  const caller = await phones.call(`PJSIP/${ext}@phone-${from}`);
  const leg = await phones.waitForCall((c) => c.exten === ext);
  await phones.answer(leg.id);
  await phones.waitForAnswer(caller);
  await until(`${ext} on call`, 3000, () => agentState(ext) === 'on_call', 20);
  return { caller, leg };
}

/** The product has the customer talking to `ext` (the phones see the answer a moment earlier). */
const connectedTo = (ext: string) => until(`the customer connected to ${ext}`, 5000,
  () => app().registry.all().some((c) => { const snap = c.snapshot?.(); return snap?.state === 'connected' && snap.agent === ext; }), 20);

async function callDid(number: string, key: string): Promise<string> {
  const id = await carrierA.call(`PJSIP/${DID}@product`, { callerId: `<${number}>` });
  await carrierA.waitForAnswer(id, 5000);
  await carrierA.sendDtmf(id, key);
  return id;
}

describe('PBX basics: forwarding, DND, call waiting, ring-all, * pickup (issue 20)', function () {
  this.timeout(60000);

  // Right after the site starts the phones may still be registering (originate: "Allocation failed").
  before(async () => {
    await until('phones 1001-1004 registered at the product', 30000, async () => {
      const contacts = await site.product.cli('pjsip show contacts');
      return PHONES.every((ext) => contacts.includes(`${ext}/sip:`));
    }, 200);
  });

  callTestHooks(async () => {
    for (const ext of PHONES) await setFeatures(ext, DEFAULTS);
  });

  describe('call forwarding', () => {
    it('given 1002 forwards every call to 1003 (API) when 1001 calls 1002 then 1003 rings showing 1001 and answers; 1002 never rings', async () => {
      expect(await setFeatures('1002', { forwardAll: '1003' })).to.include({ agent: '1002', forwardAll: '1003', callWaiting: true });
      const caller = await phones.call('PJSIP/1002@phone-1001');
      const leg = await phones.waitForCall((c) => c.exten === '1003');
      expect(leg.callerNumber).to.equal('1001');
      await phones.answer(leg.id);
      await phones.waitForAnswer(caller);
      await phones.hangup(caller);
      await phones.waitForEnd(leg.id);
    });

    it('given 1003 sets *221004# and *42 on its phone when 1003 is busy and 1001 calls it then 1004 rings instead', async () => {
      await dialCode('1003', '*221004#');
      await dialCode('1003', '*42');
      expect((await api('GET', '/api/v1/agents/1003/features')).body).to.include({ forwardBusy: '1004', callWaiting: false, forwardAll: null });
      const busy = await busyPhone('1003');
      const caller = await phones.call('PJSIP/1003@phone-1001');
      const leg = await phones.waitForCall((c) => c.exten === '1004');
      await phones.answer(leg.id);
      await phones.waitForAnswer(caller);
      for (const id of [caller, busy.caller]) await phones.hangup(id);
      await Promise.all([phones.waitForEnd(leg.id), phones.waitForEnd(busy.leg.id)]);
    });

    it('given 1002 forwards on no answer after 5 s to 9057188888888 when nobody answers 1002 then it stops ringing and carrier-a gets the call', async () => {
      await setFeatures('1002', { forwardNoAnswer: '9057188888888', noAnswerSec: 5 });
      const caller = await phones.call('PJSIP/1002@phone-1001');
      const ringing = await phones.waitForCall((c) => c.exten === '1002');
      const t0 = Date.now();
      await phones.waitForEnd(ringing.id, 10000);
      expect(Date.now() - t0).to.be.at.least(3000);
      const out = await carrierA.waitForCall((c) => c.exten === '057188888888', 8000);
      await carrierA.answer(out.id);
      await phones.waitForAnswer(caller);
      await phones.hangup(caller);
      await carrierA.waitForEnd(out.id);
    });

    it('given 1002 is internal-only when it forwards to an outside number then the forward is refused by its own class of service', async () => {
      await changeConfig("UPDATE sip_accounts SET call_class = 'internal' WHERE extension = '1002'");
      try {
        await setFeatures('1002', { forwardAll: '9057188888888' });
        const caller = await phones.call('PJSIP/1002@phone-1001');
        const cause = await phones.waitForEnd(caller, 8000);
        expect(cause).to.not.equal(16);
      } finally {
        await changeConfig("UPDATE sip_accounts SET call_class = 'international' WHERE extension = '1002'");
      }
    });

    it('given 1003 forwards every call to the sales group number 600 when 1004 calls 1003 then the sales queue offers it to 1001', async () => {
      await setFeatures('1003', { forwardAll: '600' });
      const caller = await phones.call('PJSIP/1003@phone-1004');
      const leg = await phones.waitForCall((c) => c.exten === '1001');
      const s = sessionOf('1004');
      expect(s.group).to.equal('sales');
      await phones.answer(leg.id);
      await phones.waitForAnswer(caller);
      await phones.hangup(caller);
      await phones.waitForEnd(leg.id);
    });

    it('given a forwarding loop (1001 -> 1002 -> 1001) then the call is busy and no phone rings', async () => {
      await setFeatures('1001', { forwardAll: '1002' });
      await setFeatures('1002', { forwardAll: '1001' });
      const caller = await phones.call('PJSIP/1001@phone-1003');
      expect(await phones.waitForEnd(caller, 8000)).to.equal(17);
    });

    it('given bad settings then the API answers 400 with every problem and changes nothing', async () => {
      const r = await api<{ error: { details: { problems: string[] } } }>('PUT', '/api/v1/agents/1002/features', { forwardAll: '12a', noAnswerSec: 1, forwardBusy: '1002' });
      expect(r.status).to.equal(400);
      expect(r.body.error.details.problems.length).to.be.at.least(2);
      const self = await api<{ error: { details: { problems: string[] } } }>('PUT', '/api/v1/agents/1002/features', { forwardBusy: '1002' });
      expect(self.status).to.equal(400);
      expect(self.body.error.details.problems.join()).to.match(/itself/);
      expect((await api('GET', '/api/v1/agents/1002/features')).body).to.include({ forwardAll: null, forwardBusy: null, noAnswerSec: 20 });
    });
  });

  describe('do not disturb', () => {
    it('given 1001 dials *31 then it is not ready (dnd), a call to it is busy and the ACD offers a sales call to 1002; *32 makes it ready', async () => {
      await dialCode('1001', '*31');
      expect(app().agents.get('1001')).to.include({ name: 'not_ready', reason: 'dnd' });
      const direct = await phones.call('PJSIP/1001@phone-1003');
      expect(await phones.waitForEnd(direct, 8000)).to.equal(17);
      const number = uniqueCaller();
      const customer = await callDid(number, '1');
      const leg = await phones.waitForCall((c) => c.exten === '1002' || c.exten === '1001');
      expect(leg.exten).to.equal('1002');
      await phones.answer(leg.id);
      await until('1002 on call', 3000, () => agentState('1002') === 'on_call', 20);
      await carrierA.hangup(customer);
      await phones.waitForEnd(leg.id);
      await dialCode('1001', '*32');
      expect(agentState('1001')).to.equal('ready');
    });

    it('given DND set ready by the agent then the ACD still offers it nothing', async () => {
      await setFeatures('1001', { dnd: true });
      app().agents.apply('1001', { type: 'ready' });
      const customer = await callDid(uniqueCaller(), '1');
      const leg = await phones.waitForCall((c) => c.exten === '1002' || c.exten === '1001');
      expect(leg.exten).to.equal('1002');
      await carrierA.hangup(customer);
      await phones.waitForEnd(leg.id);
    });
  });

  describe('call waiting', () => {
    it('given 1003 talks to 1002 when 1001 calls 1003 then 1003 rings again, hears the call-waiting tone in its call, answers, and stays on call until both calls ended', async () => {
      const busy = await busyPhone('1003');
      const caller = await phones.call('PJSIP/1003@phone-1001');
      const second = await phones.waitForCall((c) => c.exten === '1003');
      const guid = sessionOf('1001').guid;
      const ari = site.product.ari();
      const tone = await ari.playbacks.get({ playbackId: callWaitingPlaybackId(guid) });
      expect(tone.media_uri).to.equal('tone:callwaiting');
      const firstCall = sessionOf('1002').snapshot();
      expect(tone.target_uri).to.equal(`channel:${firstCall.agentChannel}`);
      await phones.answer(second.id);
      await phones.waitForAnswer(caller);
      await until('the tone to stop', 3000, async () => {
        try { await ari.playbacks.get({ playbackId: callWaitingPlaybackId(guid) }); return false; } catch { return true; }
      }, 50);
      // The first call ends: 1003 stays on call (the waiting call it answered), then ready.
      await phones.hangup(busy.caller);
      await phones.waitForEnd(busy.leg.id);
      await until('the first call gone', 3000, () => !app().registry.all().some((c) => c.guid === firstCall.guid), 20);
      expect(agentState('1003')).to.equal('on_call');
      await phones.hangup(caller);
      await phones.waitForEnd(second.id);
      await until('1003 ready', 3000, () => agentState('1003') === 'ready', 20);
    });

    it('given call waiting off (*42) when 1003 is busy then a second call is busy', async () => {
      await dialCode('1003', '*42');
      const busy = await busyPhone('1003');
      const caller = await phones.call('PJSIP/1003@phone-1001');
      expect(await phones.waitForEnd(caller, 8000)).to.equal(17);
      await phones.hangup(busy.caller);
      await phones.waitForEnd(busy.leg.id);
    });
  });

  describe('ring-all groups and * pickup', () => {
    afterEach(async () => {
      await changeConfig("UPDATE agent_groups SET strategy = 'acd' WHERE name = 'support'");
    });

    it('given support rings all when a customer presses 2 then 1003 and 1004 ring at once; 1004 answers and 1003 stops', async () => {
      await changeConfig("UPDATE agent_groups SET strategy = 'ring-all' WHERE name = 'support'");
      const number = uniqueCaller();
      const customer = await callDid(number, '2');
      const [a, b] = await Promise.all([phones.waitForCall((c) => c.exten === '1003'), phones.waitForCall((c) => c.exten === '1004')]);
      await phones.answer(b.id);
      await phones.waitForEnd(a.id);
      await until('1004 on call', 3000, () => agentState('1004') === 'on_call', 20);
      expect(agentState('1003')).to.equal('ready');
      await carrierA.hangup(customer);
      await phones.waitForEnd(b.id);
      const rec = await callRecord({ caller: number });
      expect(rec).to.include({ agent: '1004', group_name: 'support', status: 9 });
    });

    it('given a sales call rings at 1001 when 1002 (sales) dials * then 1002 takes it; 1003 (support) dialling * first gets the error tone', async () => {
      const number = uniqueCaller();
      const customer = await callDid(number, '1');
      const ringing = await phones.waitForCall((c) => c.exten === '1001');
      await dialCode('1003', '*');
      expect(app().registry.all().some((c) => c.ringing?.()?.extension === '1001')).to.equal(true);
      const picker = await phones.call('PJSIP/*@phone-1002');
      await phones.waitForEnd(ringing.id);
      await phones.waitForAnswer(picker);
      await connectedTo('1002');
      await carrierA.hangup(customer);
      await phones.waitForEnd(picker);
      const rec = await callRecord({ caller: number });
      expect(rec.agent).to.equal('1002');
      expect(rec.status).to.equal(9);
    });

    it('given a ring-all support call when 1004 dials * then it takes the call from both ringing phones', async () => {
      await changeConfig("UPDATE agent_groups SET strategy = 'ring-all' WHERE name = 'support'");
      app().agents.apply('1004', { type: 'not-ready', reason: 'test' });
      const number = uniqueCaller();
      const customer = await callDid(number, '2');
      const ringing = await phones.waitForCall((c) => c.exten === '1003');
      const picker = await phones.call('PJSIP/*@phone-1004');
      await phones.waitForEnd(ringing.id);
      await phones.waitForAnswer(picker);
      await connectedTo('1004');
      await carrierA.hangup(customer);
      await phones.waitForEnd(picker);
      expect((await callRecord({ caller: number })).agent).to.equal('1004');
    });
  });
});
