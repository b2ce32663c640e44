/**
 * One create() or get() driven through the real prompt, timed by the browsers' own clocks:
 *  - call: the relying party's page, `timeOrigin + now()` just before `navigator.credentials.*`;
 *  - prompt interactive (Chromium): the prompt's own clock, from the init script's marks;
 *  - approve clicked: the prompt's own clock, in a capturing click listener;
 *  - resolved: the relying party's page, when the promise's reaction runs.
 * Times from the two documents are first brought onto the system wall clock with each
 * document's own measured offset (see in-page.ts, clockOffset).
 */
import type { Harness, TestPage } from '../test/e2e/harness/index.js';
import {
  armClickClock,
  ceremonyOutcome,
  clockOffset,
  approvePaintedMarks,
  promptClickClock,
  readMarks,
  startCeremony,
  type CeremonyRun,
  type ClockOffset,
  type ExtensionPageMarks,
} from './in-page.js';

/** The key promptClickClock reads. */
const CLICK_KEY = 'passkeep-bench-click';

export interface CeremonyTiming {
  /** call → approve painted in the prompt (Chromium only; null when the marks came too late) */
  promptMs: number | null;
  /** call → approve present and enabled in the prompt's DOM (Chromium only) */
  promptDomMs: number | null;
  /** call → the prompt document's navigation start (its window is there): the part windows.create takes */
  promptWindowMs: number | null;
  /** approve clicked → page's promise resolved */
  approveMs: number;
  /** the same, from the click event's own timeStamp */
  approveFromEventMs: number;
  /** offset(prompt) − offset(page): how far apart the two documents' epoch clocks were */
  skewMs: number;
  rpClock: ClockOffset;
  promptClock: ClockOffset;
  /** on the system clock: get() called, approve clicked, the page's promise resolved */
  at: { call: number; click: number; resolved: number };
}

let seq = 0;

export interface CeremonyOptions {
  op: 'create' | 'get';
  /** First use: choose this PIN in the prompt. */
  newPin?: string;
  /** Read the init script's marks in the prompt (Chromium). */
  marks: boolean;
  timeoutMs?: number;
}

/** Prefixes the step's name to any failure, so a timeout says what it waited for. */
async function step<T>(what: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}`);
  }
}

export async function runCeremony(h: Harness, rp: TestPage, reader: TestPage, o: CeremonyOptions): Promise<CeremonyTiming> {
  const n = ++seq;
  const timeoutMs = o.timeoutMs ?? 30_000;
  const rpClock = await rp.evaluate(clockOffset);
  await rp.evaluate(startCeremony, { op: o.op, seq: n, userName: `bench-${n}@example.com` });
  const prompt = await step(`${o.op}() #${n}: waiting for the prompt`, h.waitForConsent({ timeoutMs, ...(o.newPin ? { readyTarget: 'testid=pin-new' } : {}) }));
  let marks: ExtensionPageMarks | null = null;
  if (o.marks) {
    marks = await step(
      `${o.op}() #${n}: prompt marks`,
      prompt.waitForFunction(approvePaintedMarks, { timeoutMs }).catch(async (e: Error) => {
        const seen = await prompt.evaluate(readMarks).catch((x: Error) => x.message);
        throw new Error(`${e.message}; marks now: ${JSON.stringify(seen)}; prompt at ${await prompt.url()}`);
      }),
    );
    if (marks?.late) marks = null;
  }
  const promptClock = await prompt.evaluate(clockOffset);
  if (o.newPin) {
    await prompt.fill('testid=pin-new', o.newPin);
    await prompt.fill('testid=pin-confirm', o.newPin);
  }
  await prompt.evaluate(armClickClock, CLICK_KEY);
  await prompt.click('testid=approve', { timeoutMs });
  const outcome = await step(
    `${o.op}() #${n}: waiting for the page's promise`,
    rp.waitForFunction<CeremonyRun | null>(`(${ceremonyOutcome.toString()})(${n})`, { timeoutMs }),
  );
  if (!outcome || !outcome.ok) throw new Error(`${o.op}() #${n} did not succeed: ${outcome?.error ?? 'no outcome'}`);
  const click = await step(`${o.op}() #${n}: reading the click time`, reader.waitForFunction(promptClickClock, { timeoutMs }));
  if (!click || !click.trusted) throw new Error(`${o.op}() #${n}: the approve click was not recorded as trusted`);
  await prompt.waitForClose({ timeoutMs });

  const onPage = (t: number) => t - rpClock.offset;
  const onPrompt = (t: number) => t - promptClock.offset;
  const approvePainted = marks?.approvePainted;
  const approveDom = marks?.approveDom;
  return {
    promptMs: approvePainted !== undefined ? onPrompt(approvePainted) - onPage(outcome.callAt) : null,
    promptDomMs: approveDom !== undefined ? onPrompt(approveDom) - onPage(outcome.callAt) : null,
    promptWindowMs: marks?.navigationStart !== undefined ? onPrompt(marks.navigationStart) - onPage(outcome.callAt) : null,
    approveMs: onPage(outcome.resolvedAt) - onPrompt(click.at),
    approveFromEventMs: onPage(outcome.resolvedAt) - onPrompt(click.eventAt),
    skewMs: promptClock.offset - rpClock.offset,
    rpClock,
    promptClock,
    at: { call: onPage(outcome.callAt), click: onPrompt(click.at), resolved: onPage(outcome.resolvedAt) },
  };
}

/**
 * Runs `warmup` unmeasured ceremonies, then measured ones until `n` have every time (a sample
 * whose prompt marks came late still counts for the approve time, not for the prompt time).
 */
export async function runCeremonies(
  h: Harness,
  rp: TestPage,
  reader: TestPage,
  o: CeremonyOptions & { warmup: number; n: number; before?: () => Promise<void>; /** ceremonies allowed per wanted sample (default 2) */ triesPerSample?: number },
): Promise<CeremonyTiming[]> {
  const out: CeremonyTiming[] = [];
  const prompts = () => out.filter((t) => t.promptMs !== null).length;
  for (let i = 0; out.length < o.n || (o.marks && prompts() < o.n); i++) {
    if (i >= o.warmup + (o.triesPerSample ?? 2) * o.n) {
      throw new Error(`${o.op}(): the prompt's marks were late in ${out.length - prompts()} of ${out.length} ceremonies`);
    }
    if (o.before) await o.before();
    const t = await runCeremony(h, rp, reader, o);
    if (i >= o.warmup) out.push(t);
  }
  return out;
}
