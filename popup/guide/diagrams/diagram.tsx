import type { ComponentChildren } from 'preact';

export interface DiagramProps {
  /** What the picture says, in words: its accessible name (SVG `<title>`). */
  label: string;
  /** SVG user units; the picture scales to the page's width. */
  width: number;
  height: number;
  children: ComponentChildren;
}

/**
 * One of the guide's pictures: inline SVG, so that it takes the page's colours (currentColor and
 * the theme's CSS variables through the `dg-*` classes in guide.css) in light and dark alike. A
 * screen reader reads it as one image named by `label`; the labels drawn inside are not read
 * again, since the sentence says the same.
 */
export function Diagram({ label, width, height, children }: DiagramProps) {
  return (
    <svg class="diagram" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} focusable="false" data-testid="diagram">
      <title>{label}</title>
      {children}
    </svg>
  );
}
