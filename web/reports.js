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

function render(body) {
  $('title').textContent = body.title;
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const c of body.columns) head.appendChild(Object.assign(document.createElement('th'), { textContent: c }));
  const tbody = table.createTBody();
  for (const row of body.rows) {
    const tr = tbody.insertRow();
    for (const c of body.columns) {
      const td = tr.insertCell();
      const v = row[c];
      td.textContent = v === null ? '' : String(v);
      if (typeof v !== 'number') td.className = 'text';
    }
  }
  $('out').replaceChildren(table);
  status(`${body.rows.length} row(s)`);
}

async function show(event) {
  event?.preventDefault();
  status('loading ...');
  try {
    const res = await fetch(query(), { headers: { accept: 'application/json' } });
    const body = await res.json();
    if (!res.ok) {
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
