// The agent desktop's callbacks card (issue 22): book a callback for a date and time, for myself
// or for one of my groups (POST /api/v1/callbacks, the same route a CRM uses), and my open
// callbacks (GET /api/v1/agents/<me>/callbacks: booked for me or by me), refreshed every 15 s.
// Loaded after agent.js, whose globals it uses ($, api, act, desk).
'use strict';

const callbacks = { groups: [], timer: null, lastAgent: null };

/** "for me in sales", "for sales", ... from the groups the agent belongs to. */
function fillCallbackTargets(groups) {
  const key = groups.join(',');
  if ($('callback-for').dataset.groups === key) return;
  $('callback-for').dataset.groups = key;
  $('callback-for').replaceChildren(...groups.flatMap((g) => [['me', g, `for me (${g})`], ['group', g, `for group ${g}`]].map(([who, group, label]) => {
    const o = document.createElement('option');
    o.value = `${who}:${group}`;
    o.textContent = label;
    return o;
  })));
}

async function refreshCallbacks() {
  if (!desk.agent || desk.stopped) return;
  const r = await api(`/api/v1/agents/${desk.agent}/callbacks`);
  callbacks.groups = r.groups;
  fillCallbackTargets(r.groups);
  $('callback-book').disabled = r.groups.length === 0;
  $('callbacks-empty').hidden = r.callbacks.length > 0;
  $('callbacks').querySelector('tbody').replaceChildren(...r.callbacks.map((c) => {
    const tr = document.createElement('tr');
    tr.dataset.id = c.id;
    tr.dataset.state = c.state;
    const cells = [new Date(c.dueAt).toLocaleString(), c.number, c.group, c.agent ? c.agent : 'group', c.state, String(c.attempts)];
    for (const t of cells) { const td = document.createElement('td'); td.textContent = t; tr.append(td); }
    return tr;
  }));
}

async function bookCallback() {
  const [who, group] = $('callback-for').value.split(':');
  const local = $('callback-at').value;
  const at = local ? new Date(local) : null;
  if (!at || Number.isNaN(at.getTime())) throw new Error('Pick the date and time of the callback.');
  const body = { number: $('callback-number').value.trim(), group, at: at.toISOString(), ...(who === 'me' ? { agent: desk.agent } : {}) };
  const cb = await api('/api/v1/callbacks', { method: 'POST', body });
  $('callback-number').value = '';
  $('callback-result').textContent = `Booked: ${cb.number} at ${new Date(cb.dueAt).toLocaleString()} ${cb.agent ? 'for you' : `for ${cb.group}`}.`;
  await refreshCallbacks();
}

/** The card follows the sign-in of agent.js: it starts listing when an agent is signed in. */
function watchSignIn() {
  if (desk.agent && !desk.stopped && callbacks.lastAgent !== desk.agent) {
    callbacks.lastAgent = desk.agent;
    refreshCallbacks().catch((err) => showError(err.message));
  }
  if (desk.stopped) callbacks.lastAgent = null;
}

$('callback-form').addEventListener('submit', act(bookCallback));
$('callbacks-refresh').addEventListener('click', act(refreshCallbacks));
setInterval(watchSignIn, 500);
setInterval(() => { refreshCallbacks().catch(() => {}); }, 15000);
window.agentDesktop.refreshCallbacks = () => refreshCallbacks();
