/** SECURITY.md case 6: PromptRateLimit counts a tab's prompts over a sliding minute. */
import { describe, expect, it } from 'vitest';
import { PROMPT_WINDOW_MS, PROMPTS_PER_WINDOW, PromptRateLimit } from '../../src/background/prompt-rate-limit';

describe('PromptRateLimit', () => {
  it('allows five prompts per tab per minute, then refuses until the oldest is a minute old', () => {
    expect(PROMPTS_PER_WINDOW).toBe(5);
    expect(PROMPT_WINDOW_MS).toBe(60_000);
    const limit = new PromptRateLimit();
    for (let i = 0; i < 5; i++) expect(limit.take(1, 1000 + i * 1000)).toBe(true);
    expect(limit.take(1, 6000)).toBe(false);
    // Refused attempts do not count: the oldest (t = 1000) leaves the window at 61 000.
    expect(limit.take(1, 60_999)).toBe(false);
    expect(limit.take(1, 61_000)).toBe(true);
    expect(limit.take(1, 61_001)).toBe(false);
  });

  it('keeps each tab’s count apart, and forget() clears one tab', () => {
    const limit = new PromptRateLimit(2, 1000);
    expect(limit.take(1, 0)).toBe(true);
    expect(limit.take(1, 1)).toBe(true);
    expect(limit.take(1, 2)).toBe(false);
    expect(limit.take(2, 2)).toBe(true);
    limit.forget(1);
    expect(limit.take(1, 3)).toBe(true);
    expect(limit.take(2, 3)).toBe(true);
    expect(limit.take(2, 4)).toBe(false);
  });
});
