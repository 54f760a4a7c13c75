// A trial run (docs/setup/day-one.md): the school's policy flags abuse without hiding it
// ([school.policy.abuse] hide = false). End to end in headless Chromium against the real emulator
// and hallmonitord: flagged comments stay public and are listed as "Flagged but still visible",
// never as hidden; "Hide it" hides one on the platform, "Leave it up" closes the other and
// leaves it public.
'use strict';

const { World, openPage, signIn, run, check, waitFor } = require('./harness.js');

const HEAD = 'head';
const PASSWORD = 'a long test password 42';
const HIDE = 'you are an idiot and a moron (hide me by hand)';
const LEAVE = 'what a load of numpties run this school (leave me up)';

run('browser_trial', async ({ args, playwright, state, log }) => {
  const world = await World.start(args, 'trial', { policy: '[school.policy.abuse]\nhide = false\n' });
  state.world = world;
  world.addUser(HEAD, PASSWORD, 'moderator', 'joseph-hood');
  await world.startDaemon();
  const hideId = await world.emulator.addComment('facebook', world.post, HIDE, '301');
  const leaveId = await world.emulator.addComment('facebook', world.post, LEAVE, '302');

  const { page, problems } = await openPage(playwright, state, world.base);
  await signIn(page, world.base, HEAD, PASSWORD);
  const visibleCard = (text) => page.locator('#visible-title ~ article.comment-item', { hasText: text });
  await waitFor('both flagged comments listed as still visible', 20000, async () => {
    await page.goto(`${world.base}/#/queue`);
    await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
    return (await visibleCard(HIDE).count()) === 1 && (await visibleCard(LEAVE).count()) === 1;
  }, 1000);
  for (const id of [hideId, leaveId]) check(!(await world.emulator.comment(id)).hidden, `comment ${id} is still public`);
  check((await page.locator('.keep-all-hidden').count()) === 0, 'no "Keep all hidden" for comments that are not hidden');
  const hideButton = visibleCard(HIDE).locator('button.decision-keep_hidden');
  check((await hideButton.textContent()) === 'Hide it', 'the button says "Hide it", not "Keep hidden"');
  check((await visibleCard(LEAVE).locator('button.decision-show_again').textContent()) === 'Leave it up',
    'the button says "Leave it up", not "Show again"');

  await hideButton.click();
  await world.hidden(hideId);
  log('"Hide it" hid the comment on the emulator');

  await visibleCard(LEAVE).locator('button.decision-show_again').click();
  const left = page.locator('article.comment-item', { hasText: LEAVE });
  await waitFor('the left-up comment to be closed', 10000, async () => (await left.getAttribute('data-state')) === 'closed');
  check(/left up/i.test(await page.textContent('#toasts')), 'the toast says it was left up');
  check(!(await world.emulator.comment(leaveId)).hidden, 'the left-up comment is still public');
  check(problems.length === 0, `no console errors (${problems.join('; ')})`);
});
