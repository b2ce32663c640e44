/**
 * Every Chromium figure, in one run:
 *  1. page_hook_exec_ms, with an instrumented copy of dist/chrome (the built page-hook.js,
 *     wrapped in two performance.now() reads that write a page global);
 *  2. with the real dist/chrome, side by side with a plain Chromium (no extension):
 *     page_load_ratio and va_get_ms, then the ceremonies through the real prompt, unlock, the
 *     10,000-passkey vault and the popup.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../test/e2e/harness/chromium.js';
import { launch, type Harness } from '../test/e2e/harness/index.js';
import { runCeremonies, type CeremonyTiming } from './ceremony.js';
import { fromSamples, median, round, type Figures } from './figures.js';
import { armClickClock, EXTENSION_PAGE_MARKS, navigationLoadMs, readClickClock, unlockedMark } from './in-page.js';
import { POPUP_TIMELINE_MARKS, samplePopup, seedInWorker, summarise, type PopupSample } from './popup-timeline.js';
import type { BenchServer } from './server.js';

export interface BenchContext {
  root: string;
  server: BenchServer;
  figures: Figures;
  pin: string;
  seedScript: string;
  reps: number;
  log(message: string): void;
}

const HOOK_LOADS = 55;
const LOAD_PAIRS = 80;
const VA_GETS = 50;
const SEEDED = 10_000;

function range(xs: number[]): string {
  return `${round(Math.min(...xs))}..${round(Math.max(...xs))}`;
}

/** The prompt times of a series, leaving out those whose marks came late. */
export function prompts(ts: CeremonyTiming[]): number[] {
  return ts.flatMap((t) => (t.promptMs === null ? [] : [t.promptMs]));
}

/** Where a series' prompt time went: to the window's document starting to load, and from there to approve painted. */
export function promptSplit(ts: CeremonyTiming[]): string {
  const both = ts.filter((t) => t.promptMs !== null && t.promptWindowMs !== null);
  if (both.length === 0) return 'no split';
  const window = round(median(both.map((t) => t.promptWindowMs!)));
  const rest = round(median(both.map((t) => t.promptMs! - t.promptWindowMs!)));
  return `split: get() called → the prompt document's navigation start (the background's checks and windows.create) median ${window} ms, from there → approve painted (the page loads, asks consent:view, renders) median ${rest} ms`;
}

export function late(ts: CeremonyTiming[]): string {
  const dropped = ts.filter((t) => t.promptMs === null).length;
  return `${dropped} prompt(s) left out because the mark script was attached only after the prompt had rendered`;
}

/** A note on how the two documents' clocks were reconciled in a series of ceremonies. */
export function clockNote(ts: CeremonyTiming[]): string {
  const skews = ts.map((t) => t.skewMs);
  const res = (xs: number[]) => round(median(xs));
  return (
    `clocks: page and prompt each timeOrigin+now(), put on the system clock by their own offset to Date.now() ` +
    `measured at Date.now() tick edges (prompt−page offset median ${res(skews)} ms, ${range(skews)}); ` +
    `now() steps: page ${res(ts.map((t) => t.rpClock.resolution))} ms (crossOriginIsolated ${ts[0]!.rpClock.crossOriginIsolated}), ` +
    `prompt ${res(ts.map((t) => t.promptClock.resolution))} ms`
  );
}

