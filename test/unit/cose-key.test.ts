import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { fromBase64url } from '../../src/core/base64url';
import { decodeCbor } from '../../src/core/cbor';
import { COSE_ALG_ES256, encodeEs256CoseKey } from '../../src/core/cose-key';
import { es256PublicKey, generateEs256KeyPair, signEs256 } from '../../src/core/es256';
import { p256Spki } from '../../src/core/spki';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const unhex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'hex'));

// The credential key of the spec's none/ES256 test vector
// (https://w3c.github.io/webauthn/#sctn-test-vectors-none-es256): its x and y are known.
const VECTOR_PRIVATE_KEY = unhex('6e68e7a58484a3264f66b77f5d6dc5bc36a47085b615c9727ab334e8c369c2ee');
const VECTOR_X = 'afefa16f97ca9b2d23eb86ccb64098d20db90856062eb249c33a9b672f26df61';
const VECTOR_Y = '930a56b87a2fca66334b03458abf879717c12cc68ed73290af2e2664796b9220';

// https://w3c.github.io/webauthn/#sctn-encoded-credPubKey-examples (EC2 key with ES256),
// https://www.rfc-editor.org/rfc/rfc9053#section-7.1.1 (EC2 key parameters) and CTAP2 canonical key
// order 1, 3, -1, -2, -3.
describe('WebAuthn §5.8.5 / RFC 9053 §7.1.1: ES256 COSE_Key', () => {
  it('encodes the spec vector key byte for byte: a5 01 02 03 26 20 01 21 58 20 x 22 58 20 y', () => {
    const publicKey = es256PublicKey(VECTOR_PRIVATE_KEY);
    expect(hex(publicKey)).toBe('04' + VECTOR_X + VECTOR_Y);
    const expected =
      'a5' + // map, 5 entries
      '01' + '02' + // kty (1): EC2 (2)
      '03' + '26' + // alg (3): ES256 (-7)
      '20' + '01' + // crv (-1): P-256 (1)
      '21' + '5820' + VECTOR_X + // x (-2): 32-byte string
      '22' + '5820' + VECTOR_Y; // y (-3): 32-byte string
    expect(hex(encodeEs256CoseKey(publicKey))).toBe(expected);
  });

  it('is 77 bytes with the hand-built layout for random keys', () => {
    for (let i = 0; i < 20; i++) {
      const { publicKey } = generateEs256KeyPair();
      const out = encodeEs256CoseKey(publicKey);
      expect(out.length).toBe(77);
      expect(hex(out.subarray(0, 10))).toBe('a5010203262001215820');
      expect(hex(out.subarray(10, 42))).toBe(hex(publicKey.subarray(1, 33)));
      expect(hex(out.subarray(42, 45))).toBe('225820');
      expect(hex(out.subarray(45))).toBe(hex(publicKey.subarray(33)));
    }
  });

  it('decodes back to a Map whose keys come in canonical order with the right values', () => {
    const { publicKey } = generateEs256KeyPair();
    const map = decodeCbor(encodeEs256CoseKey(publicKey)) as Map<number, unknown>;
    expect([...map.keys()]).toEqual([1, 3, -1, -2, -3]);
    expect(map.get(1)).toBe(2);
    expect(map.get(3)).toBe(COSE_ALG_ES256);
    expect(COSE_ALG_ES256).toBe(-7);
    expect(map.get(-1)).toBe(1);
    expect(hex(map.get(-2) as Uint8Array)).toBe(hex(publicKey.subarray(1, 33)));
    expect(hex(map.get(-3) as Uint8Array)).toBe(hex(publicKey.subarray(33)));
  });

  it('refuses anything but a 65-byte uncompressed point', () => {
    const { publicKey } = generateEs256KeyPair();
    expect(() => encodeEs256CoseKey(publicKey.subarray(1))).toThrow(TypeError);
    expect(() => encodeEs256CoseKey(p256.getPublicKey(VECTOR_PRIVATE_KEY, true))).toThrow(TypeError);
    const wrongPrefix = publicKey.slice();
    wrongPrefix[0] = 0x05;
    expect(() => encodeEs256CoseKey(wrongPrefix)).toThrow(TypeError);
  });
});

// https://w3c.github.io/webauthn/#dom-authenticatorattestationresponse-getpublickey and
// RFC 5480 §2 (id-ecPublicKey with the prime256v1 parameter, point as the BIT STRING):
// https://www.rfc-editor.org/rfc/rfc5480#section-2
describe('WebAuthn §5.2.1.1 getPublicKey(): P-256 SubjectPublicKeyInfo (RFC 5280 §4.1, RFC 5480 §2)', () => {
  it('parses with Node as an EC P-256 SPKI whose point equals ours', () => {
    for (let i = 0; i < 10; i++) {
      const { publicKey } = generateEs256KeyPair();
      const spki = p256Spki(publicKey);
      const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      expect(key.asymmetricKeyType).toBe('ec');
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      const jwk = key.export({ format: 'jwk' });
      expect(hex(fromBase64url(jwk.x!))).toBe(hex(publicKey.subarray(1, 33)));
      expect(hex(fromBase64url(jwk.y!))).toBe(hex(publicKey.subarray(33)));
      // Node re-serializes to exactly the same DER: ours is the canonical encoding.
      expect(hex(key.export({ format: 'der', type: 'spki' }))).toBe(hex(spki));
    }
  });

  it('is 91 bytes: the fixed 26-byte header then the uncompressed point', () => {
    const publicKey = es256PublicKey(VECTOR_PRIVATE_KEY);
    const spki = p256Spki(publicKey);
    expect(spki.length).toBe(91);
    expect(hex(spki)).toBe('3059301306072a8648ce3d020106082a8648ce3d030107034200' + '04' + VECTOR_X + VECTOR_Y);
  });

  it('verifies our DER ES256 signatures with Node (same key, same format WebAuthn RPs use)', () => {
    const { privateKey, publicKey } = generateEs256KeyPair();
    const message = new TextEncoder().encode('authenticatorData || clientDataHash');
    const signature = signEs256(privateKey, message);
    const key = createPublicKey({ key: Buffer.from(p256Spki(publicKey)), format: 'der', type: 'spki' });
    expect(nodeVerify('sha256', message, { key, dsaEncoding: 'der' }, signature)).toBe(true);
    const tampered = message.slice();
    tampered[0]! ^= 1;
    expect(nodeVerify('sha256', tampered, { key, dsaEncoding: 'der' }, signature)).toBe(false);
  });

  it('refuses anything but a 65-byte uncompressed point', () => {
    const { publicKey } = generateEs256KeyPair();
    expect(() => p256Spki(publicKey.subarray(0, 64))).toThrow(TypeError);
    expect(() => p256Spki(p256.getPublicKey(VECTOR_PRIVATE_KEY, true))).toThrow(TypeError);
  });
});
