// Pages that follow the server by themselves: poll GET /api/v1/items/summary every few seconds
// (cheap: the server caches it until something changes) and redraw only when its `changed`
// counter moves. Polling rather than server-sent events: it survives proxies, sleeping laptops
// and daemon restarts with no reconnect logic, and a few seconds' delay is fine for a queue.
import { get } from './api.js';

const EVERY_MS = 3000;

// ctx: the view's context (polling stops once the user has moved on).
// redraw(): reloads the page's lists; resolves false if it chose not to (the user is busy), so
// the change is picked up on a later tick. onSummary(summary): every fresh summary.
export function watchItems(ctx, changed, redraw, onSummary) {
  let last = changed;
  let busy = false;
  const timer = window.setInterval(async () => {
    if (!ctx.isCurrent()) {
      window.clearInterval(timer);
      return;
    }
    if (busy || document.hidden) return;
    busy = true;
    try {
      const summary = await get('/api/v1/items/summary');
      if (!ctx.isCurrent()) return;
      if (onSummary) onSummary(summary);
      if (summary.changed !== last && (await redraw())) last = summary.changed;
    } catch {
      // The daemon restarting or the network dropping: try again on the next tick.
    } finally {
      busy = false;
    }
  }, EVERY_MS);
}
