// The queue (#/queue): one card per flagged comment. What needs a person comes first
// (safeguarding, failures, replies, blocks, deletions the school's policy asks for); hidden
// comments that need nothing more are listed apart and can all be kept hidden at once. Several
// cards can be decided together after a confirmation that counts what will happen; deletions
// can be undone for a short while. The page follows the server by itself (live.js).
import { get, post, query } from './api.js';
import { clear, el, time } from './dom.js';
import { decisionText, itemCard, replaceItemCard } from './items.js';
import { watchItems } from './live.js';
import { isSafeguarding, schools, toast } from './session.js';

const CATEGORIES = ['abuse', 'spam', 'commercial', 'personal_data', 'safeguarding', 'complaint'];
const BULK = ['keep_hidden', 'delete'];

// Filters survive moving between views.
const filters = { school: '', category: '' };

function matchesFilters(item) {
  return !filters.category || (item.categories || []).includes(filters.category);
}

function selectedCards(main) {
  return [...main.querySelectorAll('.item input.select-box:checked')].map((box) => box.closest('.item'));
}

function updateBulkBar(main) {
  const bar = main.querySelector('.bulk');
  if (!bar) return;
  bar.hidden = !main.querySelector('.item input.select-box');
  const cards = selectedCards(main);
  bar.querySelector('.bulk-count').textContent =
    cards.length ? `${cards.length} selected` : 'Select comments with the boxes (or x) to decide several at once';
  for (const decision of BULK) {
    bar.querySelector(`.bulk-${decision}`).disabled =
      !cards.length || !cards.some((c) => (c.hmItem.decisions || []).includes(decision));
  }
  bar.querySelector('.bulk-clear').disabled = cards.length === 0;
  bar.classList.toggle('active', cards.length > 0);
}

// Words for the confirmation: what applying will do, per kind.
const EFFECT_TEXT = {
  keep_hidden: (n) => `keep ${n} comment${n === 1 ? '' : 's'} hidden`,
  delete: (n) => `delete ${n} comment${n === 1 ? '' : 's'} on the platform`,
  delete_by_hand: (n) => `give you ${n} deletion${n === 1 ? '' : 's'} to do by hand`,
  strikes_withdrawn: (n) => `withdraw ${n} strike${n === 1 ? '' : 's'}`,
  show_again: (n) => `show ${n} comment${n === 1 ? '' : 's'} again`,
};

function effectLines(effects) {
  return Object.entries(effects || {}).filter(([, n]) => Number(n) > 0)
    .map(([k, n]) => (EFFECT_TEXT[k] ? EFFECT_TEXT[k](Number(n)) : `${k.replace(/_/g, ' ')}: ${Number(n)}`));
}

// Asks before a bulk decision, counting what will happen. Resolves true to go ahead.
function confirmBulk(preview, decision) {
  return new Promise((resolve) => {
    const lines = effectLines(preview.effects);
    const skipped = Array.isArray(preview.skipped) ? preview.skipped : [];
    const dialog = el('dialog', { class: 'confirm-bulk', 'aria-labelledby': 'confirm-bulk-title' },
      el('h2', { id: 'confirm-bulk-title' }, `${decisionText(decision)}: please check`),
      lines.length ? el('p', {}, 'This will:') : el('p', {}, 'None of the selected comments can take this decision.'),
      el('ul', { class: 'effects' }, lines.map((l) => el('li', {}, l))),
      skipped.length ? el('p', { class: 'muted' }, `${skipped.length} will be left as they are: `,
        [...new Set(skipped.map((s) => String(s.reason)))].join('; ')) : '',
      decision === 'delete' && lines.length ? el('p', { class: 'muted' }, 'You can undo the deletions for a short while after.') : '');
    const done = (answer) => { dialog.close(); dialog.remove(); resolve(answer); };
    const go = el('button', { type: 'button', class: 'confirm-go', disabled: !lines.length, on: { click: () => done(true) } }, `Yes, ${decisionText(decision).toLowerCase()}`);
    dialog.append(el('div', { class: 'item-actions' }, go,
      el('button', { type: 'button', class: ['quiet', 'confirm-cancel'], on: { click: () => done(false) } }, 'Cancel')));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
  });
}

