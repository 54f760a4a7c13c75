// The Today page end to end in headless Chromium against the real emulator and hallmonitord: an
// abusive comment is hidden (counted under Abuse today and this week), then the emulator refuses
// the Page's token (expired_token, Graph 190) on a poll and the channel stops. #/today shows it
// first, in words with what to do; after SIGHUP (the renewed credential) it reads "working".
// The Rules page then lists the rule that hid the comment. Last, the admin adds a word to an
// insult list on disk and backtests it in the filter tester before reloading: the parent's
// comment that was clean would now be hidden, by that rule (issue 16).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { METRICS_AUTH, World, fetchRaw, openPage, signIn, run, check, waitFor } = require('./harness.js');

const USER = 'head';
const PASSWORD = 'a long test password 42';
const ABUSIVE = 'you are an idiot and a moron';
const CLEAN = 'The flibbertigibbet bake sale raised £212, thank you all';

async function channelState(world) {
  const r = await fetchRaw(`${world.base}/healthz`, { headers: METRICS_AUTH });
  const c = (JSON.parse(r.body).channels || []).find((ch) => ch.id === 'jh-facebook');
  return c ? c.state : null;
}

run('browser_today', async ({ args, playwright, state, log }) => {
  const world = await World.start(args, 'today');
  state.world = world;
  world.addUser(USER, PASSWORD, 'admin', 'joseph-hood');
  await world.startDaemon();

  // The clean comment comes first, so it is stored by the time the abusive one is hidden.
  await world.emulator.addComment('facebook', world.post, CLEAN, '9002');
  const abusive = await world.emulator.addComment('facebook', world.post, ABUSIVE, '9001');
  await world.hidden(abusive);
  log('the abusive comment is hidden');

  // The next poll's token is refused: the channel stops until a reload.
  await world.emulator.request('POST', '/_emulator/faults', {
    platform: 'facebook', kind: 'expired_token', match: '/feed', count: 1,
  });
  await waitFor('the channel to stop', 20000, async () => (await channelState(world)) === 'stopped', 200);

  const { page, problems } = await openPage(playwright, state, world.base);
  await signIn(page, world.base, USER, PASSWORD);
  const navToday = page.locator('#nav a[href="#/today"]');
  check((await navToday.count()) === 1, 'the navigation has Today');
  await navToday.click();
  await page.waitForSelector('main[data-view="Today"]', { timeout: 10000 });

  const stopped = page.locator('#today-channels li.channel[data-channel="jh-facebook"]');
  check((await stopped.getAttribute('data-state')) === 'stopped', 'the channel is shown stopped');
  const words = (await stopped.locator('.channel-words').textContent()).replace(/\s+/g, ' ');
  check(/^Facebook \(Joseph Hood Primary School, jh-facebook\) — stopped: the platform refused its access token or a permission, or a setting is wrong\. Fix what it said and reload \(see README\)$/.test(words),
    `the channel says what is wrong and what to do (got "${words}")`);
  check(/access token|190/i.test(await stopped.locator('.channel-details').textContent()), 'the platform\'s answer is shown');
  check(/need(s)? you/.test(await page.textContent('#today-channels-title')), 'the heading says a channel needs you');
  check(await stopped.evaluate((n) => n.classList.contains('channel-problem')), 'the stopped channel is marked as a problem');
  const today = await page.textContent('#today-hidden-today');
  check(/Abuse\s*1/.test(today), `hidden today counts the abusive comment under Abuse (got "${today}")`);
  check(/Abuse\s*1/.test(await page.textContent('#today-hidden-week')), 'and this week too');
  await page.screenshot({ path: path.join(args.artifacts, 'today-stopped.png'), fullPage: true });

  // The admin renews the credential (here: the fault is spent) and reloads.
  world.daemon.kill('SIGHUP');
  await waitFor('the channel to poll again', 20000, async () => (await channelState(world)) === 'polling', 200);
  await page.reload();
  await page.waitForSelector('main[data-view="Today"]', { timeout: 10000 });
  const again = page.locator('#today-channels li.channel[data-channel="jh-facebook"]');
  check((await again.getAttribute('data-state')) === 'polling', 'after the reload the channel is polling');
  check(/— working$/.test((await again.locator('.channel-words').textContent()).trim()), 'and reads "working"');
  check(/all running/.test(await page.textContent('#today-channels-title')), 'the heading says all channels run');

  // The Rules page: the rule that hid the abusive comment, with its reason in words (issue 16).
  const navRules = page.locator('#nav a[href="#/rules"]');
  check((await navRules.count()) === 1, 'the navigation has Rules');
  await navRules.click();
  await page.waitForSelector('#rules-table', { timeout: 10000 });
  const rows = await page.locator('#rules-table tbody tr').count();
  check(rows >= 1, `the rules table lists the rule that matched (got ${rows} rows)`);
  const first = page.locator('#rules-table tbody tr').first();
  const rule = await first.getAttribute('data-rule');
  const matched = (await first.locator('td').first().textContent()).trim();
  check(/^abuse\./.test(rule) && matched === '1', `it names the rule and matched once (got ${rule}, ${matched})`);
  await page.screenshot({ path: path.join(args.artifacts, 'rules.png'), fullPage: true });

  // The backtest: a word added to the insult list on disk, tried before any reload.
  fs.appendFileSync(path.join(world.dir, 'filters', 'lists', 'insults.txt'), '\nflibbertigibbet\n');
  await page.goto(`${world.base}/#/tester`);
  await page.waitForSelector('form.backtest', { timeout: 10000 });
  check((await page.inputValue('#backtest-rules-choice')) === 'on_disk', 'the backtest judges with the lists on disk by default');
  await page.click('form.backtest button[type="submit"]');
  await page.waitForSelector('#backtest-summary', { timeout: 20000 });
  const summary = (await page.textContent('#backtest-summary')).replace(/\s+/g, ' ');
  check(/Of 2 stored comment\(s\).*1 would be newly hidden and 0 newly shown again/.test(summary),
    `the backtest counts the comment the new word would hide (got "${summary}")`);
  const changed = page.locator('#backtest-changes li[data-now="hidden"]');
  check((await changed.count()) === 1, 'one comment is listed as would-be hidden');
  check((await changed.textContent()).includes(CLEAN), 'it is the parent\'s comment, shown as text');
  const moved = page.locator('#backtest-rules tbody tr').first();
  check((await moved.getAttribute('data-rule')) === 'abuse.insult', 'the rule that moved is listed first');
  const cells = await moved.locator('td').allTextContents();
  check(Number(cells[1]) === Number(cells[0]) + 1, `its hits go up by one (got ${cells.join(' → ')})`);
  await page.screenshot({ path: path.join(args.artifacts, 'backtest.png'), fullPage: true });
  // The live rules are unchanged until a reload: the same comment is still clean there.
  await page.selectOption('#backtest-rules-choice', 'live');
  await page.click('form.backtest button[type="submit"]');
  await waitFor('the live backtest', 20000, async () => /0 would be newly hidden/.test(await page.textContent('#backtest-summary') || ''), 200);

  check(problems.length === 0, `no CSP violations, page errors or missing CSRF headers:\n${problems.join('\n')}`);
});
