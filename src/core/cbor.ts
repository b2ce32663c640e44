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
import { Decoder, Encoder } from 'cbor-x';

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
  // cbor-x keeps the last of duplicate map keys silently: walk the structure first.
  if (scanItem(bytes, 0, 0) !== bytes.length) throw new TypeError('CBOR: trailing bytes');
  const items: unknown[] = [];
  decoder.decodeMultiple(bytes, (item: unknown) => {
    items.push(item);
    return items.length < 2;
  });
  if (items.length !== 1) throw new TypeError('CBOR: expected exactly one item');
  return checkDecoded(items[0], 0);
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

/**
 * cbor-x writes integers beyond 32 bits as float64; as BigInt they get major type 0/1 with an
 * 8-byte argument, as RFC 8949 §4.2.1 (shortest form for integers) requires.
 */
function widenIntegers(value: CborValue): unknown {
  if (typeof value === 'number') return value > 0xffffffff || value < -0x100000000 ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(widenIntegers);
  if (value instanceof Map) {
    const out = new Map<unknown, unknown>();
    for (const [key, item] of value) out.set(widenIntegers(key), widenIntegers(item));
    return out;
  }
  return value;
}

/**
 * Walks one encoded item from `offset` and returns where it ends, rejecting truncation,
 * indefinite lengths and maps whose keys repeat (byte-identical key encodings; the encodings
 * themselves are minimal, RFC 8949 §4.2.1, so equal keys are equal bytes).
 */
function scanItem(bytes: Uint8Array, offset: number, depth: number): number {
  if (depth > 16) throw new TypeError('CBOR: nesting too deep');
  if (offset >= bytes.length) throw new TypeError('CBOR: truncated');
  const head = bytes[offset]!;
  const major = head >> 5;
  const info = head & 0x1f;
  let pos = offset + 1;
  let arg = info;
  if (info >= 24) {
    if (info > 27) throw new TypeError('CBOR: indefinite lengths and reserved values are not accepted');
    const size = 1 << (info - 24);
    if (pos + size > bytes.length) throw new TypeError('CBOR: truncated');
    arg = 0;
    for (let i = 0; i < size; i++) arg = arg * 256 + bytes[pos + i]!;
    pos += size;
  }
  switch (major) {
    case 0:
    case 1:
    case 7:
      return pos;
    case 2:
    case 3:
      if (pos + arg > bytes.length) throw new TypeError('CBOR: truncated');
      return pos + arg;
    case 4:
      for (let i = 0; i < arg; i++) pos = scanItem(bytes, pos, depth + 1);
      return pos;
    case 5: {
      const keys = new Set<string>();
      for (let i = 0; i < arg; i++) {
        const keyEnd = scanItem(bytes, pos, depth + 1);
        const key = Array.from(bytes.subarray(pos, keyEnd), (b) => b.toString(16).padStart(2, '0')).join('');
        if (keys.has(key)) throw new TypeError('CBOR: duplicate map key');
        keys.add(key);
        pos = scanItem(bytes, keyEnd, depth + 1);
      }
      return pos;
    }
    default:
      // tags: the tagged item follows
      return scanItem(bytes, pos, depth + 1);
  }
}

function checkDecoded(value: unknown, depth: number): CborValue {
  if (depth > 16) throw new TypeError('CBOR: nesting too deep');
  // cbor-x yields 64-bit integers as BigInt; the wrapper hands out safe integers only.
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new TypeError('CBOR: unsupported number');
    return Number(value);
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError('CBOR: unsupported number');
    return value;
  }
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map((item) => checkDecoded(item, depth + 1));
  if (value instanceof Map) {
    const out = new Map<number | string, CborValue>();
    for (const [key, item] of value) {
      const checkedKey = typeof key === 'bigint' ? checkDecoded(key, depth + 1) : key;
      if (typeof checkedKey !== 'string' && typeof checkedKey !== 'number') throw new TypeError('CBOR: unsupported map key');
      out.set(checkedKey, checkDecoded(item, depth + 1));
    }
    return out;
  }
  throw new TypeError('CBOR: unsupported item');
}
