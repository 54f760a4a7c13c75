// The Today page end to end in headless Chromium against the real emulator and hallmonitord: an
// abusive comment is hidden (counted under Abuse today and this week), then the emulator refuses
// the Page's token (expired_token, Graph 190) on a poll and the channel stops. #/today shows it
// first, in words with what to do; after SIGHUP (the renewed credential) it reads "working".
// The Rules page then lists the rule that hid the comment.
'use strict';

const path = require('node:path');
const { METRICS_AUTH, World, fetchRaw, openPage, signIn, run, check, waitFor } = require('./harness.js');

const USER = 'head';
const PASSWORD = 'a long test password 42';
const ABUSIVE = 'you are an idiot and a moron';

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

  check(problems.length === 0, `no CSP violations, page errors or missing CSRF headers:\n${problems.join('\n')}`);
});
