/**
 * A strict reader for the few DER structures the core parses (RSA SubjectPublicKeyInfo).
 * Definite, minimal lengths only; anything else is rejected (X.690 §10.1).
 */
export interface DerItem {
  tag: number;
  /** the contents octets */
  value: Uint8Array;
  /** offset just past this item in the input */
  end: number;
}

export function readDer(bytes: Uint8Array, offset: number): DerItem {
  if (offset + 2 > bytes.length) throw new TypeError('DER: truncated');
  const tag = bytes[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new TypeError('DER: multi-byte tags are not supported');
  let length = bytes[offset + 1]!;
  let start = offset + 2;
  if (length === 0x80) throw new TypeError('DER: indefinite length');
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 3 || start + count > bytes.length) throw new TypeError('DER: length too long');
    length = 0;
    for (let i = 0; i < count; i++) length = (length << 8) | bytes[start + i]!;
    if (bytes[start] === 0 || length < 0x80) throw new TypeError('DER: non-minimal length');
    start += count;
  }
  const end = start + length;
  if (end > bytes.length) throw new TypeError('DER: truncated');
  return { tag, value: bytes.subarray(start, end), end };
}

/** Reads exactly the items of a constructed value, in order, checking each tag. */
export function readDerSequence(contents: Uint8Array, tags: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const tag of tags) {
    const item = readDer(contents, offset);
    if (item.tag !== tag) throw new TypeError(`DER: expected tag ${tag}, got ${item.tag}`);
    out.push(item.value);
    offset = item.end;
  }
  if (offset !== contents.length) throw new TypeError('DER: trailing bytes');
  return out;
}

/** The magnitude of a non-negative DER INTEGER, without the sign byte. */
export function derUnsignedInteger(value: Uint8Array): Uint8Array {
  if (value.length === 0) throw new TypeError('DER: empty INTEGER');
  if (value[0]! & 0x80) throw new TypeError('DER: negative INTEGER');
  if (value[0] === 0 && value.length > 1) {
    if (!(value[1]! & 0x80)) throw new TypeError('DER: non-minimal INTEGER');
    return value.subarray(1);
  }
  return value;
}

/** One DER item: tag, minimal definite length, contents (X.690 §8.1, §10.1). */
export function derItem(tag: number, contents: Uint8Array): Uint8Array {
  const n = contents.length;
  let length: number[];
  if (n < 0x80) length = [n];
  else if (n < 0x100) length = [0x81, n];
  else if (n < 0x10000) length = [0x82, n >> 8, n & 0xff];
  else if (n < 0x1000000) length = [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  else throw new RangeError('DER: contents too long');
  const out = new Uint8Array(1 + length.length + n);
  out[0] = tag;
  out.set(length, 1);
  out.set(contents, 1 + length.length);
  return out;
}

/** A non-negative INTEGER from its unsigned big-endian magnitude (a 0x00 sign byte when the top bit is set). */
export function derPositiveInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const body = trimmed.length === 0 || trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed;
  return derItem(0x02, body);
}
