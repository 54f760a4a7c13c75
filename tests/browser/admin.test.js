// The console's other views against the real daemon, in headless Chromium: the safeguarding
// lead sees an escalation, opens it from its #/comment/{id} link (as alert e-mails do) and marks
// it done with a note; an admin reads the audit log (chain verified, the DSL's note recorded),
// adds a user in the form, makes an API token (shown once, and it works), revokes it, and
// removes the user; a moderator sees no admin pages.
'use strict';

const path = require('node:path');
const { World, fetchRaw, launchBrowser, watchPage, signIn, run, check, waitFor } = require('./harness.js');

const DSL = { name: 'dsl', password: 'safeguarding lead password' };
const ADMIN = { name: 'it-admin', password: 'the admin password 1234' };
const MOD = { name: 'office', password: 'front desk password 5678' };
const CONCERN = 'hey any yr8 girls wanna chat? dm me im 14 too dont tell ur parents';

run('browser_admin', async ({ args, playwright, state, log }) => {
  const world = await World.start(args, 'admin');
  state.world = world;
  world.addUser(DSL.name, DSL.password, 'safeguarding', 'joseph-hood');
  world.addUser(ADMIN.name, ADMIN.password, 'admin');
  world.addUser(MOD.name, MOD.password, 'moderator', 'joseph-hood');
  await world.startDaemon();
  const concern = await world.emulator.addComment('facebook', world.post, CONCERN, '5150', 'Stranger');
  await world.hidden(concern);

  const browser = await launchBrowser(playwright);
  state.browser = browser;

  // The safeguarding lead.
  const dslContext = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await dslContext.newPage();
  state.page = page;
  const problems = watchPage(page, world.base);
  await signIn(page, world.base, DSL.name, DSL.password);
  const open = page.locator('.safeguarding-list article.comment-item', { hasText: 'dont tell ur parents' });
  await waitFor('the escalation in the safeguarding view', 20000, async () => {
    await page.goto(`${world.base}/#/safeguarding`);
    await page.waitForSelector('main[data-view="Safeguarding"]', { timeout: 10000 });
    return (await open.count()) === 1;
  }, 1000);
  check((await open.locator('.badge-cat-safeguarding').count()) === 1, 'the safeguarding badge is shown');
  const detailsHref = await open.locator('a.details').getAttribute('href');
  check(/^#\/comment\/\d+$/.test(detailsHref), `the escalation links to #/comment/{id} (got ${detailsHref})`);

  // Open it the way an alert link does: a fresh load of /#/comment/{id}.
  await page.goto(`${world.base}/${detailsHref}`);
  await page.waitForSelector('main[data-view="Comment"]', { timeout: 10000 });
  check((await page.locator('main .comment-text').first().textContent()).includes('dont tell ur parents'), 'the comment page shows the text');
  const concernCard = page.locator('.decision-box article.comment-item');
  check((await concernCard.count()) === 1, 'the comment page carries the concern\'s decisions');
  await concernCard.locator('textarea.note').fill('Reported to the police and the LADO; parents told.');
  await concernCard.locator('button.decision-dealt_with').click();
  await waitFor('the concern to be dealt with', 10000, async () => !/safeguarding/.test(await page.locator('.decision-box article.comment-item').getAttribute('data-needs')));
  check(/dealt with: Reported to the police and the LADO/.test(await page.textContent('.decision-box')), 'the note is kept with the concern');
  log('the safeguarding lead marked the concern done');
  await page.screenshot({ path: path.join(args.artifacts, 'comment-details.png'), fullPage: true });
  check((await page.locator('nav a[href="#/audit"]').count()) === 0, 'the DSL has no audit link');
  await dslContext.close();

  // The admin.
  const adminContext = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const admin = await adminContext.newPage();
  state.page = admin;
  const adminProblems = watchPage(admin, world.base);
  await signIn(admin, world.base, ADMIN.name, ADMIN.password);
  await admin.goto(`${world.base}/#/audit`);
  await admin.waitForSelector('main[data-view="Audit log"] table.audit', { timeout: 10000 });
  check((await admin.locator('.notice-ok').textContent()).includes('verifies'), 'the audit chain verifies');
  check((await admin.locator('table.audit tbody tr').count()) > 0, 'the audit log has entries');
  check((await admin.locator('table.audit td', { hasText: DSL.name }).count()) >= 1, "the DSL's decision is in the audit log");
  // The note may hold safeguarding details: it stays with the concern, the append-only log
  // records only that a decision with a note was taken.
  check((await admin.locator('table.audit td', { hasText: 'item.decided' }).count()) >= 1, "the DSL's decision is in the audit log");
  check((await admin.locator('table.audit td.detail', { hasText: 'LADO' }).count()) === 0, "the DSL's note is not copied into the audit log");

  await admin.goto(`${world.base}/#/users`);
  await admin.waitForSelector('main[data-view="Users and tokens"]', { timeout: 10000 });
  const userRow = (name) => admin.locator('table.users tbody tr', { has: admin.locator('td:first-child', { hasText: name }) });
  for (const u of [DSL.name, ADMIN.name, MOD.name]) check((await userRow(u).count()) === 1, `user ${u} is listed`);
  await admin.fill('#new-user-name', 'supply-teacher');
  await admin.fill('#new-user-password', 'short');
  await admin.getByRole('button', { name: 'Add user', exact: true }).click();
  // The browser's own check (minlength) or the API's answer: either way no user is made.
  await admin.fill('#new-user-password', 'a long enough password');
  await admin.locator('form[aria-labelledby="add-user-title"] .role-row select.role').selectOption('viewer');
  await admin.getByRole('button', { name: 'Add user', exact: true }).click();
  await waitFor('the new user in the list', 10000, async () => (await userRow('supply-teacher').count()) === 1);
  check((await userRow('supply-teacher').locator('.badge', { hasText: 'viewer' }).count()) === 1, 'with the role chosen');
  log('the admin added a user');

  // Change the role without removing the user, and give an address for the daily digest.
  await userRow('supply-teacher').locator('button.edit-user').click();
  const edit = userRow('supply-teacher').locator('form.edit-user-form');
  await edit.locator('select.role').first().selectOption('moderator');
  await edit.locator('input.email').fill('supply@josephhood.example.sch.uk');
  await edit.locator('input.digest').check();
  await edit.getByRole('button', { name: 'Save', exact: true }).click();
  await waitFor('the new role in the list', 10000, async () => (await userRow('supply-teacher').locator('.badge', { hasText: 'moderator' }).count()) === 1);
  const emailCell = await userRow('supply-teacher').locator('td.user-email').textContent();
  check(/supply@josephhood\.example\.sch\.uk · daily digest/.test(emailCell), `the address and the digest are shown (got "${emailCell}")`);
  check((await userRow('supply-teacher').locator('.badge', { hasText: 'viewer' }).count()) === 0, 'the old role is gone');
  log('the admin changed a role and set an e-mail address with the digest');

  await admin.locator('#token-user').selectOption('supply-teacher');
  await admin.fill('#token-name', 'report-script');
  check(await admin.inputValue('#token-expiry') === '30', 'a new token expires after 30 days unless the admin chooses');
  await admin.getByRole('button', { name: 'Make token', exact: true }).click();
  await admin.waitForSelector('.token-shown:not([hidden]) input.token-value', { timeout: 10000 });
  const token = await admin.inputValue('input.token-value');
  check(token.length > 20, 'a token is shown once');
  const viaToken = await fetchRaw(`${world.base}/api/v1/actions?limit=1`, { headers: { Authorization: `Bearer ${token}` } });
  check(viaToken.status === 200, `the token works (got ${viaToken.status})`);

  await admin.goto(`${world.base}/#/users`);
  await admin.reload();
  await admin.waitForSelector('main[data-view="Users and tokens"]', { timeout: 10000 });
  check((await admin.locator('input.token-value').count()) === 0, 'the token is not shown again');
  const expiresCell = (await admin.locator('table.tokens tbody tr', { hasText: 'report-script' }).locator('td').nth(5).textContent()).trim();
  check(expiresCell !== '' && expiresCell !== 'never', `a token made with the default choice expires (shown "${expiresCell}")`);
  const revoke = admin.locator('table.tokens button.danger').first();
  await revoke.click();
  await revoke.click(); // the second press confirms
  await waitFor('the token to be revoked', 10000, async () => (await fetchRaw(`${world.base}/api/v1/actions?limit=1`, { headers: { Authorization: `Bearer ${token}` } })).status === 401);
  log('the admin revoked the token');

  const remove = userRow('supply-teacher').locator('button.danger');
  await remove.click();
  check((await remove.textContent()).startsWith('Really remove'), 'removing asks for a second press');
  await remove.click();
  await waitFor('the user to be removed', 10000, async () => (await userRow('supply-teacher').count()) === 0);
  log('the admin removed the user');
  await admin.screenshot({ path: path.join(args.artifacts, 'users.png'), fullPage: true });

  // A moderator: no admin pages, and the page says so rather than failing.
  const modContext = await browser.newContext();
  const mod = await modContext.newPage();
  const modProblems = watchPage(mod, world.base);
  await signIn(mod, world.base, MOD.name, MOD.password);
  check((await mod.locator('nav a[href="#/users"]').count()) === 0, 'a moderator has no Users link');
  await mod.goto(`${world.base}/#/audit`);
  await mod.waitForSelector('main .notice-error', { timeout: 10000 });

  const all = [...problems, ...adminProblems, ...modProblems];
  check(all.length === 0, `no CSP violations, page errors, other origins or missing CSRF headers:\n${all.join('\n')}`);
});