/** A copy of an unpacked Chromium build whose page-hook.js writes its own run time to `window.__passkeepBenchHookMs`. */
export async function instrumentedHookCopy(source: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'passkeep-bench-ext-'));
  await cp(source, dir, { recursive: true });
  const hook = await readFile(join(dir, 'page-hook.js'), 'utf8');
  // Keep a leading "use strict" directive first, so the hook runs exactly as shipped.
  const strict = /^\s*(["'])use strict\1;?/.exec(hook);
  const body = strict ? hook.slice(strict[0].length) : hook;
  await writeFile(
    join(dir, 'page-hook.js'),
    `${strict ? '"use strict";' : ''}var __passkeepBenchT0=performance.now();\n${body}\n;window.__passkeepBenchHookMs=performance.now()-__passkeepBenchT0;\n`,
  );
  return dir;
}

async function benchHookExec(b: BenchContext): Promise<void> {
  const dir = await instrumentedHookCopy(join(b.root, 'dist', 'chrome'));
  const h = await launch('chromium', { extensionPath: dir });
  try {
    const page = await h.newPage();
    const samples: number[] = [];
    let isolated = false;
    for (let i = 0; i < HOOK_LOADS; i++) {
      await page.goto(`${b.server.originFor(null)}/static?hook=${i}`);
      const r = await page.evaluate(() => ({
        ms: (window as unknown as { __passkeepBenchHookMs?: number }).__passkeepBenchHookMs,
        isolated: globalThis.crossOriginIsolated === true,
      }));
      if (typeof r.ms !== 'number') throw new Error('page_hook_exec_ms: the instrumented hook did not run on the page');
      isolated = r.isolated;
      samples.push(r.ms);
    }
    b.figures.page_hook_exec_ms = fromSamples(
      samples,
      'ms',
      `the built page-hook.js run as the extension's main-world document_start script, timed by performance.now() ` +
        `before and after it inside an instrumented copy of dist/chrome, one fresh navigation per sample ` +
        `(first load included), static page crossOriginIsolated=${isolated} (now() resolution 5 µs when isolated, 100 µs otherwise)`,
      50,
    );
    b.log(`page_hook_exec_ms ${b.figures.page_hook_exec_ms.value}`);
  } finally {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function loadOnce(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  const handle = await page.waitForFunction(navigationLoadMs, undefined, { timeout: 30_000, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}

async function benchPageLoad(b: BenchContext, h: Harness, plain: BrowserContext): Promise<void> {
  const withExt = (await h.newPage()).raw as Page;
  const without = await plain.newPage();
  await without.setViewportSize({ width: 1280, height: 720 });
  const ratios: number[] = [];
  const a: number[] = [];
  const c: number[] = [];
  for (let i = -5; i < LOAD_PAIRS; i++) {
    const url = `${b.server.originFor(null)}/static?pair=${i}`;
    // Alternate which side goes first, so that order effects cancel out.
    let w: number;
    let o: number;
    if (i % 2 === 0) {
      w = await loadOnce(withExt, url);
      o = await loadOnce(without, url);
    } else {
      o = await loadOnce(without, url);
      w = await loadOnce(withExt, url);
    }
    if (i < 0) continue; // warm-up pairs
    if (!(w > 0 && o > 0)) throw new Error(`page_load_ratio: no load timing (with ${w}, without ${o})`);
    ratios.push(w / o);
    a.push(w);
    c.push(o);
  }
  b.figures.page_load_ratio = fromSamples(
    ratios,
    'ratio',
    `pairs of loads of the same ~6 KB static page from the local server (fresh navigation, no-store), one in a Chromium ` +
      `with the built extension and one in a Chromium without it (two browsers, each a persistent profile on disk, same binary and flags, same 1280×720 viewport), order alternated; ` +
      `load = navigation start → loadEventEnd from the page's own PerformanceNavigationTiming; ` +
      `with: median ${round(median(a))} ms (${range(a)}), without: median ${round(median(c))} ms (${range(c)})`,
    30,
  );
  b.log(`page_load_ratio ${b.figures.page_load_ratio.value}`);
  await withExt.close();
  await without.close();
}

async function benchVirtualAuthenticator(b: BenchContext, plain: BrowserContext): Promise<void> {
  const page = await plain.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  const url = `${b.server.originFor('g')}/rp`;
  await page.goto(url, { waitUntil: 'load' });
  const cdp = await plain.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  const created = await page.evaluate(async () => {
    const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));
    const c = await navigator.credentials.create({
      publicKey: {
        rp: { name: 'Bench' },
        user: { id: rnd(16), name: 'va@example.com', displayName: 'va' },
        challenge: rnd(32),
        pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
        authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' },
        attestation: 'none',
      },
    });
    return c ? c.id : null;
  });
  if (!created) throw new Error('va_get_ms: the virtual authenticator created no credential');
  const samples: number[] = [];
  for (let i = -3; i < VA_GETS; i++) {
    // The same get() options as the extension's ceremonies, on the same page and origin.
    const ms = await page.evaluate(async () => {
      const challenge = crypto.getRandomValues(new Uint8Array(32));
      const t0 = performance.now();
      const c = await navigator.credentials.get({ publicKey: { challenge, userVerification: 'discouraged' } });
      const t1 = performance.now();
      return c ? t1 - t0 : -1;
    });
    if (ms < 0) throw new Error('va_get_ms: get() resolved with no credential');
    if (i >= 0) samples.push(ms);
  }
  b.figures.va_get_ms = fromSamples(
    samples,
    'ms',
    `Chromium's CDP virtual authenticator (ctap2, internal, resident keys, UV, automatic presence) answering a discoverable ` +
      `get() on ${url} in a Chromium without the extension, warm (3 unmeasured first); get() called → resolved, ` +
      `performance.now() in the page (crossOriginIsolated)`,
    30,
  );
  b.log(`va_get_ms ${b.figures.va_get_ms.value}`);
  await cdp.detach();
  await page.close();
}

type TargetInfo = { targetId: string; type: string; url: string };

/**
 * Stops the extension's service worker and waits until the browser lists no target for it;
 * says how. First `ServiceWorker.stopAllWorkers` on an extension page's session (the one that
 * works here); if the worker target is still listed after 5 s, `Target.closeTarget` on it.
 * Targets come from `Target.getTargets` on a browser session: playwright's own list of workers
 * can keep a stopped one for a while.
 */
async function stopServiceWorker(context: BrowserContext, cdp: CDPSession, extensionOrigin: string): Promise<string> {
  const browser = context.browser();
  if (!browser) throw new Error('get_prompt_cold_ms: no browser to open a CDP session on');
  const session = await browser.newBrowserCDPSession();
  const workerTarget = async () => {
    const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: TargetInfo[] };
    return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`${extensionOrigin}/`));
  };
  const goneWithin = async (ms: number) => {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
      if (!(await workerTarget())) return true;
    }
    return false;
  };
  try {
    if (!(await workerTarget())) return 'already stopped';
    await cdp.send('ServiceWorker.stopAllWorkers');
    if (await goneWithin(5000)) return 'ServiceWorker.stopAllWorkers';
    const target = await workerTarget();
    if (target) await session.send('Target.closeTarget', { targetId: target.targetId });
    if (await goneWithin(5000)) return 'Target.closeTarget';
  } finally {
    await session.detach().catch(() => undefined);
  }
  throw new Error('get_prompt_cold_ms: could not stop the service worker (stopAllWorkers and closeTarget both failed)');
}

