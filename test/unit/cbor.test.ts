// The invariants stated in src/core/cbor.ts, locked byte for byte.
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor, type CborValue } from '../../src/core/cbor';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

// RFC 8949 §3 (major types, argument encodings) and §4.2.1 (core deterministic encoding: preferred,
// shortest-form arguments); CTAP2 canonical form:
// https://www.rfc-editor.org/rfc/rfc8949.html#section-4.2.1
// https://fidoalliance.org/specs/fido-v2.1-ps-20210615/fido-client-to-authenticator-protocol-v2.1-ps-errata-20220621.html#ctap2-canonical-cbor-encoding-form
describe('RFC 8949 §4.2.1: integers in the shortest form', () => {
  const cases: Array<[number, string]> = [
    [0, '00'],
    [1, '01'],
    [23, '17'],
    [24, '1818'],
    [255, '18ff'],
    [256, '190100'],
    [65535, '19ffff'],
    [65536, '1a00010000'],
    [0xffffffff, '1affffffff'],
    [-1, '20'],
    [-7, '26'],
    [-24, '37'],
    [-25, '3818'],
    [-256, '38ff'],
    [-257, '390100'],
    [-65536, '39ffff'],
    [-65537, '3a00010000'],
    [-0x100000000, '3affffffff'],
  ];
  for (const [value, expected] of cases) {
    it(`encodes ${value} as ${expected}`, () => {
      expect(hex(encodeCbor(value))).toBe(expected);
    });
  }

  // The wrapper accepts every safe integer, so those beyond 32 bits must still be integers
  // (major type 0/1 with an 8-byte argument), never a float64 (major type 7).
  it('encodes integers beyond 32 bits as major type 0/1 with an 8-byte argument, not as a float', () => {
    expect(hex(encodeCbor(0x100000000))).toBe('1b0000000100000000');
    expect(hex(encodeCbor(Number.MAX_SAFE_INTEGER))).toBe('1b001fffffffffffff');
    expect(hex(encodeCbor(-0x100000001))).toBe('3b0000000100000000');
  });

  it('refuses non-integers rather than writing floats', () => {
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      expect(() => encodeCbor(bad)).toThrow(TypeError);
    }
  });
});

// RFC 8949 §3.1: the length of byte strings (major type 2), text (3), arrays (4) and maps (5)
// is the argument, in the shortest form.
// https://www.rfc-editor.org/rfc/rfc8949.html#section-3.1
describe('RFC 8949 §3.1: lengths in the shortest form', () => {
  // [length, byte string head (major type 2), text head (major type 3)]
  const lengths: Array<[number, string, string]> = [
    [0, '40', '60'],
    [23, '57', '77'],
    [24, '5818', '7818'],
    [255, '58ff', '78ff'],
    [256, '590100', '790100'],
    [65535, '59ffff', '79ffff'],
    [65536, '5a00010000', '7a00010000'],
  ];

  for (const [length, bytesHead, textHead] of lengths) {
    it(`byte string of ${length} bytes: untagged major type 2, head ${bytesHead}`, () => {
      const out = encodeCbor(new Uint8Array(length).fill(0xab));
      expect(hex(out.subarray(0, bytesHead.length / 2))).toBe(bytesHead);
      expect(out.length).toBe(bytesHead.length / 2 + length);
      expect(out.subarray(bytesHead.length / 2).every((b) => b === 0xab)).toBe(true);
    });

    it(`text of ${length} bytes: major type 3, head ${textHead}`, () => {
      const out = encodeCbor('a'.repeat(length));
      expect(hex(out.subarray(0, textHead.length / 2))).toBe(textHead);
      expect(out.length).toBe(textHead.length / 2 + length);
    });
  }

  it('arrays: 0, 23 and 24 items', () => {
    expect(hex(encodeCbor([]))).toBe('80');
    expect(hex(encodeCbor(new Array<number>(23).fill(1)))).toBe('97' + '01'.repeat(23));
    expect(hex(encodeCbor(new Array<number>(24).fill(1)))).toBe('9818' + '01'.repeat(24));
  });

  it('maps: 0, 23 and 24 entries', () => {
    expect(hex(encodeCbor(new Map()))).toBe('a0');
    const map23 = new Map<number, CborValue>(Array.from({ length: 23 }, (_, i) => [i, 0]));
    expect(hex(encodeCbor(map23)).slice(0, 2)).toBe('b7');
    const map24 = new Map<number, CborValue>(Array.from({ length: 24 }, (_, i) => [i, 0]));
    expect(hex(encodeCbor(map24)).slice(0, 4)).toBe('b818');
  });

  it('encodes only the viewed bytes of a subarray', () => {
    const backing = Uint8Array.from([9, 9, 1, 2, 3, 9]);
    expect(hex(encodeCbor(backing.subarray(2, 5)))).toBe('43010203');
  });
});

