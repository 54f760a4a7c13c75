// One proposed (or past) action as a card: the comment with its highlighted matches, category
// badges, the author and their strikes, what hallmonitor proposes, and the buttons the
// signed-in user may press. Cards are replaced in place when their action changes.
import { post } from './api.js';
import { badge, categoryBadges, commentBlock, el, safeLink, safeToken, time } from './dom.js';
import { canDecide, canUndo, platformName, toast } from './session.js';
import { exceptionOffer } from './exceptions.js';

const KIND_TEXT = {
  hide: 'Hide the comment',
  unhide: 'Show the comment again',
  delete: 'Delete the comment',
  block: 'Block the author',
  reply: 'Reply to the comment',
  escalate: 'Tell the designated safeguarding lead',
};

const STATE_TEXT = {
  proposed: 'waiting for a decision',
  approved: 'approved',
  running: 'in progress',
  done: 'done',
  failed: 'failed',
  rejected: 'rejected',
};

export function kindText(kind) {
  return KIND_TEXT[kind] || String(kind);
}

function authorLabel(comment) {
  return comment.author_name || comment.author_id || 'unknown author';
}

export function authorHref(comment) {
  return `#/author/${encodeURIComponent(comment.channel || '')}/${encodeURIComponent(comment.author_id || '')}`;
}

const VERB = {
  hide: 'hide the comment',
  unhide: 'show the comment again',
  delete: 'delete the comment',
  block: 'block the author',
  reply: 'post the reply',
  escalate: 'tell the safeguarding lead',
};

// A failed action in plain words: what could not be done, how often it was tried, and the
// platform's own answer (shown as text, never as HTML).
export function failureText(action) {
  const where = platformName(action.comment && action.comment.platform) || 'the platform';
  const tries = Number(action.attempts) || 0;
  const tried = tries > 1 ? ` after ${tries} tries` : '';
  const said = action.outcome ? ` ${where} answered: ${String(action.outcome)}.` : '';
  return `hallmonitor could not ${VERB[action.kind] || 'do this'} on ${where}${tried}.${said}` +
    ' Fix the cause (for example renew the channel\'s access), then try again, or do it yourself on the platform and mark it done.';
}

// What may be done to this action now, by this user.
export function availableDecisions(action, opts = {}) {
  const out = [];
  if (canDecide(action)) {
    if (action.state === 'proposed') out.push('approve', 'reject');
    if (action.state === 'failed') out.push('retry', 'done');
    if (action.manual && (action.state === 'proposed' || action.state === 'approved')) out.push('done');
  }
  if (action.kind === 'hide' && action.state === 'done' && !opts.undone && canUndo(action)) out.push('undo');
  return out;
}

const BUTTON_TEXT = { approve: 'Approve', reject: 'Reject', done: 'Mark done', undo: 'Show it again', retry: 'Try again' };
// Approve and Reject named by what they do to the comment or its author.
const EFFECT_TEXT = {
  hide: { approve: 'Hide it', reject: 'Leave it showing' },
  unhide: { approve: 'Show it again', reject: 'Keep it hidden' },
  delete: { approve: 'Delete it', reject: 'Keep it hidden' },
  block: { approve: 'Block the author', reject: "Don't block" },
  reply: { approve: 'Post the reply', reject: "Don't reply" },
  escalate: { approve: 'Tell the safeguarding lead', reject: 'Not a concern' },
};

function buttonText(decision, action) {
  if (decision === 'done' && action.state === 'failed') return 'I did it by hand';
  if (decision === 'done' && action.manual) return 'I have done it';
  return (EFFECT_TEXT[action.kind] || {})[decision] || BUTTON_TEXT[decision];
}

// What a decision did, in words for the toast (never an id).
const DONE_EFFECT = {
  hide: { approve: 'Comment will be hidden', reject: 'Comment left showing' },
  unhide: { approve: 'Comment will be shown again', reject: 'Comment hidden again' },
  delete: { approve: 'Comment will be deleted', reject: 'Comment kept hidden' },
  block: { approve: 'The author will be blocked', reject: 'The author will not be blocked' },
  reply: { approve: 'The reply will be posted', reject: 'No reply will be posted' },
  escalate: { approve: 'The safeguarding lead will be told', reject: 'Marked not a concern' },
};