async function benchUnlock(b: BenchContext, h: Harness): Promise<void> {
  const popup = await h.openExtensionPage('popup.html');
  await popup.waitFor('[data-state="unlocked"]', { state: 'attached', timeoutMs: 30_000 });
  const samples: number[] = [];
  for (let i = -2; i < b.reps; i++) {
    await popup.click('testid=lock');
    await popup.waitFor('testid=pin');
    await popup.evaluate(() => {
      const m = (window as unknown as { __benchMarks?: { unlocked?: number } }).__benchMarks;
      if (m) delete m.unlocked;
    });
    await popup.fill('testid=pin', b.pin);
    await popup.evaluate(armClickClock, 'passkeep-bench-unlock');
    await popup.click('testid=unlock');
    const unlocked = await popup.waitForFunction(unlockedMark, { timeoutMs: 30_000 });
    const click = await popup.evaluate(readClickClock, 'passkeep-bench-unlock');
    if (unlocked === null || !click) throw new Error('unlock_ms: no unlock recorded');
    if (i >= 0) samples.push(unlocked - click.at);
  }
  b.figures.unlock_ms = fromSamples(
    samples,
    'ms',
    `popup.html (extension tab): trusted click on unlock with the PIN typed → the app's data-state becomes "unlocked" ` +
      `(MutationObserver from an init script), both in the popup's own clock; includes runtime.sendMessage, Argon2id ` +
      `(64 MiB, t=3, p=1, hash-wasm in the service worker), the key unwrap and import, the attempt-counter writes ` +
      `and storage.session; lock → unlock repeated, 2 unmeasured first`,
    30,
  );
  b.log(`unlock_ms ${b.figures.unlock_ms.value}`);
  await popup.close();
}

