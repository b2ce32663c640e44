/**
 * scripts/bench-ceremony-compare.mjs: the prompt and approve times of two (or more) builds of
 * the extension side by side, in one run: one browser per build, each with its own PIN and one
 * passkey, and the ceremonies run in turn (A, B, A, B, …) so that whatever else the machine is
 * doing weighs on both alike. Prints each build's medians (./ceremony.ts measures them exactly
 * as `npm run bench` does) and the ratios to the first build.
 *
 * When a build keeps timestamps of its own in `globalThis.__passkeepTrace` (an instrumented
 * build made by hand for the purpose; the shipped code has none), they are read from the
 * background after each ceremony and printed as medians since its first mark. With `steps`
 * (Chromium) any build gives the prompt's own steps that way (./prompt-timeline.ts), printed
 * also as each sample's step-to-step times.
 */
import type { BrowserContext, Worker } from 'playwright-core';
import { launch, type BrowserName, type Harness, type TestPage } from '../test/e2e/harness/index.js';
import { runCeremony, type CeremonyTiming } from './ceremony.js';
import { median, round } from './figures.js';
import { clockOffset, EXTENSION_PAGE_MARKS, type ClockOffset } from './in-page.js';
import { PROMPT_TIMELINE_MARKS, WORKER_TIMELINE_MARKS } from './prompt-timeline.js';
import type { BenchServer } from './server.js';

type BiDi = {
  send(method: string, params: object): Promise<unknown>;
  on(event: 'script.realmCreated', handler: (realm: { origin: string; context: string; type: string }) => void): void;
};

interface Side {
  label: string;
  h: Harness;
  reader: TestPage;
  rp: TestPage;
  /** creates go to another site (as in npm run bench), so that g.localhost keeps its one passkey */
  rpCreate: TestPage | null;
  gets: CeremonyTiming[];
  creates: CeremonyTiming[];
  traces: Array<Record<string, number>>;
}

const PIN = 'bench-pin-4921';

/** The prompt's steps, each from one mark to the next (bench/prompt-timeline.ts). */
const STEPS: Array<[string, string, string]> = [
  ['page:call', 'bg:request', 'page → background'],
  ['bg:request', 'bg:windows.create called', '→ windows.create called'],
  ['bg:windows.create called', 'prompt:nav', '→ navigation start'],
  ['prompt:nav', 'p:nav:responseEnd', '→ HTML loaded'],
  ['p:nav:responseEnd', 'p:script:first-message', '→ script asks for its view'],
  ['p:script:first-message', 'p:script:first-reply', '→ view here'],
  ['p:script:first-reply', 'p:dom:approve', '→ approve in the DOM'],
  ['p:dom:approve', 'p:approve-painted', '→ painted'],
];

async function marksEverywhere(browser: BrowserName, h: Harness, steps: boolean): Promise<void> {
  if (browser === 'chromium') {
    await (h.raw as BrowserContext).addInitScript({ content: EXTENSION_PAGE_MARKS });
    if (steps) await (h.raw as BrowserContext).addInitScript({ content: PROMPT_TIMELINE_MARKS });
    return;
  }
  // As bench/firefox-bench.ts: BiDi preload scripts skip extension documents.
  const connection = (h.raw as { connection?: BiDi }).connection;
  if (!connection) throw new Error('puppeteer internals changed: no BiDi connection');
  connection.on('script.realmCreated', (realm) => {
    if (realm.type !== 'window' || !realm.origin.startsWith('moz-extension:')) return;
    connection.send('script.evaluate', { expression: EXTENSION_PAGE_MARKS, target: { context: realm.context }, awaitPromise: false }).catch(() => undefined);
  });
}

/**
 * In an extension page (the reader): what an instrumented build left in the extension origin's
 * localStorage (Firefox's event page has one; the prompt writes its own marks there too), emptied.
 */
function readStoredTrace(): { bg: Record<string, number> | null; prompt: Record<string, number> | null } {
  const take = (key: string) => {
    const raw = localStorage.getItem(key);
    localStorage.removeItem(key);
    return raw ? (JSON.parse(raw) as Record<string, number>) : null;
  };
  return { bg: take('passkeep-bg-trace'), prompt: take('passkeep-prompt-trace') };
}

/**
 * The instrumented build's trace of the last ceremony, emptied: the background's marks on the
 * system clock (Chromium: the worker's own offset; Firefox: the reader's, a page of the same
 * extension process), and the prompt's (`p:`, ms since its navigation start).
 */
async function takeTrace(browser: BrowserName, h: Harness, reader: TestPage, steps = false): Promise<Record<string, number> | null> {
  const stored = (await reader.evaluate(readStoredTrace)) as ReturnType<typeof readStoredTrace>;
  let bg: Record<string, number> | null = stored.bg;
  let offset: number;
  if (browser === 'chromium') {
    const sw = (h.raw as BrowserContext).serviceWorkers().filter((w: Worker) => w.url().startsWith('chrome-extension://')).at(-1);
    if (!sw) return null;
    if (steps) await sw.evaluate(WORKER_TIMELINE_MARKS);
    bg = (await sw.evaluate('(() => { const t = globalThis.__passkeepTrace ?? null; globalThis.__passkeepTrace = {}; return t; })()')) as Record<string, number> | null;
    offset = ((await sw.evaluate(`(${clockOffset.toString()})()`)) as ClockOffset).offset;
  } else {
    offset = ((await reader.evaluate(clockOffset)) as ClockOffset).offset;
  }
  const trace: Record<string, number> = {};
  for (const [k, v] of Object.entries(bg ?? {})) if (!k.startsWith('p:')) trace[k] = v - offset;
  for (const [k, v] of Object.entries(stored.prompt ?? {})) trace[`p:${k}`] = v;
  return Object.keys(trace).length ? trace : null;
}

