// Comment text is attacker-controlled. Posts comments holding <script>, <img onerror>, a
// javascript: link, an <svg onload> and a right-to-left override (each with an insult, so the
// daemon queues it), serves one action with a javascript: permalink and a hostile author name
// (by rewriting the API answer in the browser, since the emulator makes its own permalinks),
// and checks in headless Chromium that everything renders as inert text: no script ran, no
// element was made from comment text, no javascript: href exists, and the override sits inside
// isolated elements. The queue, a comment's details and the filter tester are all checked.
'use strict';

const path = require('node:path');
const { World, launchBrowser, watchPage, signIn, run, check, waitFor } = require('./harness.js');

const USER = 'dsl-deputy';
const PASSWORD = 'another long test password';

const PAYLOADS = {
  script: 'you idiot <script>window.__xss=1</script>',
  img: 'moron <img src=x onerror="window.__xss=1">',
  link: 'numpty <a href="javascript:window.__xss=1">click</a>',
  svg: 'pillock <svg onload="window.__xss=1"></svg><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  rtl: 'plonker \u202Egnp.exe\u202C and \u2067isolated\u2069 end',
};

// Everything the page must not contain after rendering any of the above.
async function assertInert(page, where) {
  const report = await page.evaluate(() => {
    const out = {};
    out.xss = typeof window.__xss;
    // Inside comment text only marks and the bidi markers may exist.
    out.foreign = [...document.querySelectorAll('.comment-text *')]
      .filter((e) => !(e.tagName === 'MARK' || (e.tagName === 'SPAN' && e.classList.contains('bidi-control'))))
      .map((e) => e.tagName);
    out.scripts = [...document.querySelectorAll('script')].filter((s) => !s.src).length;
    out.badNodes = document.querySelectorAll('main img, main iframe, main svg, main object, main embed').length;
    out.jsHrefs = [...document.querySelectorAll('[href], [src], [action], [formaction]')]
      .map((e) => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action') || e.getAttribute('formaction') || '')
      .filter((v) => /^\s*(javascript|data|vbscript):/i.test(v));
    out.handlers = [...document.querySelectorAll('*')]
      .flatMap((e) => [...e.attributes].map((a) => a.name))
      .filter((n) => /^on/i.test(n));
    return out;
  });
  check(report.xss === 'undefined', `${where}: window.__xss is undefined (no script ran)`);
  check(report.foreign.length === 0, `${where}: no elements made from comment text (found ${report.foreign.join(', ')})`);
  check(report.scripts === 0, `${where}: no inline <script> elements`);
  check(report.badNodes === 0, `${where}: no img/iframe/svg/object/embed elements in the page body`);
  check(report.jsHrefs.length === 0, `${where}: no javascript:/data: URLs (found ${report.jsHrefs.join(', ')})`);
  check(report.handlers.length === 0, `${where}: no on* attributes (found ${report.handlers.join(', ')})`);
}

async function assertRtlIsolated(page, where) {
  const r = await page.evaluate(() => {
    const blocks = [...document.querySelectorAll('.comment-text')].filter((b) => b.textContent.includes('\u202E'));
    return blocks.map((block) => {
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      const parents = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (/[\u202A-\u202E\u2066-\u2069]/.test(n.data)) {
          const p = n.parentElement;
          parents.push({
            cls: p.className, alone: n.data.length === 1, bidi: getComputedStyle(p).unicodeBidi, marker: p.dataset.cp || '',
          });
        }
      }
      return { dir: block.getAttribute('dir'), bidi: getComputedStyle(block).unicodeBidi, parents };
    });
  });
  check(r.length >= 1, `${where}: the right-to-left override comment is shown`);
  for (const b of r) {
    check(b.bidi === 'isolate', `${where}: the comment block has unicode-bidi: isolate (got ${b.bidi})`);
    check(b.dir === 'auto', `${where}: the comment block has dir=auto (got ${b.dir})`);
    check(b.parents.length === 4, `${where}: four bidi controls found (got ${b.parents.length})`);
    for (const p of b.parents) {
      check(p.cls.includes('bidi-control') && p.alone, `${where}: each bidi control is alone in a marker element`);
      check(p.bidi === 'isolate', `${where}: each marker is isolated (got ${p.bidi})`);
      check(/^U\+20[26][0-9A-F]$/.test(p.marker), `${where}: each marker names its code point (got ${p.marker})`);
    }
  }
}

