// One flagged comment as a card (an Item, docs/api.md "Items"): the comment, why it was flagged
// in plain words, what is waiting for a person, and one button per decision this user may take
// now, each named by its effect. The server decides who may do what (item.decisions); this file
// only shows those decisions and sends them.
import { get, post } from './api.js';
import { badge, categoryBadges, commentBlock, el, safeLink, safeToken, time } from './dom.js';
import { platformName, toast } from './session.js';
import { authorHref, failureText } from './cards.js';

// The words on each decision's button, and what the toast says once it is done.
const DECISIONS = {
  keep_hidden: { text: 'Keep hidden', done: 'Kept hidden.' },
  delete: { text: 'Delete', done: 'The comment will be deleted shortly. You can undo this on its card for a few seconds.' },
  undo_delete: { text: 'Undo delete', done: 'The deletion was stopped; the comment stays hidden.' },
  show_again: { text: 'Show again', done: 'The comment will be shown again and the author\'s strike is withdrawn.' },
  post_reply: { text: 'Post reply', done: 'The reply will be posted.' },
  no_reply: { text: 'Don\'t reply', done: 'No reply will be posted.' },
  block: { text: 'Block author', done: 'The author will be blocked.' },
  dont_block: { text: 'Don\'t block', done: 'The author will not be blocked.' },
  dealt_with: { text: 'Dealt with', done: 'Recorded as dealt with.' },
  not_a_concern: { text: 'Not a concern', done: 'Recorded as not a concern.' },
};

// Decisions that close a comment; the others settle one step (a reply, a block).
const NEEDS_NOTE = ['dealt_with', 'not_a_concern'];

const NEED_TEXT = {
  safeguarding: 'A safeguarding concern for the designated safeguarding lead',
  failed: 'Something hallmonitor could not do on the platform',
  reply: 'A reply to approve',
  block: 'A block to decide',
  delete: 'Your policy asks you to decide whether to delete it',
};

const OUTCOME_TEXT = { kept_hidden: 'kept hidden', deleted: 'deleted', shown_again: 'shown again' };

// A comment the policy flagged but never hid (its category has hide = false) is still public:
// keeping it hidden hides it now, and showing it again leaves it up.
const VISIBLE_DECISIONS = {
  keep_hidden: { text: 'Hide it', done: 'The comment will be hidden.' },
  show_again: { text: 'Leave it up', done: 'Left up, and the author\'s strike is withdrawn.' },
};

function wordsFor(decision, item) {
  if (item && !item.hidden && VISIBLE_DECISIONS[decision]) return VISIBLE_DECISIONS[decision];
  return DECISIONS[decision] || { text: String(decision), done: 'Done.' };
}

export function decisionText(decision, item) {
  return wordsFor(decision, item).text;
}

function authorLabel(comment) {
  return comment.author_name || comment.author_id || 'unknown author';
}

function statusBadge(item) {
  if (item.state === 'closed') return badge(OUTCOME_TEXT[item.outcome] || 'closed', 'state-done');
  if (item.deletion && item.deletion.undo_until) return badge('deleting soon', 'state-approved');
  return badge(item.hidden ? 'hidden' : 'visible', item.hidden ? 'state-done' : 'state-proposed');
}

function title(item) {
  if ((item.needs || []).includes('safeguarding')) return item.urgent ? 'Urgent safeguarding concern' : 'Safeguarding concern';
  if (item.state === 'closed') return 'Decided';
  if ((item.needs || []).length) return NEED_TEXT[item.needs[0]] || 'Waiting for a decision';
  return item.hidden ? 'Hidden: nothing more is needed' : 'Flagged';
}

