// How long a wait for a condition (a prompt opening, a control appearing) may take before it fails.
// 30 s: with two test files running at once, a Firefox prompt once took over 10 s to open
// (windows.create alone is about 1 s there idle). Only a failing wait ever takes this long.
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_VIEWPORT = { width: 1280, height: 720 };

/** An extension page whose URL contains "consent" (the automation contract). */
export function isConsentUrl(url: string, extensionOrigin: string): boolean {
  return url.startsWith(`${extensionOrigin}/`) && url.slice(extensionOrigin.length).includes('consent');
}

/**
 * The path of an extension page's URL (`guide.html`), without query or fragment; null for a URL
 * outside the extension's origin.
 */
export function extensionPagePath(url: string, extensionOrigin: string): string | null {
  if (!url.startsWith(`${extensionOrigin}/`)) return null;
  return url.slice(extensionOrigin.length + 1).split(/[?#]/)[0]!;
}

/**
 * Pages the extension opened that are not consent pages (the guide it opens on install, a page a
 * link in the popup opened), one queue per path, recorded from launch on. Pages the test opened
 * itself (newPage, openExtensionPage) are not recorded.
 */
export class ExtensionPageQueues<T> {
  private queues = new Map<string, ConsentQueue<T>>();

  queue(path: string): ConsentQueue<T> {
    const key = path.replace(/^\//, '');
    let queue = this.queues.get(key);
    if (!queue) this.queues.set(key, (queue = new ConsentQueue<T>()));
    return queue;
  }

  close(): void {
    for (const queue of this.queues.values()) queue.close();
  }
}

/**
 * The consent pages the extension opened, in order, recorded from launch on; `next()` hands each
 * out once, waiting for the next one when none is pending. No polling: push() wakes the waiter.
 */
export class ConsentQueue<T> {
  private pending: T[] = [];
  private waiters: Array<{ resolve: (p: T) => void; reject: (e: Error) => void }> = [];
  private closedError: Error | null = null;
  total = 0;

  private seenWaiters: Array<() => void> = [];

  /** Resolves once any page has been pushed (handed out or not), without taking it. */
  seen(timeoutMs: number, what: string): Promise<void> {
    if (this.total > 0) return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => this.seenWaiters.push(resolve)), timeoutMs, what);
  }

  push(page: T): void {
    this.total++;
    for (const resolve of this.seenWaiters.splice(0)) resolve();
    const w = this.waiters.shift();
    if (w) w.resolve(page);
    else this.pending.push(page);
  }

  next(timeoutMs: number, what: string): Promise<T> {
    const ready = this.pending.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<T>((resolve, reject) => {
      const waiter = {
        resolve: (p: T) => {
          clearTimeout(timer);
          resolve(p);
        },
        reject: (e: Error) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${what} within ${timeoutMs} ms (consent pages seen so far: ${this.total})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.closedError = new Error('the harness was closed');
    for (const w of this.waiters.splice(0)) w.reject(this.closedError);
  }
}

/** Rejects with a clear message when `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The steps of one click on an armed control, as each driver performs them. */
export interface ArmedClickSteps {
  /** Waits until the element is visible, enabled and `data-armed="true"`. */
  waitArmed(timeoutMs: number): Promise<void>;
  /** Sets up pageArmPressProbe. */
  armProbe(): Promise<void>;
  /** One trusted click. */
  clickOnce(): Promise<void>;
  /** pageReadPressProbe's answer. */
  readProbe(): Promise<string | null>;
  isClosed(): Promise<boolean>;
}

/**
 * Clicks an element that ignores input until armed (the prompt's approve, SECURITY.md case 26)
 * until one click lands while it is armed, or the window closes under the click. A focus
 * change between the wait and the press can disarm it; that press is ignored by the prompt and
 * is detected here from what the element said at the press, not guessed from time.
 */
export async function clickWhenArmed(steps: ArmedClickSteps, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let clicks = 0; ; clicks++) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${what}: no click landed while it was armed (${clicks} clicks in ${timeoutMs} ms)`);
    await steps.waitArmed(left);
    await steps.armProbe();
    await steps.clickOnce();
    if (await steps.isClosed()) return;
    let atPress: string | null;
    try {
      atPress = await steps.readProbe();
    } catch (e) {
      if (await steps.isClosed()) return;
      throw e;
    }
    if (atPress === 'true') return;
  }
}
