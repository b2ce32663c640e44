import type { ComponentChildren } from 'preact';

/** A message the person must read; announced as soon as it appears. */
export function ErrorMessage({ children }: { children: ComponentChildren }) {
  return (
    <p class="error" role="alert" data-testid="error">
      {children}
    </p>
  );
}
