// The #/users view (admins only): console users with their roles, password changes, removal,
// and API tokens (made, shown once, revoked). Takes (main, ctx) like the other views.
import { del, get, patch, post } from './api.js';
import { badge, clear, confirmButton, el, time } from './dom.js';
import { errorBox, field, showError } from './forms.js';
import { schoolName, schools, toast } from './session.js';

const ROLES = ['moderator', 'safeguarding', 'viewer', 'admin'];

function roleText(r) {
  return `${r.role} · ${r.school === '*' ? 'every school' : schoolName(r.school)}`;
}

function roleRow(grant) {
  const role = el('select', { 'aria-label': 'Role', class: 'role' }, ROLES.map((r) => el('option', { value: r, selected: Boolean(grant && grant.role === r) }, r)));
  const school = el('select', { 'aria-label': 'School', class: 'school' },
    schools().map((s) => el('option', { value: s.id, selected: Boolean(grant && grant.school === s.id) }, s.name || s.id)),
    el('option', { value: '*', selected: Boolean(grant && grant.school === '*') }, 'Every school'));
  const row = el('div', { class: 'role-row' }, role, school);
  row.append(el('button', { type: 'button', class: 'quiet', 'aria-label': 'Remove this role', on: { click: () => row.remove() } }, '×'));
  return row;
}

// Roles, e-mail address and the daily digest of one user, changed without removing them.
function editUserForm(u, ctx) {
  const roles = el('div', { class: 'roles' }, (u.roles && u.roles.length ? u.roles : [null]).map((g) => roleRow(g)));
  const email = el('input', { type: 'email', class: 'email', autocomplete: 'off', maxlength: '254', value: u.email || '', 'aria-label': `E-mail address for ${u.name}` });
  const digest = el('input', { type: 'checkbox', class: 'digest', checked: Boolean(u.digest), id: `digest-${u.name}` });
  const error = errorBox();
  const form = el('form', { class: 'inline-form edit-user-form', hidden: true },
    el('fieldset', {}, el('legend', {}, 'Roles'), roles,
      el('button', { type: 'button', class: 'quiet', on: { click: () => roles.append(roleRow()) } }, 'Add another role')),
    field('E-mail', email, 'For the daily digest and, for admins, a channel that stops.'),
    el('p', {}, digest, el('label', { for: `digest-${u.name}` }, ' Send a daily digest e-mail')),
    el('button', { type: 'submit' }, 'Save'), error);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(error, '');
    const grants = [...roles.querySelectorAll('.role-row')].map((r) => ({
      role: r.querySelector('select.role').value, school: r.querySelector('select.school').value,
    }));
    try {
      await patch(`/api/v1/users/${encodeURIComponent(u.name)}`, { roles: grants, email: email.value.trim(), digest: digest.checked });
      toast(`Saved ${u.name}.`, 'ok');
      ctx.refresh();
    } catch (err) {
      showError(error, err.message);
    }
  });
  return form;
}