// CTAP2 canonical CBOR: maps are written in the order the caller gives (callers pass keys in
// canonical order); no tags at all, in particular no tag 259 ("map with non-string keys") that
// cbor-x can emit, and byte strings stay plain major type 2 (no typed-array tags 64..87).
// https://fidoalliance.org/specs/fido-v2.1-ps-20210615/fido-client-to-authenticator-protocol-v2.1-ps-errata-20220621.html#ctap2-canonical-cbor-encoding-form
describe('CTAP2 canonical CBOR: small maps byte for byte, in the given order, untagged', () => {
  it('integer keys', () => {
    expect(hex(encodeCbor(new Map<number, CborValue>([[1, 2], [3, -7]])))).toBe('a201020326');
  });

  it('integer keys, negative keys and byte-string values (the COSE_Key shape)', () => {
    const map = new Map<number, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Uint8Array.of(0xaa)],
      [-3, Uint8Array.of(0xbb)],
    ]);
    expect(hex(encodeCbor(map))).toBe('a5' + '0102' + '0326' + '2001' + '2141aa' + '2241bb');
  });

  it('text keys (the attestation object shape)', () => {
    const map = new Map<string, CborValue>([
      ['fmt', 'none'],
      ['attStmt', new Map()],
      ['authData', Uint8Array.of(1, 2)],
    ]);
    expect(hex(encodeCbor(map))).toBe(
      'a3' + '63666d74' + '646e6f6e65' + '6761747453746d74' + 'a0' + '686175746844617461' + '420102',
    );
  });

  it('keeps the order given instead of sorting', () => {
    expect(hex(encodeCbor(new Map<number, CborValue>([[3, 1], [1, 2]])))).toBe('a2' + '0301' + '0102');
    expect(hex(encodeCbor(new Map<string, CborValue>([['b', 1], ['a', 2]])))).toBe('a2' + '616201' + '616102');
  });

  it('mixed integer and text keys, nested maps and arrays', () => {
    const map = new Map<number | string, CborValue>([
      [1, 'x'],
      ['k', [true, false, null]],
      [2, new Map<number, CborValue>([[1, 1]])],
    ]);
    expect(hex(encodeCbor(map))).toBe('a3' + '016178' + '616b' + '83f5f4f6' + '02' + 'a10101');
  });

  it('never writes a tag (major type 6) for maps or byte strings', () => {
    const samples: CborValue[] = [
      new Map(),
      new Map<number, CborValue>([[1, 2]]),
      new Map<number, CborValue>([[-1, Uint8Array.of(1)]]),
      Uint8Array.of(1, 2, 3),
      new Uint8Array(0),
      [Uint8Array.of(7), new Map()],
    ];
    for (const sample of samples) {
      const out = encodeCbor(sample);
      // The first byte is the item's own head: map (5), byte string (2) or array (4), never 6.
      expect(out[0]! >> 5, hex(out)).not.toBe(6);
      // In particular not tag 259 (d9 0103), cbor-x's marker for Maps.
      expect(hex(out)).not.toContain('d90103');
    }
    expect(encodeCbor(Uint8Array.of(1, 2, 3))[0]! >> 5).toBe(2);
  });

  it('encodes booleans and null as simple values', () => {
    expect(hex(encodeCbor(true))).toBe('f5');
    expect(hex(encodeCbor(false))).toBe('f4');
    expect(hex(encodeCbor(null))).toBe('f6');
  });

  it('refuses values outside the CBOR subset (plain objects, undefined, Date)', () => {
    expect(() => encodeCbor({ a: 1 } as unknown as CborValue)).toThrow(TypeError);
    expect(() => encodeCbor(undefined as unknown as CborValue)).toThrow(TypeError);
    expect(() => encodeCbor(new Date(0) as unknown as CborValue)).toThrow(TypeError);
    expect(() => encodeCbor(new Map<unknown, CborValue>([[true, 1]]) as unknown as CborValue)).toThrow(TypeError);
  });
});