// opts: {selectable, onDecided(item)}
export function itemCard(item, opts = {}) {
  const comment = item.comment || {};
  const decisions = Array.isArray(item.decisions) ? item.decisions : [];
  const needs = Array.isArray(item.needs) ? item.needs : [];
  const titleId = `item-${Number(item.id)}-title`;
  const card = el('article', {
    class: ['item', 'comment-item', item.urgent && 'urgent', `item-${safeToken(item.state)}`,
      decisions.length === 0 && 'settled'],
    tabindex: '-1',
    'aria-labelledby': titleId,
    dataset: { id: String(item.id), state: String(item.state), needs: needs.join(' ') },
  });
  card.hmItem = item;
  card.hmOptions = opts;

  const head = el('div', { class: 'item-head' });
  const bulkable = decisions.includes('keep_hidden') || decisions.includes('delete');
  if (opts.selectable && bulkable) {
    head.append(el('input', {
      type: 'checkbox', class: 'select-box', 'aria-label': `Select the comment by ${authorLabel(comment)}`,
      on: { change: (e) => card.classList.toggle('selected', e.target.checked) },
    }));
  }
  head.append(el('h4', { class: 'item-title', id: titleId }, title(item)));
  if (item.urgent) head.append(badge('Urgent', 'urgent'));
  head.append(categoryBadges(item.categories), statusBadge(item));
  card.append(head);

  card.append(commentBlock(comment.text, []));
  const meta = el('p', { class: 'item-meta' });
  meta.append(
    el('span', {}, 'by ', el('a', { href: authorHref(comment), class: 'author' }, authorLabel(comment))),
    el('span', { class: ['strikes', Number(item.strikes) > 0 && 'has-strikes'], title: String(item.strike_rule || '') },
      `${Number(item.strikes) || 0} strike${Number(item.strikes) === 1 ? '' : 's'}`),
    el('span', {}, platformName(comment.platform), comment.channel ? ` · ${comment.channel}` : ''),
    el('span', {}, time(comment.created_at)),
  );
  const link = safeLink(comment.permalink, 'View on the platform');
  if (link) meta.append(el('span', {}, link));
  meta.append(el('span', {}, el('a', { href: `#/comment/${Number(item.id)}`, class: 'details' }, 'Details')));
  card.append(meta);

  const body = el('div', { class: 'proposal' });
  const reasons = Array.isArray(item.reasons) ? item.reasons : [];
  if (reasons.length) body.append(el('p', { class: 'reasons' }, el('span', { class: 'label' }, 'Why: '), reasons.map(String).join('; ')));
  if (item.escalation && item.escalation.signposting && needs.includes('safeguarding')) {
    body.append(el('p', { class: 'signposting' }, el('span', { class: 'label' }, 'Your school\'s guidance: '), String(item.escalation.signposting)));
  }
  if (item.deletion && item.deletion.manual && item.deletion.instructions) {
    body.append(el('p', { class: 'instructions' }, el('span', { class: 'label' }, 'To delete it by hand: '), String(item.deletion.instructions)));
  }
  if (item.deletion && item.deletion.undo_until) {
    body.append(el('p', { class: 'undo-window' }, 'It will be deleted on the platform after ', time(item.deletion.undo_until), '.'));
  }
  if (item.note) body.append(el('p', { class: 'outcome' }, el('span', { class: 'label' }, 'Note: '), String(item.note)));
  if (item.decided_by) {
    const what = OUTCOME_TEXT[item.outcome] ? `${OUTCOME_TEXT[item.outcome][0].toUpperCase()}${OUTCOME_TEXT[item.outcome].slice(1)}` : 'Decided';
    body.append(el('p', { class: 'decided muted' }, `${what} by ${String(item.decided_by).replace(/^user:/, '')}, `, time(item.decided_at)));
  }
  for (const failed of Array.isArray(item.failed) ? item.failed : []) {
    const reason = el('input', {
      type: 'text', class: 'reason', maxlength: '500', placeholder: 'What you did by hand (optional)',
      'aria-label': 'What you did by hand (optional, kept in the audit log)',
    });
    body.append(el('div', { class: 'failed-action', dataset: { actionId: String(failed.id) } },
      el('p', { class: 'outcome failure' }, el('span', { class: 'label' }, 'Not done: '), failureText(failed)),
      el('div', { class: 'item-actions' }, reason,
        el('button', { type: 'button', class: ['decision', 'decision-retry'], on: { click: () => settleFailed(card, failed, 'retry') } }, 'Try again'),
        el('button', { type: 'button', class: ['decision', 'decision-done'], on: { click: () => settleFailed(card, failed, 'done', reason.value.trim()) } }, 'I did it by hand'))));
  }

  let replyBox = null;
  if (item.reply) {
    if (decisions.includes('post_reply')) {
      replyBox = el('textarea', { class: 'reply-edit', rows: '3', maxlength: '2000', 'aria-label': 'The reply to post (you can edit it)' });
      replyBox.value = String(item.reply.text || '');
      body.append(el('label', { class: 'label' }, 'Reply (you can edit it before posting):'), replyBox);
    } else if (item.reply.text) {
      body.append(el('p', { class: 'label' }, `Reply (${String(item.reply.state)}):`), el('blockquote', { class: 'reply-text', dir: 'auto' }, String(item.reply.text)));
    }
  }
  let noteBox = null;
  if (decisions.some((d) => NEEDS_NOTE.includes(d))) {
    noteBox = el('textarea', { class: 'note', rows: '2', maxlength: '2000', 'aria-label': 'What you did or found (needed to close the concern)', placeholder: 'What you did or found (needed)' });
    body.append(noteBox);
  }
  if (body.childNodes.length) card.append(body);

  const offer = el('div', { class: 'exception-offer', hidden: true });
  card.append(offer);
  if (decisions.length) {
    const bar = el('div', { class: 'item-actions' });
    for (const decision of decisions) {
      bar.append(el('button', {
        type: 'button', class: ['decision', `decision-${decision}`], dataset: { decision },
        'aria-label': `${decisionText(decision, item)}: the comment by ${authorLabel(comment)}`,
        on: { click: () => decideItem(card, decision) },
      }, decisionText(decision, item)));
    }
    card.append(bar);
  }
  card.hmInputs = { reply: replyBox, note: noteBox };
  card.append(el('p', { class: 'item-error', role: 'alert', hidden: true }));
  return card;
}

