// The web admin's shared layout: the header with one link per page family. Every admin page
// loads this file first and calls adminNav(); a page of another feature (recordings, prompts,
// voicemail...) adds its link to ADMIN_LINKS here and is listed everywhere.
'use strict';

const ADMIN_LINKS = [
  { href: '/admin#accounts', label: 'Accounts' },
  { href: '/admin#groups', label: 'Groups' },
  { href: '/admin#trunks', label: 'Trunks' },
  { href: '/admin#trunk-groups', label: 'Trunk groups' },
  { href: '/admin#dial-rules', label: 'Dial rules' },
  { href: '/admin#normalization-rules', label: 'Normalization' },
  { href: '/admin#whitelist', label: 'Whitelist' },
  { href: '/admin#flows', label: 'Flows' },
  { href: '/admin#customers', label: 'Customers' },
  { href: '/admin#fax-numbers', label: 'Fax numbers' },
  { href: '/admin#business-hours', label: 'Business hours' },
  { href: '/admin#holidays', label: 'Holidays' },
  { href: '/admin#business-hours-routes', label: 'Hours routes' },
  { href: '/admin#timers', label: 'Timers' },
  { href: '/admin#agent-ids', label: 'Agent IDs' },
  { href: '/admin#api-users', label: 'API users' },
  { href: '/admin#api-tokens', label: 'API tokens' },
  { href: '/admin#audit', label: 'Audit log' },
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/reports', label: 'Reports' },
];

/** Fills <header id="admin-nav"> and marks the current page's link. */
function adminNav(current) {
  const header = document.getElementById('admin-nav');
  header.innerHTML = '';
  const h1 = document.createElement('h1');
  h1.textContent = 'Call center admin';
  const nav = document.createElement('nav');
  for (const l of ADMIN_LINKS) {
    const a = document.createElement('a');
    a.href = l.href;
    a.textContent = l.label;
    if (current && (l.href === current || l.href.endsWith(`#${current}`))) a.setAttribute('aria-current', 'page');
    nav.append(a);
  }
  header.append(h1, nav);
}

/** JSON API call; an error answer becomes an Error with .status, .problems and .body. */
async function api(method, path, body) {
  const res = await fetch(path, {
    method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  if (!res.ok) {
    const e = new Error(json && json.error ? json.error.message : `HTTP ${res.status}`);
    e.status = res.status;
    e.body = json;
    e.problems = (json && json.error && json.error.details && (json.error.details.problems || json.error.details.usedBy)) || [];
    throw e;
  }
  return json;
}

/** Shows a message (and a list of problems) in an element; kind: ok or error. */
function showMessage(el, kind, text, problems) {
  el.hidden = false;
  el.className = `message ${kind}`;
  el.innerHTML = '';
  const p = document.createElement('div');
  p.textContent = text;
  el.append(p);
  if (problems && problems.length) {
    const ul = document.createElement('ul');
    for (const x of problems) { const li = document.createElement('li'); li.textContent = x; ul.append(li); }
    el.append(ul);
  }
}