function doneText(decision, action) {
  if (decision === 'done') return 'Marked as done';
  if (decision === 'retry') return 'Trying again';
  return (DONE_EFFECT[action.kind] || {})[decision] || DONE_TEXT[decision];
}

function buttonLabel(decision, action) {
  const who = action.comment ? ` (comment by ${authorLabel(action.comment)})` : '';
  switch (decision) {
    case 'approve': return `Approve: ${kindText(action.kind).toLowerCase()}${who}`;
    case 'reject': return `Reject: ${kindText(action.kind).toLowerCase()}${who}`;
    case 'done': return action.state === 'failed'
      ? `I did it by hand: ${kindText(action.kind).toLowerCase()}${who}`
      : `Mark done: ${kindText(action.kind).toLowerCase()}${who}`;
    case 'retry': return `Try again: ${kindText(action.kind).toLowerCase()}${who}`;
    default: return `Undo the hide and show the comment again${who}`;
  }
}

// opts: {selectable, showComment (default true), note (string shown under the card),
//        onDecided (called with the updated action after a decision)}
export function actionCard(action, opts = {}) {
  const comment = action.comment || {};
  const showComment = opts.showComment !== false;
  const decisions = availableDecisions(action, opts);
  const titleId = `action-${Number(action.id)}-title`;
  const card = el('article', {
    class: ['item', `state-${safeToken(action.state)}`, `kind-${safeToken(action.kind)}`,
      action.manual && 'manual', decisions.length === 0 && 'settled'],
    tabindex: '-1',
    'aria-labelledby': titleId,
    dataset: { id: String(action.id), state: String(action.state), kind: String(action.kind) },
  });
  card.hmAction = action;
  card.hmOptions = opts;

  const head = el('div', { class: 'item-head' });
  if (opts.selectable && (decisions.includes('approve') || decisions.includes('done'))) {
    head.append(el('input', {
      type: 'checkbox', class: 'select-box', 'aria-label': `Select action ${action.id}${comment.author_name ? `, comment by ${comment.author_name}` : ''}`,
      on: { change: (e) => card.classList.toggle('selected', e.target.checked) },
    }));
  }
  head.append(
    el('h4', { class: 'item-title', id: titleId }, kindText(action.kind), action.manual ? ' (by hand)' : ''),
    categoryBadges(action.categories),
    badge(STATE_TEXT[action.state] || action.state, `state-${action.state}`),
  );
  card.append(head);

  if (showComment) {
    card.append(commentBlock(comment.text, action.matches));
    const meta = el('p', { class: 'item-meta' });
    meta.append(
      el('span', {}, 'by ', el('a', { href: authorHref(comment), class: 'author' }, authorLabel(comment))),
      el('span', { class: ['strikes', Number(action.strikes) > 0 && 'has-strikes'] },
        `${Number(action.strikes) || 0} strike${Number(action.strikes) === 1 ? '' : 's'}`),
      el('span', {}, platformName(comment.platform), comment.channel ? ` · ${comment.channel}` : ''),
      el('span', {}, time(comment.created_at)),
    );
    const link = safeLink(comment.permalink, 'View on the platform');
    if (link) meta.append(el('span', {}, link));
    if (comment.internal_id !== undefined && comment.internal_id !== null) {
      meta.append(el('span', {}, el('a', { href: `#/comment/${Number(comment.internal_id)}`, class: 'details' }, 'Details')));
    }
    card.append(meta);
  }

  const proposal = el('div', { class: 'proposal' });
  if (action.reason) proposal.append(el('p', {}, el('span', { class: 'label' }, 'Why: '), String(action.reason)));
  if (action.kind === 'reply' && action.text) {
    proposal.append(el('p', { class: 'label' }, 'Suggested reply:'), el('blockquote', { class: 'reply-text', dir: 'auto' }, String(action.text)));
  }
  if (action.manual && action.instructions) {
    proposal.append(el('p', { class: 'instructions' }, el('span', { class: 'label' }, 'To do by hand: '), String(action.instructions)));
  }
  if (action.state === 'failed') {
    proposal.append(el('p', { class: 'outcome failure' }, el('span', { class: 'label' }, 'Not done: '), failureText(action)));
  } else if (action.outcome && action.state === 'done') {
    proposal.append(el('p', { class: 'outcome' }, el('span', { class: 'label' }, 'Outcome: '), String(action.outcome)));
  }
  if (proposal.childNodes.length) card.append(proposal);

  const error = el('p', { class: 'item-error', role: 'alert', hidden: true });
  let reasonInput = null;
  if (decisions.length) {
    const bar = el('div', { class: 'item-actions' });
    if (decisions.includes('done')) {
      reasonInput = el('input', {
        type: 'text', class: 'reason', maxlength: '500',
        'aria-label': 'What was done (optional, recorded in the audit log)',
        placeholder: 'What was done (optional)',
      });
      bar.append(reasonInput);
    }
    for (const decision of decisions) {
      bar.append(el('button', {
        type: 'button', class: ['decision', `decision-${decision}`], dataset: { decision },
        'aria-label': buttonLabel(decision, action),
        on: { click: () => decide(card, decision) },
      }, buttonText(decision, action)));
    }
    card.append(bar);
  }
  card.hmReason = () => (reasonInput && reasonInput.value.trim()) || undefined;
  if (opts.note) card.append(el('p', { class: 'item-note' }, opts.note));
  card.append(error);
  return card;
}

