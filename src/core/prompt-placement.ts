/**
 * Where the consent prompt opens: over the browser window of the tab that asked, so that the
 * person sees at once which page wants a passkey (issue 12, point 3).
 *
 * Without a position `windows.create` leaves the choice to the window manager, which on a bare
 * X display is the screen's top-left corner, over the browser's own tab strip. The prompt is
 * centred on the requesting window horizontally and set a little below its top edge (under the
 * tab strip and toolbar, where the page begins), then kept inside that window: the window lies
 * on one screen, so the prompt lands on the same screen (left/top may be negative on a screen
 * left of or above the primary one). A window smaller than the prompt gets the prompt at its own
 * top-left corner, never further left or up, so it stays on that window's screen.
 */

/** A window's outer bounds in screen pixels, as `windows.Window` reports them (any may be absent). */
export interface WindowBounds {
  left?: number | undefined;
  top?: number | undefined;
  width?: number | undefined;
  height?: number | undefined;
}

export interface PromptSize {
  width: number;
  height: number;
}

/** How far below the window's top edge the prompt starts: past a tab strip and toolbar. */
export const PROMPT_TOP_INSET = 80;

function isCoordinate(x: number | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * The prompt's `left`/`top` for `windows.create`, or null when the browser did not report the
 * requesting window's geometry (the window manager then places it, as before).
 */
export function promptPlacement(around: WindowBounds, prompt: PromptSize): { left: number; top: number } | null {
  const { left, top, width, height } = around;
  if (!isCoordinate(left) || !isCoordinate(top) || !isCoordinate(width) || !isCoordinate(height)) return null;
  if (width <= 0 || height <= 0) return null;
  // Centred, then clamped to the window: the right/bottom edge first, the left/top edge last so
  // that a prompt larger than the window starts at the window's corner.
  const x = Math.max(left, Math.min(left + Math.round((width - prompt.width) / 2), left + width - prompt.width));
  const y = Math.max(top, Math.min(top + PROMPT_TOP_INSET, top + height - prompt.height));
  return { left: x, top: y };
}