export async function renderUsers(main, ctx) {
  const [users, tokens] = await Promise.all([get('/api/v1/users'), get('/api/v1/tokens')]);
  if (!ctx.isCurrent()) return;
  clear(main);
  main.append(el('h1', {}, 'Users and tokens'));
  const userList = Array.isArray(users.users) ? users.users : [];

  // Users
  const userRows = userList.map((u) => {
    const pwError = errorBox();
    const pw = el('input', { type: 'password', autocomplete: 'new-password', minlength: '12', 'aria-label': `New password for ${u.name}` });
    const pwForm = el('form', {
      class: 'inline-form', hidden: true,
      on: {
        submit: async (e) => {
          e.preventDefault();
          try {
            await post(`/api/v1/users/${encodeURIComponent(u.name)}/password`, { password: pw.value });
            toast(`Password changed for ${u.name}.`, 'ok');
            pw.value = '';
            pwForm.hidden = true;
          } catch (err) {
            showError(pwError, err.message);
          }
        },
      },
    }, pw, el('button', { type: 'submit' }, 'Set'), pwError);
    const editForm = editUserForm(u, ctx);
    return el('tr', { 'data-user': String(u.name) },
      el('td', {}, String(u.name)),
      el('td', {}, (u.roles || []).map((r) => badge(roleText(r), `role-${r.role}`))),
      el('td', { class: 'user-email' }, u.email ? String(u.email) : el('span', { class: 'muted' }, 'none'),
        u.digest ? el('span', { class: 'muted' }, ' · daily digest') : ''),
      el('td', {}, time(u.created_at)),
      el('td', { class: 'row-actions' },
        el('button', { type: 'button', class: 'quiet edit-user', on: { click: () => { editForm.hidden = !editForm.hidden; } } }, 'Edit'),
        el('button', { type: 'button', class: 'quiet', on: { click: () => { pwForm.hidden = !pwForm.hidden; if (!pwForm.hidden) pw.focus(); } } }, 'Set password'),
        confirmButton('Remove', `Really remove ${u.name}?`, async () => {
          try {
            await del(`/api/v1/users/${encodeURIComponent(u.name)}`);
            toast(`Removed ${u.name}.`, 'ok');
            ctx.refresh();
          } catch (err) {
            toast(err.message, 'error');
          }
        }, { class: 'danger', 'aria-label': `Remove user ${u.name}` }),
        pwForm, editForm));
  });
  main.append(el('h2', {}, 'Users'), el('div', { class: 'table-wrap' }, el('table', { class: 'users' },
    el('thead', {}, el('tr', {}, ['Name', 'Roles', 'E-mail', 'Added', ''].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, userRows))));

  // Add a user
  const name = el('input', { type: 'text', id: 'new-user-name', autocomplete: 'off', required: true, maxlength: '64', pattern: '[A-Za-z0-9._@\\-]{1,64}' });
  const password = el('input', { type: 'password', id: 'new-user-password', autocomplete: 'new-password', required: true, minlength: '12' });
  const roles = el('div', { class: 'roles' }, roleRow());
  const addError = errorBox();
  const addForm = el('form', { class: 'card-form', 'aria-labelledby': 'add-user-title' },
    el('h2', { id: 'add-user-title' }, 'Add a user'),
    field('Name', name, 'Letters, digits and . _ @ -'),
    field('Password', password, 'At least 12 characters.'),
    el('fieldset', {}, el('legend', {}, 'Roles'), roles,
      el('button', { type: 'button', class: 'quiet', on: { click: () => roles.append(roleRow()) } }, 'Add another role')),
    el('button', { type: 'submit' }, 'Add user'), addError);
  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(addError, '');
    const grants = [...roles.querySelectorAll('.role-row')].map((r) => ({
      role: r.querySelector('select.role').value, school: r.querySelector('select.school').value,
    }));
    try {
      await post('/api/v1/users', { name: name.value.trim(), password: password.value, roles: grants });
      toast(`Added ${name.value.trim()}.`, 'ok');
      ctx.refresh();
    } catch (err) {
      showError(addError, err.message);
    }
  });
  main.append(addForm);

  // Tokens
  const tokenList = Array.isArray(tokens.tokens) ? tokens.tokens : [];
  main.append(el('h2', {}, 'API tokens'),
    el('p', { class: 'muted' }, 'For scripts: send Authorization: Bearer TOKEN. A token acts as its user.'),
    el('div', { class: 'table-wrap' }, el('table', { class: 'tokens' },
      el('thead', {}, el('tr', {}, ['Id', 'User', 'Name', 'Made', 'Last used', 'Expires', 'Revoked', ''].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, tokenList.map((t) => el('tr', { class: t.revoked_at ? 'revoked' : '' },
        el('td', {}, String(t.id)), el('td', {}, String(t.user || '')), el('td', {}, String(t.name || '')),
        el('td', {}, time(t.created_at)), el('td', {}, time(t.last_used_at)), el('td', {}, t.expires_at ? time(t.expires_at) : 'never'), el('td', {}, t.revoked_at ? time(t.revoked_at) : ''),
        el('td', {}, t.revoked_at ? '' : confirmButton('Revoke', 'Really revoke?', async () => {
          try {
            await del(`/api/v1/tokens/${Number(t.id)}`);
            toast(`Token revoked${t.name ? `: ${t.name}` : ''}`, 'ok');
            ctx.refresh();
          } catch (err) {
            toast(err.message, 'error');
          }
        }, { class: 'danger', 'aria-label': `Revoke token ${t.id} (${t.name || ''})` }))))))));
  if (!tokenList.length) main.append(el('p', { class: 'empty' }, 'No tokens yet.'));

  const tokenUser = el('select', { id: 'token-user' }, userList.map((u) => el('option', { value: u.name }, String(u.name))));
  const tokenName = el('input', { type: 'text', id: 'token-name', required: true, maxlength: '100', placeholder: 'e.g. nightly-report' });
  // A token for a one-off job should not outlive it; 'never' stays the choice for a standing
  // scraper, which the admin revokes by hand.
  const tokenExpiry = el('select', { id: 'token-expiry' },
    [['30', '30 days'], ['90', '90 days'], ['365', 'a year'], ['', 'never']].map(([v, label]) => el('option', { value: v }, label)));
  const tokenError = errorBox();
  const shown = el('div', { class: 'token-shown', hidden: true });
  const tokenForm = el('form', { class: 'card-form', 'aria-labelledby': 'token-title' },
    el('h2', { id: 'token-title' }, 'Make a token'),
    field('For user', tokenUser), field('Name', tokenName), field('Expires after', tokenExpiry),
    el('button', { type: 'submit' }, 'Make token'), tokenError, shown);
  tokenForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(tokenError, '');
    try {
      const made = await post('/api/v1/tokens', {
        user: tokenUser.value, name: tokenName.value.trim(),
        expires_in_days: tokenExpiry.value ? Number(tokenExpiry.value) : null,
      });
      const value = el('input', { type: 'text', readOnly: true, value: String(made.token), class: 'token-value', 'aria-label': 'The new token' });
      clear(shown).append(
        el('p', { class: 'notice notice-safeguarding' }, 'Copy this token now: it is shown only once.'),
        value,
        el('button', {
          type: 'button',
          on: {
            click: async () => {
              value.select();
              try {
                await navigator.clipboard.writeText(value.value);
                toast('Copied.', 'ok');
              } catch {
                toast('Select the text and copy it by hand.', 'info');
              }
            },
          },
        }, 'Copy'));
      shown.hidden = false;
      value.select();
      tokenName.value = '';
    } catch (err) {
      showError(tokenError, err.message);
    }
  });
  main.append(tokenForm);
}
