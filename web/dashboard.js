// The live floor page: loads the snapshot, then follows the CTI event stream; every event (and
// a 2 s timer for AMI-side channels and trunks) refreshes the snapshot. Time in state ticks here.
// Two views of the same data: the floor (tables and today's charts) and ?view=wallboard (big
// figures per group for a wall screen). A refused or failed request is shown, never swallowed.
'use strict';
let floor = null;
let today = null;
let refreshQueued = false;
let intervalsQueued = false;
let linkRetryMs = 2000;

const $ = (sel) => document.querySelector(sel);
const view = new URLSearchParams(location.search).get('view') === 'wallboard' ? 'wallboard' : 'floor';
const fmt = (sec) => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;
const pct = (x) => (x === null || x === undefined ? '-' : `${Math.round(x * 100)}%`);
const asa = (s) => (s === null || s === undefined ? '-' : `${s.toFixed(1)} s`);
const STATES = [['ready', 'ready'], ['ringing', 'ringing'], ['on_call', 'on call'], ['wrap_up', 'wrap-up'], ['not_ready', 'not ready'], ['logged_out', 'logged out']];
const stateText = (s) => (STATES.find(([k]) => k === s) ?? [s, s.replace(/_/g, ' ')])[1];

// ---- errors: one line per source (floor, charts, events), shown until that source works again.
const problems = new Map();
function problem(source, text) {
  if (text) problems.set(source, text);
  else problems.delete(source);
  $('#error').textContent = [...problems.values()].join(' · ');
  $('#error').hidden = problems.size === 0;
  if (problems.has('floor')) document.body.dataset.stale = '';
  else delete document.body.dataset.stale;
}

/** GET/POST as JSON; a refused connection or an HTTP error becomes an Error that says which. */
async function request(url, init = {}) {
  let res;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...(init.headers ?? {}) } });
  } catch (err) {
    throw new Error(`request failed (${err.message}): is the app running?`);
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  if (!res.ok) {
    const login = res.status === 401 || res.status === 403 ? ' (a supervisor login is needed)' : '';
    throw new Error(`HTTP ${res.status}${body?.error?.message ? ` ${body.error.message}` : ` ${res.statusText}`}${login}`);
  }
  return body;
}

// ---- tables
function cell(text, attrs = {}) {
  const td = document.createElement('td');
  td.textContent = text;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) td.setAttribute(k, v);
  return td;
}

function fill(tableId, rows, key, cells, rowAttrs = () => ({})) {
  const body = $(`#${tableId} tbody`);
  body.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset[key] = r[key];
    for (const [k, v] of Object.entries(rowAttrs(r))) if (v !== undefined && v !== null) tr.setAttribute(k, v);
    tr.append(...cells(r));
    return tr;
  }));
}

/** A group nobody can answer: no ready agent (worse when callers wait). */
const alertOf = (g) => (g.agentsReady > 0 ? null : g.waiting > 0 ? 'no-ready-waiting' : 'no-ready');
/** 'met' or 'below' the target, null when nothing was offered yet. */
const slMark = (g) => (g.today.serviceLevel === null ? null : g.today.serviceLevel * 100 >= floor.serviceLevelTargetPct ? 'met' : 'below');

/** PJSIP/carrier-a-0000001f may wrap after the technology (and at its hyphens), not inside a word. */
function channelCell(name) {
  const td = document.createElement('td');
  const slash = name.indexOf('/');
  if (slash < 0) td.textContent = name;
  else td.append(name.slice(0, slash + 1), document.createElement('wbr'), name.slice(slash + 1));
  return td;
}

function groupCell(g) {
  const td = cell(`${g.group}${g.number ? ` (${g.number})` : ''}`, { class: 'group' });
  if (alertOf(g)) td.append(Object.assign(document.createElement('span'), { className: 'badge', textContent: 'no ready agent' }));
  return td;
}

