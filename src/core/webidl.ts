/**
 * Web IDL conversions applied to the page's snapshotted options.
 * https://webidl.spec.whatwg.org/#es-type-mapping — each failure is a TypeError, as the
 * browser's own binding layer would throw before the WebAuthn algorithm starts.
 */
import { fromBase64url } from './base64url.js';
import { CeremonyError } from './errors.js';
import { isWireBytes, isWireObject, type WireObject, type WireValue } from './wire-value.js';

function typeError(path: string, expected: string): CeremonyError {
  return new CeremonyError('TypeError', `${path}: expected ${expected}.`);
}

/** A dictionary member that may be absent; `undefined` (dropped by the snapshot) is absent. */
export function dictionary(value: WireValue | undefined, path: string): WireObject {
  // https://webidl.spec.whatwg.org/#js-dictionary: undefined and null convert to an empty dictionary.
  if (value === undefined || value === null) return {};
  if (!isWireObject(value)) throw typeError(path, 'a dictionary');
  return value;
}

export function requiredDictionary(value: WireValue | undefined, path: string): WireObject {
  if (value === undefined) throw new CeremonyError('TypeError', `${path} is required.`);
  return dictionary(value, path);
}

/** https://webidl.spec.whatwg.org/#es-DOMString */
export function domString(value: WireValue | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map((item) => (item === null ? '' : domString(item, path))).join(',');
  return '[object Object]';
}

export function requiredDomString(value: WireValue | undefined, path: string): string {
  const out = domString(value, path);
  if (out === undefined) throw new CeremonyError('TypeError', `${path} is required.`);
  return out;
}

/** https://webidl.spec.whatwg.org/#es-boolean */
export function boolean(value: WireValue | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'object' && value !== null) return true;
  return Boolean(value);
}

function toNumber(value: WireValue, path: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value === null) return 0;
  if (typeof value === 'string') return value.trim() === '' ? 0 : Number(value);
  if (isWireBytes(value) || isWireObject(value)) return NaN;
  if (Array.isArray(value)) return value.length === 0 ? 0 : value.length === 1 ? toNumber(value[0]!, path) : NaN;
  throw typeError(path, 'a number');
}

/** https://webidl.spec.whatwg.org/#es-long (no [EnforceRange]: wraps modulo 2^32). */
export function long(value: WireValue | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  const n = toNumber(value, path);
  if (!Number.isFinite(n)) return 0;
  const int = Math.trunc(n) % 2 ** 32;
  const unsigned = int < 0 ? int + 2 ** 32 : int;
  return unsigned >= 2 ** 31 ? unsigned - 2 ** 32 : unsigned;
}

export function requiredLong(value: WireValue | undefined, path: string): number {
  const out = long(value, path);
  if (out === undefined) throw new CeremonyError('TypeError', `${path} is required.`);
  return out;
}

/** https://webidl.spec.whatwg.org/#es-unsigned-long */
export function unsignedLong(value: WireValue | undefined, path: string): number | undefined {
  const out = long(value, path);
  return out === undefined ? undefined : out < 0 ? out + 2 ** 32 : out;
}

/** https://webidl.spec.whatwg.org/#BufferSource */
export function bufferSource(value: WireValue | undefined, path: string): Uint8Array | undefined {
  if (value === undefined) return undefined;
  if (!isWireBytes(value)) throw typeError(path, 'an ArrayBuffer or ArrayBufferView');
  try {
    return fromBase64url(value['\u0000bytes']);
  } catch {
    throw typeError(path, 'an ArrayBuffer or ArrayBufferView');
  }
}

export function requiredBufferSource(value: WireValue | undefined, path: string): Uint8Array {
  const out = bufferSource(value, path);
  if (out === undefined) throw new CeremonyError('TypeError', `${path} is required.`);
  return out;
}

/** https://webidl.spec.whatwg.org/#es-sequence — the snapshot turns iterables into arrays. */
export function sequence<T>(value: WireValue | undefined, path: string, item: (v: WireValue, p: string) => T): T[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw typeError(path, 'a sequence');
  return value.map((v, i) => item(v, `${path}[${i}]`));
}
