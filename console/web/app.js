// hallmonitor's web console: sign-in, the hash router, the navigation and keyboard shortcuts.
// Plain ES modules, no build step; served by hallmonitord under a strict Content-Security-Policy
// (no inline script or style), so behaviour is attached here with addEventListener.
import { ApiError, del, get, onUnauthorized, post, setCsrf } from './api.js';
import { decide } from './cards.js';
import { decideItem } from './items.js';
import { clear, el, isTyping, labelTableCells } from './dom.js';
import { renderQueue, toggleSelected } from './queue.js';
import { canUseTester, insecureSignInHint, isAdmin, isOnlySafeguarding, state, toast } from './session.js';
import { renderTwoStep } from './second_factor.js';
import { renderRules } from './rules.js';
import { renderToday } from './today.js';
import { renderUsers } from './users.js';
import { renderAudit, renderAuthor, renderComment, renderSafeguarding, renderTester } from './views.js';

const main = document.getElementById('main');
// Tables drawn at any time (a page, a tester result) get their cells labelled for phones.
new MutationObserver(() => labelTableCells(main)).observe(main, { childList: true, subtree: true });
const top = document.getElementById('top');
const nav = document.getElementById('nav');

// path pattern → view, title, and whether the signed-in user may open it.
const routes = [
  { pattern: /^queue$/, view: renderQueue, title: 'Queue', keys: true },
  { pattern: /^today$/, view: renderToday, title: 'Today' },
  { pattern: /^comment\/(\d+)$/, view: renderComment, title: 'Comment', keys: true },
  { pattern: /^author\/([^/]+)\/([^/]+)$/, view: renderAuthor, title: 'Author' },
  { pattern: /^safeguarding$/, view: renderSafeguarding, title: 'Safeguarding', keys: true },
  { pattern: /^rules$/, view: renderRules, title: 'Rules' },
  { pattern: /^audit$/, view: renderAudit, title: 'Audit log', allowed: isAdmin },
  { pattern: /^tester$/, view: renderTester, title: 'Filter tester', allowed: canUseTester },
  { pattern: /^users$/, view: renderUsers, title: 'Users and tokens', allowed: isAdmin },
  { pattern: /^two-step$/, view: (m, ctx) => renderTwoStep(m, ctx, twoStepDone), title: 'Two-step sign-in' },
];

const navItems = [
  { href: '#/today', label: 'Today', name: 'today' },
  { href: '#/queue', label: 'Queue', name: 'queue' },
  { href: '#/safeguarding', label: 'Safeguarding', name: 'safeguarding' },
  { href: '#/tester', label: 'Filter tester', name: 'tester', allowed: canUseTester },
  { href: '#/rules', label: 'Rules', name: 'rules' },
  { href: '#/audit', label: 'Audit log', name: 'audit', allowed: isAdmin },
  { href: '#/users', label: 'Users', name: 'users', allowed: isAdmin },
  { href: '#/two-step', label: 'Two-step sign-in', name: 'two-step' },
];

let generation = 0; // bumped on every navigation, so a slow view never draws over a newer one

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  return { path: q < 0 ? raw : raw.slice(0, q), query: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

function drawNav(current) {
  clear(nav);
  const list = el('ul', {});
  for (const item of navItems) {
    if (item.allowed && !item.allowed()) continue;
    list.append(el('li', {}, el('a', { href: item.href, 'aria-current': item.name === current ? 'page' : null }, item.label)));
  }
  nav.append(list);
  document.getElementById('who-name').textContent = state.session.user.name;
}

async function route() {
  if (!state.session) return;
  const { path, query } = parseHash();
  // A role that needs a second factor can do nothing else until it is set up (the API refuses).
  if (state.session.second_factor_set_up_required && path !== 'two-step') {
    location.replace('#/two-step');
    return;
  }
  if (path === '') {
    location.replace(isOnlySafeguarding() ? '#/safeguarding' : '#/queue');
    return;
  }
  const mine = ++generation;
  const ctx = { isCurrent: () => mine === generation, refresh: () => route(), params: [], query };
  let found = null;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (m) {
      found = r;
      ctx.params = m.slice(1);
      break;
    }
  }
  drawNav(path.split('/')[0]);
  main.classList.toggle('keyboard', Boolean(found && found.keys));
  if (!found) {
    clear(main).append(el('h1', {}, 'Not found'), el('p', {}, 'There is no such page. ', el('a', { href: '#/queue' }, 'Go to the queue')));
    document.title = 'Not found · hallmonitor';
    return;
  }
  document.title = `${found.title} · hallmonitor`;
  if (found.allowed && !found.allowed()) {
    clear(main).append(el('h1', {}, found.title), el('p', { class: 'notice notice-error' }, 'Your role does not include this page.'));
    return;
  }
  if (main.dataset.view !== found.title) clear(main).append(el('p', { class: 'loading' }, 'Loading…'));
  try {
    await found.view(main, ctx);
    if (ctx.isCurrent()) {
      main.dataset.view = found.title;
      const cards = items();
      if (cards.length && found.keys) setCurrent(cards[0], false);
    }
  } catch (e) {
    if (!ctx.isCurrent()) return;
    if (e instanceof ApiError && e.status === 401) return; // the sign-in form is already showing
    clear(main).append(el('h1', {}, found.title), el('p', { class: 'notice notice-error', role: 'alert' },
      e instanceof ApiError && e.status === 404 ? 'Not found, or not in a school you can see.' : String(e.message || e)));
  }
}

