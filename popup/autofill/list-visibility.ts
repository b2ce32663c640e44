/**
 * Whether the autofill list was verifiably visible when the person chose in it: Chromium's
 * IntersectionObserver v2 (`trackVisibility`, `isVisible`) reports it for this frame within the
 * whole page, covers in the page's top layer or later in its tree, opacity and transforms
 * included. https://w3c.github.io/IntersectionObserver/v2/
 * (explainer: https://github.com/w3c/IntersectionObserver/blob/main/explainer.md)
 *
 * The list counts as seen once it has been visible for ARM_MS without a break. A choice then
 * still counts only if an observation made after it says visible too, and no report of the list
 * being hidden arrives within CONFIRM_MS: the observer reports at most every 100 ms, and later
 * than that on a loaded machine, so a cover put up just before the choice is not missed for
 * want of a report that had not come yet. Elsewhere (Firefox has no `isVisible`) and when
 * unconfirmed, the choice opens the real prompt instead.
 */

/** How long the list must have been visible before a choice in it counts (as the prompt's arming, SECURITY.md case 26). */
const ARM_MS = 500;
/** How long after a choice a report that the list was hidden still cancels it. */
const CONFIRM_MS = 150;
/** The longest wait for the observation after a choice; without one, the choice opens the prompt. */
const FRESH_MS = 1_000;

export interface Visibility {
  /** the browser can prove visibility (IntersectionObserver v2) */
  supported: boolean;
  /** the last observation: null before the first one */
  visible: boolean | null;
  /** visible for ARM_MS without a break: a choice may count */
  armed: boolean;
  /** performance.now() of the last report that the list was hidden */
  hiddenAt: number;
}

const OPTIONS = { threshold: [0.99, 1], trackVisibility: true, delay: 100 } as IntersectionObserverInit;

function isSeen(entry: IntersectionObserverEntry): boolean {
  return (entry as IntersectionObserverEntry & { isVisible?: boolean }).isVisible === true && entry.intersectionRatio >= 0.99;
}

export function visibilitySupported(): boolean {
  return typeof IntersectionObserverEntry !== 'undefined' && 'isVisible' in IntersectionObserverEntry.prototype;
}

/** Watches `target` for as long as the list lives; `onChange` gets every new state. */
export function watchVisibility(target: Element, onChange: (v: Visibility) => void): () => Visibility {
  const state: Visibility = { supported: visibilitySupported(), visible: null, armed: false, hiddenAt: 0 };
  onChange({ ...state });
  if (!state.supported) return () => ({ ...state });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new IntersectionObserver((entries) => {
    const visible = isSeen(entries[entries.length - 1]!);
    clearTimeout(timer);
    state.visible = visible;
    if (!visible) {
      state.armed = false;
      state.hiddenAt = performance.now();
    } else if (!state.armed) {
      timer = setTimeout(() => {
        state.armed = true;
        onChange({ ...state });
      }, ARM_MS);
    }
    onChange({ ...state });
  }, OPTIONS);
  observer.observe(target);
  return () => ({ ...state });
}

/** An observation of `target` made now: a new observer reports once at once, with the present state. */
function observeNow(target: Element): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(false);
    }, FRESH_MS);
    const observer = new IntersectionObserver((entries) => {
      clearTimeout(timer);
      observer.disconnect();
      resolve(isSeen(entries[entries.length - 1]!));
    }, OPTIONS);
    observer.observe(target);
  });
}

/** Whether a choice made at `chosenAt` (performance.now) was on a list the person could see. */
export async function confirmVisible(target: Element, current: () => Visibility, chosenAt: number): Promise<boolean> {
  if (!current().supported || !current().armed) return false;
  const [fresh] = await Promise.all([observeNow(target), new Promise((resolve) => setTimeout(resolve, CONFIRM_MS))]);
  const after = current();
  return fresh && after.armed && after.hiddenAt < chosenAt;
}