async function benchPopup10k(b: BenchContext, h: Harness): Promise<void> {
  const samples: PopupSample[] = [];
  for (let i = -2; i < b.reps; i++) {
    const sample = await samplePopup(h);
    if (i >= 0) samples.push(sample);
  }
  const { text } = summarise(samples);
  const how =
    `popup.html opened in a tab of the extension's origin (1280×720) with ${SEEDED} seeded passkeys plus the bench's own, ` +
    `vault unlocked, the real background; 2 unmeasured first; marks from an init script in the popup's own clock ` +
    `(runtime.sendMessage wrapped to note each request and reply; a MutationObserver for the first row; painted = rAF + task after it); `;
  b.figures.popup_10k_render_ms = fromSamples(
    samples.map((s) => s.firstRowPainted),
    'ms',
    how + `navigation start (the popup's timeOrigin) → the frame with the first [data-testid=passkey] painted; timeline: ${text}`,
    30,
  );
  b.figures.popup_10k_search_ms = fromSamples(
    samples.map((s) => s.searchMs),
    'ms',
    how + `once the whole list is in (no aria-busy left): the query "user-999" put into the search field as one input event → ` +
      `the frame after the visible rows or the count changed (MutationObserver, then rAF + task); ${samples[0]!.rowsAfterSearch} rows after`,
    30,
  );
  b.log(`popup_10k_render_ms ${b.figures.popup_10k_render_ms.value}, popup_10k_search_ms ${b.figures.popup_10k_search_ms.value}`);
}

