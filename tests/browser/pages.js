// Every page of the console with something on it, for the phone-width test and the screenshot
// script: a world with an admin, flagged comments of several kinds (one with a long unbroken
// link, the width a phone layout must survive), and the list of pages to visit.
//
// Error policy: anything unexpected throws (the harness reports it).
'use strict';

const { World, waitFor } = require('./harness.js');

const ADMIN = { name: 'head', password: 'the teacher in charge password 2027' };

const COMMENTS = [
  ['you are an idiot and a moron, the whole lot of you', '7001', 'Angry Parent'],
  ['ring me on 07700 900123 about the fete, or see https://bit.ly/aVeryLongUnbrokenLinkThatWouldPushAPhoneScreenSidewaysIfTheLayoutLetItqwertyuiopasdfghjkl', '7002', 'Stall Holder'],
  ['hey any yr8 girls wanna chat? dm me im 14 too dont tell ur parents', '7003', 'Stranger'],
  ['I have emailed three times about the dinner money and nobody replies, this is appalling', '7004', 'Frustrated Parent'],
  ['what a load of numpties run this school', '7001', 'Angry Parent'],
];

// Starts the daemon with the comments above and waits until the console has all of them.
async function startWorld(args, name) {
  const world = await World.start(args, name, { defaultPolicy: true });
  world.addUser(ADMIN.name, ADMIN.password, 'admin');
  await world.startDaemon();
  for (const [text, author, authorName] of COMMENTS) {
    await world.emulator.addComment('facebook', world.post, text, author, authorName);
  }
  return world;
}

// Waits (in a signed-in page) until every comment has been judged, and returns the pages to
// visit: [{name, hash, ready}] where ready is a selector that shows the page is drawn.
async function pagesToVisit(page) {
  let actions = [];
  await waitFor('the comments to reach the console', 30000, async () => {
    actions = await page.evaluate(async () => {
      const r = await fetch('/api/v1/actions?limit=200', { credentials: 'same-origin' });
      return r.ok ? (await r.json()).actions : [];
    });
    return new Set(actions.map((a) => a.comment.internal_id)).size >= COMMENTS.length - 1;
  }, 500);
  const linked = actions.find((a) => /bit\.ly/.test(a.comment.text || '')) || actions[0];
  const angry = actions.find((a) => a.comment.author_id === '7001') || actions[0];
  return [
    { name: 'queue', hash: '#/queue', ready: 'main[data-view="Queue"]' },
    { name: 'comment', hash: `#/comment/${linked.comment.internal_id}`, ready: 'main[data-view="Comment"]' },
    { name: 'author', hash: `#/author/${encodeURIComponent(angry.comment.channel)}/${encodeURIComponent(angry.comment.author_id)}`, ready: 'main[data-view="Author"]' },
    { name: 'safeguarding', hash: '#/safeguarding', ready: 'main[data-view="Safeguarding"]' },
    { name: 'today', hash: '#/today', ready: 'main[data-view="Today"]' },
    { name: 'audit', hash: '#/audit', ready: 'main[data-view="Audit log"]' },
    { name: 'tester', hash: '#/tester', ready: 'main[data-view="Filter tester"]' },
    { name: 'users', hash: '#/users', ready: 'main[data-view="Users and tokens"]' },
  ];
}

// Opens one page and waits until it is drawn (its view set and its loading done).
async function visit(page, base, p) {
  await page.goto(`${base}/${p.hash}`);
  await page.waitForSelector(p.ready, { timeout: 15000 });
  await page.waitForLoadState('networkidle', { timeout: 15000 }).catch(() => {});
}

module.exports = { ADMIN, COMMENTS, startWorld, pagesToVisit, visit };
