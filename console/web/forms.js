// Form pieces the views share: an error line (hidden until there is a message) and a labelled
// field. Messages go in as text, never as markup.
import { el } from './dom.js';

export function errorBox() {
  return el('p', { class: 'error', role: 'alert', hidden: true });
}

export function showError(box, message) {
  box.textContent = message;
  box.hidden = !message;
}

export function field(label, input, hint) {
  const id = input.id || `f-${Math.random().toString(36).slice(2)}`;
  input.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label), input, hint ? el('small', {}, hint) : null);
}
