// The reports page: picks a report and a range, shows GET /api/v1/reports/<name> as a table,
// and downloads the same query as CSV. Plain browser JavaScript, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
let catalog = [];

const pad = (n) => String(n).padStart(2, '0');
/** A Date as the value of a datetime-local input (local time). */
const local = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;

function setRange(kind) {
  const now = new Date();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  let from; let to; let interval;
  switch (kind) {
    case 'last-hour': to = new Date(now.getFullYear(), now.getMonth(), now.getDate(), now.getHours()); from = new Date(to.getTime() - 3600000); interval = '15m'; break;
    case 'today': from = midnight; to = new Date(midnight.getTime() + 86400000); interval = 'hour'; break;
    case 'yesterday': to = midnight; from = new Date(midnight.getFullYear(), midnight.getMonth(), midnight.getDate() - 1); interval = 'hour'; break;
    default: to = new Date(now.getFullYear(), now.getMonth(), 1); from = new Date(to.getFullYear(), to.getMonth() - 1, 1); interval = 'day';
  }
  $('from').value = local(from);
  $('to').value = local(to);
  $('interval').value = interval;
}

function selected() {
  return catalog.find((r) => r.name === $('name').value);
}

/** Shows only the filters the chosen report understands (the API refuses the others). */
function showFilters() {
  const r = selected();
  for (const el of document.querySelectorAll('[data-filter]')) el.hidden = !r || !r.filters.includes(el.dataset.filter);
  document.querySelector('[data-sl]').hidden = !r || !r.serviceLevel;
}

function query(format) {
  const r = selected();
  const p = new URLSearchParams({ from: $('from').value.replace('T', ' '), to: $('to').value.replace('T', ' '), interval: $('interval').value });
  for (const f of r.filters) if ($(f).value.trim()) p.set(f, $(f).value.trim());
  if (r.serviceLevel && $('slSec').value !== '') p.set('slSec', $('slSec').value);
  if (format) p.set('format', format);
  return `/api/v1/reports/${encodeURIComponent(r.name)}?${p}`;
}

function status(text, error = false) {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
}

const UNIT_SUFFIX = { s: 's', duration: 'h:mm:ss', '%': '%', min: 'min', score: '1-5' };

/** A heading for a column the catalog does not describe: avg_talk_sec -> "Avg talk" (s). */
function guessColumn(name) {
  const m = /^(.*?)(?:_(sec|pct|min))?$/.exec(name);
  const unit = { sec: 's', pct: '%', min: 'min' }[m[2]] ?? 'count';
  const words = m[1].replace(/_/g, ' ');
  return { name, heading: words.charAt(0).toUpperCase() + words.slice(1), unit };
}

const hms = (sec) => `${Math.floor(sec / 3600)}:${pad(Math.floor((sec % 3600) / 60))}:${pad(Math.floor(sec % 60))}`;

/** A value as the page shows it; the CSV keeps the raw value. */
function display(v, unit, interval) {
  if (v === null || v === undefined) return '';
  if (unit === 'duration' && typeof v === 'number') return hms(v);
  if (unit === 'time' && typeof v === 'string') return interval === 'day' ? v.slice(0, 10) : v.slice(0, 16);
  return String(v);
}

function render(body) {
  $('title').textContent = body.title;
  const p = body.parameters;
  const def = catalog.find((r) => r.name === body.report);
  const filters = ['group', 'agent', 'trunk'].filter((f) => def?.filters.includes(f)).map((f) => `${f} ${p[f] ?? 'all'}`);
  $('params').textContent = [`${p.from} to ${p.to}`, `interval ${p.interval}`, ...filters, ...(p.slSec !== undefined ? [`service level ${p.slSec} s`] : [])].join(' · ');
  const known = new Map((def?.columns ?? []).map((c) => [c.name, c]));
  const columns = body.columns.map((name) => known.get(name) ?? guessColumn(name));
  const table = document.createElement('table');
  table.dataset.report = body.report;
  const head = table.createTHead().insertRow();
  for (const c of columns) {
    const th = document.createElement('th');
    th.textContent = c.heading;
    if (UNIT_SUFFIX[c.unit]) th.appendChild(Object.assign(document.createElement('span'), { className: 'unit', textContent: `(${UNIT_SUFFIX[c.unit]})` }));
    th.dataset.column = c.name;
    th.title = `${c.name} in the CSV and the API`;
    if (c.unit === 'text' || c.unit === 'time') th.className = 'text';
    head.appendChild(th);
  }
  const tbody = table.createTBody();
  for (const row of body.rows) {
    const tr = tbody.insertRow();
    for (const c of columns) {
      const td = tr.insertCell();
      const v = row[c.name];
      td.textContent = display(v, c.unit, p.interval);
      td.dataset.column = c.name;
      if (typeof v !== 'number') td.className = 'text';
    }
  }
  const wrap = Object.assign(document.createElement('div'), { className: 'table-wrap' });
  wrap.appendChild(table);
  $('out').replaceChildren(wrap);
  status(`${body.rows.length} row(s)`);
}

async function show(event) {
  event?.preventDefault();
  status('loading ...');
  $('out').replaceChildren();
  try {
    const res = await fetch(query(), { headers: { accept: 'application/json' } });
    const body = await res.json();
    if (!res.ok) {
      $('title').textContent = '';
      $('params').textContent = '';
      const problems = body.error?.details?.problems;
      status(`${body.error?.message ?? res.status}${problems ? `: ${problems.join('; ')}` : ''}`, true);
      $('out').replaceChildren();
      return;
    }
    render(body);
  } catch (err) {
    status(`request failed: ${err.message}`, true);
  }
}

async function init() {
  const res = await fetch('/api/v1/reports');
  if (!res.ok) {
    status(`cannot list reports (HTTP ${res.status}): a supervisor login is needed`, true);
    return;
  }
  catalog = (await res.json()).reports;
  for (const r of catalog) $('name').appendChild(Object.assign(document.createElement('option'), { value: r.name, textContent: r.name }));
  $('name').addEventListener('change', showFilters);
  $('form').addEventListener('submit', show);
  $('csv').addEventListener('click', () => { window.location.href = query('csv'); });
  for (const b of document.querySelectorAll('[data-range]')) b.addEventListener('click', () => { setRange(b.dataset.range); void show(); });
  setRange('yesterday');
  showFilters();
}

void init();
