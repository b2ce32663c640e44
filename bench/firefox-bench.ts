/**
 * Firefox ESR with the built dist/firefox:
 *  - firefox_get_prompt_ms / firefox_get_prompt_cold_ms: get_prompt_ms and get_prompt_cold_ms
 *    measured the same way (./ceremony.ts), the prompt's marks coming from the same script
 *    (EXTENSION_PAGE_MARKS), here evaluated over WebDriver BiDi in every new extension document as
 *    soon as Firefox reports its realm (`script.realmCreated`): BiDi preload scripts do not run
 *    in moz-extension: documents. A prompt that rendered before the script arrived says so
 *    (`late`) and is left out, as in Chromium;
 *    cold: the event page suspended before every get(), as its idle timeout does
 *    (test/e2e/firefox-background.ts);
 *  - firefox_get_approve_ms: get_approve_ms.
 */
import { launch } from '../test/e2e/harness/index.js';
import { suspendFirefoxBackground } from '../test/e2e/firefox-background.js';
import { clockNote, late, promptSplit, prompts, type BenchContext } from './chromium-bench.js';
import { runCeremonies } from './ceremony.js';
import { fromSamples, median, round } from './figures.js';
import { EXTENSION_PAGE_MARKS } from './in-page.js';

type BiDi = {
  send(method: string, params: object): Promise<unknown>;
  on(event: 'script.realmCreated', handler: (realm: { origin: string; context: string; type: string }) => void): void;
};

export async function benchFirefox(b: BenchContext): Promise<void> {
  const h = await launch('firefox', { timeoutMs: 30_000 });
  try {
    const connection = (h.raw as { connection?: BiDi }).connection;
    if (!connection) throw new Error('firefox_get_prompt_ms: puppeteer internals changed: no BiDi connection');
    connection.on('script.realmCreated', (realm) => {
      if (realm.type !== 'window' || !realm.origin.startsWith('moz-extension:')) return;
      // A window closing as the script arrives is no sample: nothing to report.
      connection.send('script.evaluate', { expression: EXTENSION_PAGE_MARKS, target: { context: realm.context }, awaitPromise: false }).catch(() => undefined);
    });
    const reader = await h.openExtensionPage('popup.html');
    const rp = await h.newPage(`${b.server.originFor('g')}/rp`);
    await runCeremonies(h, rp, reader, { op: 'create', newPin: b.pin, marks: false, warmup: 0, n: 1 });
    // Half or more of the prompts can render before the marks arrive over BiDi: those are left
    // out, so more ceremonies are run (and the figure leans slow: see its note).
    const gets = await runCeremonies(h, rp, reader, { op: 'get', marks: true, warmup: 3, n: b.reps, triesPerSample: 6 });
    const skews = gets.map((t) => t.skewMs);
    b.figures.firefox_get_prompt_ms = fromSamples(
      prompts(gets),
      'ms',
      `Firefox ESR, discoverable get() on http://g.localhost (one passkey), warm (3 unmeasured first): get() called (page clock) → ` +
        `the frame after approve is first present and enabled in the prompt window (rAF + task after the MutationObserver saw it, ` +
        `evaluated over BiDi at the document's realmCreated; prompt clock; ${late(gets)}: those were the prompts faster than BiDi's round trip, so this median leans slow, an upper bound); ${promptSplit(gets)}; to the DOM insertion alone: median ` +
        `${round(median(gets.flatMap((t) => (t.promptDomMs === null ? [] : [t.promptDomMs]))))} ms; ${clockNote(gets)}`,
      30,
    );
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
    b.log(`firefox_get_prompt_ms ${b.figures.firefox_get_prompt_ms.value}, firefox_get_approve_ms ${b.figures.firefox_get_approve_ms.value}`);

    const colds = await runCeremonies(h, rp, reader, {
      op: 'get',
      marks: true,
      warmup: 0,
      n: b.reps,
      triesPerSample: 6,
      before: async () => {
        const state = await suspendFirefoxBackground(h);
        if (state !== 'stopped') throw new Error(`firefox_get_prompt_cold_ms: the background is ${state} after terminateBackground()`);
      },
    });
    b.figures.firefox_get_prompt_cold_ms = fromSamples(
      prompts(colds),
      'ms',
      `as firefox_get_prompt_ms, with the extension's event page suspended before every get() (extension.terminateBackground() ` +
        `from the chrome scope over BiDi, as its idle timeout does; state "stopped" checked): the get() starts it again; ${late(colds)} (the median leans slow, as above); ${promptSplit(colds)}; ${clockNote(colds)}`,
      30,
    );
    b.log(`firefox_get_prompt_cold_ms ${b.figures.firefox_get_prompt_cold_ms.value}`);
  } finally {
    await h.close();
  }
}