function renderFloor(now) {
  fill('agents', floor.agents, 'agent', (a) => [
    cell(a.agent),
    cell(stateText(a.state) + (a.reason ? ` (${a.reason})` : ''), { class: 'state', 'data-state': a.state }),
    cell(fmt(Math.max(0, (now - Date.parse(a.since)) / 1000)), { class: 'time' }),
    cell(a.call ? `${a.call.caller} -> ${a.call.callee} (${a.call.state})` : '', { class: 'call', 'data-guid': a.call ? a.call.guid : '' }),
  ]);
  fill('groups', floor.groups, 'group', (g) => [
    groupCell(g), cell(String(g.waiting), { class: 'waiting' }), cell(fmt(g.longestWaitSec), { class: 'longest' }),
    cell(String(g.agentsReady), { class: 'ready' }), cell(String(g.today.offered), { class: 'offered' }), cell(String(g.today.answered), { class: 'answered' }),
    cell(String(g.today.abandoned), { class: 'abandoned' }), cell(pct(g.today.serviceLevel), { class: 'sl', 'data-sl': slMark(g) }), cell(asa(g.today.asaSec), { class: 'asa' }),
    cell(`${g.today.callbacksAccepted ?? 0} / ${g.today.callbacksConnected ?? 0}`, { class: 'callbacks' }),
  ], (g) => ({ 'data-alert': alertOf(g), title: alertOf(g) ? 'no agent of this group is ready' : null }));
  fill('trunks', floor.trunks, 'trunk', (t) => [
    cell(t.trunk), cell(t.registers ? t.registration : 'no registration'), cell(t.reachable ? 'yes' : 'no', { class: 'reachable' }), cell(String(t.callsUp)),
  ]);
  fill('channels', floor.channels, 'uniqueid', (c) => [channelCell(c.name), cell(c.state), cell(c.callerNumber), cell(c.exten), cell(fmt(c.seconds))]);
  $('#sl-note').textContent = `service level: answered within ${floor.serviceLevelSec} s, target ${floor.serviceLevelTargetPct}%`;
  const options = ['', ...floor.groups.map((g) => g.group)];
  const select = $('#chart-group');
  if ([...select.options].map((o) => o.value).join() !== options.join()) {
    const chosen = select.value;
    select.replaceChildren(...options.map((v) => Object.assign(document.createElement('option'), { value: v, textContent: v || 'all groups' })));
    select.value = options.includes(chosen) ? chosen : '';
  }
}

function figure(name, value, label, attrs = {}) {
  const div = document.createElement('div');
  div.className = 'fig';
  div.dataset.figure = name;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) div.setAttribute(k, v);
  div.append(Object.assign(document.createElement('b'), { textContent: value }), Object.assign(document.createElement('span'), { textContent: label }));
  return div;
}

function renderWallboard(now) {
  const count = new Map(STATES.map(([s]) => [s, 0]));
  for (const a of floor.agents) count.set(a.state, (count.get(a.state) ?? 0) + 1);
  $('#wb-agents').replaceChildren(...STATES.map(([s, label]) => {
    const div = document.createElement('div');
    div.className = 'wb-state';
    div.dataset.state = s;
    div.append(Object.assign(document.createElement('b'), { textContent: String(count.get(s)) }), Object.assign(document.createElement('span'), { textContent: label }));
    return div;
  }));
  $('#wb-groups').replaceChildren(...floor.groups.map((g) => {
    const tile = document.createElement('article');
    tile.className = 'tile';
    tile.dataset.group = g.group;
    if (alertOf(g)) tile.dataset.alert = alertOf(g);
    const h = document.createElement('h2');
    h.append(g.group, ...(g.number ? [' ', Object.assign(document.createElement('small'), { textContent: g.number })] : []));
    if (alertOf(g)) h.append(Object.assign(document.createElement('span'), { className: 'badge', textContent: 'no ready agent' }));
    const big = document.createElement('div');
    big.className = 'big';
    big.append(
      figure('waiting', String(g.waiting), 'waiting', { 'data-busy': g.waiting > 0 ? '' : null }),
      figure('longest-wait', fmt(g.longestWaitSec), 'longest wait'),
      figure('service-level', pct(g.today.serviceLevel), `service level (${floor.serviceLevelSec} s)`, { 'data-sl': slMark(g) }),
    );
    const small = document.createElement('div');
    small.className = 'small';
    small.append(
      figure('ready', String(g.agentsReady), 'ready agents', { 'data-zero': g.agentsReady === 0 ? '' : null }),
      figure('offered', String(g.today.offered), 'offered today'),
      figure('answered', String(g.today.answered), 'answered'),
      figure('abandoned', String(g.today.abandoned), 'abandoned'),
      figure('asa', asa(g.today.asaSec), 'ASA'),
    );
    tile.append(h, big, small);
    return tile;
  }));
  $('#clock').textContent = new Date(now).toLocaleTimeString();
}

function render() {
  if (!floor) return;
  const now = Date.now();
  if (view === 'wallboard') renderWallboard(now);
  else renderFloor(now);
  $('#updated').textContent = `updated ${new Date(floor.at).toLocaleTimeString()}`;
}

