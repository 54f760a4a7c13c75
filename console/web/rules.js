// The #/rules view: each rule's hits over the last 30 days and how often moderators showed its
// comments again (GET /api/v1/rules/stats). A rule shown again often is hiding innocent comments:
// the admin narrows its list or adds an exception, and tries the change first with the filter
// tester's backtest (or `hallmonitorctl backtest`). Takes (main, ctx) like the other views.
import { get, query } from './api.js';
import { clear, el } from './dom.js';
import { schoolName } from './session.js';

function share(part, whole) {
  return whole ? `${Math.round((100 * part) / whole)} %` : '—';
}

export async function renderRules(main, ctx) {
  const school = ctx.query.get('school') || '';
  const data = await get(`/api/v1/rules/stats${query(school ? { school } : {})}`);
  if (!ctx.isCurrent()) return;
  clear(main);
  main.append(el('h1', {}, school ? `Rules · ${schoolName(school)}` : 'Rules'));
  const rules = Array.isArray(data.rules) ? data.rules : [];
  main.append(el('p', { class: 'muted' },
    `What each rule matched in the last ${Number(data.days) || 30} days, and how often a moderator showed it again. `
    + 'A rule shown again often hides comments that were fine.'));
  if (!rules.length) {
    main.append(el('p', { id: 'rules-empty', class: 'muted' }, 'No rule has matched anything in this time.'));
    return;
  }
  main.append(el('table', { id: 'rules-table', class: 'counts' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, 'Rule'), el('th', { scope: 'col' }, 'Matched'),
      el('th', { scope: 'col' }, 'Decided'), el('th', { scope: 'col' }, 'Shown again'),
      el('th', { scope: 'col' }, 'Shown again, of decided'))),
    el('tbody', {}, rules.map((r) => el('tr', { 'data-rule': String(r.rule) },
      el('th', { scope: 'row' }, String(r.description || r.rule), el('br', {}), el('span', { class: 'muted' }, String(r.rule))),
      el('td', {}, String(r.hits)), el('td', {}, String(r.decided)), el('td', {}, String(r.shown_again)),
      el('td', {}, share(Number(r.shown_again), Number(r.decided))))))));
}