// After bulk deletions: one Undo for all of them until the window closes.
function offerBulkUndo(main, ids, until) {
  const box = main.querySelector('.bulk-undo');
  if (!box || !ids.length || !until) return;
  const button = el('button', { type: 'button', class: 'undo-bulk-delete' }, `Undo ${ids.length} deletion${ids.length === 1 ? '' : 's'}`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const answer = await post('/api/v1/items/bulk', { ids, decision: 'undo_delete', preview: false });
      const ok = (answer.results || []).filter((r) => r.ok).length;
      toast(ok === ids.length ? 'Deletions stopped; the comments stay hidden.' : `${ok} of ${ids.length} deletions stopped; the others had already started.`, ok === ids.length ? 'ok' : 'error');
      box.replaceChildren();
      main.querySelector('.queue-page')?.dispatchEvent(new CustomEvent('hm:reload'));
    } catch (e) {
      button.disabled = false;
      toast(e.message, 'error');
    }
  });
  box.replaceChildren(el('p', {}, `Deleting ${ids.length} comment${ids.length === 1 ? '' : 's'} after `, time(until), '. ', button));
  const left = new Date(until).getTime() - Date.now();
  window.setTimeout(() => { if (box.contains(button)) box.replaceChildren(); }, Math.max(0, left) + 1000);
}

async function bulk(main, ids, decision, remember) {
  if (!ids.length) return;
  try {
    const preview = await post('/api/v1/items/bulk', { ids, decision, preview: true });
    if (!(await confirmBulk(preview, decision))) return;
    const answer = await post('/api/v1/items/bulk', { ids, decision, preview: false });
    const results = answer.results || [];
    const done = results.filter((r) => r.ok);
    for (const r of done) {
      const card = main.querySelector(`.item[data-id="${Number(r.id)}"]`);
      if (r.item && remember) remember(r.item);
      if (card && r.item) replaceItemCard(card, r.item);
    }
    const refused = results.length - done.length;
    toast(`${decisionText(decision)}: ${done.length} done${refused ? `, ${refused} left as they were` : ''}.`, refused ? 'error' : 'ok');
    if (decision === 'delete') offerBulkUndo(main, done.map((r) => Number(r.id)), answer.undo_until);
  } catch (e) {
    toast(e.message, 'error');
  }
  updateBulkBar(main);
}

function filterBar(onChange, refresh) {
  const toolbar = el('form', { class: 'toolbar', role: 'search', on: { submit: (e) => e.preventDefault() } });
  if (schools().length > 1) {
    const select = el('select', { id: 'filter-school', on: { change: () => { filters.school = select.value; onChange(true); } } },
      el('option', { value: '' }, 'All schools'),
      schools().map((s) => el('option', { value: s.id, selected: filters.school === s.id }, s.name || s.id)));
    toolbar.append(el('label', { for: 'filter-school' }, 'School'), select);
  }
  const category = el('select', { id: 'filter-category', on: { change: () => { filters.category = category.value; onChange(false); } } },
    el('option', { value: '' }, 'All categories'),
    CATEGORIES.map((c) => el('option', { value: c, selected: filters.category === c }, c.replace('_', ' '))));
  toolbar.append(el('label', { for: 'filter-category' }, 'Category'), category,
    el('button', { type: 'button', class: 'quiet', on: { click: refresh } }, 'Refresh'));
  return toolbar;
}

