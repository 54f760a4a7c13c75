// "Don't flag this text again": offered once a moderator has shown a comment again. Adds a
// filter exception for the comment's school (POST /api/v1/exceptions); a safeguarding concern
// is still flagged whatever the exception says.
import { post } from './api.js';
import { el } from './dom.js';
import { toast } from './session.js';

export function exceptionOffer(commentId) {
  const button = el('button', { type: 'button', class: ['quiet', 'exception-offer'] }, "Don't flag this text again");
  const box = el('p', { class: 'exception' }, button);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await post('/api/v1/exceptions', { comment: Number(commentId) });
      box.replaceChildren('This exact text will not be flagged again for this school (a safeguarding concern always is).');
      toast('The filter will let this text through from now on.', 'ok');
    } catch (e) {
      button.disabled = false;
      toast(e.message, 'error');
    }
  });
  return box;
}
