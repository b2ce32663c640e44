/**
 * Where the autofill list goes: under the field it belongs to, as wide as the field (within
 * bounds), inside the viewport; above the field when there is no room below. In CSS pixels of
 * the field's own viewport (getBoundingClientRect), for a `position: fixed` frame.
 */
import { AUTOFILL_MAX_ROWS } from './autofill-protocol.js';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export const AUTOFILL_ROW_HEIGHT = 52;
/** the list's heading ("Passkeep — passkeys for example.com") */
export const AUTOFILL_HEADER_HEIGHT = 30;
const MIN_WIDTH = 260;
const MAX_WIDTH = 420;
/** the gap between the field and the list */
const GAP = 2;

export function autofillListHeight(rows: number): number {
  // +2: the list's 1 px border, top and bottom
  return AUTOFILL_HEADER_HEIGHT + Math.max(1, Math.min(rows, AUTOFILL_MAX_ROWS)) * AUTOFILL_ROW_HEIGHT + 2;
}

export function autofillPlacement(field: Rect, viewport: { width: number; height: number }, rows: number): Rect {
  const height = autofillListHeight(rows);
  const width = Math.min(Math.max(field.width, MIN_WIDTH), MAX_WIDTH, Math.max(viewport.width, 0));
  // Kept inside the viewport horizontally; never left of its edge.
  const left = Math.max(0, Math.min(field.left, viewport.width - width));
  const below = field.top + field.height + GAP;
  const above = field.top - GAP - height;
  const top = below + height <= viewport.height || above < 0 ? below : above;
  return { left, top, width, height };
}
