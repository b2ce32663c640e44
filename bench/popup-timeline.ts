/**
 * The popup with 10,000 passkeys, timed step by step in real Chromium with the built extension
 * and its real background: what the time from opening the popup to its first painted rows goes
 * to, and one search keystroke. Used by `npm run bench` (popup_10k_render_ms,
 * popup_10k_search_ms) and by scripts/bench-popup-compare.mjs (two builds side by side).
 *
 * The marks come from an init script in every extension page (playwright's addInitScript runs
 * before the page's own scripts): `runtime.sendMessage` is wrapped to note when each request
 * leaves and its reply arrives, and a MutationObserver notes the first passkey row in the DOM
 * and the frame after it (rAF, then a task: the frame with the row has been painted). Every
 * time is the popup's own `performance.now()`, i.e. milliseconds since its navigation started.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import type { Harness, TestPage } from '../test/e2e/harness/index.js';
import { median, round } from './figures.js';

/** Source text for `context.addInitScript`: records the timeline into `window.__popupTimeline`. */
export const POPUP_TIMELINE_MARKS = `(() => {
  if (location.protocol !== 'chrome-extension:' || !location.pathname.endsWith('/popup.html')) return;
  const t = (window.__popupTimeline = { requests: [], firstRow: null, firstRowPainted: null });
  const runtime = globalThis.chrome && chrome.runtime;
  if (runtime && typeof runtime.sendMessage === 'function') {
    const original = runtime.sendMessage.bind(runtime);
    runtime.sendMessage = (...args) => {
      const message = args.find((a) => a && typeof a === 'object');
      const entry = { type: message && message.type, sent: performance.now(), replied: null, reply: null };
      t.requests.push(entry);
      const callback = typeof args[args.length - 1] === 'function' ? args.pop() : null;
      const done = (reply) => {
        entry.replied = performance.now();
        entry.reply = reply;
        return reply;
      };
      if (callback) return original(...args, (reply) => callback(done(reply)));
      return original(...args).then(done);
    };
  }
  const check = () => {
    if (t.firstRow === null && document.querySelector('[data-testid="passkey"]')) {
      t.firstRow = performance.now();
      requestAnimationFrame(() => setTimeout(() => (t.firstRowPainted = performance.now()), 0));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true });
})();`;

export interface PopupSample {
  /** first runtime.sendMessage call (the popup's script has run) */
  firstRequest: number;
  /** every request in order: type, sent, replied, reply size (JSON characters) */
  requests: Array<{ type: string; sent: number; replied: number; chars: number }>;
  firstRow: number;
  firstRowPainted: number;
  /** search: input event → the frame after the list changed */
  searchMs: number;
  rowsAfterSearch: number;
}

/** In the popup: the timeline once the first rows have been painted (null until then). */
function readTimeline(): unknown {
  const t = (window as unknown as { __popupTimeline?: { firstRowPainted: number | null; requests: Array<{ type: string; sent: number; replied: number | null; reply: unknown }> } }).__popupTimeline;
  if (!t || t.firstRowPainted === null) return null;
  return {
    ...t,
    requests: t.requests.map((r) => ({ type: r.type, sent: r.sent, replied: r.replied ?? -1, chars: r.reply === null ? 0 : JSON.stringify(r.reply).length })),
  };
}

/** In the popup: true once the list is complete (no aria-busy region left). */
function listComplete(): boolean {
  return document.querySelector('[data-testid="search"]') !== null && document.querySelector('[aria-busy="true"]') === null;
}

/**
 * In the popup: one search (the whole query as one input event, as a paste or a fast typist's
 * last key), timed from the event to the frame after the visible list changed.
 */
