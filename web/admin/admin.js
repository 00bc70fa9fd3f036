// The web admin's pages: one list + form page per entity of the admin API (from its schema),
// the flows list (the editor is /admin/flow-editor), the audit log, and route explain next to
// the dial rules. Plain browser JavaScript, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { schema: null, entity: null, offset: 0, limit: 50, q: '', selected: null };

function cell(v) {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => Object.values(x).join(':')).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function clearSide(title) {
  $('form-title').textContent = title || '';
  $('form').innerHTML = '';
  $('form-buttons').innerHTML = '';
  $('extra').innerHTML = '';
  $('form-message').hidden = true;
}

function button(text, onclick, cls) {
  const b = document.createElement('button');
  b.type = 'button'; b.textContent = text; b.onclick = onclick;
  if (cls) b.className = cls;
  return b;
}

// ---- entity pages -------------------------------------------------------------------------

async function showEntity(entity) {
  state.entity = entity; state.offset = 0; state.q = ''; state.selected = null;
  $('page').className = '';
  $('list-title').textContent = `${entity.label[0].toUpperCase()}${entity.label.slice(1)}s`;
  const tb = $('toolbar');
  tb.innerHTML = '';
  const search = document.createElement('input');
  search.type = 'search'; search.placeholder = 'search'; search.id = 'search';
  search.oninput = () => { state.q = search.value; state.offset = 0; loadList(); };
  tb.append(search);
  if (!entity.fixedRows) tb.append(button(`New ${entity.label}`, () => openForm(null), 'primary'));
  if (entity.name === 'customers') customerTools(tb);
  clearSide();
  if (entity.name === 'dial-rules') explainPanel();
  await loadList();
  if (entity.name === 'api-users') await configUsers();
  if (!entity.fixedRows && entity.name !== 'dial-rules') openForm(null);
}

/** Under the API users: those of the config file (var/callcenter.json), read-only, with their source. */
async function configUsers() {
  const box = document.createElement('div');
  box.id = 'config-users';
  $('list-section').append(box);
  const data = await api('GET', '/api/v1/admin/config-users');
  const h = document.createElement('h3');
  h.textContent = 'From the config file (read-only)';
  const p = document.createElement('p');
  p.className = 'muted';
  p.textContent = `Defined in ${data.file} (api.users, api.tokens); the app never writes that file. Edit it there, or move them to the database (docs/ADMIN.md).`;
  const table = document.createElement('table');
  table.innerHTML = '<thead><tr><th>name</th><th>role</th><th>kind</th><th>source</th><th>note</th></tr></thead><tbody></tbody>';
  for (const u of data.items) {
    const tr = document.createElement('tr');
    tr.className = 'read-only';
    const note = u.shadowsDatabaseUser ? 'signs in instead of the database user of this name' : '';
    for (const v of [u.name, u.role, u.kind, 'config file', note]) { const td = document.createElement('td'); td.textContent = v; tr.append(td); }
    tr.title = `${u.source}: read-only`;
    table.querySelector('tbody').append(tr);
  }
  box.append(h, p, table);
}

async function loadList() {
  const e = state.entity;
  const qs = new URLSearchParams({ limit: state.limit, offset: state.offset });
  if (state.q) qs.set('q', state.q);
  const data = await api('GET', `/api/v1/admin/${e.name}?${qs}`);
  const cols = [e.key, ...Object.keys(e.create.properties).filter((c) => c !== e.key)].slice(0, 8);
  $('list').querySelector('thead').innerHTML = `<tr>${cols.map((c) => `<th>${c}</th>`).join('')}</tr>`;
  const body = $('list').querySelector('tbody');
  body.innerHTML = '';
  for (const row of data.items) {
    const tr = document.createElement('tr');
    tr.dataset.key = row[e.key];
    for (const c of cols) { const td = document.createElement('td'); td.textContent = cell(row[c]); td.title = td.textContent; tr.append(td); }
    if (String(row[e.key]) === String(state.selected)) tr.className = 'selected';
    tr.onclick = () => openForm(row);
    body.append(tr);
  }
  const pager = $('pager');
  pager.innerHTML = '';
  const span = document.createElement('span');
  span.textContent = data.total ? `${data.offset + 1}-${data.offset + data.items.length} of ${data.total}` : 'none yet';
  const prev = button('‹ previous', () => { state.offset = Math.max(0, state.offset - state.limit); loadList(); });
  prev.disabled = state.offset === 0;
  const next = button('next ›', () => { state.offset += state.limit; loadList(); });
  next.disabled = data.offset + data.items.length >= data.total;
  pager.append(prev, span, next);
}

