// Every page of the console at phone size (390 × 844, an iPhone 12-14), in headless Chromium
// against the real daemon and emulator: none may scroll sideways
// (document.documentElement.scrollWidth ≤ 390). The comments include a long unbroken link and
// the pages include the audit log's and the comment history's tables. Failing names the page
// and the widest elements. On the author page, at phone size, the moderator forgives a strike
// and proposes a block: each says what happened in one toast (never an id), the block appears
// as a proposed action, and a second proposal is refused while it is open.
'use strict';

const path = require('node:path');
const { launchBrowser, watchPage, signIn, run, check } = require('./harness.js');
const { ADMIN, startWorld, pagesToVisit, visit } = require('./pages.js');

const WIDTH = 390;

async function overflow(page) {
  return page.evaluate((width) => {
    const wide = [];
    for (const e of document.querySelectorAll('body *')) {
      const r = e.getBoundingClientRect();
      if (r.right > width + 0.5 && r.width > 0) wide.push(`${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''} (right ${Math.round(r.right)})`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 6) };
  }, WIDTH);
}

run('browser_phone', async ({ args, playwright, state, log }) => {
  const world = await startWorld(args, 'phone');
  state.world = world;
  const browser = await launchBrowser(playwright);
  state.browser = browser;
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  state.page = page;
  const problems = watchPage(page, world.base);

  // The sign-in page first.
  await page.goto(`${world.base}/`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#login-form', { timeout: 15000 });
  const login = await overflow(page);
  check(login.scrollWidth <= WIDTH, `the sign-in page is ${login.scrollWidth} px wide at ${WIDTH} px: ${login.wide.join(', ')}`);

  await signIn(page, world.base, ADMIN.name, ADMIN.password);
  const pages = await pagesToVisit(page);
  for (const p of pages) {
    await visit(page, world.base, p);
    if (p.name === 'tester') {
      await page.fill('#tester-text', 'call me on 07700 900123 you idiot https://bit.ly/aVeryLongUnbrokenLinkThatWouldPushAPhoneScreenSideways');
      await page.click('form.tester button[type="submit"]');
      await page.waitForSelector('.tester-result h2', { timeout: 15000 });
    }
    const o = await overflow(page);
    log(`${p.name}: ${o.scrollWidth} px`);
    await page.screenshot({ path: path.join(args.artifacts, `phone-${p.name}.png`), fullPage: true });
    check(o.scrollWidth <= WIDTH, `${p.name} (${p.hash}) is ${o.scrollWidth} px wide at ${WIDTH} px: ${o.wide.join(', ')}`);
  }

  // The author page's steps, with the one-toast rule.
  const author = pages.find((p) => p.name === 'author');
  await visit(page, world.base, author);
  const rule = (await page.textContent('.strike-rule')).trim();
  const standing = /^3 strikes in 90 days propose a block; this author has (\d+)\.$/.exec(rule);
  check(standing && Number(standing[1]) >= 1, `the strike rule in words (got "${rule}")`);
  const after = `this author has ${Number(standing[1]) - 1}.`;
  await page.locator('button.forgive-strike').first().click();
  await page.waitForFunction((t) => (document.querySelector('.strike-rule')?.textContent || '').endsWith(t), after, { timeout: 10000 });
  check((await page.locator('.toast').count()) === 1, 'one toast');
  check((await page.textContent('.toast')).trim() === 'Strike forgiven', 'the toast says what happened');
  await page.click('button.propose-block');
  await page.waitForFunction(() => /Block proposed/.test(document.querySelector('.toast')?.textContent || ''), null, { timeout: 10000 });
  check((await page.locator('.toast').count()) === 1, 'still one toast: the new one replaced the old');
  await page.waitForSelector('button.propose-block:not([disabled])', { timeout: 10000 });
  await page.click('button.propose-block');
  await page.waitForFunction(() => /already open/.test(document.querySelector('.toast')?.textContent || ''), null, { timeout: 10000 });
  check((await page.locator('.toast').count()) === 1, 'the refusal replaced it too');
  const blocks = await page.evaluate(async () => (await (await fetch('/api/v1/actions?kind=block&state=proposed')).json()).actions);
  check(blocks.length === 1 && blocks[0].comment.author_id === '7001', 'one proposed block of the author');
  const all = await page.evaluate(async () => (await (await fetch('/api/v1/actions?limit=200')).json()).actions);
  check(all.every((a) => !/verdict:|detector\.|\(action \d/.test(a.reason)), 'no reason shows a rule id or an action id');
  check(all.some((a) => (a.reasons || []).includes('Looks like a UK phone number')), 'the phone number is given in words');
  check(problems.length === 0, `no page errors or CSP problems: ${problems.join('; ')}`);
});
