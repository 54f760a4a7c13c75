// Who is signed in (GET /api/v1/session), what their roles allow (docs/api.md "Roles"), and
// short notices.
import { el } from './dom.js';

export const state = {
  session: null, // {csrf, user: {name, roles: [{role, school}]}, schools: [{id, name, channels}]}
};

function grants() {
  const roles = state.session && state.session.user && state.session.user.roles;
  return Array.isArray(roles) ? roles : [];
}

function holds(roles, school) {
  return grants().some((g) => roles.includes(g.role) && (g.school === '*' || g.school === school));
}

// Approve, reject, mark done: escalations belong to the safeguarding lead.
export function canDecide(action) {
  if (!action) return false;
  return action.kind === 'escalate'
    ? holds(['safeguarding', 'admin'], action.school)
    : holds(['moderator', 'admin'], action.school);
}

// Forgive a strike, propose a block: the author page's steps.
export function canModerate(school) {
  return holds(['moderator', 'admin'], school);
}

export function canUndo(action) {
  return Boolean(action) && holds(['moderator', 'admin'], action.school);
}

export function canUseTester() {
  return grants().some((g) => ['moderator', 'safeguarding', 'admin'].includes(g.role));
}

export const canExportEvidence = canUseTester;

export function isAdmin() {
  return grants().some((g) => g.role === 'admin' && g.school === '*');
}

export function isSafeguarding() {
  return grants().some((g) => g.role === 'safeguarding' || g.role === 'admin');
}

// A safeguarding lead with no moderating role: their home is the safeguarding page.
export function isOnlySafeguarding() {
  const roles = grants().map((g) => g.role);
  return roles.includes('safeguarding') && !roles.some((r) => r === 'moderator' || r === 'admin');
}

export function schools() {
  const list = state.session && state.session.schools;
  return Array.isArray(list) ? list : [];
}

export function schoolName(id) {
  const school = schools().find((s) => s.id === id);
  return school && school.name ? school.name : String(id || 'Unknown school');
}

export function channelPlatform(schoolId, channelId) {
  const school = schools().find((s) => s.id === schoolId);
  const channel = school && Array.isArray(school.channels) ? school.channels.find((c) => c.id === channelId) : null;
  return channel ? channel.platform : '';
}

// Why signing in cannot work here, or '' when it can: the session cookie is Secure, and a
// browser keeps a Secure cookie over plain http only from a loopback address. (hallmonitord
// --check warns about the same listener.)
export function insecureSignInHint(loc = window.location) {
  const host = String(loc.hostname || '').replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  if (loc.protocol !== 'http:' || loopback) return '';
  return 'This page was opened over plain http from another machine, so your browser will not keep ' +
    'the sign-in cookie and signing in will fail. Ask your IT admin to set [console] tls_cert and ' +
    'tls_key in the hallmonitor config (or put it behind HTTPS), then open its secure (HTTPS) address.';
}

const PLATFORMS = { facebook: 'Facebook', instagram: 'Instagram', x: 'X' };
export function platformName(p) {
  return PLATFORMS[p] || String(p || '');
}

// A notice in the corner (announced politely to screen readers). kind: info | ok | error.
// One at a time: a new notice replaces the one showing, so a run of decisions never stacks up.
let toastTimer = 0;
export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  if (!box) return;
  const note = el('div', { class: ['toast', `toast-${kind}`] }, String(message));
  box.replaceChildren(note);
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => note.remove(), kind === 'error' ? 10000 : 5000);
}