function openForm(row) {
  const e = state.entity;
  state.selected = row ? row[e.key] : null;
  for (const tr of $('list').querySelectorAll('tbody tr')) tr.className = row && tr.dataset.key === String(row[e.key]) ? 'selected' : '';
  $('form-title').textContent = row ? `${e.label} ${row[e.key]}` : `New ${e.label}`;
  $('form-message').hidden = true;
  const read = buildForm($('form'), e, row);
  const buttons = $('form-buttons');
  buttons.innerHTML = '';
  const save = button(row ? 'Save' : 'Create', async () => {
    try {
      const saved = row ? await api('PUT', `/api/v1/admin/${e.name}/${encodeURIComponent(row[e.key])}`, read())
        : await api('POST', `/api/v1/admin/${e.name}`, read());
      await loadList();
      openForm(saved);
      showMessage($('form-message'), 'ok', saved.token ? `API token for ${saved.name}: ${saved.token} (shown once: copy it now)` : 'Saved. Calls use it within seconds.');
    } catch (err) {
      showMessage($('form-message'), 'error', err.message, err.problems);
    }
  }, 'primary');
  save.id = 'save';
  buttons.append(save);
  if (row && !e.fixedRows) {
    buttons.append(button('Delete', async () => {
      if (!confirm(`Delete ${e.label} ${row[e.key]}?`)) return;
      try {
        await api('DELETE', `/api/v1/admin/${e.name}/${encodeURIComponent(row[e.key])}`);
        await loadList();
        openForm(null);
        showMessage($('form-message'), 'ok', `Deleted ${e.label} ${row[e.key]}.`);
      } catch (err) {
        showMessage($('form-message'), 'error', err.message, err.problems);
      }
    }, 'danger'));
  }
  if (row && e.name === 'accounts') {
    buttons.append(button('Reset password', async () => {
      try {
        const r = await api('POST', `/api/v1/admin/accounts/${row.extension}/reset-password`, {});
        showMessage($('form-message'), 'ok', `New SIP password for ${row.extension}: ${r.password} (shown once: give it to the agent now)`);
      } catch (err) { showMessage($('form-message'), 'error', err.message, err.problems); }
    }));
  }
  if (row) buttons.append(button('History', () => { location.hash = `audit?entity=${e.name}&key=${encodeURIComponent(row[e.key])}`; }));
}

function customerTools(tb) {
  const exp = document.createElement('a');
  exp.href = '/api/v1/admin/customers/export'; exp.textContent = 'Export CSV';
  const file = document.createElement('input');
  file.type = 'file'; file.accept = '.csv,text/csv'; file.id = 'import-file';
  const imp = button('Import CSV', async () => {
    if (!file.files[0]) { showMessage($('form-message'), 'error', 'Choose a CSV file first (header: phone,name,company,address,contact,notes).'); return; }
    try {
      const r = await api('POST', '/api/v1/admin/customers/import', { csv: await file.files[0].text() });
      showMessage($('form-message'), 'ok', `Imported ${r.imported} customers.`);
      await loadList();
    } catch (err) { showMessage($('form-message'), 'error', err.message, err.problems); }
  });
  tb.append(exp, file, imp);
}

// ---- route explain (next to the dial rules) -------------------------------------------------

function explainPanel() {
  const box = $('extra');
  box.innerHTML = `<h3>Route explain</h3>
    <form class="entity explain" id="explain-form">
      <label for="x-number">number</label><input id="x-number" type="text" placeholder="9057188888888">
      <label for="x-from">from</label><input id="x-from" type="text" placeholder="an extension or trunk (or a context below)">
      <label for="x-context">context</label><input id="x-context" type="text" placeholder="agents">
      <label for="x-draft">with the form</label><select id="x-draft"><option value="">saved rules only</option><option value="1">the rule in the form, as a draft</option></select>
    </form>
    <div class="toolbar"><button type="button" id="x-run" class="primary">Explain</button></div>
    <div class="explain"><pre id="x-out" class="muted">Pick a rule to edit or create one; explain shows what a number would do, with the draft before it is saved.</pre></div>`;
  $('x-run').onclick = async () => {
    const body = { number: $('x-number').value.trim() };
    if ($('x-from').value.trim()) body.from = $('x-from').value.trim();
    if ($('x-context').value.trim()) body.context = $('x-context').value.trim();
    if ($('x-draft').value) {
      const rule = buildReader();
      if (state.selected) rule.id = Number(state.selected);
      body.rules = [rule];
    }
    try {
      const r = await api('POST', '/api/v1/admin/routing/explain', body);
      $('x-out').textContent = `${r.outcome.toUpperCase()}\n${r.lines.join('\n')}`;
    } catch (err) {
      $('x-out').textContent = `${err.message}\n${(err.problems || []).join('\n')}`;
    }
  };
}