// RFC 8949 §5.3 / §5.4 (validity and strictness of decoders) and the wrapper's own invariants:
// exactly one item spanning the input, no duplicate map keys, maps decoded as Map.
// https://www.rfc-editor.org/rfc/rfc8949.html#section-5.4
describe('RFC 8949 §5.4: strict decoding', () => {
  it('decodes maps as Map, with integer and text keys', () => {
    const intKeys = decodeCbor(unhex('a2 01 02 03 26'));
    expect(intKeys).toBeInstanceOf(Map);
    expect([...(intKeys as Map<number, CborValue>)]).toEqual([
      [1, 2],
      [3, -7],
    ]);
    const textKeys = decodeCbor(unhex('a1 61 61 a0'));
    expect(textKeys).toBeInstanceOf(Map);
    expect((textKeys as Map<string, CborValue>).get('a')).toBeInstanceOf(Map);
    expect(Object.keys(textKeys as object)).toEqual([]);
  });

  it('decodes byte strings as plain Uint8Arrays', () => {
    const out = (decodeCbor(unhex('a1 01 42 0102')) as Map<number, CborValue>).get(1);
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
    expect([...(out as Uint8Array)]).toEqual([1, 2]);
  });

  it('round-trips what it encodes', () => {
    const value = new Map<number | string, CborValue>([
      [1, 2],
      [-2, Uint8Array.of(1, 2, 3)],
      ['list', [1, 'two', false]],
    ]);
    expect(decodeCbor(encodeCbor(value))).toEqual(value);
  });

  it('rejects trailing bytes after the one item', () => {
    expect(() => decodeCbor(unhex('01 02'))).toThrow();
    expect(() => decodeCbor(unhex('a0 00'))).toThrow();
    expect(() => decodeCbor(unhex('a1 01 02 ff'))).toThrow();
  });

  it('rejects empty and truncated input', () => {
    expect(() => decodeCbor(new Uint8Array(0))).toThrow();
    expect(() => decodeCbor(unhex('a1 01'))).toThrow();
    expect(() => decodeCbor(unhex('42 01'))).toThrow();
  });

  // cbor-x keeps the last duplicate silently: the wrapper promises to reject them.
  it('rejects a map with a duplicate integer key (written by hand: {1: 2, 1: 3})', () => {
    expect(() => decodeCbor(unhex('a2 01 02 01 03'))).toThrow();
  });

  it('rejects a map with a duplicate text key (written by hand: {"a": 2, "a": 3})', () => {
    expect(() => decodeCbor(unhex('a2 6161 02 6161 03'))).toThrow();
  });

  it('rejects a duplicate key in a nested map', () => {
    // [ {1: 2, 1: 3} ]
    expect(() => decodeCbor(unhex('81 a2 01 02 01 03'))).toThrow();
    // {"m": {-1: 1, -1: 1}}
    expect(() => decodeCbor(unhex('a1 616d a2 20 01 20 01'))).toThrow();
  });

  it('accepts equal values under distinct keys (1 and "1" are different keys)', () => {
    const out = decodeCbor(unhex('a2 01 02 6131 02')) as Map<number | string, CborValue>;
    expect(out.get(1)).toBe(2);
    expect(out.get('1')).toBe(2);
  });
});
