// The media page: recordings (search, play, download), voicemail (play, heard, delete),
// prompts (upload, preview, delete) and fax files, all through the API (docs/MEDIA.md).
// Plain browser JavaScript, no build step; the browser's own sign-in (HTTP Basic) is used.
'use strict';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};

function status(id, text, error = false) {
  $(id).textContent = text;
  $(id).className = error ? 'status error' : 'status';
}

async function call(method, path, body) {
  const res = await fetch(path, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const problems = data.error?.details?.problems;
    throw new Error(`${data.error?.message ?? `HTTP ${res.status}`}${problems ? `: ${problems.join('; ')}` : ''}`);
  }
  return data;
}

const audio = (src) => el('audio', { controls: true, preload: 'none', src });
const link = (href, text) => el('a', { href, textContent: text });
const time = (t) => String(t).replace('T', ' ').slice(0, 19);

function table(headings, rows) {
  const t = el('table');
  const head = t.createTHead().insertRow();
  for (const h of headings) head.appendChild(el('th', { textContent: h }));
  const body = t.createTBody();
  for (const cells of rows) {
    const tr = body.insertRow();
    for (const c of cells.cells) {
      const td = tr.insertCell();
      if (c instanceof Node) td.append(c); else td.textContent = c ?? '';
      if (typeof c === 'number') td.className = 'num';
    }
    Object.assign(tr.dataset, cells.data ?? {});
    if (cells.className) tr.className = cells.className;
  }
  return t;
}

async function searchRecordings(event) {
  event?.preventDefault();
  const p = new URLSearchParams();
  for (const f of ['caller', 'callee', 'agent', 'from', 'to']) if ($(`rec-${f}`).value) p.set(f, $(`rec-${f}`).value);
  try {
    const { recordings } = await call('GET', `/api/v1/recordings?${p}`);
    $('rec-out').replaceChildren(table(['Time', 'Caller', 'Callee', 'Agent', 'Kind', 'Seconds', 'Play', ''], recordings.map((r) => {
      const src = `/api/v1/recordings/${r.call_guid}/audio?kind=${r.kind}`;
      return { data: { guid: r.call_guid }, cells: [time(r.started_at), r.caller, r.callee, r.agent, r.kind, r.duration_sec, audio(src), link(`${src}&download=1`, 'download')] };
    })));
    status('rec-status', `${recordings.length} recording(s)`);
  } catch (err) {
    status('rec-status', err.message, true);
  }
}

async function showVoicemail(event) {
  event?.preventDefault();
  const p = new URLSearchParams();
  if ($('vm-box').value) p.set('mailbox', $('vm-box').value);
  if ($('vm-unheard').checked) p.set('unheard', '1');
  try {
    const { messages } = await call('GET', `/api/v1/voicemail?${p}`);
    $('vm-out').replaceChildren(table(['Received', 'Mailbox', 'Caller', 'Seconds', 'Play', '', '', ''], messages.map((m) => {
      const heard = el('button', { type: 'button', textContent: m.heard ? 'mark unheard' : 'mark heard', onclick: () => act(() => call('POST', `/api/v1/voicemail/${m.guid}/heard`, { heard: !m.heard })) });
      const del = el('button', { type: 'button', textContent: 'delete', onclick: () => confirm('Delete this message?') && act(() => call('DELETE', `/api/v1/voicemail/${m.guid}`)) });
      return { data: { guid: m.guid }, className: m.heard ? '' : 'unheard', cells: [time(m.receivedAt), m.mailbox, m.caller, m.durationSec, audio(m.audio), link(`${m.audio}?download=1`, 'download'), heard, del] };
    })));
    status('vm-status', `${messages.length} message(s)`);
  } catch (err) {
    status('vm-status', err.message, true);
  }
}

async function act(work) {
  try {
    await work();
    await Promise.all([loadMailboxes(), showVoicemail()]);
  } catch (err) {
    status('vm-status', err.message, true);
  }
}

async function loadMailboxes() {
  const { mailboxes } = await call('GET', '/api/v1/voicemail/mailboxes');
  const keep = $('vm-box').value;
  $('vm-box').replaceChildren(el('option', { value: '', textContent: 'all I can reach' }),
    ...mailboxes.map((b) => el('option', { value: b.mailbox, textContent: `${b.mailbox} (${b.new} new, ${b.old} old)` })));
  $('vm-box').value = keep;
}

const base64Of = (file) => new Promise((done, fail) => {
  const r = new FileReader();
  r.onload = () => done(String(r.result).split(',')[1] ?? '');
  r.onerror = () => fail(r.error);
  r.readAsDataURL(file);
});

async function listPrompts() {
  try {
    const { prompts } = await call('GET', '/api/v1/prompts');
    $('pr-out').replaceChildren(table(['Name', 'Language', 'Seconds', 'In flows', 'Preview', ''], prompts.map((p) => {
      const q = p.language ? `?language=${p.language}` : '';
      const del = el('button', { type: 'button', textContent: 'delete', onclick: async () => {
        if (!confirm(`Delete prompt ${p.name}?`)) return;
        try { await call('DELETE', `/api/v1/prompts/${p.name}${q}`); await listPrompts(); } catch (err) { status('pr-status', err.message, true); }
      } });
      return { data: { prompt: p.name, language: p.language ?? '' }, cells: [p.name, p.language ?? 'every language', p.durationSec, p.use, audio(`/api/v1/prompts/${p.name}/audio${q}`), del] };
    })));
  } catch (err) {
    status('pr-status', err.message, true);
  }
}

async function uploadPrompt(event) {
  event.preventDefault();
  status('pr-status', 'converting ...');
  try {
    const body = { name: $('pr-name').value, audio: await base64Of($('pr-file').files[0]) };
    if ($('pr-lang').value) body.language = $('pr-lang').value;
    const p = await call('POST', '/api/v1/prompts', body);
    status('pr-status', `stored ${p.name} (${p.language ?? 'every language'}, ${p.durationSec} s): flows play it as ${p.use}`);
    await listPrompts();
  } catch (err) {
    status('pr-status', err.message, true);
  }
}

async function listFaxes() {
  try {
    const { faxes } = await call('GET', '/api/v1/faxes?limit=50');
    $('fax-out').replaceChildren(table(['Time', 'Direction', 'Caller', 'Callee', 'Result', 'Pages', ''], faxes.map((f) => ({
      data: { guid: f.guid },
      cells: [time(f.started_at), f.direction, f.caller, f.callee, f.result, f.pages, f.file_purged_at ? 'deleted' : link(`/api/v1/faxes/${f.guid}/file?download=1`, 'TIFF')],
    }))));
  } catch (err) {
    status('fax-status', err.message, true);
  }
}

async function uploadFax(event) {
  event.preventDefault();
  const file = $('fax-file').files[0];
  const name = file.name.replace(/[^A-Za-z0-9_.-]/g, '_');
  try {
    await call('POST', '/api/v1/faxes/files', { name, content: await base64Of(file) });
    status('fax-status', `${name} is in the outgoing folder: send it with POST /api/v1/faxes {"agent", "number", "file": "${name}"}`);
  } catch (err) {
    status('fax-status', err.message, true);
  }
}

$('rec-form').addEventListener('submit', searchRecordings);
$('vm-form').addEventListener('submit', showVoicemail);
$('pr-form').addEventListener('submit', uploadPrompt);
$('fax-form').addEventListener('submit', uploadFax);
void searchRecordings();
void loadMailboxes().then(() => showVoicemail()).catch((err) => status('vm-status', err.message, true));
void listPrompts();
void listFaxes();