run('browser_xss', async ({ args, playwright, state, log }) => {
  const world = await World.start(args, 'xss');
  state.world = world;
  world.addUser(USER, PASSWORD, 'moderator', 'joseph-hood');
  await world.startDaemon();

  const ids = {};
  for (const [k, text] of Object.entries(PAYLOADS)) ids[k] = await world.emulator.addComment('facebook', world.post, text, `66${Object.keys(ids).length}`);
  for (const id of Object.values(ids)) await world.hidden(id);
  log('the daemon hid every payload comment');

  const browser = await launchBrowser(playwright);
  state.browser = browser;
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
  state.page = page;
  const problems = watchPage(page, world.base);
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });

  // One item gets a javascript: permalink and a hostile author name, as a compromised or
  // odd platform might send them.
  await page.route('**/api/v1/items?*', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    for (const a of body.items || []) {
      if (a.comment && typeof a.comment.text === 'string' && a.comment.text.includes('javascript:')) {
        a.comment.permalink = 'javascript:window.__xss=1';
        a.comment.author_name = '<img src=x onerror="window.__xss=1">';
      }
    }
    await route.fulfill({ response, json: body });
  });

  await signIn(page, world.base, USER, PASSWORD);
  const cards = page.locator('.queue-page article.comment-item');
  await waitFor('every payload in the queue', 20000, async () => {
    await page.goto(`${world.base}/#/queue`);
    await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
    return (await cards.count()) >= Object.keys(PAYLOADS).length;
  }, 1000);

  // The text is there, literally.
  const queueText = await page.locator('main').textContent();
  check(queueText.includes('<script>window.__xss=1</script>'), 'the <script> payload is shown as text');
  check(queueText.includes('<img src=x onerror="window.__xss=1">'), 'the <img onerror> payload is shown as text');
  check(queueText.includes('<a href="javascript:window.__xss=1">click</a>'), 'the javascript: link payload is shown as text');
  check(queueText.includes('<svg onload="window.__xss=1">'), 'the <svg onload> payload is shown as text');
  const linkCard = page.locator('.queue-page article.comment-item', { hasText: 'javascript:window.__xss=1">click' });
  check((await linkCard.locator('.unsafe-link').textContent()) === 'javascript:window.__xss=1', 'the javascript: permalink is shown as text, not a link');
  check((await linkCard.locator('a.permalink').count()) === 0, 'the javascript: permalink is not a link');
  check((await linkCard.locator('a.author').textContent()) === '<img src=x onerror="window.__xss=1">', 'a hostile author name is text');
  check((await page.locator('article.item a.permalink[href^="https://"]').count()) >= 1, 'https permalinks are links');
  await assertInert(page, 'queue');
  await assertRtlIsolated(page, 'queue');

  // Clicking the unsafe permalink text and the author link does nothing harmful.
  const before = page.url();
  await linkCard.locator('.unsafe-link').click();
  check(page.url() === before, 'clicking the javascript: permalink text does not navigate');
  await page.locator('.queue-page article.comment-item', { hasText: 'gnp.exe' }).screenshot({ path: path.join(args.artifacts, 'xss-rtl.png') });
  await page.screenshot({ path: path.join(args.artifacts, 'xss-queue.png'), fullPage: true });

  // Each comment's details.
  for (const k of Object.keys(PAYLOADS)) {
    const href = await page.locator('.queue-page article.comment-item', { hasText: PAYLOADS[k].slice(0, 12) }).first().locator('a.details').getAttribute('href');
    await page.goto(`${world.base}/${href}`);
    await page.waitForSelector('main[data-view="Comment"] .comment-text', { timeout: 10000 });
    await assertInert(page, `details of ${k}`);
    if (k === 'rtl') await assertRtlIsolated(page, 'details');
    await page.goto(`${world.base}/#/queue`);
    await page.waitForSelector('main[data-view="Queue"]', { timeout: 10000 });
  }

  // The filter tester renders what it is given the same way.
  await page.goto(`${world.base}/#/tester`);
  await page.waitForSelector('#tester-text', { timeout: 10000 });
  await page.fill('#tester-text', Object.values(PAYLOADS).join('\n'));
  await page.click('form.tester button[type="submit"]');
  await page.waitForSelector('.tester-result .comment-text', { timeout: 10000 });
  await assertInert(page, 'filter tester');
  await assertRtlIsolated(page, 'filter tester');
  check((await page.textContent('.tester-result .comment-text')).includes('<script>window.__xss=1</script>'), 'the tester shows the payload as text');

  check(dialogs.length === 0, `no dialogs opened (${dialogs.join(', ')})`);
  check(problems.length === 0, `no CSP violations or page errors:\n${problems.join('\n')}`);
});
