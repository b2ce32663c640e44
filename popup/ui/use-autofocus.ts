import type { RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/** A ref whose element takes the focus once, when it mounts. */
export function useAutofocus<T extends HTMLElement>(): RefObject<T> {
  const ref = useRef<T>(null);
  // A layout effect: the focus is in place before the first paint, so the caret never jumps.
  useLayoutEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
