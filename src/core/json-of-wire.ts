/**
 * A value with bytes in it (Uint8Array, Map, the wire's tagged bytes) as plain JSON, bytes as
 * base64url: the form WebAuthn's own JSON uses
 * (https://w3c.github.io/webauthn/#dom-publickeycredential-tojson), so what the inspector shows
 * or copies pastes straight into a relying party's test.
 */
import { toBase64url } from './base64url.js';
import { BYTES_TAG, isWireBytes, type WireValue } from './wire-value.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function jsonOf(value: unknown, depth = 0): Json {
  if (depth > 32) return '…';
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return toBase64url(value);
  if (Array.isArray(value)) return value.map((item) => jsonOf(item, depth + 1));
  if (value instanceof Map) {
    const out: { [key: string]: Json } = {};
    for (const [key, item] of value) out[String(key)] = jsonOf(item, depth + 1);
    return out;
  }
  if (typeof value === 'object') {
    if (isWireBytes(value as WireValue)) return (value as { [BYTES_TAG]: string })[BYTES_TAG];
    const out: { [key: string]: Json } = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = jsonOf(item, depth + 1);
    return out;
  }
  return String(value);
}
