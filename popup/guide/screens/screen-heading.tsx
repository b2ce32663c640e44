import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A screen's heading. It takes the focus when it appears (each screen, and the last screen's
 * "PIN set"), so the keyboard continues from the new screen and a screen reader announces it
 * without a live region.
 */
export function ScreenHeading({ id, children }: { id: string; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <h1 id={id} class="guide-heading" tabIndex={-1} ref={heading} data-testid="guide-heading">
      {children}
    </h1>
  );
}
