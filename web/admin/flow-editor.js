// The visual flow editor: the flow as a graph (cytoscape draws it; nodes are dragged, clicked,
// connected), the selected node's fields in a form, problems from the API's check shown on the
// nodes, publish (a new version) and roll back. The flow document is the only model: the graph
// is redrawn from it after every change.
'use strict';

const el = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ed = { name: params.get('name'), isNew: params.get('new') === '1', flow: null, selected: null, connecting: false, problems: [] };
let cy = null;

function message(kind, text, problems) { showMessage(el('message'), kind, text, problems); }

function graphElements() {
  const els = [];
  const bad = new Set(ed.problems.filter((p) => p.node).map((p) => p.node));
  for (const [name, node] of Object.entries(ed.flow.nodes)) {
    els.push({ data: { id: name, label: `${name}\n${node.type}${node.type === 'queue' ? ` ${node.group}` : ''}` }, classes: [name === ed.flow.start ? 'start' : '', bad.has(name) ? 'bad' : ''].join(' ') });
  }
  for (const [name, node] of Object.entries(ed.flow.nodes)) {
    for (const e of nodeEdges(node)) {
      if (!Object.hasOwn(ed.flow.nodes, e.target)) continue;
      els.push({ data: { id: `${name}|${e.slot}`, source: name, target: e.target, label: e.label, slot: e.slot } });
    }
  }
  return els;
}

function draw(positions) {
  const keep = positions || (cy ? Object.fromEntries(cy.nodes().map((n) => [n.id(), { ...n.position() }])) : {});
  cy.elements().remove();
  cy.add(graphElements());
  const missing = cy.nodes().filter((n) => !keep[n.id()]);
  cy.nodes().forEach((n) => { if (keep[n.id()]) n.position(keep[n.id()]); });
  if (missing.length === cy.nodes().length) cy.layout({ name: 'breadthfirst', directed: true, roots: cy.getElementById(ed.flow.start), spacingFactor: 1.1 }).run();
  else missing.forEach((n, i) => n.position({ x: 80 + 40 * i, y: 40 + 30 * i }));
  if (ed.selected) cy.getElementById(ed.selected).select();
}

function layoutOf() {
  return Object.fromEntries(cy.nodes().map((n) => [n.id(), { x: Math.round(n.position('x')), y: Math.round(n.position('y')) }]));
}

// ---- the node form ---------------------------------------------------------------------------

function row(label, input) {
  const div = document.createElement('div');
  div.className = 'row';
  const l = document.createElement('label');
  l.textContent = label;
  input.id = `node-${label}`;
  l.htmlFor = input.id;
  div.append(l, input);
  return div;
}

function refSelect(value, onchange) {
  const s = document.createElement('select');
  for (const n of ['', ...Object.keys(ed.flow.nodes)]) { const o = document.createElement('option'); o.value = n; o.textContent = n || '(none)'; s.append(o); }
  s.value = value || '';
  s.onchange = () => onchange(s.value);
  return s;
}

