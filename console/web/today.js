// The #/today view: is it running, what did it do today, what waits. Each channel's health in
// plain words with what to do ("Facebook — stopped: the platform refused its access token or a
// permission, or a setting is wrong. Fix what it said and reload (see README)"), what was
// hidden today and this week per category, and what waits for a decision, with links to the
// queue. Takes (main, ctx) like the other views.
import { get, query } from './api.js';
import { clear, el, time } from './dom.js';
import { schoolName, schools } from './session.js';

const CATEGORY_WORDS = {
  abuse: 'Abuse', spam: 'Spam', commercial: 'Selling or advertising', personal_data: 'Personal details',
  safeguarding: 'Safeguarding', complaint: 'Complaints', other: 'Other',
};

function categoryWord(c) {
  return CATEGORY_WORDS[c] || String(c);
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function channelItem(c) {
  const stateClass = c.needs_person ? 'channel-problem' : (c.state === 'polling' ? 'channel-ok' : 'channel-waiting');
  const details = [];
  if (c.needs_person && c.reason) details.push(el('span', { class: 'muted' }, `The platform said: ${String(c.reason)}`));
  details.push(el('span', { class: 'muted' }, 'Last good check: ', c.last_ok_at ? time(c.last_ok_at) : 'not yet since hallmonitor started'));
  if (c.next_poll_at && !c.needs_person) details.push(el('span', { class: 'muted' }, 'Next check: ', time(c.next_poll_at)));
  return el('li', { class: `channel ${stateClass}`, 'data-channel': String(c.id), 'data-state': String(c.state) },
    el('p', { class: 'channel-words' },
      el('strong', {}, `${c.platform_name || c.platform}`), ` (${schoolName(c.school)}, ${String(c.id)}) — ${String(c.words)}`),
    el('p', { class: 'channel-details' }, details.flatMap((d, i) => (i ? [' · ', d] : [d]))));
}

function countsTable(id, caption, counts) {
  const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return el('p', { id, class: 'muted' }, `${caption}: nothing hidden.`);
  const total = entries.reduce((n, [, v]) => n + Number(v), 0);
  return el('table', { id, class: 'counts' },
    el('caption', {}, `${caption}: ${plural(total, 'comment', 'comments')} hidden`),
    el('tbody', {}, entries.map(([c, n]) => el('tr', {}, el('th', { scope: 'row' }, categoryWord(c)), el('td', {}, String(n))))));
}

function waitingList(w) {
  const rows = [];
  if (w.urgent) rows.push(el('li', { class: 'urgent' }, el('a', { href: '#/safeguarding' }, plural(w.urgent, 'urgent safeguarding concern', 'urgent safeguarding concerns'))));
  if (w.safeguarding) rows.push(el('li', {}, el('a', { href: '#/safeguarding' }, plural(w.safeguarding, 'safeguarding concern', 'safeguarding concerns'))));
  if (w.failed) rows.push(el('li', {}, el('a', { href: '#/queue' }, plural(w.failed, 'action could not be carried out', 'actions could not be carried out'))));
  if (w.needs) rows.push(el('li', {}, el('a', { href: '#/queue' }, plural(w.needs, 'comment waits for a decision', 'comments wait for a decision'))));
  if (w.handled) rows.push(el('li', {}, el('a', { href: '#/queue' }, plural(w.handled, 'hidden comment is handled and safe', 'hidden comments are handled and safe'))));
  if (!rows.length) return el('p', { id: 'today-waiting', class: 'muted' }, 'Nothing waits for a decision.');
  return el('ul', { id: 'today-waiting', class: 'waiting' }, rows);
}

// The learned spam model against the moderators' decisions (30 days), shown once it has said
// anything: what an admin needs before switching it from shadow to active ([learning] mode).
function modelSection(m) {
  if (!m || (!m.decided && !m.only_model)) return null;
  const parts = [];
  if (m.decided) parts.push(`It agreed with ${m.agreed} of ${plural(m.decided, 'decision', 'decisions')} moderators made about spam.`);
  if (m.only_model) parts.push(`It would also have hidden ${plural(m.only_model, 'comment', 'comments')} the rules left visible.`);
  return el('section', { 'aria-labelledby': 'today-model-title' },
    el('h2', { id: 'today-model-title' }, 'The learned spam model (last 30 days)'),
    el('p', { id: 'today-model' }, parts.join(' ')));
}

export async function renderToday(main, ctx) {
  const school = ctx.query.get('school') || '';
  const data = await get(`/api/v1/today${query(school ? { school } : {})}`);
  if (!ctx.isCurrent()) return;
  clear(main);
  main.append(el('h1', {}, school ? `Today · ${schoolName(school)}` : 'Today'));
  if (schools().length > 1) {
    const pick = el('select', { id: 'today-school', 'aria-label': 'School' },
      el('option', { value: '' }, 'Every school'),
      schools().map((s) => el('option', { value: s.id, selected: s.id === school }, s.name || s.id)));
    pick.addEventListener('change', () => { location.hash = pick.value ? `#/today?school=${encodeURIComponent(pick.value)}` : '#/today'; });
    main.append(el('p', {}, pick));
  }

  const channels = Array.isArray(data.channels) ? data.channels : [];
  const problems = channels.filter((c) => c.needs_person);
  main.append(el('section', { 'aria-labelledby': 'today-channels-title' },
    el('h2', { id: 'today-channels-title' }, problems.length
      ? `Channels: ${plural(problems.length, 'needs', 'need')} you`
      : 'Channels: all running'),
    channels.length ? el('ul', { id: 'today-channels', class: 'channels' }, [...problems, ...channels.filter((c) => !c.needs_person)].map(channelItem))
      : el('p', { class: 'muted' }, 'No channels are configured.')));

  main.append(el('section', { 'aria-labelledby': 'today-waiting-title' },
    el('h2', { id: 'today-waiting-title' }, 'Waiting for a decision'),
    waitingList(data.waiting || {})));

  const hidden = data.hidden || {};
  main.append(el('section', { 'aria-labelledby': 'today-hidden-title' },
    el('h2', { id: 'today-hidden-title' }, 'Hidden'),
    countsTable('today-hidden-today', 'Today', hidden.today),
    countsTable('today-hidden-week', 'The last 7 days', hidden.week)));
  const model = modelSection(data.model);
  if (model) main.append(model);
}
