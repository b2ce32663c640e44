/**
 * firefox_get_approve_ms: get_approve_ms in Firefox ESR with the built dist/firefox.
 */
import { launch } from '../test/e2e/harness/index.js';
import type { BenchContext } from './chromium-bench.js';
import { runCeremonies } from './ceremony.js';
import { fromSamples, median, round } from './figures.js';

export async function benchFirefox(b: BenchContext): Promise<void> {
  const h = await launch('firefox', { timeoutMs: 30_000 });
  try {
    const reader = await h.openExtensionPage('popup.html');
    const rp = await h.newPage(`${b.server.originFor('g')}/rp`);
    await runCeremonies(h, rp, reader, { op: 'create', newPin: b.pin, marks: false, warmup: 0, n: 1 });
    const gets = await runCeremonies(h, rp, reader, { op: 'get', marks: false, warmup: 3, n: b.reps });
    const skews = gets.map((t) => t.skewMs);
    b.figures.firefox_get_approve_ms = fromSamples(
      gets.map((t) => t.approveMs),
      'ms',
      `Firefox ESR, discoverable get() on http://g.localhost (one passkey), warm (3 unmeasured first): trusted click on ` +
        `approve (capturing listener, prompt clock) → the page's promise resolved (page clock), both timeOrigin+now() put ` +
        `on the system clock by their offsets to Date.now() at tick edges (prompt−page median ${round(median(skews))} ms, ` +
        `${round(Math.min(...skews))}..${round(Math.max(...skews))}); now() steps: page ${round(median(gets.map((t) => t.rpClock.resolution)))} ms ` +
        `(crossOriginIsolated ${gets[0]!.rpClock.crossOriginIsolated}), prompt ${round(median(gets.map((t) => t.promptClock.resolution)))} ms; ` +
        `from the click event's timeStamp instead: median ${round(median(gets.map((t) => t.approveFromEventMs)))} ms`,
      30,
    );
    b.log(`firefox_get_approve_ms ${b.figures.firefox_get_approve_ms.value}`);
  } finally {
    await h.close();
  }
}