function nodeForm() {
  const box = el('node-form');
  box.innerHTML = '';
  const name = ed.selected;
  const node = name && ed.flow.nodes[name];
  el('node-title').textContent = node ? `Node ${name}` : 'Node';
  if (!node) { box.innerHTML = '<p class="muted">Click a node to edit its fields.</p>'; return; }
  const changed = () => { draw(); check(); };
  const rename = document.createElement('input');
  rename.value = name;
  rename.onchange = () => renameNode(name, rename.value.trim());
  box.append(row('name', rename));
  const type = document.createElement('select');
  for (const t of Object.keys(NODE_TYPES)) { const o = document.createElement('option'); o.value = t; o.textContent = t; type.append(o); }
  type.value = node.type;
  type.onchange = () => { ed.flow.nodes[name] = { type: type.value, ...NODE_TYPES[type.value].make() }; nodeForm(); changed(); };
  box.append(row('type', type));
  for (const [field, kind] of Object.entries(NODE_TYPES[node.type].fields)) {
    let input;
    if (kind === 'ref') input = refSelect(node[field], (v) => { setSlot(node, field, v); changed(); });
    else if (kind === 'bool') {
      input = document.createElement('select');
      for (const [v, t] of [['', '(default)'], ['true', 'yes'], ['false', 'no']]) { const o = document.createElement('option'); o.value = v; o.textContent = t; input.append(o); }
      input.value = node[field] === undefined ? '' : String(node[field]);
      input.onchange = () => { if (input.value === '') delete node[field]; else node[field] = input.value === 'true'; changed(); };
    } else if (kind === 'refmap') {
      input = document.createElement('textarea');
      input.rows = 2;
      input.placeholder = field === 'options' ? '1=sales, 2=support' : 'value=node, ...';
      input.value = Object.entries(node[field] || {}).map(([k, v]) => `${k}=${v}`).join(', ');
      input.onchange = () => { node[field] = Object.fromEntries(input.value.split(',').map((p) => p.split('=').map((x) => x.trim())).filter((p) => p[0])); changed(); };
    } else if (kind === 'json') {
      input = document.createElement('textarea');
      input.rows = 5;
      input.value = JSON.stringify(node[field] || [], null, 1);
      input.onchange = () => { try { node[field] = JSON.parse(input.value); changed(); } catch (e) { message('error', `${field}: not JSON (${e.message})`); } };
    } else {
      input = document.createElement('input');
      input.type = kind === 'number' ? 'number' : 'text';
      input.value = kind === 'prompts' ? promptsToText(node[field]) : node[field] === undefined ? '' : String(node[field]);
      if (kind === 'prompts') input.placeholder = 'hello-world, digits/1 or en: a; zh: file:b';
      input.onchange = () => {
        const v = kind === 'prompts' ? textToPrompts(input.value) : kind === 'number' ? (input.value === '' ? undefined : Number(input.value)) : input.value;
        if (v === undefined || v === '') delete node[field]; else node[field] = v;
        changed();
      };
    }
    box.append(row(field, input));
  }
  const start = document.createElement('button');
  start.type = 'button';
  start.textContent = ed.flow.start === name ? 'This is the start node' : 'Make it the start node';
  start.disabled = ed.flow.start === name;
  start.onclick = () => { ed.flow.start = name; nodeForm(); changed(); };
  box.append(start);
  for (const p of ed.problems.filter((x) => x.node === name)) {
    const d = document.createElement('div'); d.className = 'message error'; d.textContent = p.message; box.append(d);
  }
}

function renameNode(from, to) {
  if (!to || to === from) return;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(to) || Object.hasOwn(ed.flow.nodes, to)) { message('error', `"${to}" is not a free node name (letters, digits, _ and -)`); return; }
  const pos = layoutOf();
  ed.flow.nodes[to] = ed.flow.nodes[from];
  delete ed.flow.nodes[from];
  for (const n of Object.values(ed.flow.nodes)) for (const e of nodeEdges(n)) if (e.target === from) setSlot(n, e.slot, to);
  if (ed.flow.start === from) ed.flow.start = to;
  pos[to] = pos[from];
  ed.selected = to;
  draw(pos); nodeForm(); check();
}

// ---- actions ---------------------------------------------------------------------------------

function addNode() {
  const type = el('add-type').value;
  const name = freshName(ed.flow, type);
  ed.flow.nodes[name] = { type, ...NODE_TYPES[type].make() };
  if (!ed.flow.start) ed.flow.start = name;
  ed.selected = name;
  draw(); nodeForm(); check();
}

function connectTo(target) {
  const source = ed.flow.nodes[ed.selected];
  ed.connecting = false;
  el('connect').textContent = 'Connect…';
  const slots = nodeSlots(source);
  if (!slots.length) { message('error', `a ${source.type} node has no outgoing connection`); return; }
  // The first free slot, or the one asked for when there are several.
  let slot = slots.find((s) => !s.endsWith('.+') && !nodeEdges(source).some((e) => e.slot === s));
  let key;
  if (slots.some((s) => s.endsWith('.+')) || !slot) {
    const answer = prompt(`Connect ${ed.selected} -> ${target}: which exit? ${slots.map((s) => s.replace('.+', '.<key>')).join(', ')}`, slot || slots[0].replace('.+', '.1'));
    if (!answer) return;
    const [field, sub] = answer.split('.');
    slot = slots.includes(answer) ? answer : slots.includes(`${field}.+`) ? `${field}.+` : null;
    key = sub;
    if (!slot) { message('error', `no exit "${answer}"`); return; }
  }
  setSlot(source, slot, target, key);
  draw(); nodeForm(); check();
}

