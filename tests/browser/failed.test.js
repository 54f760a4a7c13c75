// A failed action in the web console, end to end in headless Chromium against the real emulator
// and hallmonitord: the emulator refuses the first hide for good (invalid_request), the queue
// shows the failed hide first with the reason in plain words, /healthz says degraded, the
// moderator clicks "Try again" and the comment is hidden on the platform; /healthz is ok again.
// A second failed hide is dealt with by hand: "I did it by hand" marks it done without a call.
'use strict';

const path = require('node:path');
const { METRICS_AUTH, World, fetchRaw, openPage, signIn, run, check, waitFor } = require('./harness.js');

const USER = 'head';
const PASSWORD = 'a long test password 42';
const RETRIED = 'you are an idiot and a moron (hide me, then try again)';
const BY_HAND = 'what a load of numpties run this school (hidden by hand)';

async function health(world) {
  const r = await fetchRaw(`${world.base}/healthz`, { headers: METRICS_AUTH });
  return { status: r.status, body: JSON.parse(r.body) };
}

run('browser_failed', async ({ args, playwright, state, log }) => {
  const world = await World.start(args, 'failed');
  state.world = world;
  world.addUser(USER, PASSWORD, 'moderator', 'joseph-hood');
  await world.startDaemon();
  check((await health(world)).status === 200, '/healthz is 200 before anything failed');

  // The first hide is refused for good: not a rate limit, not a token problem.
  await world.emulator.request('POST', '/_emulator/faults', {
    platform: 'facebook', kind: 'invalid_request', match: 'is_hidden=true', count: 1,
  });
  const retriedId = await world.emulator.addComment('facebook', world.post, RETRIED, '9001');

  const { page, problems } = await openPage(playwright, state, world.base);
  await signIn(page, world.base, USER, PASSWORD);

  const failedCard = (text) => page.locator('.queue article.comment-item[data-needs~="failed"]', { hasText: text });
  const item = (id) => page.evaluate(async (i) => (await (await fetch(`/api/v1/items/${i}`, { credentials: 'same-origin' })).json()), id);
  await waitFor('the failed hide at the top of the queue', 30000, async () => {
    await page.goto(`${world.base}/#/queue`);
    await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
    return (await failedCard(RETRIED).count()) === 1;
  }, 1000);
  const card = failedCard(RETRIED);
  const itemId = Number(await card.getAttribute('data-id'));
  const said = await card.locator('.outcome.failure').textContent();
  check(/could not hide the comment on Facebook/.test(said), `the reason is in plain words (got "${said}")`);
  check(/Invalid parameter/.test(said), `the platform's answer is shown (got "${said}")`);
  check(/could not do on the platform/.test(await card.locator('.item-title').textContent()), 'the card\'s title says what needs doing');
  // It is the first card that needs a decision.
  const first = await page.evaluate(() => {
    const c = document.querySelector('.queue article.comment-item');
    return c ? c.dataset.needs : '';
  });
  check(/failed/.test(first), `the failed comment comes first in the queue (first card needs "${first}")`);
  check((await world.emulator.comment(retriedId)).hidden === false, 'the comment is still visible on the platform');
  await page.screenshot({ path: path.join(args.artifacts, 'failed-action.png'), fullPage: true });

  const degraded = await health(world);
  check(degraded.status === 503, `/healthz is 503 while an action has failed (got ${degraded.status})`);
  check(degraded.body.state === 'degraded', `/healthz names the degraded state (got ${degraded.body.state})`);
  check(degraded.body.reasons.some((r) => /failed/.test(r)), `/healthz says actions failed (${JSON.stringify(degraded.body.reasons)})`);

  // Try again: the hide runs and the comment is hidden on the emulator.
  const retry = card.locator('button.decision-retry');
  check((await retry.textContent()) === 'Try again', 'the button says Try again');
  await retry.click();
  await waitFor('the comment to be hidden on the emulator', 20000, async () => (await world.emulator.comment(retriedId)).hidden === true);
  log('Try again: the emulator shows the comment hidden');
  await waitFor('the item to be hidden with nothing failed', 10000, async () => {
    const i = await item(itemId);
    return i.hidden === true && i.failed.length === 0;
  });
  await waitFor('/healthz to be ok again', 10000, async () => (await health(world)).status === 200);
  await page.reload(); // the same #/queue: a reload draws it afresh
  await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
  check((await page.locator('.queue article.comment-item[data-needs~="failed"]').count()) === 0, 'nothing failed is left in the queue');

  // A second failure, dealt with by hand on the platform: marked done, no call made.
  await world.emulator.request('POST', '/_emulator/faults', {
    platform: 'facebook', kind: 'invalid_request', match: 'is_hidden=true', count: 1,
  });
  const byHandId = await world.emulator.addComment('facebook', world.post, BY_HAND, '9003');
  await waitFor('the second failed hide', 30000, async () => {
    await page.reload();
    await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
    return (await failedCard(BY_HAND).count()) === 1;
  }, 1000);
  const second = failedCard(BY_HAND);
  const secondAction = Number(await second.locator('.failed-action').getAttribute('data-action-id'));
  await second.locator('input.reason').fill('hidden on Facebook by the head');
  await second.locator('button.decision-done').click();
  let outcome = '';
  await waitFor('the hide to be done by hand', 10000, async () => {
    const a = await page.evaluate(async (id) => (await (await fetch(`/api/v1/actions/${id}`, { credentials: 'same-origin' })).json()), secondAction);
    outcome = a.outcome || '';
    return a.state === 'done';
  });
  check(/done by hand: hidden on Facebook by the head/.test(outcome), `the outcome says it was done by hand (got "${outcome}")`);
  check((await world.emulator.comment(byHandId)).hidden === false, 'marking it done made no platform call');
  check((await health(world)).status === 200, '/healthz is ok once the failure is dealt with');

  check(problems.length === 0, `no CSP violations, page errors or missing CSRF headers:\n${problems.join('\n')}`);
});