// ---------------------------------------------------------------- signing in

// The throttle makes the next attempt after a typo wait a second or two: a person retyping
// rarely notices, but a quick second try would otherwise be refused. A short wait is waited
// out here, once; a longer one is shown as the server words it.
const kWaitOutSeconds = 5;
async function signInWaitingBriefly(body) {
  try {
    return await post('/api/v1/session', body);
  } catch (err) {
    const wait = err instanceof ApiError && err.status === 429 ? Number(err.retryAfter) : NaN;
    if (!(wait > 0 && wait <= kWaitOutSeconds)) throw err;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    return post('/api/v1/session', body);
  }
}

function showLogin(message) {
  state.session = null;
  setCsrf(null);
  generation += 1;
  top.hidden = true;
  document.title = 'Sign in · hallmonitor';
  const user = el('input', { type: 'text', id: 'login-user', name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const pass = el('input', { type: 'password', id: 'login-password', name: 'password', autocomplete: 'current-password', required: true });
  const error = el('p', { class: 'error', role: 'alert', id: 'login-error', hidden: !message }, message || '');
  // Shown once the server says the password was right and a code is needed.
  const code = el('input', { type: 'text', id: 'login-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '16', spellcheck: 'false' });
  const codeField = el('div', { class: 'field', id: 'login-code-field', hidden: true },
    el('label', { for: 'login-code' }, 'Code from your authenticator app (or a recovery code)'), code);
  const submit = el('button', { type: 'submit', id: 'login-submit' }, 'Sign in');
  const form = el('form', { class: 'login', id: 'login-form', 'aria-labelledby': 'login-title' },
    el('h1', { id: 'login-title' }, 'Sign in to hallmonitor'),
    el('div', { class: 'field' }, el('label', { for: 'login-user' }, 'Username'), user),
    el('div', { class: 'field' }, el('label', { for: 'login-password' }, 'Password'), pass),
    codeField,
    submit, error);
  const insecure = insecureSignInHint();
  if (insecure) form.querySelector('h1').after(el('p', { class: 'notice', id: 'login-insecure', role: 'note' }, insecure));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const body = { username: user.value.trim(), password: pass.value };
      if (!codeField.hidden) body.code = code.value.trim();
      const signed = await signInWaitingBriefly(body);
      setCsrf(signed && signed.csrf);
      await start();
    } catch (err) {
      // The server's message already says how long to wait.
      error.textContent = err.message;
      error.hidden = false;
      if (err instanceof ApiError && err.data && err.data.second_factor === 'code') {
        codeField.hidden = false;
        code.value = '';
        code.focus();
      } else {
        pass.value = '';
        pass.focus();
      }
    } finally {
      submit.disabled = false;
    }
  });
  clear(main).append(form);
  delete main.dataset.view;
  (user.value ? pass : user).focus();
}

async function loadSession() {
  const session = await get('/api/v1/session');
  state.session = session;
  setCsrf(session.csrf);
}

// Set up: the session no longer holds the user back; go to their home page.
async function twoStepDone() {
  await loadSession();
  location.hash = '#/';
}

async function start() {
  await loadSession();
  top.hidden = false;
  await route();
}

onUnauthorized(() => {
  if (state.session) showLogin('Your session has ended. Please sign in again.');
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await del('/api/v1/session');
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 401)) toast(e.message, 'error');
  }
  showLogin('You have signed out.');
});