function timeSearch(): Promise<{ ms: number; rows: number }> {
  const search = document.querySelector<HTMLInputElement>('[data-testid="search"]')!;
  const signature = () => [...document.querySelectorAll<HTMLElement>('[data-testid="passkey"]')].map((e) => e.dataset.passkeyId).join(',') + '|' + (document.querySelector('.list-count')?.textContent ?? '');
  const before = signature();
  return new Promise((resolve) => {
    const started = performance.now();
    const finish = () => requestAnimationFrame(() => setTimeout(() => resolve({ ms: performance.now() - started, rows: document.querySelectorAll('[data-testid="passkey"]').length }), 0));
    const observer = new MutationObserver(() => {
      if (signature() === before) return;
      observer.disconnect();
      finish();
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    search.value = 'user-999';
    search.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Opens the popup once in a new tab and times it. */
export async function samplePopup(h: Harness): Promise<PopupSample> {
  const popup = await h.openExtensionPage('popup.html');
  try {
    const raw = (await popup.waitForFunction(readTimeline, { timeoutMs: 120_000 })) as {
      requests: PopupSample['requests'];
      firstRow: number;
      firstRowPainted: number;
    };
    await popup.waitForFunction(listComplete, { timeoutMs: 120_000 });
    // Again, now that every request has been answered.
    raw.requests = ((await popup.waitForFunction(readTimeline, { timeoutMs: 120_000 })) as typeof raw).requests;
    const search = (await (popup.raw as Page).evaluate(timeSearch)) as { ms: number; rows: number };
    return {
      firstRequest: raw.requests[0]?.sent ?? NaN,
      requests: raw.requests,
      firstRow: raw.firstRow,
      firstRowPainted: raw.firstRowPainted,
      searchMs: search.ms,
      rowsAfterSearch: search.rows,
    };
  } finally {
    await popup.close();
  }
}

/** Sets the PIN through the popup (first run), leaving the vault unlocked. */
export async function setPinInPopup(h: Harness, pin: string): Promise<void> {
  const popup = await h.openExtensionPage('popup.html');
  await popup.fill('testid=pin-new', pin);
  await popup.fill('testid=pin-confirm', pin);
  await popup.click('testid=set-pin');
  await popup.waitFor('[data-state="unlocked"]', { state: 'attached', timeoutMs: 60_000 });
  await popup.close();
}

const isExtensionWorker = (w: Worker) => w.url().startsWith('chrome-extension://');

/** Seeds `count` passkeys inside the service worker with bench/seed-vault.ts (the product's Vault). */
export async function seedInWorker(h: Harness, seedScript: string, count: number, pin: string): Promise<{ stored: number; method: string; ms: number }> {
  const context = h.raw as BrowserContext;
  const sw =
    context.serviceWorkers().filter(isExtensionWorker).at(-1) ??
    (await context.waitForEvent('serviceworker', { predicate: isExtensionWorker, timeout: 30_000 }));
  return (await sw.evaluate(`(async () => { ${seedScript}\nreturn await __passkeepBenchSeed.seed(${count}, ${JSON.stringify(pin)}); })()`)) as {
    stored: number;
    method: string;
    ms: number;
  };
}

/** Medians of a series of samples, step by step, as text and numbers. */
export function summarise(samples: PopupSample[]): { text: string; painted: number; search: number } {
  const med = (f: (s: PopupSample) => number) => round(median(samples.map(f)));
  const types = samples[0]!.requests.map((r) => r.type);
  const steps = types.map((type, i) => {
    const at = (s: PopupSample) => s.requests[i] ?? { sent: NaN, replied: NaN, chars: NaN };
    return `${type} sent ${med((s) => at(s).sent)} → reply ${med((s) => at(s).replied)} (round trip ${med((s) => at(s).replied - at(s).sent)} ms, ${med((s) => at(s).chars)} chars)`;
  });
  const painted = med((s) => s.firstRowPainted);
  const search = med((s) => s.searchMs);
  const text =
    `n=${samples.length}; medians in ms since navigation start: first request ${med((s) => s.firstRequest)}; ${steps.join('; ')}; ` +
    `first row in the DOM ${med((s) => s.firstRow)}; painted ${painted} (min ${round(Math.min(...samples.map((s) => s.firstRowPainted)))}, max ${round(Math.max(...samples.map((s) => s.firstRowPainted)))}); ` +
    `search keystroke → painted ${search} ms (min ${round(Math.min(...samples.map((s) => s.searchMs)))}, max ${round(Math.max(...samples.map((s) => s.searchMs)))}; ${samples[0]!.rowsAfterSearch} rows after)`;
  return { text, painted, search };
}

export type { TestPage };
