import { describe, expect, it } from 'vitest';
import { autofillListHeight, autofillPlacement, AUTOFILL_HEADER_HEIGHT, AUTOFILL_ROW_HEIGHT } from '../../src/core/autofill-placement.js';

const viewport = { width: 1280, height: 720 };

describe('autofill list placement', () => {
  it('sits just under the field, as wide as the field', () => {
    expect(autofillPlacement({ left: 100, top: 200, width: 300, height: 30 }, viewport, 2)).toEqual({
      left: 100,
      top: 232,
      width: 300,
      height: AUTOFILL_HEADER_HEIGHT + 2 * AUTOFILL_ROW_HEIGHT + 2,
    });
  });

  it('grows with the rows up to four, then scrolls; never shorter than one row', () => {
    expect(autofillListHeight(0)).toBe(autofillListHeight(1));
    expect(autofillListHeight(4)).toBe(autofillListHeight(40));
    expect(autofillListHeight(3)).toBeLessThan(autofillListHeight(4));
  });

  it('goes above the field when there is no room below, and stays below when there is none above either', () => {
    const low = autofillPlacement({ left: 100, top: 650, width: 300, height: 30 }, viewport, 1);
    expect(low.top + low.height).toBe(648);
    const tall = autofillPlacement({ left: 100, top: 40, width: 300, height: 30 }, { width: 1280, height: 100 }, 4);
    expect(tall.top).toBe(72);
  });

  it('keeps a narrow field readable, a wide one bounded, and the list inside the viewport', () => {
    expect(autofillPlacement({ left: 10, top: 10, width: 80, height: 20 }, viewport, 1).width).toBe(260);
    expect(autofillPlacement({ left: 10, top: 10, width: 900, height: 20 }, viewport, 1).width).toBe(420);
    expect(autofillPlacement({ left: 1200, top: 10, width: 80, height: 20 }, viewport, 1).left).toBe(1020);
    expect(autofillPlacement({ left: -50, top: 10, width: 300, height: 20 }, { width: 200, height: 700 }, 1)).toMatchObject({ left: 0, width: 200 });
  });
});
