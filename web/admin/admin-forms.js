// Forms built from the admin API's JSON Schema (GET /api/v1/admin/schema): one input per field,
// a small table for child lists (group members, trunk group trunks, transforms).
'use strict';

/** The field's own schema and whether it takes null ({anyOf: [X, {type: null}]}). */
function fieldShape(s) {
  if (s.anyOf) {
    const inner = s.anyOf.find((x) => x.type !== 'null');
    return { ...fieldShape(inner || {}), nullable: s.anyOf.some((x) => x.type === 'null') };
  }
  return { type: s.type, enumValues: s.enum, nullable: false, def: s.default, min: s.minimum, max: s.maximum, items: s.items };
}

/** One input for a scalar field; read back with readInput. */
function makeInput(name, shape, value, opts = {}) {
  let el;
  if (shape.enumValues) {
    el = document.createElement('select');
    const values = shape.nullable || opts.optional ? ['', ...shape.enumValues] : shape.enumValues;
    for (const v of values) { const o = document.createElement('option'); o.value = v; o.textContent = v === '' ? '(default)' : v; el.append(o); }
    el.value = value === null || value === undefined ? '' : String(value);
  } else if (shape.type === 'boolean') {
    el = document.createElement('select');
    for (const [v, t] of [['', '(default)'], ['true', 'yes'], ['false', 'no']]) { const o = document.createElement('option'); o.value = v; o.textContent = t; el.append(o); }
    el.value = value === true ? 'true' : value === false ? 'false' : '';
  } else {
    el = document.createElement('input');
    el.type = shape.type === 'integer' || shape.type === 'number' ? 'number' : 'text';
    if (opts.secret) { el.type = 'password'; el.placeholder = value ? '(set: leave empty to keep)' : '(none)'; el.value = ''; }
    else el.value = value === null || value === undefined ? '' : String(value);
    if (shape.def !== undefined && el.value === '') el.placeholder = `default ${shape.def}`;
  }
  el.name = name;
  el.dataset.type = shape.type || '';
  el.dataset.nullable = shape.nullable ? '1' : '';
  return el;
}

/** The value of an input: undefined when left empty (not sent), null for an emptied nullable field. */
function readInput(el, original) {
  const v = el.value;
  if (v === '') {
    if (el.type === 'password') return undefined;
    return el.dataset.nullable && original !== null && original !== undefined ? null : undefined;
  }
  if (el.dataset.type === 'boolean') return v === 'true';
  if (el.dataset.type === 'integer' || el.dataset.type === 'number') return Number(v);
  return v;
}

/** A table editor for a child list: rows of inputs, add and remove. */
function childEditor(field, itemSchema, rows) {
  const wrap = document.createElement('div');
  wrap.className = 'children wide';
  wrap.dataset.field = field;
  const cols = Object.keys(itemSchema.properties);
  const table = document.createElement('table');
  table.innerHTML = `<thead><tr>${cols.map((c) => `<th>${c}</th>`).join('')}<th></th></tr></thead><tbody></tbody>`;
  const body = table.querySelector('tbody');
  const addRow = (row) => {
    const tr = document.createElement('tr');
    for (const c of cols) {
      const td = document.createElement('td');
      td.append(makeInput(c, fieldShape(itemSchema.properties[c]), row ? row[c] : undefined, { optional: true }));
      tr.append(td);
    }
    const td = document.createElement('td');
    const rm = document.createElement('button');
    rm.type = 'button'; rm.textContent = '✕'; rm.title = 'remove';
    rm.onclick = () => tr.remove();
    td.append(rm); tr.append(td); body.append(tr);
  };
  for (const r of rows || []) addRow(r);
  const add = document.createElement('button');
  add.type = 'button'; add.textContent = `Add ${field.replace(/s$/, '')}`; add.dataset.add = field;
  add.onclick = () => addRow(null);
  const title = document.createElement('h3');
  title.textContent = field;
  wrap.append(title, table, add);
  wrap.read = () => [...body.querySelectorAll('tr')].map((tr) => {
    const item = {};
    for (const el of tr.querySelectorAll('input, select')) { const v = readInput(el, undefined); if (v !== undefined) item[el.name] = v; }
    return item;
  });
  return wrap;
}

/** Fills the form for an entity (row null: a new one); returns a reader of the body to send. */
function buildForm(form, entity, row) {
  form.innerHTML = '';
  const props = entity.create.properties;
  const readers = [];
  for (const [name, schema] of Object.entries(props)) {
    const shape = fieldShape(schema);
    if (shape.type === 'array') {
      const ed = childEditor(name, shape.items, row ? row[name] : []);
      form.append(ed);
      readers.push((out) => { out[name] = ed.read(); });
      continue;
    }
    if (row && name === entity.key) {
      const label = document.createElement('label'); label.textContent = name;
      const span = document.createElement('strong'); span.textContent = row[name];
      form.append(label, span);
      continue;
    }
    if (entity.autoKey && name === entity.key) continue;
    const label = document.createElement('label');
    label.textContent = name + (entity.required.includes(name) && !row ? ' *' : '');
    // Passwords and hot-desking PINs: typed hidden, stored as hashes, never shown (leave empty to keep).
    const current = row ? (row[name] ?? (name === 'password' ? row.password_hash : name === 'pin' ? row.pin_hash : undefined)) : undefined;
    const input = makeInput(name, shape, current, { secret: entity.secret.includes(name) || name === 'password' || name === 'pin', optional: true });
    input.id = `f-${name}`;
    label.htmlFor = input.id;
    form.append(label, input);
    readers.push((out) => { const v = readInput(input, row ? row[name] : undefined); if (v !== undefined) out[name] = v; });
  }
  return () => { const out = {}; for (const r of readers) r(out); return out; };
}
