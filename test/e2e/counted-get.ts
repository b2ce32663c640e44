/**
 * Tells Passkeep's answer from the browser's own, in any browser: a get() whose options count
 * their reads. Passkeep's page hook reads them once (its snapshot); the browser's own
 * implementation reads them again when the hook hands the call over (a disabled site, or an
 * origin Passkeep Testing does not answer on).
 */
import type { TestPage } from './harness/index.js';

/** Starts the get() (not awaited) and returns how many reads the page saw by the time get() returned. */
export function startCountedGet(page: TestPage): Promise<number> {
  return page.evaluate(() => {
    const w = window as unknown as { reads: number; stop: AbortController; outcome: Promise<string> };
    w.reads = 0;
    w.stop = new AbortController();
    const publicKey = {
      get challenge() {
        w.reads += 1;
        return new Uint8Array(32);
      },
      userVerification: 'discouraged' as const,
    };
    w.outcome = navigator.credentials.get({ publicKey, signal: w.stop.signal }).then(
      (c) => `resolved ${(c as PublicKeyCredential | null)?.type}`,
      (e: Error) => e.name,
    );
    return w.reads;
  });
}

/** Waits until someone other than the hook read the options: the browser's own get() has them. */
export async function waitForBrowserOwnGet(page: TestPage): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { reads: number }).reads > 1);
}

/** Aborts the get() and returns how it ended (the error's name). */
export function stopCountedGet(page: TestPage): Promise<string> {
  return page.evaluate(() => {
    const w = window as unknown as { stop: AbortController; outcome: Promise<string> };
    w.stop.abort();
    return w.outcome;
  });
}
