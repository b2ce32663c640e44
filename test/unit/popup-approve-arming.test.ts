// @vitest-environment happy-dom
/**
 * SECURITY.md case 26: the consent prompt's approve ignores input for a moment after the window
 * becomes visible or regains the focus, and while the person is still clicking or typing
 * (popup/consent/approve-arming.ts). Fake timers; the DOM side with happy-dom's window.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ARMING_DELAY_MS, armOnAttention, createApproveArming } from '../../popup/consent/approve-arming';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function machine() {
  const changes: boolean[] = [];
  const arming = createApproveArming((armed) => changes.push(armed));
  return { arming, changes };
}

describe('case 26: approve arms only after a moment of attention', () => {
  it('case 26: follows the browsers’ own dialogs: 1000 ms (Firefox security.dialog_enable_delay)', () => {
    expect(ARMING_DELAY_MS).toBe(1000);
  });

  it('case 26: not armed when shown; armed once the window has been attended for the delay', () => {
    const { arming, changes } = machine();
    expect(arming.armed).toBe(false);
    arming.attend();
    vi.advanceTimersByTime(150);
    expect(arming.input()).toBe(false); // a click at +150 ms may not act
    vi.advanceTimersByTime(ARMING_DELAY_MS - 1);
    expect(arming.armed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(arming.armed).toBe(true);
    expect(arming.input()).toBe(true);
    expect(changes).toEqual([true]);
  });

  it('case 26: a stream of clicks or keys keeps it unarmed; it arms only after a pause', () => {
    const { arming } = machine();
    arming.attend();
    // Someone playing a clicking game: five clicks a second for ten seconds.
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(200);
      expect(arming.input()).toBe(false);
    }
    expect(arming.armed).toBe(false);
    vi.advanceTimersByTime(ARMING_DELAY_MS);
    expect(arming.armed).toBe(true);
  });

  it('case 26: losing the focus disarms; regaining it starts the delay again', () => {
    const { arming, changes } = machine();
    arming.attend();
    vi.advanceTimersByTime(ARMING_DELAY_MS);
    expect(arming.armed).toBe(true);
    arming.leave();
    expect(arming.armed).toBe(false);
    vi.advanceTimersByTime(10 * ARMING_DELAY_MS);
    expect(arming.armed).toBe(false); // no attention, no arming, however long
    expect(arming.input()).toBe(false);
    arming.attend();
    vi.advanceTimersByTime(ARMING_DELAY_MS - 1);
    expect(arming.armed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(arming.armed).toBe(true);
    expect(changes).toEqual([true, false, true]);
  });

  it('case 26: a focus it did not see leave (attend while armed) still restarts the delay', () => {
    const { arming } = machine();
    arming.attend();
    vi.advanceTimersByTime(ARMING_DELAY_MS);
    arming.attend();
    expect(arming.armed).toBe(false);
    vi.advanceTimersByTime(ARMING_DELAY_MS);
    expect(arming.armed).toBe(true);
  });

  it('case 26: dispose stops the timer', () => {
    const { arming } = machine();
    arming.attend();
    arming.dispose();
    vi.advanceTimersByTime(10 * ARMING_DELAY_MS);
    expect(arming.armed).toBe(false);
  });

  it('rejects a nonsense delay with a labelled error', () => {
    expect(() => createApproveArming(() => undefined, { delayMs: -1 })).toThrow(RangeError);
    expect(() => createApproveArming(() => undefined, { delayMs: Number.NaN })).toThrow(/delayMs/);
  });
});

describe('case 26: the window’s focus, visibility and input drive it', () => {
  let hasFocus = true;
  let visibility: DocumentVisibilityState = 'visible';
  beforeEach(() => {
    hasFocus = true;
    visibility = 'visible';
    vi.spyOn(document, 'hasFocus').mockImplementation(() => hasFocus);
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('case 26: starts at once when the window is visible and focused; a pointer down or key early may not act and restarts the delay', () => {
    const arming = createApproveArming(() => undefined);
    const seen: boolean[] = [];
    const stop = armOnAttention(window, arming, (mayAct) => seen.push(mayAct));
    vi.advanceTimersByTime(150);
    window.dispatchEvent(new Event('pointerdown'));
    vi.advanceTimersByTime(ARMING_DELAY_MS - 1);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    vi.advanceTimersByTime(ARMING_DELAY_MS - 1);
    expect(arming.armed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(arming.armed).toBe(true);
    window.dispatchEvent(new Event('pointerdown'));
    expect(seen).toEqual([false, false, true]);
    stop();
  });

  it('case 26: does not start while the window has no focus; focus starts it, blur and hiding stop it', () => {
    hasFocus = false;
    const arming = createApproveArming(() => undefined);
    const stop = armOnAttention(window, arming);
    vi.advanceTimersByTime(10 * ARMING_DELAY_MS);
    expect(arming.armed).toBe(false);

    hasFocus = true;
    window.dispatchEvent(new Event('focus'));
    vi.advanceTimersByTime(ARMING_DELAY_MS);
    expect(arming.armed).toBe(true);

    hasFocus = false;
    window.dispatchEvent(new Event('blur'));
    expect(arming.armed).toBe(false);
    hasFocus = true;
    window.dispatchEvent(new Event('focus'));
    vi.advanceTimersByTime(ARMING_DELAY_MS - 1);
    expect(arming.armed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(arming.armed).toBe(true);

    visibility = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(arming.armed).toBe(false);
    visibility = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    vi.advanceTimersByTime(ARMING_DELAY_MS);
    expect(arming.armed).toBe(true);

    // After stop(), the window's events no longer reach it.
    stop();
    window.dispatchEvent(new Event('blur'));
    expect(arming.armed).toBe(true);
  });
});
