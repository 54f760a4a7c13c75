// The filter tester's backtest (POST /api/v1/filters/backtest, issue 16): the school's stored
// comments of the last days judged again by the live rules or by the lists on disk now (what a
// reload would load), optionally with the learned model switched on. It answers what would be
// newly hidden or shown, each rule's hits before and after, and the first comments that would
// change, so an admin tries a list change on real comments before reloading it.
import { post } from './api.js';
import { appendUntrusted, categoryBadges, clear, el } from './dom.js';
import { errorBox, field, showError } from './forms.js';

const choices = { days: '30', rules: 'on_disk', model: false };

function hitsTable(hits) {
  return el('div', { class: 'table-wrap' }, el('table', { id: 'backtest-rules', class: 'counts' },
    el('caption', {}, 'Rule hits, before → after (changed rules first)'),
    el('thead', {}, el('tr', {}, ['Rule', 'Before', 'After'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, hits.map((h) => el('tr', { 'data-rule': String(h.rule) },
      el('th', { scope: 'row' }, String(h.description || h.rule), el('br', {}), el('span', { class: 'muted' }, String(h.rule))),
      el('td', {}, String(h.before)), el('td', {}, String(h.after)))))));
}

function changeList(changes, total) {
  const list = el('ul', { id: 'backtest-changes', class: 'plain' }, changes.map((c) => el('li', {
    'data-now': c.now_hidden ? 'hidden' : 'shown',
  },
  el('strong', {}, c.now_hidden ? 'Would be hidden: ' : 'Would be shown again: '),
  appendUntrusted(el('span', { dir: 'auto', class: 'comment-text inline' }), String(c.text || '')),
  ' ', categoryBadges(c.now_hidden ? c.categories_after : c.categories_before),
  ' ', el('a', { href: `#/comment/${Number(c.comment_id)}` }, 'open'))));
  const more = Number(total) - changes.length;
  return [list, more > 0 ? el('p', { class: 'muted' }, `and ${more} more`) : null].filter(Boolean);
}

// Appends the backtest form to `main`; `school()` gives the tester's chosen school, if any.
export function appendBacktest(main, school) {
  const days = el('input', { id: 'backtest-days', type: 'number', min: '1', max: '365', value: choices.days });
  const rules = el('select', { id: 'backtest-rules-choice' },
    el('option', { value: 'on_disk', selected: choices.rules === 'on_disk' }, 'the lists on disk now (what a reload would load)'),
    el('option', { value: 'live', selected: choices.rules === 'live' }, 'the live rules'));
  const model = el('input', { id: 'backtest-model', type: 'checkbox' });
  model.checked = choices.model;
  const error = errorBox();
  const form = el('form', { class: 'backtest' },
    field('Judge with', rules),
    field('Comments first seen in the last (days)', days),
    el('label', { class: 'check' }, model, ' with the learned spam model switched on'),
    el('button', { type: 'submit' }, 'Run backtest'), error);
  const result = el('section', { class: 'backtest-result', 'aria-live': 'polite' });
  main.append(el('h2', {}, 'Backtest a change'),
    el('p', {}, 'Edit the filter lists on the server, then see what they would change on this school\'s stored comments before you reload. Nothing is stored or posted.'),
    form, result);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    Object.assign(choices, { days: days.value, rules: rules.value, model: model.checked });
    showError(error, '');
    clear(result);
    result.append(el('p', { class: 'muted' }, 'Judging the stored comments…'));
    try {
      const body = { days: Number(days.value), rules: rules.value, model: model.checked };
      const s = school();
      if (s) body.school = s;
      const r = await post('/api/v1/filters/backtest', body);
      clear(result);
      result.append(el('p', { id: 'backtest-summary' },
        `Of ${Number(r.comments)} stored comment(s) whose text is still held, `,
        el('strong', {}, `${Number(r.newly_hidden)} would be newly hidden`), ' and ',
        el('strong', {}, `${Number(r.newly_shown)} newly shown again`),
        `; ${Number(r.changed)} would change category.`));
      const changes = Array.isArray(r.changes) ? r.changes : [];
      if (changes.length) result.append(...changeList(changes, r.changes_total));
      const hits = Array.isArray(r.rule_hits) ? r.rule_hits : [];
      if (hits.length) result.append(hitsTable(hits));
    } catch (err) {
      clear(result);
      showError(error, err.message);
    }
  });
}
