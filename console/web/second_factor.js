// Two-step sign-in (#/two-step): setting up an authenticator app for the signed-in user. The QR
// code comes from the server as rows of modules and is drawn here as SVG squares (the console's
// CSP allows no inline style or image data). Recovery codes are shown once, at the end.
import { get, post } from './api.js';
import { clear, el } from './dom.js';
import { errorBox, showError } from './forms.js';

const SVG = 'http://www.w3.org/2000/svg';

// rows: ['1010…', …] from POST /api/v1/me/second-factor; a 4-module quiet zone round it.
function qrSvg(rows) {
  const size = rows.length + 8;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('class', 'qr');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'QR code to scan with an authenticator app');
  const back = document.createElementNS(SVG, 'rect');
  for (const [k, v] of Object.entries({ width: size, height: size, fill: '#fff' })) back.setAttribute(k, v);
  svg.append(back);
  // One path for all dark modules keeps the element count small.
  let d = '';
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x += 1) if (row[x] === '1') d += `M${x + 4} ${y + 4}h1v1h-1z`;
  });
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(path);
  return svg;
}

function recoveryCodesView(codes, done) {
  const list = el('ol', { class: 'recovery-codes', id: 'recovery-codes' }, codes.map((c) => el('li', {}, el('code', {}, c))));
  return el('section', { class: 'card' },
    el('h2', {}, 'Save your recovery codes'),
    el('p', {}, 'If you lose your phone, each of these codes signs you in once instead of a code from the app. ' +
      'Print them or keep them somewhere safe, away from your phone. They are shown only now.'),
    list,
    el('button', { type: 'button', id: 'recovery-saved', on: { click: done } }, 'I have saved these codes'));
}

// onDone: what to do once it is set up (the app reloads the session and goes on).
export async function renderTwoStep(main, ctx, onDone) {
  const status = await get('/api/v1/me/second-factor');
  if (!ctx.isCurrent()) return;
  clear(main).append(el('h1', {}, 'Two-step sign-in'));
  if (status.enabled) {
    main.append(el('p', { id: 'two-step-on' }, 'Two-step sign-in is on: you sign in with your password and a code from your authenticator app. ' +
      `${status.recovery_codes_left} recovery code${status.recovery_codes_left === 1 ? '' : 's'} left.`),
    el('p', {}, 'Lost your phone and your recovery codes? Your IT admin can reset it with ',
      el('code', {}, 'hallmonitorctl user reset-second-factor'), '.'));
    return;
  }
  main.append(el('p', { class: status.required ? 'notice' : '', id: 'two-step-why' }, status.required
    ? 'Your role can see safeguarding concerns or change who has access, so it needs a second step when you sign in: ' +
      'a 6-digit code from an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator or FreeOTP). ' +
      'Set it up now to continue.'
    : 'Add a second step to signing in: a 6-digit code from an authenticator app on your phone.'));
  const error = errorBox();
  const begin = el('button', { type: 'button', id: 'two-step-begin' }, 'Set up an authenticator app');
  main.append(begin, error);
  begin.addEventListener('click', async () => {
    begin.disabled = true;
    showError(error, '');
    try {
      const e = await post('/api/v1/me/second-factor');
      const code = el('input', { type: 'text', id: 'two-step-code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '7', required: true });
      const form = el('form', { class: 'card', id: 'two-step-form' },
        el('h2', {}, '1. Scan this code with the app'),
        qrSvg(e.qr),
        el('p', {}, 'Cannot scan it? Type this key into the app instead: ', el('code', { id: 'two-step-secret' }, e.secret)),
        el('h2', {}, '2. Type the 6-digit code the app shows'),
        el('div', { class: 'field' }, el('label', { for: 'two-step-code' }, 'Code'), code),
        el('button', { type: 'submit', id: 'two-step-confirm' }, 'Turn on two-step sign-in'));
      begin.replaceWith(form);
      code.focus();
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        showError(error, '');
        try {
          const r = await post('/api/v1/me/second-factor/confirm', { code: code.value.trim() });
          form.replaceWith(recoveryCodesView(r.recovery_codes, onDone));
        } catch (err) {
          showError(error, err.message);
          code.select();
        }
      });
    } catch (err) {
      begin.disabled = false;
      showError(error, err.message);
    }
  });
}
