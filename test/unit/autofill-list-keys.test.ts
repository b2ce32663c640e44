import { describe, expect, it } from 'vitest';
import { listKeyMove } from '../../src/core/autofill-list-keys.js';
import { isAutofillFrameMessage } from '../../src/core/autofill-protocol.js';

describe('autofill list keys (WAI-ARIA listbox)', () => {
  it('Down and Up move between the rows and stop at the last; Up from the first goes back to the field', () => {
    expect(listKeyMove('ArrowDown', 0, 3)).toEqual({ row: 1 });
    expect(listKeyMove('ArrowDown', 2, 3)).toEqual({ row: 2 });
    expect(listKeyMove('ArrowUp', 2, 3)).toEqual({ row: 1 });
    expect(listKeyMove('ArrowUp', 0, 3)).toEqual({ leave: 'field' });
  });

  it('Home and End go to the ends; Escape closes, even with no rows', () => {
    expect(listKeyMove('Home', 2, 3)).toEqual({ row: 0 });
    expect(listKeyMove('End', 0, 3)).toEqual({ row: 2 });
    expect(listKeyMove('Escape', 1, 3)).toEqual({ leave: 'escape' });
    expect(listKeyMove('Escape', 0, 0)).toEqual({ leave: 'escape' });
  });

  it('other keys are not the list\'s (Enter and Space are the focused row\'s own click)', () => {
    for (const key of ['Enter', ' ', 'Tab', 'a', 'ArrowLeft']) expect(listKeyMove(key, 0, 2)).toBeNull();
    expect(listKeyMove('ArrowDown', 0, 0)).toBeNull();
  });

  it('the bridge takes only the two leave messages', () => {
    expect(isAutofillFrameMessage({ passkeepAutofill: 'field' })).toBe(true);
    expect(isAutofillFrameMessage({ passkeepAutofill: 'escape' })).toBe(true);
    for (const bad of [null, 'escape', {}, { passkeepAutofill: 'choose' }, { passkeepAutofill: 1 }]) expect(isAutofillFrameMessage(bad)).toBe(false);
  });
});