function deleteSelected() {
  const edge = cy.edges(':selected')[0];
  if (edge) { setSlot(ed.flow.nodes[edge.data('source')], edge.data('slot'), ''); draw(); nodeForm(); check(); return; }
  if (!ed.selected) return;
  deleteNode(ed.flow, ed.selected);
  ed.selected = null;
  draw(); nodeForm(); check();
}

let checkTimer = null;
function check() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(runCheck, 300);
}

async function runCheck() {
  try {
    const r = await api('POST', `/api/v1/admin/flows/${encodeURIComponent(ed.name)}/check`, { definition: currentDefinition() });
    ed.problems = r.nodes.length ? r.nodes : r.problems.map((m) => ({ message: m }));
    if (!r.valid && !r.nodes.length) ed.problems = r.problems.map((m) => ({ message: m }));
    showProblems(r.valid ? [] : r.problems);
  } catch (err) {
    showProblems([err.message, ...(err.problems || [])]);
  }
}

function showProblems(list) {
  const ul = el('problems');
  ul.innerHTML = '';
  for (const p of list) {
    const li = document.createElement('li');
    li.textContent = p;
    const hit = ed.problems.find((x) => x.message === p && x.node);
    if (hit) li.onclick = () => { ed.selected = hit.node; cy.$(':selected').unselect(); cy.getElementById(hit.node).select(); nodeForm(); };
    ul.append(li);
  }
  if (!list.length) { const li = document.createElement('li'); li.textContent = 'No problems: ready to publish.'; li.className = 'muted'; ul.append(li); }
  cy.nodes().forEach((n) => n.toggleClass('bad', ed.problems.some((p) => p.node === n.id())));
}

function currentDefinition() {
  const d = { start: ed.flow.start, nodes: ed.flow.nodes };
  const lang = el('language').value.trim();
  if (lang) d.language = lang;
  return d;
}

async function publish() {
  const body = { definition: currentDefinition(), description: el('description').value, note: el('note').value || undefined, layout: layoutOf() };
  try {
    const r = ed.isNew ? await api('POST', '/api/v1/admin/flows', { name: ed.name, ...body }) : await api('PUT', `/api/v1/admin/flows/${encodeURIComponent(ed.name)}`, body);
    ed.isNew = false;
    history.replaceState(null, '', `/admin/flow-editor?name=${encodeURIComponent(ed.name)}`);
    message('ok', `Published version ${r.version}. New calls take it within seconds; calls already in the flow keep theirs.`);
    el('note').value = '';
    el('flow-version').textContent = `version ${r.version}`;
    ed.problems = [];
    showProblems([]);
    await loadVersions();
  } catch (err) {
    ed.problems = (err.body && err.body.error && err.body.error.details && err.body.error.details.nodes) || [];
    message('error', err.message, err.problems);
    showProblems(err.problems || []);
  }
}

async function loadVersions() {
  const body = el('versions').querySelector('tbody');
  body.innerHTML = '';
  if (ed.isNew) return;
  const { items } = await api('GET', `/api/v1/admin/flows/${encodeURIComponent(ed.name)}/versions`);
  items.forEach((v, i) => {
    const tr = document.createElement('tr');
    for (const x of [v.version, v.publishedAt, v.publishedBy, v.note]) { const td = document.createElement('td'); td.textContent = x; tr.append(td); }
    const td = document.createElement('td');
    if (i > 0) {
      const diff = document.createElement('button');
      diff.type = 'button'; diff.textContent = 'Diff';
      diff.onclick = async () => {
        const d = await api('GET', `/api/v1/admin/flows/${encodeURIComponent(ed.name)}/diff?from=${v.version}&to=${items[0].version}`);
        el('diff').textContent = `version ${v.version} -> ${items[0].version}\nadded: ${d.added.join(', ') || '-'}\nremoved: ${d.removed.join(', ') || '-'}\nchanged: ${d.modified.map((m) => m.node).join(', ') || '-'}${d.fields.map((f) => `\n${f.field}: ${JSON.stringify(f.before)} -> ${JSON.stringify(f.after)}`).join('')}`;
      };
      const back = document.createElement('button');
      back.type = 'button'; back.textContent = 'Roll back'; back.dataset.rollback = v.version;
      back.onclick = async () => {
        try {
          const r = await api('POST', `/api/v1/admin/flows/${encodeURIComponent(ed.name)}/rollback`, { version: v.version });
          message('ok', `Rolled back: version ${v.version} is live again as version ${r.version}.`);
          await load();
        } catch (err) { message('error', err.message, err.problems); }
      };
      td.append(diff, back);
    }
    tr.append(td);
    body.append(tr);
  });
}

