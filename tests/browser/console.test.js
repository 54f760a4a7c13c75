// The web console end to end in headless Chromium: the real emulator and hallmonitord, a
// moderator made with hallmonitorctl. Signs in, keeps one comment hidden with a click and one
// with the h shortcut, shows another again, and checks each effect on the emulator (the other
// decisions are in items.test.js). Also: security headers, CSRF headers on every state-changing request,
// no CSP violations, and screenshots of the queue (desktop and phone).
'use strict';

const path = require('node:path');
const { World, fetchRaw, watchPage, openPage, signIn, run, check, waitFor } = require('./harness.js');

const USER = 'head';
const PASSWORD = 'a long test password 42';

// Each harmful enough to be hidden (abuse).
const TEXT = {
  approve: 'you are an idiot and a moron, head teacher (approve me)',
  reject: 'what a load of numpties run this school (reject me)',
  bulk1: 'the governors are pillocks (bulk one)',
  bulk2: 'total plonkers in the office (bulk two)',
  clean: 'Lovely photos, well done everyone!',
};

run('browser_console', async ({ args, playwright, state, log }) => {
  const world = await World.start(args, 'console');
  state.world = world;
  world.addUser(USER, PASSWORD, 'moderator', 'joseph-hood');
  await world.startDaemon();
  log(`daemon at ${world.base}`);

  // Security headers on the console's page and its scripts.
  for (const p of ['/', '/app.js', '/style.css']) {
    const r = await fetchRaw(`${world.base}${p}`);
    check(r.status === 200, `GET ${p} is 200 (got ${r.status})`);
    const csp = r.headers['content-security-policy'] || '';
    check(/default-src 'self'/.test(csp), `GET ${p} has CSP default-src 'self' (got "${csp}")`);
    check((r.headers['x-frame-options'] || '').toUpperCase() === 'DENY', `GET ${p} has X-Frame-Options: DENY`);
    check(r.headers['x-content-type-options'] === 'nosniff', `GET ${p} has X-Content-Type-Options: nosniff`);
  }
  const appJs = await fetchRaw(`${world.base}/app.js`);
  check(appJs.headers['content-type'].startsWith('text/javascript'), 'app.js is served as JavaScript');
  check(/^"[0-9a-f]+"$/.test(appJs.headers.etag || ''), `app.js has an ETag (got ${appJs.headers.etag})`);
  const again = await fetchRaw(`${world.base}/app.js`, { headers: { 'If-None-Match': appJs.headers.etag } });
  check(again.status === 304 && again.body === '', `a matching If-None-Match gets 304 (got ${again.status})`);
  check((await fetchRaw(`${world.base}/nope.js`)).status === 404, 'an unknown file is 404');
  check((await fetchRaw(`${world.base}/index.html?v=1`)).status === 200, 'a query string is ignored');

  const ids = {};
  for (const [k, text] of Object.entries(TEXT)) ids[k] = await world.emulator.addComment('facebook', world.post, text, k === 'clean' ? '7001' : '9001');
  const undoId = await world.emulator.addComment('facebook', world.post, 'shut up you dimwit (undo my hide)', '9002', 'Parent 9002');
  for (const k of ['approve', 'reject', 'bulk1', 'bulk2']) await world.hidden(ids[k]);
  await world.hidden(undoId);
  log('the daemon hid the harmful comments');

  const { browser, context, page, problems } = await openPage(playwright, state, world.base);

  // Wrong password first: the form says so, as text.
  await page.goto(`${world.base}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login-form', { timeout: 15000 });
  await page.fill('#login-user', USER);
  await page.fill('#login-password', 'not the password at all');
  await page.click('#login-submit');
  await page.waitForSelector('#login-error:not([hidden])', { timeout: 15000 });
  check((await page.textContent('#login-error')).length > 0, 'a failed sign-in shows an error');

  await signIn(page, world.base, USER, PASSWORD);
  log('signed in');

  // The queue has one card per flagged comment (reload until the daemon has them all).
  const card = (key) => page.locator('article.comment-item', { hasText: TEXT[key] });
  await waitFor('the four flagged comments in the queue', 20000, async () => {
    await page.goto(`${world.base}/#/queue`);
    await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
    for (const k of ['approve', 'reject', 'bulk1', 'bulk2']) if ((await card(k).count()) !== 1) return false;
    return true;
  });
  check((await page.locator('article.item', { hasText: TEXT.clean }).count()) === 0, 'the clean comment is not in the queue');
  check((await card('approve').locator('.badge-cat-abuse').count()) === 1, 'category badge shown');
  check(/strike/.test(await card('approve').locator('.strikes').textContent()), "the author's strikes are shown");
  await page.screenshot({ path: path.join(args.artifacts, 'queue.png'), fullPage: true });

  // Keep hidden with a click, and with the h shortcut on the current card.
  // (An item stays open while something else waits, such as a block for a repeat offender, so
  // the check is the decision's outcome.)
  const outcome = async (k) => {
    const id = Number(await card(k).getAttribute('data-id'));
    return page.evaluate(async (i) => (await (await fetch(`/api/v1/items/${i}`, { credentials: 'same-origin' })).json()).outcome, id);
  };
  await card('approve').locator('button.decision-keep_hidden').click();
  await waitFor('the click to keep it hidden', 10000, async () => (await outcome('approve')) === 'kept_hidden');
  await card('reject').locator('.item-title').click();
  await page.keyboard.press('h');
  await waitFor('the h shortcut to keep it hidden', 10000, async () => (await outcome('reject')) === 'kept_hidden');
  log('kept hidden by click and by shortcut');
  for (const k of ['approve', 'reject']) {
    const c = await world.emulator.comment(ids[k]);
    check(c && c.hidden === true && c.deleted === false, `the ${k} comment stays hidden and is not deleted`);
  }
  const clean = await world.emulator.comment(ids.clean);
  check(clean && !clean.deleted && !clean.hidden, 'the clean comment is untouched');

  // Show again: the comment is shown again on the platform.
  const undoCard = page.locator('article.comment-item', { hasText: 'undo my hide' });
  await waitFor('the hidden comment on the page', 15000, async () => (await undoCard.count()) === 1);
  await undoCard.locator('button.decision-show_again').click();
  await waitFor('the emulator to show the comment unhidden', 20000, async () => {
    const c = await world.emulator.comment(undoId);
    return c && c.hidden === false;
  });
  log('show again: the emulator shows the comment again');

  // A comment's details, then the phone layout.
  const internal = await card('reject').locator('a.details').getAttribute('href');
  await page.goto(`${world.base}/${internal}`);
  await page.waitForSelector('main[data-view="Comment"]', { timeout: 10000 });
  check(/Kept hidden by head/.test(await page.textContent('.decision-box')), 'the details show who decided');

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, storageState: await context.storageState(),
  });
  const phonePage = await phone.newPage();
  const phoneProblems = watchPage(phonePage, world.base);
  await phonePage.goto(`${world.base}/#/queue`);
  await phonePage.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
  const overflow = await phonePage.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(overflow <= 1, `no sideways scrolling on a phone (overflow ${overflow}px)`);
  const smallButtons = await phonePage.evaluate(() => [...document.querySelectorAll('main button')]
    .filter((b) => b.offsetParent !== null && b.getBoundingClientRect().height < 40).length);
  check(smallButtons === 0, `buttons are large enough to touch (${smallButtons} too small)`);
  await phonePage.screenshot({ path: path.join(args.artifacts, 'queue-phone.png') });
  await phone.close();

  // Shortcuts do not fire while typing: in the filter tester, "?" and "a" are just text.
  await page.goto(`${world.base}/#/tester`);
  await page.waitForSelector('#tester-text', { timeout: 10000 });
  await page.click('#tester-text');
  await page.keyboard.type('a? you numpty');
  check(!(await page.locator('#help').evaluate((d) => d.open)), 'shortcuts do not fire in a text box');
  check((await page.inputValue('#tester-text')) === 'a? you numpty', 'the typed text is intact');
  await page.click('form.tester button[type="submit"]');
  await page.waitForSelector('.tester-result .comment-text mark', { timeout: 10000 });
  check((await page.textContent('.tester-result .comment-text mark')).includes('numpty'), 'the tester highlights the match');

  // Sign out: the session ends.
  await page.click('#sign-out');
  await page.waitForSelector('#login-form', { timeout: 10000 });
  const after = await page.evaluate(async () => (await fetch('/api/v1/session', { credentials: 'same-origin' })).status);
  check(after === 401, `after signing out the session is gone (got ${after})`);

  const all = [...problems, ...phoneProblems];
  check(all.length === 0, `no CSP violations, page errors, other origins or missing CSRF headers:\n${all.join('\n')}`);
  log(`screenshots in ${args.artifacts}`);
});