export function showCardError(card, message) {
  const box = card.querySelector('.item-error');
  if (!box) return;
  box.textContent = message;
  box.hidden = false;
}

// Replaces a card with a fresh one for `action`, keeping whether it was the current item.
export function replaceCard(card, action, note) {
  const fresh = actionCard(action, { ...card.hmOptions, note });
  if (card.classList.contains('current')) fresh.classList.add('current');
  card.replaceWith(fresh);
  if (document.activeElement === document.body || !document.activeElement) fresh.focus({ preventScroll: true });
  fresh.dispatchEvent(new CustomEvent('hm:changed', { bubbles: true }));
  return fresh;
}

const DONE_TEXT = { approve: 'Approved', reject: 'Rejected', done: 'Marked done', retry: 'Trying again' };

// Runs one decision for one card. Returns the card now in the page.
export async function decide(card, decision) {
  const action = card.hmAction;
  if (!action || !availableDecisions(action, card.hmOptions).includes(decision)) return card;
  const buttons = card.querySelectorAll('button.decision');
  buttons.forEach((b) => { b.disabled = true; });
  card.classList.add('busy');
  try {
    if (decision === 'undo') {
      const unhide = await post(`/api/v1/actions/${Number(action.id)}/undo`, {});
      toast('Comment will be shown again', 'ok');
      card.hmOptions = { ...card.hmOptions, undone: true };
      const fresh = replaceCard(card, action, `Undone: the comment will be shown again (${STATE_TEXT[unhide.state] || unhide.state}).`);
      fresh.classList.add('undone');
      if (action.comment && action.comment.internal_id) fresh.append(exceptionOffer(action.comment.internal_id));
      if (card.hmOptions.onDecided) card.hmOptions.onDecided(unhide);
      return fresh;
    }
    const reason = card.hmReason ? card.hmReason() : undefined;
    const updated = await post(`/api/v1/actions/${Number(action.id)}/${decision}`, reason ? { reason } : {});
    toast(doneText(decision, updated), 'ok');
    const fresh = replaceCard(card, updated);
    if (card.hmOptions && card.hmOptions.onDecided) card.hmOptions.onDecided(updated);
    return fresh;
  } catch (e) {
    card.classList.remove('busy');
    buttons.forEach((b) => { b.disabled = false; });
    showCardError(card, e.message);
    toast(e.message, 'error');
    return card;
  }
}