async function load() {
  if (ed.isNew) {
    ed.flow = { start: 'start', nodes: { start: { type: 'play', prompts: ['hello-world'], next: 'bye' }, bye: { type: 'hangup' } } };
    el('flow-version').textContent = 'new, not yet published';
    draw({});
  } else {
    const f = await api('GET', `/api/v1/admin/flows/${encodeURIComponent(ed.name)}`);
    ed.flow = { start: f.definition.start, nodes: f.definition.nodes || {} };
    el('description').value = f.description || '';
    el('language').value = f.definition.language || '';
    el('flow-version').textContent = f.version ? `version ${f.version}` : 'no published version yet (the first publish keeps this one as version 1)';
    draw(f.layout || {});
  }
  ed.selected = null;
  nodeForm();
  await loadVersions();
  check();
}

function init() {
  adminNav('flows');
  el('flow-name').textContent = `Flow ${ed.name}`;
  document.title = `Flow ${ed.name}`;
  for (const t of Object.keys(NODE_TYPES)) { const o = document.createElement('option'); o.value = t; o.textContent = t; el('add-type').append(o); }
  cy = cytoscape({
    container: el('graph'),
    minZoom: 0.2,
    maxZoom: 1.2,
    style: [
      { selector: 'node', style: { shape: 'round-rectangle', width: 110, height: 44, 'background-color': '#e8f0fe', 'border-width': 1, 'border-color': '#7d9ccf', label: 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 11 } },
      { selector: 'node.start', style: { 'border-width': 3, 'border-color': '#1b8a3a' } },
      { selector: 'node.bad', style: { 'background-color': '#fdecea', 'border-color': '#c62828' } },
      { selector: 'node:selected', style: { 'background-color': '#ffe9b3', 'border-color': '#c77700', 'border-width': 3 } },
      { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 1.5, 'line-color': '#8a8f99', 'target-arrow-color': '#8a8f99', label: 'data(label)', 'font-size': 10, 'text-background-color': '#fff', 'text-background-opacity': 1 } },
      { selector: 'edge:selected', style: { 'line-color': '#c77700', 'target-arrow-color': '#c77700', width: 3 } },
    ],
  });
  cy.on('tap', 'node', (evt) => {
    const id = evt.target.id();
    if (ed.connecting && ed.selected) { connectTo(id); return; }
    ed.selected = id;
    nodeForm();
  });
  cy.on('tap', (evt) => { if (evt.target === cy) { ed.selected = null; nodeForm(); } });
  el('add-node').onclick = addNode;
  el('connect').onclick = () => {
    if (!ed.selected) { message('error', 'Select the node to connect from first, then click Connect and the target node.'); return; }
    ed.connecting = !ed.connecting;
    el('connect').textContent = ed.connecting ? `Click the target for ${ed.selected}…` : 'Connect…';
  };
  el('delete').onclick = deleteSelected;
  el('relayout').onclick = () => cy.layout({ name: 'breadthfirst', directed: true, roots: cy.getElementById(ed.flow.start), spacingFactor: 1.1 }).run();
  el('check').onclick = runCheck;
  el('publish').onclick = publish;
  // The page's test hook: the graph's state for a browser test (read-only).
  window.flowEditor = { nodes: () => cy.nodes().map((n) => n.id()), edges: () => cy.edges().map((e) => `${e.data('source')}>${e.data('target')}`), tapNode: (id) => cy.getElementById(id).emit('tap'), flow: () => ed.flow };
  load().catch((err) => message('error', err.message, err.problems));
}

init();
