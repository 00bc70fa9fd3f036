// The agent desktop (issue 21): sign in, agent state, the browser phone (agent-phone.js), the
// screen pop from the CTI event stream, call control through the CTI API (hold, transfer,
// click-to-call: the same routes a CRM uses), the wrap-up disposition and today's calls.
// One page per agent: a newer page (another tab or computer) takes over and this one stops.
'use strict';

const $ = (id) => document.getElementById(id);
const desk = {
  agent: null, auth: null, setup: null, session: null, phone: null, events: null, lastSeq: 0,
  state: 'logged_out', callGuid: null, pop: null, held: false, muted: false, transferring: false, thirdParty: null,
  wrapupGuid: null, stopped: true, timers: [],
};
// For tests and the bench: read-only views of the page's phone.
window.agentDesktop = { desk, refreshToday: () => refreshToday(), stats: () => (desk.phone ? desk.phone.stats() : null), timings: () => (desk.phone ? { answerClickedAt: desk.phone.answerClickedAt, ringingAt: desk.phone.ringingAt } : null) };

function showError(text) {
  $('error').textContent = text;
  $('error').hidden = !text;
}
function banner(text) {
  $('banner').textContent = text;
  $('banner').hidden = !text;
}

async function api(path, opts = {}) {
  const headers = { authorization: desk.auth, ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(path, { method: opts.method || 'GET', headers, body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined });
  const text = await res.text();
  const body = text ? JSON.parse(text) : {};
  if (!res.ok) {
    const e = body.error || {};
    const err = new Error(`${e.message || res.statusText}${e.details && e.details.problems ? ': ' + e.details.problems.join('; ') : ''}`);
    err.status = res.status;
    throw err;
  }
  return body;
}
/** Runs a button's action; a refusal is shown, not thrown. */
const act = (fn) => async (ev) => {
  if (ev && ev.preventDefault) ev.preventDefault();
  try {
    showError('');
    await fn(ev);
  } catch (err) {
    showError(err.message);
  }
};

// ---- sign in / out ---------------------------------------------------------------------------

async function signIn() {
  const ext = $('ext').value.trim();
  const password = $('password').value;
  desk.auth = 'Basic ' + btoa(unescape(encodeURIComponent(`${ext}:${password}`)));
  try {
    desk.setup = await api('/api/v1/agent-desktop/setup');
  } catch (err) {
    desk.auth = null;
    throw new Error(err.status === 401 ? 'Wrong extension or password.' : err.message);
  }
  desk.agent = ext;
  desk.stopped = false;
  const claim = await api('/api/v1/agent-desktop/session', { method: 'POST', body: {} });
  desk.session = claim.session;
  banner(claim.replaced ? 'You were signed in elsewhere: that page has been signed out.' : '');
  announceToOtherTabs();
  document.body.dataset.signedIn = 'yes';
  $('signin').hidden = true;
  $('desk').hidden = false;
  $('signout').hidden = false;
  $('who').textContent = `${desk.setup.displayName || ''} ${ext}`.trim();
  fillDispositions(desk.setup.dispositionCodes);
  await refreshState();
  if (desk.setup.webrtc) startPhone(password);
  else $('phone-status').textContent = 'desk phone: calls ring on your phone';
  openEvents();
  await refreshToday();
  desk.timers.push(setInterval(checkSession, 5000), setInterval(() => { refreshState().catch(() => {}); }, 15000));
}

function startPhone(password) {
  const s = desk.setup;
  desk.phone = new AgentPhone({
    wsUrl: s.sip.wsUrl, uri: s.sip.uri, authorizationUser: s.sip.authorizationUser, password, displayName: s.displayName,
    iceServers: s.iceServers, audio: $('remote-audio'), on: onPhone,
  });
  desk.phone.start();
}

/** This page no longer holds the desktop (taken over, or signed out): stop everything. */
function stopDesk(why) {
  if (desk.stopped) return;
  desk.stopped = true;
  for (const t of desk.timers) clearInterval(t);
  desk.timers = [];
  if (desk.phone) desk.phone.stop(why === 'taken-over' ? 'taken-over' : 'off');
  desk.phone = null;
  if (desk.events) { desk.events.onclose = null; desk.events.close(); }
  desk.events = null;
  $('link').dataset.link = 'off';
  $('link').textContent = '';
  if (why === 'taken-over') {
    banner('This desktop was opened in another tab or window: this page is signed out. Close it, or sign in again here to take it back.');
    $('phone-status').dataset.state = 'taken-over';
    $('phone-status').textContent = 'phone: taken over';
  }
  document.body.dataset.signedIn = 'no';
  $('desk').hidden = true;
  $('signout').hidden = true;
  $('signin').hidden = false;
}

async function signOut() {
  if (desk.session) await api(`/api/v1/agent-desktop/session/${desk.session}`, { method: 'DELETE' }).catch(() => {});
  stopDesk('off');
  desk.auth = null;
}

async function checkSession() {
  if (desk.stopped || !desk.session) return;
  try {
    const c = await api(`/api/v1/agent-desktop/session/${desk.session}`);
    if (c.state !== 'current') stopDesk('taken-over');
  } catch (_) { /* app away for a moment: asked again in 5 s */ }
}

// Another tab of the same browser hears at once; other computers learn it from checkSession.
let channel = null;
function announceToOtherTabs() {
  if (!('BroadcastChannel' in window)) return;
  if (channel) channel.close();
  channel = new BroadcastChannel(`callcenter-agent-${desk.agent}`);
  channel.onmessage = (m) => { if (m.data && m.data.session !== desk.session) stopDesk('taken-over'); };
  channel.postMessage({ session: desk.session });
}

// ---- agent state -----------------------------------------------------------------------------

function showState(s) {
  desk.state = s.state || s.to;
  $('state').dataset.state = desk.state;
  $('state').textContent = desk.state.replace('_', ' ') + (s.reason ? ` (${s.reason})` : '');
  $('state-detail').textContent = s.since ? `since ${new Date(s.since).toLocaleTimeString()}` : '';
  $('ready').disabled = desk.state === 'ready';
  $('logout').disabled = desk.state === 'logged_out';
}

async function refreshState() {
  showState(await api(`/api/v1/agents/${desk.agent}`));
}

async function ready() {
  if (desk.state === 'logged_out') showState(await api(`/api/v1/agents/${desk.agent}/login`, { method: 'POST', body: {} }));
  if (desk.state !== 'ready') showState(await api(`/api/v1/agents/${desk.agent}/ready`, { method: 'POST', body: {} }));
}
async function notReady() {
  if (desk.state === 'logged_out') showState(await api(`/api/v1/agents/${desk.agent}/login`, { method: 'POST', body: {} }));
  showState(await api(`/api/v1/agents/${desk.agent}/not-ready`, { method: 'POST', body: { reason: $('reason').value } }));
}
async function logout() {
  showState(await api(`/api/v1/agents/${desk.agent}/logout`, { method: 'POST', body: {} }));
}

// ---- the phone -------------------------------------------------------------------------------

function callStatus(text, kind) {
  $('call-status').textContent = text;
  $('call-status').dataset.call = kind;
}

function controls() {
  const p = desk.phone;
  const ringing = !!(p && p.session && !p.session.isEstablished());
  const talking = !!(p && p.session && p.session.isEstablished()) || (!desk.setup.webrtc && desk.state === 'on_call');
  $('answer').disabled = !ringing;
  $('hangup').disabled = !(ringing || talking);
  $('mute').disabled = !(p && p.session && p.session.isEstablished());
  $('hold').disabled = !(talking && desk.callGuid);
  $('transfer-blind').disabled = !(talking && desk.callGuid) || desk.transferring;
  $('transfer-attended').disabled = !(talking && desk.callGuid) || desk.transferring;
  $('transfer-complete').hidden = !desk.transferring;
  $('transfer-cancel').hidden = !desk.transferring;
  // Three-way call: one third party at a time, not while transferring or holding.
  $('conference').disabled = !(talking && desk.callGuid) || desk.transferring || desk.held || !!desk.thirdParty;
  $('conference-drop').hidden = !desk.thirdParty;
  if (desk.thirdParty) $('conference-drop').textContent = desk.thirdParty.state === 'joined' ? `Drop ${desk.thirdParty.target}` : `Stop calling ${desk.thirdParty.target}`;
  $('hold').setAttribute('aria-pressed', String(desk.held));
  $('mute').setAttribute('aria-pressed', String(desk.muted));
  $('incoming').hidden = !ringing;
}

function onPhone(event, d) {
  if (event === 'state') {
    $('phone-status').dataset.state = d.state;
    $('phone-status').textContent = `phone ${d.state}${d.why ? ` (${d.why})` : ''}`;
  } else if (event === 'incoming') {
    $('incoming-from').textContent = `${d.name ? d.name + ' ' : ''}${d.from}`;
    callStatus('ringing', 'ringing');
    // A click-to-call leg rings us first: answered at once. Otherwise as the agent chose.
    if (d.expected || desk.setup.autoAnswer) desk.phone.answer();
  } else if (event === 'talking') {
    desk.talkedOn = desk.callGuid;
    callStatus('talking', 'talking');
    watchAudio();
  } else if (event === 'ended') {
    desk.muted = false;
    callStatus('idle', 'idle');
    // This phone's part of the call is over (hung up, or transferred away): wrap-up for it.
    if (desk.talkedOn) startWrapup(desk.talkedOn);
    desk.talkedOn = null;
  }
  controls();
}

/** The call's audio counters under the buttons (getStats every 2 s while the call lasts). */
function watchAudio() {
  const show = async () => {
    const s = desk.phone && desk.phone.session ? await desk.phone.stats() : null;
    if (!s) { clearInterval(t); $('audio-stats').textContent = ''; return; }
    $('audio-stats').textContent = `audio ${s.codec ? s.codec.replace('audio/', '') : ''}: ${s.packetsReceived} packets in, ${s.packetsSent} out`;
  };
  const t = setInterval(() => { show().catch(() => {}); }, 2000);
}

async function hold() {
  desk.held = !desk.held;
  try {
    await api(`/api/v1/calls/${desk.callGuid}/${desk.held ? 'hold' : 'retrieve'}`, { method: 'POST', body: {} });
  } catch (err) {
    desk.held = !desk.held;
    throw err;
  } finally {
    controls();
  }
}

function mute() {
  desk.muted = !desk.muted;
  desk.phone.mute(desk.muted);
  controls();
}

function transferTarget() {
  const kind = $('transfer-kind').value;
  const value = $('transfer-target').value.trim();
  if (!value) throw new Error('Enter where to transfer to.');
  return { [kind]: value };
}

async function transfer(mode) {
  const guid = desk.callGuid;
  await api(`/api/v1/calls/${guid}/transfer`, { method: 'POST', body: { mode, ...transferTarget() } });
  desk.transferring = mode === 'attended';
  controls();
}

/** Three-way call (POST /api/v1/calls/<guid>/conference): the target rings, then joins the caller and the agent. */
async function conference() {
  const target = transferTarget();
  await api(`/api/v1/calls/${desk.callGuid}/conference`, { method: 'POST', body: target });
  desk.thirdParty = desk.thirdParty || { target: Object.values(target)[0], state: 'ringing' };
  controls();
}

async function dropThirdParty() {
  await api(`/api/v1/calls/${desk.callGuid}/conference`, { method: 'DELETE' });
  desk.thirdParty = null;
  controls();
}

async function transferStep(step) {
  await api(`/api/v1/calls/${desk.callGuid}/transfer/${step}`, { method: 'POST', body: {} });
  desk.transferring = false;
  controls();
}

async function dial() {
  const number = $('dial-number').value.trim();
  // The product rings this browser first and then calls the number (click-to-call).
  if (desk.phone) desk.phone.expectCallUntil = performance.now() + 30000;
  const r = await api('/api/v1/calls/originate', { method: 'POST', body: { agent: desk.agent, number } });
  desk.callGuid = r.guid;
}

// ---- events: state, screen pop, call end ------------------------------------------------------

async function openEvents() {
  if (desk.stopped) return;
  let ticket;
  try {
    ({ ticket } = await api('/api/v1/events/ticket', { method: 'POST', body: {} }));
  } catch (_) {
    $('link').dataset.link = 'down';
    $('link').textContent = 'events: reconnecting';
    setTimeout(openEvents, 2000);
    return;
  }
  const since = desk.lastSeq ? `&since=${desk.lastSeq}` : '';
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events?ticket=${encodeURIComponent(ticket)}${since}`);
  desk.events = ws;
  ws.onopen = () => { $('link').dataset.link = 'live'; $('link').textContent = 'events: live'; };
  ws.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (typeof e.seq === 'number') desk.lastSeq = e.seq;
    onEvent(e);
  };
  ws.onclose = () => {
    if (desk.stopped) return;
    $('link').dataset.link = 'down';
    $('link').textContent = 'events: reconnecting';
    setTimeout(openEvents, 1000);
  };
}

function onEvent(e) {
  if (e.type === 'agent.state' && e.agent === desk.agent) {
    showState({ state: e.to, reason: e.reason, since: new Date().toISOString() });
    if ((e.to === 'ringing' || e.to === 'on_call') && e.guid) desk.callGuid = e.guid;
    if (e.to === 'on_call' && e.guid && !desk.setup.webrtc) desk.talkedOn = desk.talkedOn || e.guid;
    // A desk phone's call is over when the agent leaves on_call (a browser's when its session ends).
    if (e.from === 'on_call' && !desk.setup.webrtc && (e.guid || desk.talkedOn)) { startWrapup(e.guid || desk.talkedOn); desk.talkedOn = null; }
    controls();
  } else if (e.type === 'call.ringing' && e.agent === desk.agent) {
    desk.callGuid = e.guid;
    showPop(e);
  } else if (e.type === 'call.hold' && e.guid === desk.callGuid) {
    desk.held = e.held;
    controls();
  } else if (e.type === 'call.transfer' && e.guid === desk.callGuid && ['completed', 'cancelled', 'failed'].includes(e.result)) {
    desk.transferring = false;
    controls();
  } else if (e.type === 'call.conference' && e.guid === desk.callGuid) {
    desk.thirdParty = e.result === 'ringing' || e.result === 'joined' ? { target: e.target, state: e.result } : null;
    controls();
  } else if ((e.type === 'call.hungup' || e.type === 'call.result') && e.guid === desk.callGuid) {
    startWrapup(e.guid);
  } else if (e.type === 'call.answered' && e.agent === desk.agent) {
    desk.callGuid = e.guid;
    controls();
  }
}

function showPop(e) {
  $('pop').dataset.guid = e.guid;
  $('pop-empty').hidden = true;
  $('pop-fields').hidden = false;
  $('pop-caller').textContent = e.caller;
  $('pop-callee').textContent = e.callee;
  $('pop-group').textContent = e.group || '-';
  const c = e.customer;
  $('pop-customer').textContent = c ? [c.name, c.company, c.contact, c.address, c.notes].filter(Boolean).join(' · ') : 'no customer record for this number';
  const vars = Object.entries(e.variables || {});
  $('pop-variables').hidden = vars.length === 0;
  $('pop-variables').querySelector('tbody').replaceChildren(...vars.map(([k, v]) => {
    const tr = document.createElement('tr');
    for (const t of [k, v]) { const td = document.createElement('td'); td.textContent = t; tr.append(td); }
    tr.dataset.variable = k;
    return tr;
  }));
}

// ---- wrap-up and today's calls ----------------------------------------------------------------

function fillDispositions(codes) {
  $('disposition').replaceChildren(...codes.map((c) => {
    const o = document.createElement('option');
    o.value = c.code;
    o.textContent = c.label;
    return o;
  }));
}

function startWrapup(guid) {
  if (desk.wrapupGuid === guid) return;
  desk.wrapupGuid = guid;
  desk.held = false;
  desk.transferring = false;
  desk.thirdParty = null;
  $('wrapup-card').hidden = false;
  $('wrapup-call').textContent = `call from ${$('pop-caller').textContent || '?'}`;
  $('wrapup').dataset.guid = guid;
  controls();
  setTimeout(() => refreshToday().catch(() => {}), 800);
}

async function saveWrapup() {
  const guid = $('wrapup').dataset.guid;
  await api(`/api/v1/calls/${guid}/disposition`, { method: 'POST', body: { code: $('disposition').value, note: $('note').value } });
  $('wrapup-card').hidden = true;
  $('note').value = '';
  if (desk.callGuid === guid) desk.callGuid = null;
  await refreshToday();
}

async function refreshToday() {
  const r = await api(`/api/v1/agents/${desk.agent}/calls/today`);
  $('today').querySelector('tbody').replaceChildren(...r.calls.map((c) => {
    const tr = document.createElement('tr');
    tr.dataset.guid = c.guid;
    const cells = [new Date(c.startedAt).toLocaleTimeString(), c.direction, c.caller, c.callee, c.group || '', `${Math.round(c.talkSec)} s`, c.disposition || ''];
    for (const t of cells) { const td = document.createElement('td'); td.textContent = t; tr.append(td); }
    return tr;
  }));
}

// ---- wiring ----------------------------------------------------------------------------------

$('signin').addEventListener('submit', act(signIn));
$('signout').addEventListener('click', act(signOut));
$('ready').addEventListener('click', act(ready));
$('not-ready').addEventListener('click', act(notReady));
$('logout').addEventListener('click', act(logout));
$('answer').addEventListener('click', act(() => desk.phone && desk.phone.answer()));
$('hangup').addEventListener('click', act(async () => {
  if (desk.phone && desk.phone.session) desk.phone.hangup();
  else if (desk.callGuid) await api(`/api/v1/calls/${desk.callGuid}/hangup`, { method: 'POST', body: {} });
}));
$('hold').addEventListener('click', act(hold));
$('mute').addEventListener('click', act(mute));
$('transfer-blind').addEventListener('click', act(() => transfer('blind')));
$('transfer-attended').addEventListener('click', act(() => transfer('attended')));
$('transfer-complete').addEventListener('click', act(() => transferStep('complete')));
$('transfer-cancel').addEventListener('click', act(() => transferStep('cancel')));
$('conference').addEventListener('click', act(conference));
$('conference-drop').addEventListener('click', act(dropThirdParty));
$('dial').addEventListener('submit', act(dial));
$('wrapup').addEventListener('submit', act(saveWrapup));
for (const b of $('keypad').querySelectorAll('button')) b.addEventListener('click', () => desk.phone && desk.phone.dtmf(b.textContent));
window.addEventListener('beforeunload', () => { if (desk.phone) desk.phone.stop('off'); });