// ---- charts (floor view only)
/** The chosen group's intervals, or all groups added up. */
function chartIntervals() {
  if (!today) return [];
  const chosen = $('#chart-group').value;
  const groups = today.groups.filter((g) => !chosen || g.group === chosen);
  if (!groups.length) return [];
  return groups[0].intervals.map((iv, i) => {
    const sum = { start: iv.start, offered: 0, answered: 0, abandoned: 0, answeredWithinSl: 0 };
    for (const g of groups) for (const k of ['offered', 'answered', 'abandoned', 'answeredWithinSl']) sum[k] += g.intervals[i][k];
    return { ...sum, serviceLevel: sum.offered ? sum.answeredWithinSl / sum.offered : null };
  });
}

function drawCharts() {
  if (view !== 'floor' || !today) return;
  const all = chartIntervals();
  // From the first interval with calls (at least the last four hours) up to now.
  const first = all.findIndex((iv) => iv.offered > 0);
  const minShown = Math.min(all.length, (4 * 60) / today.minutes);
  const from = Math.max(0, Math.min(first === -1 ? Infinity : first, all.length - minShown));
  const shown = all.slice(from);
  Charts.volume($('#chart-volume'), shown, today.minutes);
  Charts.serviceLevel($('#chart-sl'), shown, today.minutes, today.serviceLevelTargetPct);
  $('#chart-note').textContent = `a call counts in the interval it ended in; service level within ${today.serviceLevelSec} s`;
}

async function refreshIntervals() {
  intervalsQueued = false;
  if (view !== 'floor') return;
  try {
    today = await request(`/api/v1/dashboard/intervals?interval=${encodeURIComponent($('#chart-interval').value)}`);
    problem('charts', null);
    drawCharts();
  } catch (err) {
    problem('charts', `Cannot load today's intervals for the charts: ${err.message}`);
  }
}

function queueIntervals() {
  if (intervalsQueued) return;
  intervalsQueued = true;
  setTimeout(refreshIntervals, 1000);
}

// ---- the floor snapshot and the event stream
async function refresh() {
  refreshQueued = false;
  try {
    floor = await request('/api/v1/dashboard/state');
    problem('floor', null);
    render();
  } catch (err) {
    problem('floor', `Cannot load the floor: ${err.message}${floor ? '; the figures shown are from the last update' : ''}`);
  }
}

function queueRefresh() {
  if (refreshQueued) return;
  refreshQueued = true;
  setTimeout(refresh, 50);
}

function linkState(state, text) {
  $('#link').dataset.link = state;
  $('#link').textContent = text;
}

async function connect() {
  let ticket;
  try {
    ({ ticket } = await request('/api/v1/events/ticket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
  } catch (err) {
    linkState('down', 'no live events');
    problem('events', `Cannot open the event stream: ${err.message}; retrying in ${Math.round(linkRetryMs / 1000)} s`);
    setTimeout(connect, linkRetryMs);
    linkRetryMs = Math.min(30000, linkRetryMs * 2);
    return;
  }
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events?ticket=${encodeURIComponent(ticket)}`);
  ws.onopen = () => {
    linkRetryMs = 2000;
    linkState('live', 'live');
    problem('events', null);
    queueRefresh();
    queueIntervals();
  };
  ws.onmessage = (m) => {
    queueRefresh();
    try {
      if (JSON.parse(m.data).type === 'call.result') queueIntervals();
    } catch {
      // not an event: ignore
    }
  };
  ws.onclose = (e) => {
    linkState('down', 'reconnecting...');
    if (e.code !== 1000 && e.code !== 1001) problem('events', `The event stream closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''}); reconnecting`);
    setTimeout(connect, linkRetryMs);
    linkRetryMs = Math.min(30000, linkRetryMs * 2);
  };
}

function start() {
  document.body.dataset.view = view;
  $('#floor').hidden = view !== 'floor';
  $('#wallboard').hidden = view !== 'wallboard';
  if (view === 'wallboard') {
    document.title = 'Call center - wallboard';
    $('#heading').textContent = 'Wallboard';
    $('#view-switch').textContent = 'Floor';
    $('#view-switch').href = '/dashboard';
  }
  $('#chart-group').addEventListener('change', drawCharts);
  $('#chart-interval').addEventListener('change', refreshIntervals);
  let resize = null;
  window.addEventListener('resize', () => { clearTimeout(resize); resize = setTimeout(drawCharts, 150); });
  void refresh();
  void refreshIntervals();
  void connect();
  setInterval(refresh, 2000);
  setInterval(refreshIntervals, 60000);
  setInterval(render, 1000);
}

start();
