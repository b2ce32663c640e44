/**
 * base64url without padding (RFC 4648 §5), the encoding WebAuthn uses for ids and JSON.
 * @scure/base's decoder is strict: it rejects padding, foreign characters and non-zero
 * trailing bits, so every value has exactly one accepted encoding.
 */
import { base64urlnopad } from '@scure/base';

export function toBase64url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes);
}

export function fromBase64url(text: string): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('base64url: expected a string');
  return base64urlnopad.decode(text);
}
