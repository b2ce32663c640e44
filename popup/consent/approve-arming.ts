/**
 * When the consent prompt's approve may act (SECURITY.md case 26). A page can open the prompt at
 * the moment it expects a click or a key from the person (a game, "double-click to continue",
 * a word to type), and the prompt's window takes the focus; without a delay the next click or
 * Enter, meant for the page, approves. So approve, and the PIN fields, wait until the window has
 * been visible and focused for ARMING_DELAY_MS with no click or key in between.
 *
 * The delay: Firefox enables the buttons of its own security dialogs
 * `security.dialog_enable_delay` = 1000 ms after they get the focus (the value in this Firefox
 * ESR 153's greprefs.js), and restarts it when the dialog regains the focus; Chromium's own
 * dialogs ignore input for the platform's double-click interval (500 ms by default) after they
 * are shown (ui/views/input_event_activation_protector). We take Firefox's 1000 ms, and add
 * one rule of our own: a click or key that arrives before approve is armed starts the delay
 * again, so a person who is still clicking or typing for the page never arms it, however long
 * the stream lasts; approve arms only after they pause.
 *
 * Pure state: the caller reports the window's attention and the input it sees, and supplies the
 * timer (see armOnAttention below for the DOM side).
 */

export const ARMING_DELAY_MS = 1000;

export interface ArmingTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ApproveArming {
  /** True once the window has had the person's attention for the delay, with no input meanwhile. */
  readonly armed: boolean;
  /** The window is visible and focused (first shown, or again): the delay starts (again). */
  attend(): void;
  /** The window lost the focus or was hidden: not armed until attend(). */
  leave(): void;
  /**
   * A click (pointer down) or key reached the prompt. Returns whether it may act: only when
   * already armed. Otherwise a running delay starts again.
   */
  input(): boolean;
  /** Stops the timer (the prompt is going away). */
  dispose(): void;
}

const browserTimer: ArmingTimer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createApproveArming(
  onChange: (armed: boolean) => void,
  { delayMs = ARMING_DELAY_MS, timer = browserTimer }: { delayMs?: number; timer?: ArmingTimer } = {},
): ApproveArming {
  if (!Number.isFinite(delayMs) || delayMs < 0) throw new RangeError(`delayMs must be a non-negative number, got ${delayMs}`);
  // away: no attention (not yet shown, blurred or hidden); waiting: the delay runs; armed.
  let state: 'away' | 'waiting' | 'armed' = 'away';
  let handle: unknown = null;

  const stopTimer = () => {
    if (handle !== null) timer.clear(handle);
    handle = null;
  };
  const become = (next: typeof state) => {
    const was = state === 'armed';
    state = next;
    if (was !== (next === 'armed')) onChange(next === 'armed');
  };
  const startDelay = () => {
    stopTimer();
    become('waiting');
    handle = timer.set(() => {
      handle = null;
      become('armed');
    }, delayMs);
  };

  return {
    get armed() {
      return state === 'armed';
    },
    // Even when already armed: a focus we did not see leave means a window that was covered,
    // and the person gets the delay to see it again.
    attend: startDelay,
    leave() {
      stopTimer();
      become('away');
    },
    input() {
      if (state === 'armed') return true;
      if (state === 'waiting') startDelay();
      return false;
    },
    dispose() {
      stopTimer();
      become('away');
    },
  };
}

/**
 * Feeds `arming` from the window: visible and focused → attend; blur or hidden → leave; every
 * pointerdown and keydown (capturing, before any control sees it) → input. `onInput` gets
 * whether that input may act. Returns a function that removes the listeners.
 */
export function armOnAttention(win: Window, arming: ApproveArming, onInput: (mayAct: boolean) => void = () => undefined): () => void {
  const doc = win.document;
  const attentive = () => doc.visibilityState === 'visible' && doc.hasFocus();
  const onFocus = () => {
    if (attentive()) arming.attend();
  };
  const onBlur = () => arming.leave();
  const onVisibility = () => (doc.visibilityState === 'visible' ? onFocus() : arming.leave());
  const onAnyInput = () => onInput(arming.input());

  win.addEventListener('focus', onFocus);
  win.addEventListener('blur', onBlur);
  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pointerdown', onAnyInput, true);
  win.addEventListener('keydown', onAnyInput, true);
  onFocus();
  return () => {
    win.removeEventListener('focus', onFocus);
    win.removeEventListener('blur', onBlur);
    doc.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('pointerdown', onAnyInput, true);
    win.removeEventListener('keydown', onAnyInput, true);
  };
}
