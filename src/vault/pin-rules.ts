/**
 * PIN rules from SECURITY.md: 4 to 63 bytes of UTF-8, and after three
 * consecutive misses a wait that starts at 30 s and doubles up to an hour. Nothing is wiped.
 */
import { utf8 } from '../core/bytes.js';

export const PIN_MIN_BYTES = 4;
export const PIN_MAX_BYTES = 63;
export const FREE_ATTEMPTS = 3;
const FIRST_WAIT_S = 30;
const MAX_WAIT_S = 3600;

export function checkPinShape(pin: string): string | null {
  const length = utf8(pin).length;
  if (length < PIN_MIN_BYTES) return `A PIN needs at least ${PIN_MIN_BYTES} characters.`;
  if (length > PIN_MAX_BYTES) return `A PIN can have at most ${PIN_MAX_BYTES} bytes.`;
  return null;
}

/** Seconds to wait after `failures` consecutive misses. */
export function waitAfterFailures(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS));
}