function line(label: string, ts: CeremonyTiming[]): string {
  const med = (xs: number[]) => (xs.length ? round(median(xs)) : NaN);
  const prompt = ts.flatMap((t) => (t.promptMs === null ? [] : [t.promptMs]));
  const win = ts.flatMap((t) => (t.promptWindowMs === null ? [] : [t.promptWindowMs]));
  const rest = ts.flatMap((t) => (t.promptMs === null || t.promptWindowMs === null ? [] : [t.promptMs - t.promptWindowMs]));
  return (
    `${label}: n=${ts.length}; prompt ${med(prompt)} ms (n=${prompt.length}; get() → navigation start ${med(win)}, → approve painted ${med(rest)}); ` +
    `approve ${med(ts.map((t) => t.approveMs))} ms (from the event's timeStamp ${med(ts.map((t) => t.approveFromEventMs))})`
  );
}

export async function compare(
  browser: BrowserName,
  builds: Array<{ label: string; dir: string }>,
  server: BenchServer,
  runs: number,
  withCreates: boolean,
  steps = false,
): Promise<void> {
  const sides: Side[] = [];
  try {
    for (const { label, dir } of builds) {
      const h = await launch(browser, { extensionPath: dir, timeoutMs: 60_000 });
      await marksEverywhere(browser, h, steps);
      const reader = await h.openExtensionPage('popup.html');
      const rp = await h.newPage(`${server.originFor('g')}/rp`);
      const rpCreate = withCreates ? await h.newPage(`${server.originFor('c')}/rp`) : null;
      const side: Side = { label, h, reader, rp, rpCreate, gets: [], creates: [], traces: [] };
      sides.push(side);
      // First use: the PIN is chosen in the prompt; this makes g.localhost's one passkey.
      await runCeremony(h, rp, reader, { op: 'create', newPin: PIN, marks: false });
    }
    for (let i = -3; i < runs; i++) {
      // Alternate which build goes first, so that order effects cancel out.
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      for (const s of order) {
        await takeTrace(browser, s.h, s.reader, steps);
        const t = await runCeremony(s.h, s.rp, s.reader, { op: 'get', marks: true });
        const trace = await takeTrace(browser, s.h, s.reader);
        if (i < 0) continue;
        s.gets.push(t);
        if (trace) {
          // The prompt's own marks (an instrumented build): its timeOrigin on the system clock.
          const nav = trace['p:zorigin'] ?? (t.promptWindowMs === null ? NaN : t.at.call + t.promptWindowMs);
          delete trace['p:zorigin'];
          for (const k of Object.keys(trace)) if (k.startsWith('p:')) trace[k] = nav + trace[k]!;
          s.traces.push({ ...trace, 'page:call': t.at.call, 'prompt:nav': nav, 'prompt:click': t.at.click, 'page:resolved': t.at.resolved });
        }
        if (s.rpCreate) s.creates.push(await runCeremony(s.h, s.rpCreate, s.reader, { op: 'create', marks: false }));
      }
    }
  } finally {
    for (const s of sides) await s.h.close().catch(() => undefined);
  }
  const first = sides[0]!;
  const med = (ts: CeremonyTiming[], f: (t: CeremonyTiming) => number | null) => median(ts.flatMap((t) => (f(t) === null ? [] : [f(t)!])));
  for (const s of sides) {
    console.log(`\n${browser} get() ${line(s.label, s.gets)}`);
    if (withCreates) console.log(`${browser} create() ${s.label}: approve ${round(med(s.creates, (t) => t.approveMs))} ms`);
    if (s.traces.length) {
      const names = [...new Set(s.traces.flatMap((t) => Object.keys(t)))];
      // Every time on the system clock (each document's own offset taken off): those before the
      // click from the get() call, those after it from the click.
      const afterClick = (t: Record<string, number>, n: string) => t[n]! >= t['prompt:click']!;
      const summary = (base: string, after: boolean) =>
        names
          .map((n) => [n, s.traces.flatMap((t) => (n in t && n !== base && afterClick(t, n) === after ? [t[n]! - t[base]!] : []))] as const)
          .filter(([, xs]) => xs.filter(Number.isFinite).length > s.traces.length / 2)
          .map(([n, xs]) => [n, xs.filter(Number.isFinite)] as const)
          .map(([n, xs]) => [n, median(xs)] as const)
          .sort((a, b) => a[1] - b[1])
          .map(([n, v]) => `${n} ${round(v)}`)
          .join(', ');
      console.log(`  trace, median ms since get() was called: ${summary('page:call', false)}`);
      // Each sample's own steps (medians of the differences, not differences of the medians).
      const legs = STEPS.map(([from, to, what]) => {
        const xs = s.traces.flatMap((t) => (from in t && to in t ? [t[to]! - t[from]!] : [])).filter(Number.isFinite);
        return xs.length > s.traces.length / 2 ? `${what} ${round(median(xs))}` : null;
      }).filter((x) => x !== null);
      if (legs.length) console.log(`  steps, median ms: ${legs.join(', ')}`);
      console.log(`  trace, median ms since approve was clicked: ${summary('prompt:click', true)}`);
    }
  }
  for (const s of sides.slice(1)) {
    const ratio = (f: (t: CeremonyTiming) => number | null, ts: (x: Side) => CeremonyTiming[] = (x) => x.gets) => round(med(ts(s), f) / med(ts(first), f));
    console.log(
      `\n${s.label} / ${first.label}: prompt ×${ratio((t) => t.promptMs)}, get approve ×${ratio((t) => t.approveMs)}` +
        (withCreates ? `, create approve ×${ratio((t) => t.approveMs, (x) => x.creates)}` : ''),
    );
  }
}
