// The live floor page: loads the snapshot, then follows the CTI event stream; every event (and
// a 2 s timer for AMI-side channels and trunks) refreshes the snapshot. Time in state ticks here.
'use strict';
let floor = null;
let refreshQueued = false;

const $ = (sel) => document.querySelector(sel);
const fmt = (sec) => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;
const pct = (x) => (x === null || x === undefined ? '-' : `${Math.round(x * 100)}%`);

function cell(text, attrs = {}) {
  const td = document.createElement('td');
  td.textContent = text;
  for (const [k, v] of Object.entries(attrs)) td.setAttribute(k, v);
  return td;
}

function fill(tableId, rows, key, cells) {
  const body = $(`#${tableId} tbody`);
  body.replaceChildren(...rows.map((r) => {
    const tr = document.createElement('tr');
    tr.dataset[key] = r[key];
    tr.append(...cells(r));
    return tr;
  }));
}

function render() {
  if (!floor) return;
  const now = Date.now();
  fill('agents', floor.agents, 'agent', (a) => [
    cell(a.agent),
    cell(a.state.replace('_', ' ') + (a.reason ? ` (${a.reason})` : ''), { class: 'state', 'data-state': a.state }),
    cell(fmt(Math.max(0, (now - Date.parse(a.since)) / 1000)), { class: 'time' }),
    cell(a.call ? `${a.call.caller} -> ${a.call.callee} (${a.call.state})` : '', { class: 'call', 'data-guid': a.call ? a.call.guid : '' }),
  ]);
  fill('groups', floor.groups, 'group', (g) => [
    cell(`${g.group}${g.number ? ` (${g.number})` : ''}`), cell(String(g.waiting), { class: 'waiting' }), cell(fmt(g.longestWaitSec)),
    cell(String(g.agentsReady)), cell(String(g.today.offered)), cell(String(g.today.answered), { class: 'answered' }),
    cell(String(g.today.abandoned), { class: 'abandoned' }), cell(pct(g.today.serviceLevel)), cell(g.today.asaSec === null ? '-' : `${g.today.asaSec.toFixed(1)} s`),
  ]);
  fill('trunks', floor.trunks, 'trunk', (t) => [
    cell(t.trunk), cell(t.registers ? t.registration : 'no registration'), cell(t.reachable ? 'yes' : 'no', { class: 'reachable' }), cell(String(t.callsUp)),
  ]);
  fill('channels', floor.channels, 'uniqueid', (c) => [cell(c.name), cell(c.state), cell(c.callerNumber), cell(c.exten), cell(fmt(c.seconds))]);
  $('#sl-note').textContent = `service level: answered within ${floor.serviceLevelSec} s`;
  $('#updated').textContent = `updated ${new Date(floor.at).toLocaleTimeString()}`;
}

async function refresh() {
  refreshQueued = false;
  const res = await fetch('/api/v1/dashboard/state', { credentials: 'same-origin' });
  if (!res.ok) return;
  floor = await res.json();
  render();
}

function queueRefresh() {
  if (refreshQueued) return;
  refreshQueued = true;
  setTimeout(() => refresh().catch(() => {}), 50);
}

async function connect() {
  try {
    const res = await fetch('/api/v1/events/ticket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', credentials: 'same-origin' });
    const { ticket } = await res.json();
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/events?ticket=${encodeURIComponent(ticket)}`);
    ws.onopen = () => { $('#link').textContent = 'live'; $('#link').dataset.link = 'live'; queueRefresh(); };
    ws.onmessage = () => queueRefresh();
    ws.onclose = () => { $('#link').textContent = 'reconnecting...'; $('#link').dataset.link = 'down'; setTimeout(connect, 2000); };
  } catch {
    setTimeout(connect, 2000);
  }
}

refresh().catch(() => {});
connect();
setInterval(() => refresh().catch(() => {}), 2000);
setInterval(render, 1000);
