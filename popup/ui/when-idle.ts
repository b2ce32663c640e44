/**
 * Runs `work` once the page is idle (at the latest after `timeoutMs`): for what a page needs soon
 * but not in its first frames, so that it neither delays the frame after its first paint nor
 * competes with the requests that paint waits for.
 */
export function whenIdle(work: () => void, timeoutMs = 500): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: timeoutMs });
  else setTimeout(work, 0);
}
