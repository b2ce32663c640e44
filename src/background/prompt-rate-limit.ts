/**
 * SECURITY.md case 6: a page calling in a loop gets at most one prompt at a time per tab
 * (ceremony.ts) and at most PROMPTS_PER_WINDOW prompts per tab in any PROMPT_WINDOW_MS;
 * beyond that the call ends in NotAllowedError with no prompt, as if the person had declined.
 * A prompt the person approves clears the tab's history (ceremony.ts `finish`), so only prompts
 * that were cancelled, closed, timed out or aborted count: five of those a minute is more than a
 * person retrying by hand needs, and a developer testing a site by signing in again and again is
 * never throttled.
 *
 * In memory: a background restart forgets the history (and also ends every pending request).
 */
export const PROMPTS_PER_WINDOW = 5;
export const PROMPT_WINDOW_MS = 60_000;

export class PromptRateLimit {
  private readonly opened = new Map<number, number[]>();

  constructor(
    private readonly limit = PROMPTS_PER_WINDOW,
    private readonly windowMs = PROMPT_WINDOW_MS,
  ) {}

  /** Records a prompt for `tabId` at `now` and returns true, or returns false when over the limit. */
  take(tabId: number, now: number): boolean {
    const recent = (this.opened.get(tabId) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.opened.set(tabId, recent);
      return false;
    }
    recent.push(now);
    this.opened.set(tabId, recent);
    return true;
  }

  forget(tabId: number): void {
    this.opened.delete(tabId);
  }
}
