// The queue (#/queue): failed actions first (hallmonitor could not carry them out: try again or
// mark done by hand), then actions waiting for a decision, grouped by school then channel, with
// bulk approve/reject, and recent hides that can be undone.
import { get, post, query } from './api.js';
import { actionCard, availableDecisions, replaceCard, showCardError } from './cards.js';
import { clear, el } from './dom.js';
import { channelPlatform, isSafeguarding, platformName, schoolName, schools, toast } from './session.js';

const CATEGORIES = ['abuse', 'spam', 'commercial', 'personal_data', 'safeguarding', 'complaint'];

// Filters survive moving between views.
const filters = { school: '', category: '' };

// Oldest comment first: the longest-waiting decision is the most urgent.
function oldestFirst(p, q) {
  const a = (p.comment && p.comment.created_at) || '';
  const b = (q.comment && q.comment.created_at) || '';
  return a.localeCompare(b) || p.id - q.id;
}

function byGroup(actions) {
  const order = schools().map((s) => s.id);
  const groups = new Map();
  for (const a of actions) {
    const school = a.school || '';
    const channel = (a.comment && a.comment.channel) || '';
    if (!groups.has(school)) groups.set(school, new Map());
    const channels = groups.get(school);
    if (!channels.has(channel)) channels.set(channel, []);
    channels.get(channel).push(a);
  }
  const rank = (id) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...groups.entries()]
    .sort((x, y) => rank(x[0]) - rank(y[0]) || x[0].localeCompare(y[0]))
    .map(([school, channels]) => {
      const known = (schools().find((s) => s.id === school) || {}).channels || [];
      const corder = known.map((c) => c.id);
      const crank = (id) => (corder.includes(id) ? corder.indexOf(id) : corder.length);
      return {
        school,
        channels: [...channels.entries()]
          .sort((x, y) => crank(x[0]) - crank(y[0]) || x[0].localeCompare(y[0]))
          .map(([channel, list]) => ({ channel, actions: list.sort(oldestFirst) })),
      };
    });
}

function matchesFilters(a) {
  if (filters.school && a.school !== filters.school) return false;
  if (filters.category && !(a.categories || []).includes(filters.category)) return false;
  return true;
}

function selectedCards(main) {
  return [...main.querySelectorAll('.item input.select-box:checked')].map((box) => box.closest('.item'));
}

function updateBulkBar(main) {
  const bar = main.querySelector('.bulk');
  if (!bar) return;
  // Nothing to select (a viewer, or everything decided): no bar.
  bar.hidden = !main.querySelector('.item input.select-box');
  const cards = selectedCards(main);
  bar.querySelector('.bulk-count').textContent =
    cards.length ? `${cards.length} selected` : 'Select items with the boxes (or x) to decide several at once';
  const can = (d) => cards.length > 0 && cards.every((c) => availableDecisions(c.hmAction).includes(d));
  bar.querySelector('.bulk-approve').disabled = !can('approve');
  bar.querySelector('.bulk-reject').disabled = !can('reject');
  bar.querySelector('.bulk-done').disabled = !can('done');
  bar.querySelector('.bulk-clear').disabled = cards.length === 0;
  bar.classList.toggle('active', cards.length > 0);
}

async function bulk(main, decision) {
  const cards = selectedCards(main);
  if (!cards.length) return;
  const byId = new Map(cards.map((c) => [Number(c.hmAction.id), c]));
  main.querySelectorAll('.bulk button').forEach((b) => { b.disabled = true; });
  try {
    const answer = await post('/api/v1/actions/bulk', { ids: [...byId.keys()], decision });
    let ok = 0;
    let failed = 0;
    for (const r of (answer && answer.results) || []) {
      const card = byId.get(Number(r.id));
      if (!card) continue;
      if (r.ok && r.action) {
        replaceCard(card, r.action);
        ok += 1;
      } else {
        showCardError(card, r.error || `Could not ${decision} this action.`);
        failed += 1;
      }
    }
    const verb = { approve: 'Approved', reject: 'Rejected', done: 'Marked done' }[decision];
    toast(failed ? `${verb} ${ok}; ${failed} could not be changed (see the items).` : `${verb} ${ok}.`, failed ? 'error' : 'ok');
  } catch (e) {
    toast(e.message, 'error');
  }
  updateBulkBar(main);
}

