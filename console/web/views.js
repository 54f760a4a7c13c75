// The other views: a comment's details, an author's history, the safeguarding view, the audit
// log and the filter tester with its backtest (users and tokens are in users.js). Each takes (main, ctx) where
// ctx has isCurrent() (false once the user has moved on), refresh(), params and query.
import { get, post, query } from './api.js';
import { appendBacktest } from './backtest.js';
import { actionCard, authorHref } from './cards.js';
import { itemCard } from './items.js';
import { watchItems } from './live.js';
import {
  appendUntrusted, badge, categoryBadges, clear, commentBlock, el, highlighted, safeLink, time,
} from './dom.js';
import { errorBox, field, showError } from './forms.js';
import { canExportEvidence, canModerate, platformName, schoolName, schools, toast } from './session.js';

function dl(rows) {
  return el('dl', { class: 'facts' }, rows.filter(Boolean).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

// ---------------------------------------------------------------- #/comment/{internal_id}

export async function renderComment(main, ctx) {
  const id = Number(ctx.params[0]);
  // The item (the decisions on a flagged comment) sits on top: a safeguarding alert's link
  // lands here, and the lead decides without hunting for the comment in a list.
  const [data, item] = await Promise.all([
    get(`/api/v1/comments/${id}`),
    get(`/api/v1/items/${id}`).catch((e) => { if (e.status === 404) return null; throw e; }),
  ]);
  if (!ctx.isCurrent()) return;
  const c = data.comment || {};
  clear(main);
  main.append(el('p', { class: 'crumbs' }, el('a', { href: '#/queue' }, 'Queue'), ' › Comment'));
  main.append(el('h1', {}, 'Comment by ', appendUntrusted(el('span', { dir: 'auto', class: 'name' }), c.author_name || c.author_id || 'unknown')));
  if (item) main.append(el('section', { class: 'decision-box', 'aria-label': 'Decision' }, itemCard(item, {})));

  const versions = Array.isArray(data.versions) ? [...data.versions].sort((a, b) => a.version - b.version) : [];
  const latest = versions[versions.length - 1];
  main.append(commentBlock(c.text, latest && latest.text === c.text ? latest.matches : []));
  if (latest) main.append(categoryBadges(latest.categories));

  main.append(dl([
    ['School', schoolName(c.school)],
    ['Channel', `${c.channel || ''} (${platformName(c.platform)})`],
    ['Author', c.author_id
      ? el('span', {}, el('a', { href: authorHref(c) }, appendUntrusted(el('span', { dir: 'auto' }), c.author_name || c.author_id)),
        ` · id ${c.author_id}`)
      // Facebook serves `from` only with pages_read_user_content and a Page token (issue 13).
      : el('span', { class: 'muted author-unknown' },
        `Unknown: ${platformName(c.platform)} did not say who wrote this (the token lacks the permission to read commenters, e.g. pages_read_user_content, or is not a Page token). It is hidden as usual, but it counts no strike and nobody can be blocked for it.`)],
    ['Strikes', String(Number(data.strikes) || 0)],
    ['Posted', time(c.created_at)],
    ['Platform id', String(c.id || '')],
    c.parent_id ? ['In reply to', String(c.parent_id)] : null,
    ['Permalink', safeLink(c.permalink, 'View on the platform') || el('span', { class: 'muted' }, 'none')],
    data.alert ? ['Safeguarding alert', alertSummary(data.alert)] : null,
  ]));

  if (canExportEvidence()) {
    main.append(el('p', { class: 'links' }, 'Evidence: ',
      el('a', { href: `/api/v1/evidence${query({ comment: id, format: 'html' })}`, download: '' }, 'printable (HTML)'), ' · ',
      el('a', { href: `/api/v1/evidence${query({ comment: id, format: 'json' })}`, download: '' }, 'JSON')));
  }

  if (versions.length > 1) {
    const history = el('section', { 'aria-labelledby': 'versions-title' }, el('h2', { id: 'versions-title' }, 'Edit history'));
    for (const v of versions) {
      history.append(el('div', { class: 'version' },
        el('h3', {}, `Version ${v.version}`, ' · ', time(v.edited_at || v.seen_at)),
        categoryBadges(v.categories),
        commentBlock(v.text, v.matches)));
    }
    main.append(history);
  }

  const actions = el('section', { 'aria-labelledby': 'actions-title' }, el('h2', { id: 'actions-title' }, 'Actions'));
  const list = Array.isArray(data.actions) ? data.actions : [];
  if (!list.length) actions.append(el('p', { class: 'muted' }, 'No actions: nothing was proposed for this comment.'));
  for (const a of list) {
    // After a decision here, draw the page again so the history shows it.
    const card = actionCard({ ...a, comment: a.comment || c, school: a.school || c.school },
      { showComment: false, onDecided: () => ctx.refresh() });
    const transitions = Array.isArray(a.transitions) ? a.transitions : [];
    if (transitions.length) {
      card.append(el('table', { class: 'transitions' },
        el('caption', {}, 'History'),
        el('thead', {}, el('tr', {}, ['When', 'From', 'To', 'Event', 'Who', 'Why'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, transitions.map((t) => el('tr', {},
          el('td', {}, time(t.at)), el('td', {}, String(t.from || '–')), el('td', {}, String(t.to || '')),
          el('td', {}, String(t.event || '')), el('td', {}, String(t.actor || '')), el('td', {}, String(t.reason || '')))))));
    }
    actions.append(card);
  }
  main.append(actions);
}

// ---------------------------------------------------------------- #/author/{channel}/{author_id}

export async function renderAuthor(main, ctx) {
  const [channel, authorId] = ctx.params.map((p) => decodeURIComponent(p));
  const data = await get(`/api/v1/authors${query({ channel, author_id: authorId })}`);
  if (!ctx.isCurrent()) return;
  clear(main);
  main.append(el('p', { class: 'crumbs' }, el('a', { href: '#/queue' }, 'Queue'), ' › Author'));
  main.append(el('h1', {}, appendUntrusted(el('span', { dir: 'auto', class: 'name' }), data.author_name || data.author_id || 'unknown author')));
  const strikes = Array.isArray(data.strikes) ? data.strikes : [];
  const moderate = canModerate(data.school);
  main.append(dl([
    ['Channel', String(data.channel || channel)],
    ['Author id', String(data.author_id || authorId)],
    ['Strikes', String(strikes.length)],
  ]));
  if (data.strike_standing) main.append(el('p', { class: 'strike-rule' }, String(data.strike_standing) + '.'));
  if (canExportEvidence()) {
    main.append(el('p', { class: 'links' }, 'Evidence for this author: ',
      el('a', { href: `/api/v1/evidence${query({ channel, author_id: authorId, format: 'html' })}`, download: '' }, 'printable (HTML)'), ' · ',
      el('a', { href: `/api/v1/evidence${query({ channel, author_id: authorId, format: 'json' })}`, download: '' }, 'JSON')));
  }
  // A step on the author: runs once (the button stays off while it runs), then redraws the page.
  const step = (button, run, done) => async () => {
    button.disabled = true;
    try {
      await run();
      toast(done, 'ok');
      ctx.refresh();
    } catch (e) {
      button.disabled = false;
      toast(e.message, 'error');
    }
  };
  if (moderate) {
    const reason = el('input', { type: 'text', class: 'reason', id: 'block-reason', maxlength: '500', placeholder: 'Why (optional)' });
    const button = el('button', { type: 'button', class: 'propose-block' }, 'Propose blocking this author');
    button.addEventListener('click', step(button,
      () => post('/api/v1/authors/block', { channel, author_id: authorId, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) }),
      'Block proposed: it waits in the queue for a decision'));
    main.append(el('div', { class: 'author-actions' }, el('label', { for: 'block-reason' }, 'Block'), reason, button));
  }
  if (strikes.length) {
    main.append(el('h2', {}, 'Strikes'), el('ul', { class: 'strikes-list' }, strikes.map((s) => {
      const commentId = Number(s.comment_internal_id);
      const item = el('li', {}, time(s.at), ' · ', el('a', { href: `#/comment/${commentId}` }, 'the comment'));
      if (moderate) {
        const forgive = el('button', { type: 'button', class: 'forgive-strike' }, 'Forgive this strike');
        forgive.addEventListener('click', step(forgive, () => post('/api/v1/authors/forgive', { comment: commentId }), 'Strike forgiven'));
        item.append(' ', forgive);
      }
      return item;
    })));
  }
  const comments = Array.isArray(data.comments) ? data.comments : [];
  main.append(el('h2', {}, `Comments (${comments.length})`));
  for (const c of comments) {
    main.append(el('article', { class: 'item settled' },
      el('div', { class: 'item-head' }, time(c.created_at), categoryBadges(c.categories)),
      commentBlock(c.text, []),
      el('p', { class: 'item-meta' }, el('a', { href: `#/comment/${Number(c.internal_id)}` }, 'Details'))));
  }
}

// ---------------------------------------------------------------- #/safeguarding

export async function renderSafeguarding(main, ctx) {
  const load = () => get(`/api/v1/items${query({ view: 'safeguarding', limit: 200 })}`);
  let data = await load();
  if (!ctx.isCurrent()) return;
  clear(main);
  const page = el('div', { class: 'safeguarding-page' });
  main.append(el('h1', {}, 'Safeguarding'),
    el('p', {}, 'Comments that may show a child at risk. Each has been hidden from the public. Follow your school\'s ' +
      'safeguarding procedure, then record what you did: Dealt with, or Not a concern, each with a short note. ' +
      'Urgent ones (a risk to someone\'s life) come first.'), page);
  const draw = () => {
    const all = Array.isArray(data.items) ? data.items : [];
    const open = all.filter((i) => (i.needs || []).includes('safeguarding'));
    const closed = all.filter((i) => !open.includes(i));
    const urgent = open.filter((i) => i.urgent).length;
    document.title = `${open.length ? `(${open.length}) ` : ''}Safeguarding · hallmonitor`;
    clear(page);
    page.append(el('h2', {}, `Open (${open.length}${urgent ? `, ${urgent} urgent` : ''})`));
    if (!open.length) page.append(el('p', { class: 'empty' }, 'No open safeguarding concerns.'));
    page.append(el('div', { class: 'safeguarding-list' }, open.map((i) => itemCard(i, {}))));
    if (closed.length) {
      page.append(el('h2', {}, `Closed (${closed.length}${data.next_before ? '+' : ''})`),
        el('div', { class: 'safeguarding-list' }, closed.map((i) => itemCard(i, {}))));
    }
  };
  draw();
  watchItems(ctx, null, async () => {
    if (main.querySelector('textarea:focus') || [...main.querySelectorAll('textarea.note')].some((t) => t.value.trim())) return false;
    data = await load();
    if (ctx.isCurrent()) draw();
    return true;
  });
}

// ---------------------------------------------------------------- #/audit

export async function renderAudit(main, ctx) {
  const before = ctx.query.get('before') || '';
  const subject = ctx.query.get('subject') || '';
  const data = await get(`/api/v1/audit${query({ limit: 100, before, subject })}`);
  if (!ctx.isCurrent()) return;
  clear(main);
  main.append(el('h1', {}, 'Audit log'));
  const chain = data.chain || {};
  main.append(chain.ok
    ? el('p', { class: 'notice notice-ok' }, `The audit chain verifies (${Number(chain.rows_checked) || 0} rows checked).`)
    : el('p', { class: 'notice notice-error', role: 'alert' }, 'The audit chain does not verify: ', String(chain.message || 'no detail')));

  const subjectInput = el('input', { type: 'search', id: 'audit-subject', value: subject, placeholder: 'e.g. action:12' });
  main.append(el('form', {
    class: 'toolbar', role: 'search',
    on: {
      submit: (e) => {
        e.preventDefault();
        location.hash = `#/audit${query({ subject: subjectInput.value.trim() })}`;
      },
    },
  }, el('label', { for: 'audit-subject' }, 'Subject'), subjectInput, el('button', { type: 'submit' }, 'Filter')));

  const entries = Array.isArray(data.entries) ? data.entries : [];
  const table = el('table', { class: 'audit' },
    el('thead', {}, el('tr', {}, ['#', 'When', 'Who', 'Event', 'Subject', 'Detail'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, entries.map((e) => el('tr', {},
      el('td', {}, String(e.id)), el('td', {}, time(e.at)), el('td', {}, String(e.actor || '')),
      el('td', {}, String(e.event || '')),
      el('td', {}, el('a', { href: `#/audit${query({ subject: e.subject })}` }, String(e.subject || ''))),
      el('td', { class: 'detail' }, appendUntrusted(el('span', {}),
        typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail === undefined ? null : e.detail)))))));
  main.append(el('div', { class: 'table-wrap' }, table));
  if (!entries.length) main.append(el('p', { class: 'empty' }, 'No entries.'));
  const pager = el('p', { class: 'pager' });
  if (before) pager.append(el('a', { href: `#/audit${query({ subject })}`, class: 'button' }, 'Newest'));
  if (data.next_before) {
    pager.append(el('a', { href: `#/audit${query({ subject, before: data.next_before })}`, class: 'button' }, 'Older'));
  }
  main.append(pager);
}

// ---------------------------------------------------------------- #/tester

const tester = { text: '', school: '' };

export async function renderTester(main) {
  clear(main);
  main.append(el('h1', {}, 'Filter tester'),
    el('p', {}, 'Type or paste a comment to see what the live rules would do with it. Nothing is stored or posted.'));
  const text = el('textarea', { id: 'tester-text', rows: '5', maxlength: '10000', spellcheck: 'false' });
  text.value = tester.text;
  const form = el('form', { class: 'tester' });
  form.append(field('Comment text', text, 'Ctrl+Enter tests it.'));
  let school = null;
  if (schools().length) {
    school = el('select', { id: 'tester-school' },
      schools().map((s) => el('option', { value: s.id, selected: tester.school === s.id }, s.name || s.id)));
    form.append(field('School (its protected names and own domains count)', school));
  }
  const error = errorBox();
  form.append(el('button', { type: 'submit' }, 'Test'), error);
  const result = el('section', { class: 'tester-result', 'aria-live': 'polite' });
  main.append(form, result);
  appendBacktest(main, () => (school ? school.value : ''));

  async function run() {
    tester.text = text.value;
    tester.school = school ? school.value : '';
    showError(error, '');
    try {
      const v = await post('/api/v1/filters/test', { text: text.value, ...(school ? { school: school.value } : {}) });
      clear(result);
      const categories = Array.isArray(v.categories) ? v.categories : [];
      const matches = Array.isArray(v.matches) ? v.matches : [];
      result.append(el('h2', {}, 'Verdict'));
      result.append(categories.length
        ? el('p', {}, 'Categories: ', categoryBadges(categories))
        : el('p', { class: 'notice notice-ok' }, 'Clean: no rule matched.'));
      const actions = Array.isArray(v.actions) ? v.actions : [];
      if (actions.length) result.append(el('p', {}, 'Would: ', actions.map((a) => badge(typeof a === 'string' ? a : JSON.stringify(a), 'action'))));
      result.append(commentBlock(text.value, matches));
      if (matches.length) {
        const bytes = new TextEncoder().encode(text.value);
        const decoder = new TextDecoder();
        result.append(el('div', { class: 'table-wrap' }, el('table', {},
          el('thead', {}, el('tr', {}, ['Rule', 'Category', 'Severity', 'Matched', 'Bytes'].map((h) => el('th', { scope: 'col' }, h)))),
          el('tbody', {}, matches.map((m) => el('tr', {},
            el('td', {}, String(m.rule || '')), el('td', {}, String(m.category || '')),
            el('td', {}, m.severity === undefined ? '' : String(m.severity)),
            appendUntrusted(el('td', { dir: 'auto', class: 'comment-text inline' }),
              Number.isInteger(m.start) && Number.isInteger(m.end) ? decoder.decode(bytes.subarray(m.start, m.end)) : ''),
            el('td', {}, `${m.start}–${m.end}`)))))));
      }
    } catch (e) {
      showError(error, e.message);
    }
  }
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      run();
    }
  });
  text.focus();
}

// What happened to the alert to the safeguarding lead: sent, still being retried, or failed.
function alertSummary(a) {
  if (a.state === 'sent') return el('span', {}, 'sent ', time(a.sent_at));
  const why = a.last_error ? ` (${a.last_error})` : '';
  if (a.state === 'failed') return el('span', { class: 'error' }, `not delivered${why}`);
  return el('span', {}, `being sent, ${Number(a.attempts) || 0} attempt(s) so far${why}`);
}
