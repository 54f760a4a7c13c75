// Screenshots of the console's main pages at desktop (1280 × 900) and phone (390 × 844) size,
// for the README: starts the real emulator and hallmonitord as the browser tests do (pages.js),
// signs in as an admin and saves docs/screenshots/{page}-{desktop|phone}.png. Not part of ctest.
//
//   node tests/browser/screenshots.js --daemon build/daemon/hallmonitord \
//     --ctl build/cli/hallmonitorctl --emulator build/emulator/hallmonitor-emulator \
//     --source . --artifacts /tmp/hm-shots
//
// Error policy: as the harness: anything unexpected fails the run with the logs' tails.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { launchBrowser, signIn, run } = require('./harness.js');
const { ADMIN, startWorld, pagesToVisit, visit } = require('./pages.js');

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];
const SHOWN = ['queue', 'today', 'comment', 'author', 'safeguarding', 'audit'];

run('screenshots', async ({ args, playwright, state, log }) => {
  const out = path.join(args.source, 'docs', 'screenshots');
  fs.mkdirSync(out, { recursive: true });
  const world = await startWorld(args, 'screenshots');
  state.world = world;
  const browser = await launchBrowser(playwright);
  state.browser = browser;
  for (const size of SIZES) {
    const context = await browser.newContext({ viewport: size.viewport, isMobile: Boolean(size.isMobile), hasTouch: Boolean(size.hasTouch) });
    const page = await context.newPage();
    state.page = page;
    await signIn(page, world.base, ADMIN.name, ADMIN.password);
    const pages = (await pagesToVisit(page)).filter((p) => SHOWN.includes(p.name));
    for (const p of pages) {
      await visit(page, world.base, p);
      const file = path.join(out, `${p.name}-${size.name}.png`);
      // One screenful, as a reader first sees the page.
      await page.screenshot({ path: file });
      log(`saved ${path.relative(args.source, file)}`);
    }
    await context.close();
  }
}, 300000);
