// The moderation workflow of issue 12, end to end in headless Chromium against the real emulator
// and hallmonitord: one card per flagged comment with decisions in plain words.
//   keep hidden · delete (reaches the platform after the undo window) · show again (the strike
//   and the pending deletion withdrawn) · bulk with a counted confirmation and undo · an edited
//   reply reaching the platform · the queue updating without a reload · the safeguarding lead
//   closing an urgent concern from the alert's link · a moderator refused on an open concern.
'use strict';

const path = require('node:path');
const { SIGNPOSTING, World, openPage, signIn, run, check, waitFor, watchPage } = require('./harness.js');

const HEAD = 'head';
const DSL = 'dsl';
const PASSWORD = 'a long test password 42';
const TEXT = {
  keep: 'you are an idiot and a moron (keep me hidden)',
  del: 'what a load of numpties run this school (delete me)',
  again: 'the governors are pillocks (show me again)',
  bulk1: 'total plonkers in the office (bulk one)',
  bulk2: 'you lot are useless idiots (bulk two)',
  live: 'absolute morons the lot of you (arrives while watching)',
  complaint: 'I want to make a complaint about how the school handled my son\'s detention',
  urgent: 'I am going to end it all tonight',
};

// The signed-in page's own API call, so the check goes through the session and CSRF like a click.
async function apiCall(page, method, url, body) {
  return page.evaluate(async ([m, u, b]) => {
    const csrf = (await (await fetch('/api/v1/session', { credentials: 'same-origin' })).json()).csrf;
    const r = await fetch(u, {
      method: m, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: b === null ? undefined : JSON.stringify(b),
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  }, [method, url, body === undefined ? null : body]);
}

run('browser_items', async ({ args, playwright, state, log }) => {
  // A short undo window keeps the test quick; the default is 30 s.
  const world = await World.start(args, 'items', { console: 'undo_window = "6s"' });
  state.world = world;
  world.addUser(HEAD, PASSWORD, 'moderator', 'joseph-hood');
  world.addUser(DSL, PASSWORD, 'safeguarding', 'joseph-hood');
  await world.startDaemon();

  const ids = {};
  let n = 100;
  for (const k of ['keep', 'del', 'again', 'bulk1', 'bulk2', 'complaint', 'urgent']) {
    ids[k] = await world.emulator.addComment('facebook', world.post, TEXT[k], String(n++));
  }
  for (const k of ['keep', 'del', 'again', 'bulk1', 'bulk2', 'urgent']) await world.hidden(ids[k]);

  const { browser, page, problems } = await openPage(playwright, state, world.base);
  await signIn(page, world.base, HEAD, PASSWORD);
  const card = (k) => page.locator('article.comment-item', { hasText: TEXT[k] });
  await waitFor('every flagged comment in the queue', 20000, async () => {
    await page.goto(`${world.base}/#/queue`);
    await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
    for (const k of ['keep', 'del', 'again', 'bulk1', 'bulk2', 'complaint', 'urgent']) if ((await card(k).count()) !== 1) return false;
    return true;
  }, 1000);
  check(/need a decision/.test(await page.textContent('.queue-summary')), 'the queue says how many need a decision');
  check(/^\(\d+\) Queue/.test(await page.title()), `the tab title counts what waits (got "${await page.title()}")`);
  const reasons = await card('keep').locator('.reasons').textContent();
  check(!/detector\.|verdict:/.test(reasons), `reasons are not rule ids (got "${reasons}")`);
  await page.screenshot({ path: path.join(args.artifacts, 'items-queue.png'), fullPage: true });

  // Keep hidden: the item closes; nothing reaches the platform.
  await card('keep').locator('button.decision-keep_hidden').click();
  await waitFor('the kept comment to be closed', 10000, async () => (await card('keep').getAttribute('data-state')) === 'closed');
  check((await page.locator('#toasts .toast').count()) === 1, 'one toast at a time');
  check(!/\d{2,}/.test(await page.textContent('#toasts')), 'the toast names no id');
  log('keep hidden: closed');

  // Delete: Undo is offered, then the deletion reaches the emulator after the window.
  await card('del').locator('button.decision-delete').click();
  await waitFor('Undo delete to be offered', 10000, async () => (await card('del').locator('button.decision-undo_delete').count()) === 1);
  await waitFor('the comment to be deleted on the emulator', 30000, async () => {
    const c = await world.emulator.comment(ids.del);
    return c === null || c.deleted === true;
  });
  log('delete: done on the emulator after the undo window');

  // Show again: unhidden on the platform; the strike and the pending deletion are withdrawn.
  const againId = Number(await card('again').getAttribute('data-id'));
  await card('again').locator('button.decision-delete').click();
  await waitFor('the deletion to wait in its window', 10000, async () => (await card('again').locator('button.decision-show_again').count()) === 1);
  await card('again').locator('button.decision-show_again').click();
  await waitFor('the exception to be offered', 10000, async () => (await card('again').locator('.exception-offer:not([hidden])').count()) === 1);
  await card('again').locator('button.add-exception').click();
  await waitFor('the exception to be added', 10000, async () => /will not be flagged again/.test(await card('again').locator('.exception-offer').textContent()));
  const exceptions = await apiCall(page, 'GET', '/api/v1/exceptions?school=joseph-hood');
  check(JSON.stringify(exceptions.body).includes('show me again'), `the exception is stored (got ${JSON.stringify(exceptions.body)})`);
  await waitFor('the comment to be shown again on the emulator', 20000, async () => (await world.emulator.comment(ids.again)).hidden === false);
  const again = await apiCall(page, 'GET', `/api/v1/items/${againId}`);
  check(again.body.outcome === 'shown_again', `outcome shown_again (got ${again.body.outcome})`);
  check(again.body.strikes === 0, `the strike is withdrawn (got ${again.body.strikes})`);
  check(!again.body.deletion || again.body.deletion.state === 'rejected', `the pending deletion is withdrawn (got ${JSON.stringify(again.body.deletion)})`);
  await new Promise((r) => setTimeout(r, 7000)); // past the undo window: still not deleted
  check((await world.emulator.comment(ids.again)).deleted !== true, 'the withdrawn deletion never reached the platform');
  log('show again: unhidden, strike and deletion withdrawn');

  // Bulk: a confirmation counting the deletions, then Undo before the window ends.
  await page.goto(`${world.base}/#/queue`);
  await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
  await card('bulk1').locator('input.select-box').check();
  await card('bulk2').locator('input.select-box').check();
  check(/2 selected/.test(await page.textContent('.bulk-count')), 'the bulk bar counts the selection');
  await page.click('button.bulk-delete');
  await page.waitForSelector('dialog.confirm-bulk[open]', { timeout: 10000 });
  const asked = await page.textContent('dialog.confirm-bulk');
  check(/delete 2 comments on the platform/.test(asked), `the confirmation counts the deletions (got "${asked}")`);
  await page.click('dialog.confirm-bulk button.confirm-go');
  await page.waitForSelector('button.undo-bulk-delete', { timeout: 10000 });
  await page.click('button.undo-bulk-delete');
  await waitFor('the deletions to be stopped', 10000, async () => (await page.locator('button.undo-bulk-delete').count()) === 0);
  await new Promise((r) => setTimeout(r, 7000));
  for (const k of ['bulk1', 'bulk2']) check((await world.emulator.comment(ids[k])).deleted !== true, `${k}: undone, not deleted`);
  log('bulk delete confirmed with counts, then undone');

  // An edited reply reaches the platform.
  const reply = card('complaint').locator('textarea.reply-edit');
  check((await reply.count()) === 1, 'the complaint offers an editable reply');
  await reply.fill('Thank you. Please ring Mrs Patel in the office so we can follow our complaints procedure.');
  await card('complaint').locator('button.decision-post_reply').click();
  await waitFor('the edited reply on the emulator', 20000, async () => {
    const state = await world.emulator.request('GET', '/_emulator/state');
    return JSON.stringify(state).includes('Please ring Mrs Patel in the office');
  });
  log('edited reply posted');

  // The queue updates by itself.
  await page.goto(`${world.base}/#/queue`);
  await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
  ids.live = await world.emulator.addComment('facebook', world.post, TEXT.live, String(n++));
  await waitFor('the new comment to appear without a reload', 30000, async () => (await card('live').count()) === 1);
  log('queue updated without a reload');

  // A moderator on an open concern: no Delete or Show again, and the API says who may.
  const urgentId = Number(await card('urgent').getAttribute('data-id'));
  check((await card('urgent').locator('button.decision-delete, button.decision-show_again').count()) === 0,
    'a moderator is not offered Delete or Show again on an open safeguarding concern');
  const refused = await apiCall(page, 'POST', `/api/v1/items/${urgentId}/decide`, { decision: 'show_again' });
  check(refused.status === 403, `show_again by a moderator is refused (got ${refused.status})`);
  check(/safeguarding/.test(refused.body.error), `the refusal says who may (got "${refused.body.error}")`);
  check(problems.length === 0, `no CSP violations or page errors:\n${problems.join('\n')}`);

  // The safeguarding lead opens the alert's link (/#/comment/ID) and closes the urgent concern.
  const dslContext = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const dsl = { page: await dslContext.newPage() };
  dsl.problems = watchPage(dsl.page, world.base);
  state.page = dsl.page;
  await signIn(dsl.page, world.base, DSL, PASSWORD);
  await dsl.page.goto(`${world.base}/#/`);
  await waitFor('the lead to land on the safeguarding page', 10000, async () => /#\/safeguarding$/.test(dsl.page.url()));
  const firstOpen = dsl.page.locator('.safeguarding-list article.comment-item').first();
  check((await firstOpen.locator('.badge-urgent').count()) === 1, 'the urgent concern comes first, marked Urgent');
  check((await firstOpen.locator('.signposting').textContent()).includes(SIGNPOSTING), "the school's signposting is shown with it");
  await dsl.page.goto(`${world.base}/#/comment/${urgentId}`);
  const box = dsl.page.locator('.decision-box article.comment-item');
  await box.waitFor({ timeout: 10000 });
  await box.locator('button.decision-dealt_with').click();
  check(/note/.test(await box.locator('.item-error').textContent()), 'a note is asked for');
  await box.locator('textarea.note').fill('Rang the family and the local authority designated officer.');
  await box.locator('button.decision-dealt_with').click();
  await waitFor('the concern to be closed', 10000, async () => {
    const item = await apiCall(dsl.page, 'GET', `/api/v1/items/${urgentId}`);
    return !(item.body.needs || []).includes('safeguarding');
  });
  const closed = await apiCall(dsl.page, 'GET', `/api/v1/items/${urgentId}`);
  check(/dealt with: Rang the family/.test(closed.body.note || ''), `the note is kept (got "${closed.body.note}")`);
  check(closed.body.strikes === 0, 'no strike for someone\'s own risk-to-life statement');
  check(dsl.problems.length === 0, `no CSP violations or page errors (lead):\n${dsl.problems.join('\n')}`);
  log('the lead closed the urgent concern with a note');
});
