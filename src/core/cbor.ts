/**
 * The one place CBOR is encoded or decoded.
 *
 * Invariants (locked by test/unit/cbor.test.ts):
 *  - encoding takes only `Map`s, arrays, byte strings (`Uint8Array`), text, integers and
 *    booleans; maps are written in the order given, so callers pass keys in CTAP2 canonical
 *    order (https://fidoalliance.org/specs/fido-v2.1-ps-20210615/fido-client-to-authenticator-protocol-v2.1-ps-errata-20220621.html#ctap2-canonical-cbor-encoding-form);
 *  - lengths and integers use the shortest form; no tags (no tag 259 for maps, byte strings
 *    untagged); no records/structures extension;
 *  - decoding yields `Map`s and rejects trailing bytes and duplicate map keys (cbor-x keeps
 *    the last duplicate silently, so that check is ours).
 */
// The no-eval build: the default build compiles record readers with `new Function`, which
// web-ext lint flags (DANGEROUS_EVAL) and a strict extension CSP forbids. Records are off
// here, so that path is never taken; in this build the call throws and cbor-x falls back to its
// plain reader. Same version, same options (locked by test/unit/cbor.test.ts).
import { Decoder, Encoder } from 'cbor-x/index-no-eval';

export type CborValue =
  | number
  | string
  | boolean
  | null
  | Uint8Array
  | CborValue[]
  | Map<number | string, CborValue>;

const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  tagUint8Array: false,
  variableMapSize: true,
  useTimestamp32: false,
  pack: false,
});

const decoder = new Decoder({
  useRecords: false,
  mapsAsObjects: false,
  tagUint8Array: false,
});

export function encodeCbor(value: CborValue): Uint8Array {
  assertEncodable(value, 0);
  const out = encoder.encode(widenIntegers(value));
  // cbor-x returns a Node Buffer in Node; hand out a plain Uint8Array everywhere.
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength).slice();
}

/** Decodes exactly one CBOR item that must span the whole input. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const items: unknown[] = [];
  decoder.decodeMultiple(bytes, (item: unknown) => {
    items.push(item);
    return items.length < 2;
  });
  if (items.length !== 1) throw new TypeError('CBOR: expected exactly one item');
  const value = checkDecoded(items[0], 0);
  // One canonical encoding only: re-encoding must give the input back, which rejects
  // duplicate map keys (cbor-x keeps the last one silently), non-shortest lengths and
  // integers, and indefinite lengths.
  const again = encodeCbor(value);
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) {
    throw new TypeError('CBOR: not in canonical form (duplicate keys or non-shortest encoding)');
  }
  return value;
}

/**
 * Decodes the one CBOR item at the start of `bytes` and says how many bytes it took: the
 * credential public key inside authenticator data is followed by the extensions map with no
 * length of its own (https://w3c.github.io/webauthn/#sctn-attested-credential-data). The item
 * must be canonical, as decodeCbor's are.
 */
export function decodeCborPrefix(bytes: Uint8Array): { value: CborValue; length: number } {
  let first: unknown;
  let seen = false;
  try {
    decoder.decodeMultiple(bytes, (item: unknown) => {
      first = item;
      seen = true;
      return false;
    });
  } catch (error) {
    // decodeMultiple also reads on past the first item; what follows it is the caller's to judge.
    if (!seen) throw error;
  }
  if (!seen) throw new TypeError('CBOR: no item');
  const value = checkDecoded(first, 0);
  const again = encodeCbor(value);
  if (again.length > bytes.length || again.some((b, i) => b !== bytes[i])) {
    throw new TypeError('CBOR: not in canonical form (duplicate keys or non-shortest encoding)');
  }
  return { value, length: again.length };
}

/** cbor-x writes numbers beyond 32 bits as floats; as BigInt they stay major type 0/1. */
function widenIntegers(value: CborValue): unknown {
  if (typeof value === 'number') return value > 0xffffffff || value < -0x100000000 ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(widenIntegers);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [widenIntegers(k), widenIntegers(v)]));
  return value;
}

function assertEncodable(value: unknown, depth: number): void {
  if (depth > 16) throw new TypeError('CBOR: nesting too deep');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`CBOR: only integers are encoded, got ${value}`);
    return;
  }
  if (value instanceof Uint8Array) return;
  if (Array.isArray(value)) {
    for (const item of value) assertEncodable(item, depth + 1);
    return;
  }
  if (value instanceof Map) {
    for (const [key, item] of value) {
      if (typeof key !== 'string' && typeof key !== 'number') throw new TypeError('CBOR: map keys are text or integers');
      assertEncodable(item, depth + 1);
    }
    return;
  }
  throw new TypeError(`CBOR: cannot encode ${Object.prototype.toString.call(value)}`);
}

function checkDecoded(value: unknown, depth: number): CborValue {
  if (depth > 16) throw new TypeError('CBOR: nesting too deep');
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('CBOR: unsupported number');
    return value;
  }
  if (typeof value === 'bigint') {
    const n = Number(value);
    if (!Number.isSafeInteger(n)) throw new TypeError('CBOR: integer out of range');
    return n;
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map((item) => checkDecoded(item, depth + 1));
  if (value instanceof Map) {
    const out = new Map<number | string, CborValue>();
    for (const [key, item] of value) {
      if (typeof key !== 'string' && typeof key !== 'number') throw new TypeError('CBOR: unsupported map key');
      out.set(key, checkDecoded(item, depth + 1));
    }
    return out;
  }
  throw new TypeError('CBOR: unsupported item');
}