function showError(card, message) {
  const box = card.querySelector('.item-error');
  if (!box) return;
  box.textContent = message;
  box.hidden = false;
}

export function replaceItemCard(card, item) {
  const fresh = itemCard(item, card.hmOptions);
  if (card.classList.contains('current')) fresh.classList.add('current');
  card.replaceWith(fresh);
  if (document.activeElement === document.body || !document.activeElement) fresh.focus({ preventScroll: true });
  fresh.dispatchEvent(new CustomEvent('hm:changed', { bubbles: true }));
  return fresh;
}

// After "Show again": the filter flagged a harmless text, so offer to stop flagging it.
function offerException(card, id) {
  const offer = card.querySelector('.exception-offer');
  if (!offer) return;
  const button = el('button', { type: 'button', class: 'quiet add-exception' }, 'Don\'t flag this text again');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await post('/api/v1/exceptions', { comment: Number(id) });
      offer.replaceChildren(el('p', { class: 'muted' }, 'This exact text will not be flagged again at this school.'));
      toast('Exception added to the filter.', 'ok');
    } catch (e) {
      if (e.status === 404) { offer.hidden = true; return; }
      button.disabled = false;
      toast(e.message, 'error');
    }
  });
  offer.replaceChildren(el('p', {}, 'Was it flagged by mistake? '), button);
  offer.hidden = false;
}

// Runs one decision on one card. Returns the card now in the page.
export async function decideItem(card, decision) {
  const item = card.hmItem;
  if (!item || !(item.decisions || []).includes(decision)) return card;
  const body = { decision };
  const note = card.hmInputs.note && card.hmInputs.note.value.trim();
  if (NEEDS_NOTE.includes(decision)) {
    if (!note) {
      showError(card, 'Write a short note of what you did or found first: it is kept with the concern.');
      if (card.hmInputs.note) card.hmInputs.note.focus();
      return card;
    }
    body.note = note;
  }
  if (decision === 'post_reply' && card.hmInputs.reply) {
    const text = card.hmInputs.reply.value.trim();
    if (!text) {
      showError(card, 'The reply is empty. Write a reply, or press Don\'t reply.');
      return card;
    }
    if (text !== String(item.reply.text || '')) body.text = text;
  }
  const buttons = card.querySelectorAll('button.decision');
  buttons.forEach((b) => { b.disabled = true; });
  card.classList.add('busy');
  try {
    const updated = await post(`/api/v1/items/${Number(item.id)}/decide`, body);
    let message = wordsFor(decision, item).done;
    if (decision === 'delete' && updated.deletion && updated.deletion.manual) message = 'Delete it by hand on the platform: the card says how.';
    toast(message, 'ok');
    const fresh = replaceItemCard(card, updated);
    if (updated.offer_exception) offerException(fresh, updated.id);
    if (card.hmOptions.onDecided) card.hmOptions.onDecided(updated);
    return fresh;
  } catch (e) {
    card.classList.remove('busy');
    buttons.forEach((b) => { b.disabled = false; });
    showError(card, e.message);
    toast(e.message, 'error');
    return card;
  }
}

// A failed action inside an item: try it again, or record that it was done by hand.
async function settleFailed(card, action, decision, reason) {
  try {
    await post(`/api/v1/actions/${Number(action.id)}/${decision}`, reason ? { reason } : {});
    toast(decision === 'retry' ? 'hallmonitor will try again now.' : 'Recorded as done by hand.', 'ok');
    const fresh = await get(`/api/v1/items/${Number(card.hmItem.id)}`);
    replaceItemCard(card, fresh);
  } catch (e) {
    showError(card, e.message);
    toast(e.message, 'error');
  }
}