// ---- flows list ----------------------------------------------------------------------------

async function showFlows() {
  state.entity = null;
  $('page').className = 'single';
  $('side').hidden = true;
  $('list-title').textContent = 'Flows';
  $('toolbar').innerHTML = '';
  const name = document.createElement('input');
  name.placeholder = 'new flow name'; name.id = 'new-flow';
  $('toolbar').append(name, button('New flow in the editor', () => {
    if (name.value.trim()) location.href = `/admin/flow-editor?name=${encodeURIComponent(name.value.trim())}&new=1`;
  }, 'primary'));
  const data = await api('GET', '/api/v1/admin/flows');
  $('list').querySelector('thead').innerHTML = '<tr><th>name</th><th>description</th><th>version</th><th>published</th><th>by</th></tr>';
  const body = $('list').querySelector('tbody');
  body.innerHTML = '';
  for (const f of data.items) {
    const tr = document.createElement('tr');
    for (const v of [f.name, f.description, f.version, f.publishedAt, f.publishedBy]) { const td = document.createElement('td'); td.textContent = cell(v); tr.append(td); }
    tr.onclick = () => { location.href = `/admin/flow-editor?name=${encodeURIComponent(f.name)}`; };
    body.append(tr);
  }
  $('pager').textContent = `${data.items.length} flows; click one to open it in the editor`;
}

// ---- audit log -----------------------------------------------------------------------------

async function showAudit(params) {
  state.entity = null;
  $('page').className = '';
  $('side').hidden = false;
  clearSide('Change');
  $('list-title').textContent = 'Audit log';
  const tb = $('toolbar');
  tb.innerHTML = '';
  const filters = {};
  for (const f of ['entity', 'key', 'actor']) {
    const i = document.createElement('input');
    i.placeholder = f; i.value = params.get(f) || ''; i.id = `audit-${f}`;
    filters[f] = i; tb.append(i);
  }
  const load = async (offset) => {
    const qs = new URLSearchParams({ limit: 50, offset });
    for (const [k, i] of Object.entries(filters)) if (i.value.trim()) qs.set(k, i.value.trim());
    const data = await api('GET', `/api/v1/admin/audit?${qs}`);
    $('list').querySelector('thead').innerHTML = '<tr><th>when</th><th>who</th><th>action</th><th>entity</th><th>key</th></tr>';
    const body = $('list').querySelector('tbody');
    body.innerHTML = '';
    for (const a of data.items) {
      const tr = document.createElement('tr');
      for (const v of [a.at, `${a.actor} (${a.role})`, a.action, a.entity, a.key]) { const td = document.createElement('td'); td.textContent = cell(v); tr.append(td); }
      tr.onclick = () => {
        $('form-title').textContent = `${a.action} ${a.entity} ${a.key}`;
        $('extra').innerHTML = '';
        for (const [t, v] of [['before', a.before], ['after', a.after]]) {
          const h = document.createElement('h3'); h.textContent = t;
          const pre = document.createElement('pre'); pre.textContent = v === null ? '(none)' : JSON.stringify(v, null, 2);
          $('extra').append(h, pre);
        }
      };
      body.append(tr);
    }
    const pager = $('pager');
    pager.innerHTML = '';
    const prev = button('‹ newer', () => load(Math.max(0, offset - 50))); prev.disabled = offset === 0;
    const next = button('older ›', () => load(offset + 50)); next.disabled = offset + data.items.length >= data.total;
    const span = document.createElement('span'); span.textContent = `${data.total} changes`;
    pager.append(prev, span, next);
  };
  tb.append(button('Filter', () => load(0), 'primary'));
  await load(0);
}

// ---- routing between pages -------------------------------------------------------------------

async function route() {
  const [page, query] = (location.hash.slice(1) || 'accounts').split('?');
  $('config-users')?.remove();
  adminNav(page);
  $('side').hidden = false;
  try {
    if (!state.schema) state.schema = await api('GET', '/api/v1/admin/schema');
    if (page === 'flows') return await showFlows();
    if (page === 'audit') return await showAudit(new URLSearchParams(query || ''));
    const entity = state.schema.entities.find((e) => e.name === page) || state.schema.entities[0];
    await showEntity(entity);
  } catch (err) {
    showMessage($('form-message'), 'error', err.message, err.problems);
  }
}

/** The body the form would send now (for route explain with a draft). */
function buildReader() {
  const out = {};
  for (const el of $('form').querySelectorAll(':scope > input, :scope > select')) { const v = readInput(el, undefined); if (v !== undefined) out[el.name] = v; }
  for (const ch of $('form').querySelectorAll('.children')) out[ch.dataset.field] = ch.read();
  return out;
}

window.addEventListener('hashchange', route);
route();
