/**
 * Functions the benchmark runs inside pages (serialised with `toString` by the drivers): each
 * is self-contained, refers to nothing outside itself, and returns JSON.
 *
 * Clocks: every time taken here is `performance.timeOrigin + performance.now()`, an epoch-based
 * high-resolution time, so that times taken in two documents (the relying party's page and the
 * extension's prompt, two renderer processes) can be compared. Each process anchors its
 * timeOrigin to the wall clock on its own, so `clockOffset` measures that anchor against
 * `Date.now()` (one system clock for every process) at the instants `Date.now()` ticks; the
 * benchmark subtracts each document's offset before comparing across documents.
 */

export interface CeremonyRun {
  seq: number;
  callAt: number;
  resolvedAt: number;
  ok: boolean | null;
  error: string | null;
  id: string | null;
}

export interface ClockOffset {
  /** median of (timeOrigin + now()) − Date.now() at Date.now() tick edges, ms */
  offset: number;
  /** smallest non-zero step of performance.now() seen, ms */
  resolution: number;
  crossOriginIsolated: boolean;
}

/** Epoch high-resolution clock minus the system wall clock, measured at 7 tick edges. */
export function clockOffset(): ClockOffset {
  const samples: number[] = [];
  let resolution = Infinity;
  for (let k = 0; k < 7; k++) {
    const d0 = Date.now();
    let d = d0;
    let hr = 0;
    let last = performance.now();
    while (d === d0) {
      const p = performance.now();
      if (p > last && p - last < resolution) resolution = p - last;
      last = p;
      hr = performance.timeOrigin + p;
      d = Date.now();
    }
    samples.push(hr - d);
  }
  samples.sort((a, b) => a - b);
  return { offset: samples[3]!, resolution, crossOriginIsolated: globalThis.crossOriginIsolated === true };
}

/**
 * In the relying party's page: starts create() or get() and returns at once; the outcome lands
 * in `window.__benchRun`. The options are built before the call time is taken.
 */
export function startCeremony(arg: { op: 'create' | 'get'; seq: number; userName: string }): boolean {
  const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  const run: CeremonyRun = { seq: arg.seq, callAt: 0, resolvedAt: 0, ok: null, error: null, id: null };
  (window as unknown as { __benchRun: CeremonyRun }).__benchRun = run;
  const publicKey =
    arg.op === 'create'
      ? {
          rp: { name: 'Bench' },
          user: { id: rnd(16), name: arg.userName, displayName: arg.userName },
          challenge: rnd(32),
          pubKeyCredParams: [{ type: 'public-key' as const, alg: -7 }],
          authenticatorSelection: { residentKey: 'required' as const, userVerification: 'discouraged' as const },
          attestation: 'none' as const,
        }
      : { challenge: rnd(32), userVerification: 'discouraged' as const };
  run.callAt = performance.timeOrigin + performance.now();
  const p =
    arg.op === 'create'
      ? navigator.credentials.create({ publicKey: publicKey as PublicKeyCredentialCreationOptions })
      : navigator.credentials.get({ publicKey: publicKey as PublicKeyCredentialRequestOptions });
  p.then(
    (c) => {
      run.resolvedAt = performance.timeOrigin + performance.now();
      run.ok = true;
      run.id = c ? c.id : null;
    },
    (e: Error) => {
      run.resolvedAt = performance.timeOrigin + performance.now();
      run.ok = false;
      run.error = `${e && e.name}: ${e && e.message}`;
    },
  );
  return true;
}

/** The outcome of the ceremony numbered `seq`, once settled (falsy until then). */
export function ceremonyOutcome(seq: number): CeremonyRun | null {
  const run = (window as unknown as { __benchRun?: CeremonyRun }).__benchRun;
  return run && run.seq === seq && run.ok !== null ? run : null;
}

/**
 * In the prompt: the first click from now on writes its time to the extension origin's
 * localStorage (the prompt closes itself after the decision, so its own window cannot be read
 * afterwards). A capturing listener on window runs before the button's own handler.
 */
export function armClickClock(key: string): boolean {
  localStorage.removeItem(key);
  window.addEventListener(
    'click',
    (e) => {
      const at = performance.timeOrigin + performance.now();
      localStorage.setItem(key, JSON.stringify({ at, eventAt: performance.timeOrigin + e.timeStamp, trusted: e.isTrusted }));
    },
    { capture: true, once: true },
  );
  return true;
}

export function readClickClock(key: string): { at: number; eventAt: number; trusted: boolean } | null {
  const raw = localStorage.getItem(key);
  return raw ? (JSON.parse(raw) as { at: number; eventAt: number; trusted: boolean }) : null;
}

/**
 * Installed in every extension page of the Chromium context before its scripts run (playwright
 * init script): records, in the document's own clock, when the prompt's approve button is first
 * present and enabled (and the next frame after that), and when the popup reaches the unlocked state. Source text, not a function: it is passed as-is.
 */
export const EXTENSION_PAGE_MARKS = `(() => {
  if (location.protocol !== 'chrome-extension:' && location.protocol !== 'moz-extension:') return;
  const marks = (window.__benchMarks = {});
  // When this document's navigation started: for the prompt, about when its window existed.
  marks.navigationStart = performance.timeOrigin;
  const now = () => performance.timeOrigin + performance.now();
  const check = () => {
    if (marks.approveDom === undefined) {
      const b = document.querySelector('[data-testid="approve"]');
      if (b && !b.disabled) {
        marks.approveDom = now();
        // The frame that shows it: after the next animation frame's paint.
        requestAnimationFrame(() => setTimeout(() => { marks.approvePainted = now(); }, 0));
      }
    }
    if (marks.unlocked === undefined && document.querySelector('[data-state="unlocked"]')) marks.unlocked = now();
  };
  // Playwright (or Firefox's BiDi preload) attaches to a new window as it starts; if this ran only after the prompt had
  // already rendered, its marks would be late: say so, and the benchmark drops the sample.
  marks.late = document.querySelector('[data-testid]') !== null;
  check();
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled', 'data-state'] });
})();`;

export interface ExtensionPageMarks {
  /** the init script ran after the page had rendered controls: its times are not usable */
  late?: boolean;
  /** the document's timeOrigin (epoch ms): its navigation start */
  navigationStart?: number;
  approveDom?: number;
  approvePainted?: number;
  unlocked?: number;
}

/*
 * No-argument readers for extension pages: their CSP forbids the string evaluation that
 * passing arguments to a polled function would need.
 */
export function approvePaintedMarks(): ExtensionPageMarks | null {
  const m = (window as unknown as { __benchMarks?: ExtensionPageMarks }).__benchMarks;
  return m && m.approvePainted !== undefined ? m : null;
}

export function unlockedMark(): number | null {
  const m = (window as unknown as { __benchMarks?: ExtensionPageMarks }).__benchMarks;
  return m && m.unlocked !== undefined ? m.unlocked : null;
}

/** The prompt's approve click, as armClickClock('passkeep-bench-click') recorded it. */
export function promptClickClock(): { at: number; eventAt: number; trusted: boolean } | null {
  const raw = localStorage.getItem('passkeep-bench-click');
  return raw ? (JSON.parse(raw) as { at: number; eventAt: number; trusted: boolean }) : null;
}

export function readMarks(): ExtensionPageMarks | null {
  return (window as unknown as { __benchMarks?: ExtensionPageMarks }).__benchMarks ?? null;
}

/** The static page's load: navigation start → end of the load event, in the page's clock. */
export function navigationLoadMs(): number {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return nav && nav.loadEventEnd > 0 ? nav.loadEventEnd - nav.startTime : 0;
}
