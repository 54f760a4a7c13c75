// DOM helpers. Every string that comes from the server (comment text, names, reasons, audit
// details, error messages) becomes a text node: nothing here parses markup. Comment text is
// attacker-controlled, so it also gets its bidirectional controls made visible and inert, and
// links only when they are https URLs.

// Builds an element. `props`: class, text, dataset, on (event listeners), booleans such as
// hidden/disabled/checked, anything else as an attribute. Children: nodes or strings (text).
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [type, fn] of Object.entries(value)) node.addEventListener(type, fn);
    else if (key === 'hidden' || key === 'disabled' || key === 'checked' || key === 'required' ||
             key === 'readOnly' || key === 'selected' || key === 'multiple') node[key] = Boolean(value);
    else if (key === 'value') node.value = String(value);
    else if (/^on/i.test(key) || key.toLowerCase() === 'style') throw new Error(`el: refused attribute ${key}`);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

// Bidirectional formatting characters: embeddings, overrides, isolates and marks. U+202E (RLO)
// can make "gpj.exe" look like "exe.jpg"; inside comments each one is shown as a visible,
// isolated marker so it cannot reorder anything around it.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const BIDI_SPLIT = /([\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069])/u;
const BIDI_NAMES = {
  0x061c: 'ARABIC LETTER MARK', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING', 0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING', 0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE', 0x2068: 'FIRST STRONG ISOLATE', 0x2069: 'POP DIRECTIONAL ISOLATE',
};

function codePointLabel(ch) {
  return 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
}

// Appends untrusted text as text nodes, with each bidi control wrapped in its own isolated
// marker element (the character stays in the text, so copying gives the original).
export function appendUntrusted(parent, string) {
  const s = String(string);
  if (!BIDI.test(s)) {
    parent.append(document.createTextNode(s));
    return parent;
  }
  for (const part of s.split(BIDI_SPLIT)) {
    if (part === '') continue;
    if (BIDI.test(part) && part.length === 1) {
      const label = codePointLabel(part);
      parent.append(el('span', {
        class: 'bidi-control', dir: 'ltr', dataset: { cp: label },
        title: `${label} ${BIDI_NAMES[part.codePointAt(0)] || 'bidirectional control'}`,
      }, part));
    } else {
      parent.append(document.createTextNode(part));
    }
  }
  return parent;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

// `text` split at UTF-8 byte offsets into plain runs and <mark> runs. Matches that fall outside
// the text or inside a character (the text changed since it was classified) are left out.
// Overlapping matches are merged into one mark whose title gives every reason (the rule's
// plain-English description; the category and rule id only for a view without one).
export function highlighted(text, matches) {
  const fragment = document.createDocumentFragment();
  const bytes = encoder.encode(String(text));
  const boundary = (i) => i === bytes.length || (i >= 0 && i < bytes.length && (bytes[i] & 0xc0) !== 0x80);
  const spans = (Array.isArray(matches) ? matches : [])
    .filter((m) => m && Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 &&
      m.start < m.end && m.end <= bytes.length && boundary(m.start) && boundary(m.end))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged = [];
  for (const m of spans) {
    const label = m.description ? String(m.description) : [m.category, m.rule].filter(Boolean).join(': ');
    const last = merged[merged.length - 1];
    if (last && m.start < last.end) {
      last.end = Math.max(last.end, m.end);
      if (!last.labels.includes(label)) last.labels.push(label);
      if (m.category && !last.categories.includes(m.category)) last.categories.push(m.category);
    } else {
      merged.push({ start: m.start, end: m.end, labels: [label], categories: m.category ? [m.category] : [] });
    }
  }
  let pos = 0;
  for (const m of merged) {
    if (m.start > pos) appendUntrusted(fragment, decoder.decode(bytes.subarray(pos, m.start)));
    const mark = el('mark', {
      title: m.labels.join(', '),
      class: m.categories.map((c) => `cat-${safeToken(c)}`),
    });
    appendUntrusted(mark, decoder.decode(bytes.subarray(m.start, m.end)));
    fragment.append(mark);
    pos = m.end;
  }
  if (pos < bytes.length) appendUntrusted(fragment, decoder.decode(bytes.subarray(pos)));
  return fragment;
}

// The comment text block: isolated from the page's direction (dir=auto and
// unicode-bidi: isolate in the stylesheet), with highlighted matches.
export function commentBlock(text, matches, extraClass) {
  if (text === null || text === undefined) {
    return el('p', { class: ['comment-text', 'purged', extraClass] },
      'The text is no longer stored (retention or an erasure request).');
  }
  return el('blockquote', { class: ['comment-text', extraClass], dir: 'auto' }, highlighted(text, matches));
}

// A link only for https URLs; anything else (javascript:, data:, http:, junk) is shown as text.
export function safeLink(url, label) {
  if (typeof url !== 'string' || url === '') return null;
  let parsed = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (parsed && parsed.protocol === 'https:') {
    return el('a', { href: parsed.href, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'permalink' },
      label || 'Open on the platform');
  }
  const span = el('span', { class: 'unsafe-link', title: 'Not an https link, so not clickable' });
  appendUntrusted(span, url);
  return span;
}

// Only [a-z0-9-] survives: for class names built from server values.
export function safeToken(s) {
  return String(s).toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40);
}

export function badge(label, kind) {
  return el('span', { class: ['badge', kind && `badge-${safeToken(kind)}`] }, String(label));
}

export function categoryBadges(categories) {
  return el('span', { class: 'badges' },
    (Array.isArray(categories) ? categories : []).map((c) => badge(String(c).replace(/_/g, ' '), `cat-${c}`)));
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function time(iso) {
  if (!iso) return el('span', { class: 'muted' }, '–');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return el('span', {}, String(iso));
  return el('time', { datetime: d.toISOString(), title: String(iso) }, timeFormat.format(d));
}

// A button that needs a second press within a few seconds, for irreversible admin steps.
export function confirmButton(label, confirmLabel, action, props = {}) {
  let armed = false;
  let timer = 0;
  const button = el('button', { type: 'button', ...props }, label);
  button.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      button.textContent = confirmLabel;
      button.classList.add('armed');
      timer = window.setTimeout(() => {
        armed = false;
        button.textContent = label;
        button.classList.remove('armed');
      }, 4000);
      return;
    }
    window.clearTimeout(timer);
    armed = false;
    button.textContent = label;
    button.classList.remove('armed');
    await action();
  });
  return button;
}

export function isTyping(target) {
  if (!(target instanceof Element)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  return tag === 'TEXTAREA' || tag === 'SELECT';
}

// On a phone, tables are drawn as stacked rows (style.css, "phones"): each cell shows its
// column's heading before it, taken from the table's <thead>.
export function labelTableCells(root) {
  for (const table of root.querySelectorAll('table')) {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    if (!heads.length) continue;
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.children].forEach((cell, i) => {
        if (heads[i] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', heads[i]);
      });
    }
  }
}
