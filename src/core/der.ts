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