export async function renderQueue(main, ctx) {
  const [failed, proposed, approved, hides, escalations] = await Promise.all([
    get(`/api/v1/actions${query({ state: 'failed', limit: 100 })}`),
    get(`/api/v1/actions${query({ state: 'proposed', limit: 500 })}`),
    get(`/api/v1/actions${query({ state: 'approved', limit: 500 })}`),
    get(`/api/v1/actions${query({ kind: 'hide', state: 'done', limit: 25 })}`),
    isSafeguarding() ? get(`/api/v1/actions${query({ kind: 'escalate', state: 'proposed', limit: 100 })}`) : null,
  ]);
  if (!ctx.isCurrent()) return;
  const waiting = [
    ...(proposed.actions || []),
    ...(approved.actions || []).filter((a) => a.manual),
  ].filter((a) => a.kind !== 'escalate');

  clear(main);
  main.append(el('h1', {}, 'Queue'));

  // Failed actions come first: a harmful comment may still be visible on the platform.
  const failures = (failed.actions || []).sort(oldestFirst);
  if (failures.length) {
    main.append(el('section', { class: 'failed-actions', 'aria-labelledby': 'failed-actions-title' },
      el('h2', { id: 'failed-actions-title' },
        `${failures.length} action${failures.length === 1 ? '' : 's'} could not be carried out`),
      el('p', { class: 'notice notice-error' },
        'hallmonitor tried and the platform refused. Until one of these is dealt with, the comment may still be visible. ',
        'Press Try again once the cause is fixed, or do it yourself on the platform and press I did it by hand.'),
      ...failures.map((a) => actionCard(a, {}))));
  }

  const openEscalations = escalations ? (escalations.actions || []).length : 0;
  if (openEscalations) {
    main.append(el('p', { class: 'notice notice-safeguarding' },
      `${openEscalations} safeguarding concern${openEscalations === 1 ? ' is' : 's are'} waiting. `,
      el('a', { href: '#/safeguarding' }, 'Open the safeguarding view')));
  }

  const toolbar = el('form', { class: 'toolbar', role: 'search', on: { submit: (e) => e.preventDefault() } });
  if (schools().length > 1) {
    const select = el('select', { id: 'filter-school', on: { change: () => { filters.school = select.value; draw(); } } },
      el('option', { value: '' }, 'All schools'),
      schools().map((s) => el('option', { value: s.id, selected: filters.school === s.id }, s.name || s.id)));
    toolbar.append(el('label', { for: 'filter-school' }, 'School'), select);
  }
  const category = el('select', { id: 'filter-category', on: { change: () => { filters.category = category.value; draw(); } } },
    el('option', { value: '' }, 'All categories'),
    CATEGORIES.map((c) => el('option', { value: c, selected: filters.category === c }, c.replace('_', ' '))));
  toolbar.append(el('label', { for: 'filter-category' }, 'Category'), category,
    el('button', { type: 'button', class: 'quiet', on: { click: () => ctx.refresh() } }, 'Refresh'));
  main.append(toolbar);

  const list = el('div', { class: 'queue' });
  main.append(list);

  const bar = el('div', { class: 'bulk', role: 'region', 'aria-label': 'Decide the selected items' },
    el('span', { class: 'bulk-count' }),
    el('button', { type: 'button', class: 'bulk-approve', on: { click: () => bulk(main, 'approve') } }, 'Approve selected'),
    el('button', { type: 'button', class: 'bulk-reject', on: { click: () => bulk(main, 'reject') } }, 'Reject selected'),
    el('button', { type: 'button', class: 'bulk-done', on: { click: () => bulk(main, 'done') } }, 'Mark selected done'),
    el('button', {
      type: 'button', class: ['bulk-clear', 'quiet'],
      on: { click: () => { main.querySelectorAll('.item input.select-box:checked').forEach((b) => { b.checked = false; b.closest('.item').classList.remove('selected'); }); updateBulkBar(main); } },
    }, 'Clear'));

  const hidden = el('section', { class: 'recent-hides', 'aria-labelledby': 'recent-hides-title' });

  function draw() {
    clear(list);
    const shown = waiting.filter(matchesFilters);
    if (!shown.length) {
      list.append(el('p', { class: 'empty' }, waiting.length
        ? 'Nothing matches these filters.'
        : 'Nothing is waiting. Harmful comments are hidden as they arrive; deletions, blocks and replies appear here for a decision.'));
    }
    for (const group of byGroup(shown)) {
      const section = el('section', { class: 'school-group', 'aria-label': schoolName(group.school) },
        el('h2', {}, schoolName(group.school)));
      for (const { channel, actions } of group.channels) {
        const platform = channelPlatform(group.school, channel) || (actions[0].comment && actions[0].comment.platform);
        const all = el('input', {
          type: 'checkbox', class: 'select-all', 'aria-label': `Select every item in ${channel}`,
          on: {
            change: (e) => {
              e.target.closest('.channel-group').querySelectorAll('.item input.select-box').forEach((b) => {
                b.checked = e.target.checked;
                b.closest('.item').classList.toggle('selected', b.checked);
              });
              updateBulkBar(main);
            },
          },
        });
        section.append(el('section', { class: 'channel-group' },
          el('h3', {}, all, ` ${channel || 'unknown channel'}`, platform ? el('span', { class: 'muted' }, ` · ${platformName(platform)}`) : '',
            el('span', { class: 'count' }, ` (${actions.length})`)),
          actions.map((a) => actionCard(a, { selectable: true }))));
      }
      list.append(section);
    }
    updateBulkBar(main);
  }

  list.addEventListener('change', (e) => {
    if (e.target.classList.contains('select-box')) updateBulkBar(main);
  });
  list.addEventListener('hm:changed', () => updateBulkBar(main));
  draw();
  if (proposed.next_before) {
    main.append(el('p', { class: 'muted' }, 'Showing the newest 500 waiting actions; decide these to see older ones.'));
  }
  main.append(bar);

  const recent = (hides.actions || []).filter((a) => availableDecisions(a).includes('undo'));
  if (recent.length) {
    hidden.append(el('h2', { id: 'recent-hides-title' }, 'Recently hidden'),
      el('p', { class: 'muted' }, 'Hidden automatically. If one should not have been, undo the hide and it is shown again.'),
      ...recent.map((a) => actionCard(a, {})));
    main.append(hidden);
  }
  updateBulkBar(main);
}

// For the keyboard shortcut x.
export function toggleSelected(card) {
  const box = card && card.querySelector('input.select-box');
  if (!box) return;
  box.checked = !box.checked;
  card.classList.toggle('selected', box.checked);
  const main = card.closest('main');
  if (main) updateBulkBar(main);
}
