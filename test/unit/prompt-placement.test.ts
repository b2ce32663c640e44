import { describe, expect, it } from 'vitest';
import { PROMPT_TOP_INSET, promptPlacement } from '../../src/core/prompt-placement.js';

const PROMPT = { width: 440, height: 620 };

describe('promptPlacement: the consent prompt over the requesting browser window', () => {
  it('centres the prompt horizontally, a little below the window top', () => {
    expect(promptPlacement({ left: 100, top: 50, width: 1280, height: 900 }, PROMPT)).toEqual({
      left: 100 + (1280 - 440) / 2,
      top: 50 + PROMPT_TOP_INSET,
    });
  });

  it('keeps the prompt inside a window on a second screen at negative offsets', () => {
    const at = promptPlacement({ left: -1920, top: -200, width: 1920, height: 1080 }, PROMPT)!;
    expect(at).toEqual({ left: -1920 + 740, top: -200 + PROMPT_TOP_INSET });
    expect(at.left).toBeGreaterThanOrEqual(-1920);
    expect(at.left + PROMPT.width).toBeLessThanOrEqual(0);
  });

  it('starts at the corner of a window smaller than the prompt, never beyond its left/top edge', () => {
    expect(promptPlacement({ left: 300, top: 200, width: 320, height: 400 }, PROMPT)).toEqual({ left: 300, top: 200 });
    expect(promptPlacement({ left: -500, top: 10, width: 100, height: 100 }, PROMPT)).toEqual({ left: -500, top: 10 });
  });

  it('moves the prompt up in a window too short for the inset, keeping its bottom inside', () => {
    expect(promptPlacement({ left: 0, top: 0, width: 800, height: 650 }, PROMPT)).toEqual({ left: 180, top: 30 });
  });

  it('gives no position when the browser reported no (or no usable) geometry', () => {
    expect(promptPlacement({}, PROMPT)).toBeNull();
    expect(promptPlacement({ left: 0, top: 0, width: 800 }, PROMPT)).toBeNull();
    expect(promptPlacement({ left: Number.NaN, top: 0, width: 800, height: 600 }, PROMPT)).toBeNull();
    expect(promptPlacement({ left: 0, top: 0, width: 0, height: 600 }, PROMPT)).toBeNull();
  });
});
