/**
 * Members of an extension page's message that carry text or bytes (base64url), checked at the
 * edge before the vault sees them: a wrong type or a size out of bounds is a TypeError.
 */
import { fromBase64url } from '../core/base64url.js';
import { CeremonyError } from '../core/errors.js';

export function wireText(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new CeremonyError('TypeError', `${what} must be text.`);
  return value;
}

/** base64url text decoded to min..max bytes. */
export function wireBytes(value: unknown, what: string, min: number, max: number): Uint8Array {
  let out: Uint8Array;
  try {
    out = fromBase64url(wireText(value, what));
  } catch {
    throw new CeremonyError('TypeError', `${what} is not base64url.`);
  }
  if (out.length < min || out.length > max) throw new CeremonyError('TypeError', `${what} must be ${min} to ${max} bytes.`);
  return out;
}