// ---------------------------------------------------------------- keyboard

const help = document.getElementById('help');
document.getElementById('help-button').addEventListener('click', () => help.showModal());

function items() {
  return [...main.querySelectorAll('.item')].filter((c) => !c.closest('[hidden]'));
}

function currentItem() {
  return main.querySelector('.item.current');
}

function setCurrent(card, focus = true) {
  for (const c of main.querySelectorAll('.item.current')) c.classList.remove('current');
  if (!card) return;
  card.classList.add('current');
  if (focus) {
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest' });
  }
}

function move(step) {
  const list = items();
  if (!list.length) return;
  const at = list.indexOf(currentItem());
  const next = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + step));
  setCurrent(list[next]);
}

// After a decision, the next item still waiting (or stay put).
function advanceFrom(card) {
  const list = items();
  const at = list.indexOf(card);
  const next = list.slice(at + 1).find((c) => !c.classList.contains('settled'));
  setCurrent(next || card);
}

let goPending = 0;

document.addEventListener('keydown', async (e) => {
  if (!state.session || e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
  if (isTyping(e.target) || help.open) return;
  if (goPending) {
    const to = { q: '#/queue', s: '#/safeguarding', t: '#/tester', a: '#/audit', u: '#/users' }[e.key];
    goPending = 0;
    if (to) {
      e.preventDefault();
      location.hash = to;
    }
    return;
  }
  if (e.key === '?') {
    e.preventDefault();
    help.showModal();
    return;
  }
  if (e.key === 'g') {
    goPending = window.setTimeout(() => { goPending = 0; }, 1500);
    return;
  }
  if (!main.classList.contains('keyboard')) return;
  const card = currentItem();
  switch (e.key) {
    case 'j': e.preventDefault(); move(1); break;
    case 'k': e.preventDefault(); move(-1); break;
    case 'x': if (card) { e.preventDefault(); toggleSelected(card); } break;
    case 'o':
      if (card && card.hmItem) {
        e.preventDefault();
        location.hash = `#/comment/${Number(card.hmItem.id)}`;
      } else if (card && card.hmAction && card.hmAction.comment && card.hmAction.comment.internal_id !== undefined) {
        e.preventDefault();
        location.hash = `#/comment/${Number(card.hmAction.comment.internal_id)}`;
      }
      break;
    case 'h': case 's': {
      // A flagged comment's card: h keep hidden, d delete (below), s show again.
      if (!card || !card.hmItem) break;
      e.preventDefault();
      const decision = { h: 'keep_hidden', s: 'show_again' }[e.key];
      if (!card.querySelector(`button.decision-${decision}`)) {
        toast('That decision is not available on this comment.', 'info');
        break;
      }
      advanceFrom(await decideItem(card, decision));
      break;
    }
    case 'a': case 'r': case 'd': case 'u': {
      if (!card) break;
      e.preventDefault();
      if (card.hmItem) {
        if (e.key !== 'd' || !card.querySelector('button.decision-delete')) {
          toast('That decision is not available on this comment.', 'info');
          break;
        }
        advanceFrom(await decideItem(card, 'delete'));
        break;
      }
      const decision = { a: 'approve', r: 'reject', d: 'done', u: 'undo' }[e.key];
      if (!card.querySelector(`button.decision-${decision}`)) {
        toast(`Nothing to ${decision === 'done' ? 'mark done' : decision} on this item.`, 'info');
        break;
      }
      const fresh = await decide(card, decision);
      advanceFrom(fresh);
      break;
    }
    default: break;
  }
});

// Clicking inside an item (not on a control) makes it the current one.
main.addEventListener('click', (e) => {
  const card = e.target instanceof Element ? e.target.closest('.item') : null;
  if (card && main.classList.contains('keyboard')) setCurrent(card, false);
});

// ---------------------------------------------------------------- start

window.addEventListener('hashchange', () => route());

start().catch((e) => {
  if (e instanceof ApiError && e.status === 401) {
    showLogin('');
  } else {
    clear(main).append(el('h1', {}, 'hallmonitor'),
      el('p', { class: 'notice notice-error', role: 'alert' }, `The console could not start: ${e.message || e}`));
  }
});