export async function renderQueue(main, ctx) {
  const load = () => Promise.all([
    get(`/api/v1/items${query({ view: 'needs', school: filters.school, limit: 200 })}`),
    get(`/api/v1/items${query({ view: 'handled', school: filters.school, limit: 200 })}`),
    get('/api/v1/items/summary'),
  ]);
  let [needs, handled, summary] = await load();
  if (!ctx.isCurrent()) return;

  clear(main);
  const heading = el('h1', {}, 'Queue');
  const counts = el('p', { class: 'queue-summary', role: 'status' });
  const concerns = el('p', { class: ['notice', 'notice-safeguarding'], hidden: true });
  main.append(heading, counts, concerns);
  const reload = async () => {
    [needs, handled, summary] = await load();
    if (ctx.isCurrent()) draw();
  };
  main.append(filterBar((refetch) => (refetch ? reload() : draw()), reload));

  // Listeners go on this page's own element: main outlives the view.
  const page = el('div', { class: 'queue-page' });
  const list = el('div', { class: 'queue' });
  // Cards decided on this page stay in view (with their Undo) when the lists are reloaded and
  // they are no longer open.
  const recent = new Map();
  const remember = (item) => { recent.set(Number(item.id), item); };
  const recentBox = el('section', { class: 'just-decided', 'aria-label': 'Decided just now' });
  const handledBox = el('section', { class: 'handled', 'aria-labelledby': 'handled-title' });
  const bar = el('div', { class: 'bulk', role: 'region', 'aria-label': 'Decide the selected comments' },
    el('span', { class: 'bulk-count' }),
    BULK.map((d) => el('button', { type: 'button', class: `bulk-${d}`, on: { click: () => bulk(main, selectedCards(main).map((c) => Number(c.hmItem.id)), d, remember) } }, `${decisionText(d)}…`)),
    el('button', {
      type: 'button', class: ['bulk-clear', 'quiet'],
      on: { click: () => { selectedCards(main).forEach((c) => { c.querySelector('input.select-box').checked = false; c.classList.remove('selected'); }); updateBulkBar(main); } },
    }, 'Clear'));
  main.append(el('div', { class: 'bulk-undo', 'aria-live': 'polite' }), page);
  page.append(recentBox, list, handledBox, bar);

  function draw() {
    // A redraw keeps the keyboard's current card (by id), so j/k/h carry on where they were.
    const current = main.querySelector('.item.current');
    const currentId = current ? current.dataset.id : null;
    const waiting = (needs.items || []).filter(matchesFilters);
    const safe = (handled.items || []).filter(matchesFilters);
    counts.textContent = `${Number(summary.needs) || 0} need a decision` +
      `${Number(summary.urgent) ? `, ${Number(summary.urgent)} urgent` : ''}` +
      ` · ${Number(summary.handled) || 0} hidden and handled`;
    document.title = `${Number(summary.needs) ? `(${Number(summary.needs)}) ` : ''}Queue · hallmonitor`;
    const openConcerns = Number(summary.safeguarding) || 0;
    concerns.hidden = !(isSafeguarding() && openConcerns);
    concerns.replaceChildren(`${openConcerns} safeguarding concern${openConcerns === 1 ? ' is' : 's are'} open. `,
      el('a', { href: '#/safeguarding' }, 'Open the safeguarding page'));

    const listed = new Set([...(needs.items || []), ...(handled.items || [])].map((i) => Number(i.id)));
    clear(recentBox);
    const decided = [...recent.values()].filter((i) => !listed.has(Number(i.id)));
    if (decided.length) recentBox.append(el('h2', {}, 'Decided just now'), ...decided.map((i) => itemCard(i, { onDecided: remember })));

    clear(list);
    list.append(el('h2', {}, 'Needs a decision'));
    if (!waiting.length) {
      list.append(el('p', { class: 'empty' }, (needs.items || []).length
        ? 'Nothing matches these filters.'
        : 'Nothing needs a decision. Harmful comments are hidden as they arrive; replies, blocks, safeguarding concerns and anything hallmonitor could not do appear here.'));
    }
    list.append(...waiting.map((i) => itemCard(i, { selectable: true, onDecided: remember })));

    clear(handledBox);
    handledBox.append(el('h2', { id: 'handled-title' }, `Hidden and handled (${Number(summary.handled) || 0})`),
      el('p', { class: 'muted' }, 'Already hidden from the public: nothing more is needed. Look through them when you have time; ',
        'show a comment again if it was fine, or keep them all hidden to clear this list.'));
    // A category the school's policy does not hide (hide = false, e.g. on a trial run) is flagged
    // but still public: never list it under "hidden".
    const hiddenNow = safe.filter((i) => i.hidden);
    const leftVisible = safe.filter((i) => !i.hidden);
    if (hiddenNow.length) {
      const ids = hiddenNow.filter((i) => (i.decisions || []).includes('keep_hidden')).map((i) => Number(i.id));
      if (ids.length) {
        handledBox.append(el('button', { type: 'button', class: 'keep-all-hidden', on: { click: () => bulk(main, ids, 'keep_hidden') } },
          `Keep all ${ids.length} hidden…`));
      }
      handledBox.append(...hiddenNow.map((i) => itemCard(i, { selectable: true, onDecided: remember })));
    } else {
      handledBox.append(el('p', { class: 'empty' }, 'Nothing here.'));
    }
    if (leftVisible.length) {
      handledBox.append(el('h2', { id: 'visible-title' }, `Flagged but still visible (${leftVisible.length})`),
        el('p', { class: 'muted' }, "The school's policy flags these categories without hiding them (hide = false), so they are ",
          'still public. Hide any that need it, or leave them up.'),
        ...leftVisible.map((i) => itemCard(i, { selectable: true, onDecided: remember })));
    }
    if (currentId) {
      const again = [...page.querySelectorAll('.item')].find((c) => c.dataset.id === currentId);
      if (again) again.classList.add('current');
    }
    updateBulkBar(main);
  }

  page.addEventListener('change', (e) => {
    if (e.target.classList && e.target.classList.contains('select-box')) updateBulkBar(main);
  });
  page.addEventListener('hm:changed', () => updateBulkBar(main));
  page.addEventListener('hm:reload', () => reload());
  draw();
  // Redraw when the server's items change, unless the user is in the middle of something.
  watchItems(ctx, summary.changed, async () => {
    if (selectedCards(main).length || main.querySelector('textarea:focus, input[type=text]:focus, dialog[open]')) return false;
    await reload();
    return true;
  }, (s) => { summary = s; document.title = `${Number(s.needs) ? `(${Number(s.needs)}) ` : ''}Queue · hallmonitor`; });
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