export async function benchChromium(b: BenchContext): Promise<void> {
  await benchHookExec(b);

  const h = await launch('chromium', { timeoutMs: 30_000 });
  // The side without the extension: the same kind of browser as the harness's (a persistent
  // profile on disk, no viewport emulation, the same flags), only without --load-extension, so
  // that profile work such as history writes weighs the same on both sides.
  const plainDir = await mkdtemp(join(tmpdir(), 'passkeep-bench-plain-'));
  let plain: BrowserContext | null = null;
  try {
    const context = h.raw as BrowserContext;
    plain = await chromium.launchPersistentContext(plainDir, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      viewport: null,
      args: CHROMIUM_ARGS,
    });

    await benchPageLoad(b, h, plain);
    await benchVirtualAuthenticator(b, plain);
    await plain.close();
    plain = null;
    // Only now: playwright's init-script machinery runs on every page of the context, and the
    // page loads above must not pay for it.
    await context.addInitScript({ content: EXTENSION_PAGE_MARKS });
    await context.addInitScript({ content: POPUP_TIMELINE_MARKS });

    // The reader: an extension page that reads the prompt's click times and holds a CDP session.
    const reader = await h.openExtensionPage('popup.html');
    const cdp = await context.newCDPSession(reader.raw as Page);
    await cdp.send('ServiceWorker.enable');
    const rpG = await h.newPage(`${b.server.originFor('g')}/rp`);
    const rpC = await h.newPage(`${b.server.originFor('c')}/rp`);
    const common = { marks: true, warmup: 3, n: b.reps };

    // First use: the PIN is chosen in the prompt; this creates g.localhost's one passkey.
    await runCeremonies(h, rpG, reader, { ...common, op: 'create', newPin: b.pin, marks: false, warmup: 0, n: 1 });

    const creates = await runCeremonies(h, rpC, reader, { ...common, op: 'create', marks: false });
    b.figures.create_approve_ms = fromSamples(
      creates.map((t) => t.approveMs),
      'ms',
      `create() on http://c.localhost (ES256, resident key, UV discouraged), warm (3 unmeasured first): trusted click on ` +
        `approve (capturing listener, prompt clock) → the page's promise resolved (page clock); ${clockNote(creates)}; ` +
        `from the click event's timeStamp instead: median ${round(median(creates.map((t) => t.approveFromEventMs)))} ms`,
      30,
    );
    b.log(`create_approve_ms ${b.figures.create_approve_ms.value}`);

    const gets = await runCeremonies(h, rpG, reader, { ...common, op: 'get' });
    b.figures.get_prompt_ms = fromSamples(
      prompts(gets),
      'ms',
      `discoverable get() on http://g.localhost (one passkey for it), warm (3 unmeasured first): get() called (page clock) → ` +
        `the frame after approve is first present and enabled in the prompt window (rAF + task after the MutationObserver ` +
        `saw it; prompt clock; ${late(gets)}); ${promptSplit(gets)}; to the DOM insertion alone: median ${round(median(gets.flatMap((t) => (t.promptDomMs === null ? [] : [t.promptDomMs]))))} ms; ${clockNote(gets)}`,
      30,
    );
    b.figures.get_approve_ms = fromSamples(
      gets.map((t) => t.approveMs),
      'ms',
      `the same get()s: trusted click on approve (capturing listener, prompt clock) → the page's promise resolved (page clock); ` +
        `from the click event's timeStamp instead: median ${round(median(gets.map((t) => t.approveFromEventMs)))} ms; ${clockNote(gets)}`,
      30,
    );
    b.log(`get_prompt_ms ${b.figures.get_prompt_ms.value}, get_approve_ms ${b.figures.get_approve_ms.value}`);

    const how = new Set<string>();
    const colds = await runCeremonies(h, rpG, reader, {
      ...common,
      op: 'get',
      warmup: 0,
      before: async () => {
        how.add(await stopServiceWorker(context, cdp, h.extensionOrigin));
      },
    });
    b.figures.get_prompt_cold_ms = fromSamples(
      prompts(colds),
      'ms',
      `as get_prompt_ms, with the extension's service worker stopped before every get() (${[...how].join(', ')} on a CDP ` +
        `session of an extension page, then polling Target.getTargets on a browser session until no service_worker target of the extension is listed): the get() starts it again; ${late(colds)}; ${promptSplit(colds)}; ${clockNote(colds)}`,
      30,
    );
    b.figures.sign_cold_ms = fromSamples(
      colds.map((t) => t.approveMs),
      'ms',
      `approve clicked → page's promise resolved in those same ceremonies, i.e. the first signature of a freshly started ` +
        `service worker (which had only opened the vault and listed the candidates for the prompt); ${clockNote(colds)}`,
      30,
    );
    b.log(`get_prompt_cold_ms ${b.figures.get_prompt_cold_ms.value}, sign_cold_ms ${b.figures.sign_cold_ms.value}`);

    await benchUnlock(b, h);

    // The newest worker: after the restarts above, playwright's list may still hold stopped ones.
    const seeded = await seedInWorker(h, b.seedScript, SEEDED, b.pin);
    if (seeded.stored < SEEDED) throw new Error(`vault_10k: only ${seeded.stored} passkeys stored after seeding`);
    b.log(`seeded ${SEEDED} passkeys in ${Math.round(seeded.ms)} ms (${seeded.method}); ${seeded.stored} stored`);

    const gets10k = await runCeremonies(h, rpG, reader, { ...common, op: 'get', marks: false });
    b.figures.vault_10k_get_ms = fromSamples(
      gets10k.map((t) => t.approveMs),
      'ms',
      `as get_approve_ms with ${seeded.stored} passkeys in the vault (${SEEDED} seeded for 1,000 other sites inside the ` +
        `service worker with the product's Vault code: ${seeded.method}); ${clockNote(gets10k)}`,
      30,
    );
    b.log(`vault_10k_get_ms ${b.figures.vault_10k_get_ms.value}`);

    await benchPopup10k(b, h);
  } finally {
    await plain?.close().catch(() => undefined);
    await rm(plainDir, { recursive: true, force: true });
    await h.close();
  }
}

