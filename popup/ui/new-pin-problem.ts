import type { Strings } from '../i18n/strings';

/** The PIN length the vault accepts, in UTF-8 bytes (CTAP 2.1 `authenticatorClientPIN` uses 4–63). */
export const MIN_PIN_BYTES = 4;
export const MAX_PIN_BYTES = 63;

const encoder = new TextEncoder();

/**
 * Why a newly chosen PIN cannot be used, or `null` when it can. The PIN is sent as typed (no
 * Unicode normalisation here): the background owns how it becomes a key.
 */
export function newPinProblem(
  pin: string,
  confirmation: string,
  strings: Pick<Strings, 'pinTooShort' | 'pinTooLong' | 'pinMismatch'>,
): string | null {
  const bytes = encoder.encode(pin).length;
  if (bytes < MIN_PIN_BYTES) return strings.pinTooShort;
  if (bytes > MAX_PIN_BYTES) return strings.pinTooLong;
  if (pin !== confirmation) return strings.pinMismatch;
  return null;
}
