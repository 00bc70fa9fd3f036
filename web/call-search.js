// The reports page's call search: GET /api/v1/call-records with the filters of the form, one row
// per call, and for each recording still on disk a Play button (an <audio> player below the
// table, seeking through HTTP Range) and a Download link. Plain browser JavaScript, no build step.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const FIELDS = ['c-from', 'c-to', 'c-caller', 'c-callee', 'c-agent', 'c-group', 'c-status'];
  const COLUMNS = [
    ['started_at', 'Started'], ['direction', 'Direction'], ['caller', 'Caller'], ['callee', 'Callee'], ['group', 'Group'],
    ['agent', 'Agent'], ['status', 'Status'], ['wait_sec', 'Wait (s)'], ['talk_sec', 'Talk (s)'], ['hangup_by', 'Hung up by'], ['guid', 'Call GUID'],
  ];
  let offset = 0;
  const LIMIT = 50;

  function params() {
    const p = new URLSearchParams({ limit: LIMIT, offset });
    for (const id of FIELDS) {
      const v = $(id).value.trim();
      if (v) p.set(id.slice(2), id === 'c-from' || id === 'c-to' ? v.replace('T', ' ') : v);
    }
    if ($('c-recorded').checked) p.set('recorded', '1');
    return p;
  }

  function play(link, guid) {
    const player = $('c-player');
    player.hidden = false;
    player.src = link.play;
    $('c-playing').textContent = `${link.kind === 'voicemail' ? 'Voicemail' : 'Recording'} of call ${guid}`;
    void player.play().catch(() => {});
  }

  function render(body) {
    const table = document.createElement('table');
    table.id = 'calls';
    const head = table.createTHead().insertRow();
    for (const [, h] of [...COLUMNS, ['', 'Recording']]) head.appendChild(Object.assign(document.createElement('th'), { textContent: h, className: 'text' }));
    const tbody = table.createTBody();
    for (const r of body.items) {
      const tr = tbody.insertRow();
      tr.dataset.guid = r.guid;
      for (const [c] of COLUMNS) {
        const td = tr.insertCell();
        const v = r[c];
        td.textContent = v === null || v === undefined ? '' : c === 'started_at' ? String(v).replace('T', ' ').slice(0, 19) : String(v);
        if (typeof v !== 'number') td.className = 'text';
      }
      const td = tr.insertCell();
      td.className = 'text recording';
      for (const link of r.recordings) {
        const b = Object.assign(document.createElement('button'), { type: 'button', textContent: link.kind === 'voicemail' ? '▶ voicemail' : '▶ play' });
        b.dataset.play = link.play;
        b.addEventListener('click', () => play(link, r.guid));
        const a = Object.assign(document.createElement('a'), { href: link.download, textContent: 'download' });
        a.dataset.download = link.kind;
        td.append(b, ' ', a, ' ');
      }
    }
    const wrap = Object.assign(document.createElement('div'), { className: 'table-wrap' });
    wrap.appendChild(table);
    $('c-out').replaceChildren(wrap);
    $('c-prev').disabled = offset === 0;
    $('c-next').disabled = !body.more;
    $('c-status-line').textContent = body.items.length ? `calls ${offset + 1}-${offset + body.items.length}${body.more ? ' (more on the next page)' : ''}` : 'no calls match';
    $('c-status-line').className = '';
  }

  async function search(event) {
    event?.preventDefault();
    $('c-status-line').textContent = 'loading ...';
    try {
      const res = await fetch(`/api/v1/call-records?${params()}`, { headers: { accept: 'application/json' } });
      const body = await res.json();
      if (!res.ok) {
        const problems = body.error?.details?.problems;
        $('c-status-line').textContent = `${body.error?.message ?? res.status}${problems ? `: ${problems.join('; ')}` : ''}`;
        $('c-status-line').className = 'error';
        $('c-out').replaceChildren();
        return;
      }
      render(body);
    } catch (err) {
      $('c-status-line').textContent = `request failed: ${err.message}`;
      $('c-status-line').className = 'error';
    }
  }

  $('c-form').addEventListener('submit', (e) => { offset = 0; void search(e); });
  $('c-prev').addEventListener('click', () => { offset = Math.max(0, offset - LIMIT); void search(); });
  $('c-next').addEventListener('click', () => { offset += LIMIT; void search(); });
})();
