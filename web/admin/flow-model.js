// The flow document as the editor sees it (docs/FLOWS.md): which fields of a node point at other
// nodes (the graph's edges), which fields each node type has, and a node's defaults. Pure.
'use strict';

const NODE_TYPES = {
  play: { fields: { prompts: 'prompts', interruptible: 'bool', next: 'ref' }, make: () => ({ prompts: ['hello-world'], next: '' }) },
  menu: { fields: { prompts: 'prompts', options: 'refmap', timeoutSec: 'number', attempts: 'number', invalidPrompts: 'prompts', noInput: 'ref', invalid: 'ref' }, make: () => ({ prompts: ['hello-world'], options: {} }) },
  collect: { fields: { prompts: 'prompts', variable: 'text', maxDigits: 'number', terminator: 'text', timeoutSec: 'number', valid: 'text', attempts: 'number', next: 'ref', noInput: 'ref', invalid: 'ref' }, make: () => ({ prompts: ['hello-world'], variable: 'digits', next: '' }) },
  set: { fields: { variable: 'text', value: 'text', next: 'ref' }, make: () => ({ variable: 'x', value: '', next: '' }) },
  time: { fields: { rules: 'json', default: 'ref' }, make: () => ({ rules: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '18:00', next: '' }], default: '' }) },
  branch: { fields: { variable: 'text', cases: 'refmap', default: 'ref' }, make: () => ({ variable: 'x', cases: {}, default: '' }) },
  queue: { fields: { group: 'text' }, make: () => ({ group: '' }) },
  transfer: { fields: { extension: 'text', timeoutSec: 'number' }, make: () => ({ extension: '' }) },
  voicemail: { fields: { prompts: 'prompts', maxSec: 'number' }, make: () => ({ prompts: ['vm-intro'] }) },
  hangup: { fields: { prompts: 'prompts' }, make: () => ({}) },
  goto: { fields: { flow: 'text' }, make: () => ({ flow: '' }) },
};

/** Every edge of a node: { slot, label, target }; slot is how to change it (see setSlot). */
function nodeEdges(node) {
  const out = [];
  const spec = NODE_TYPES[node.type];
  if (!spec) return out;
  for (const [field, kind] of Object.entries(spec.fields)) {
    if (kind === 'ref' && node[field]) out.push({ slot: field, label: field === 'next' ? '' : field, target: node[field] });
    if (kind === 'refmap') for (const [k, t] of Object.entries(node[field] || {})) if (t) out.push({ slot: `${field}.${k}`, label: k, target: t });
  }
  if (node.type === 'time') (node.rules || []).forEach((r, i) => { if (r.next) out.push({ slot: `rules.${i}`, label: `${r.from || '00:00'}-${r.to || '24:00'}`, target: r.next }); });
  return out;
}

/** The slots a node may connect from: its ref fields and a new map key (options.<key>, cases.<value>). */
function nodeSlots(node) {
  const spec = NODE_TYPES[node.type];
  if (!spec) return [];
  const slots = [];
  for (const [field, kind] of Object.entries(spec.fields)) {
    if (kind === 'ref') slots.push(field);
    if (kind === 'refmap') { for (const k of Object.keys(node[field] || {})) slots.push(`${field}.${k}`); slots.push(`${field}.+`); }
  }
  if (node.type === 'time') (node.rules || []).forEach((_r, i) => slots.push(`rules.${i}`));
  return slots;
}

/** Points a slot at a target ('' or null clears it). `key` names a new map entry for "<map>.+". */
function setSlot(node, slot, target, key) {
  const [field, sub] = slot.split('.');
  if (sub === undefined) {
    if (target) node[field] = target; else delete node[field];
  } else if (field === 'rules') {
    node.rules[Number(sub)].next = target || '';
  } else {
    node[field] = node[field] || {};
    const k = sub === '+' ? key : sub;
    if (!k) return;
    if (target) node[field][k] = target; else delete node[field][k];
  }
}

/** Removes a node and clears every slot that pointed at it. */
function deleteNode(flow, name) {
  delete flow.nodes[name];
  for (const n of Object.values(flow.nodes)) for (const e of nodeEdges(n)) if (e.target === name) setSlot(n, e.slot, '');
  if (flow.start === name) flow.start = Object.keys(flow.nodes)[0] || '';
}

/** A new node name not yet used: <type>, <type>2, ... */
function freshName(flow, type) {
  let name = type;
  for (let i = 2; Object.hasOwn(flow.nodes, name); i++) name = `${type}${i}`;
  return name;
}

/** Prompts as the form shows them: "a, b" or "en: a, b; zh: c". */
function promptsToText(p) {
  if (!p) return '';
  if (Array.isArray(p)) return p.join(', ');
  return Object.entries(p).map(([lang, list]) => `${lang}: ${list.join(', ')}`).join('; ');
}

function textToPrompts(t) {
  const s = t.trim();
  if (!s) return undefined;
  const split = (x) => x.split(',').map((y) => y.trim()).filter(Boolean);
  if (/^[a-z]{2}(_[A-Z]{2})?:/.test(s)) return Object.fromEntries(s.split(';').map((part) => { const i = part.indexOf(':'); return [part.slice(0, i).trim(), split(part.slice(i + 1))]; }));
  return split(s);
}

if (typeof module !== 'undefined') module.exports = { NODE_TYPES, nodeEdges, nodeSlots, setSlot, deleteNode, freshName, promptsToText, textToPrompts };
