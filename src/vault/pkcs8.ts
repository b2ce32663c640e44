/**
 * PKCS#8 (RFC 5208) private keys, as CXF, Bitwarden and KeePassXC carry them. Only what the
 * vault needs: read the algorithm of any PKCS#8 key, read a P-256 scalar out of an EC key
 * (RFC 5915 ECPrivateKey inside), and write a P-256 key back. A small strict DER reader does
 * it, so that Firefox's WebCrypto (which refuses EC PKCS#8 without the optional public key)
 * is not in the way.
 */
import { p256 } from '@noble/curves/nist.js';
import { concatBytes, equalBytes } from '../core/bytes.js';

const OID_EC_PUBLIC_KEY = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01); // 1.2.840.10045.2.1
const OID_P256 = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07); // 1.2.840.10045.3.1.7
const KNOWN_OIDS: [string, Uint8Array][] = [
  ['Ed25519', Uint8Array.of(0x2b, 0x65, 0x70)], // 1.3.101.112
  ['RSA', Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)], // 1.2.840.113549.1.1.1
  ['EC', OID_EC_PUBLIC_KEY],
];

interface Tlv {
  tag: number;
  value: Uint8Array;
  end: number;
}

function readTlv(der: Uint8Array, offset: number): Tlv {
  const tag = der[offset];
  let length = der[offset + 1];
  if (tag === undefined || length === undefined) throw new RangeError('PKCS#8: truncated');
  let start = offset + 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 3) throw new RangeError('PKCS#8: bad length');
    length = 0;
    for (let i = 0; i < n; i++) {
      const b = der[start + i];
      if (b === undefined) throw new RangeError('PKCS#8: truncated');
      length = (length << 8) | b;
    }
    if (length < 0x80) throw new RangeError('PKCS#8: non-minimal length');
    start += n;
  }
  const end = start + length;
  if (end > der.length) throw new RangeError('PKCS#8: truncated');
  return { tag, value: der.subarray(start, end), end };
}

function children(seq: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < seq.length) {
    const tlv = readTlv(seq, offset);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

export type ParsedPrivateKey =
  | { kind: 'p256'; d: Uint8Array; publicKey: Uint8Array }
  | { kind: 'unsupported'; algorithm: string };

/** Reads a PKCS#8 PrivateKeyInfo. P-256 keys give their scalar and public point. */
export function parsePkcs8(der: Uint8Array): ParsedPrivateKey {
  const outer = readTlv(der, 0);
  if (outer.tag !== 0x30 || outer.end !== der.length) throw new TypeError('PKCS#8: not one DER SEQUENCE');
  const [version, algId, key] = children(outer.value);
  if (!version || version.tag !== 0x02 || !algId || algId.tag !== 0x30 || !key || key.tag !== 0x04) {
    throw new TypeError('PKCS#8: not a PrivateKeyInfo');
  }
  const [oid, params] = children(algId.value);
  if (!oid || oid.tag !== 0x06) throw new TypeError('PKCS#8: missing algorithm');
  if (!equalBytes(oid.value, OID_EC_PUBLIC_KEY)) {
    const known = KNOWN_OIDS.find(([, o]) => equalBytes(o, oid.value));
    return { kind: 'unsupported', algorithm: known ? known[0] : 'unknown algorithm' };
  }
  if (!params || params.tag !== 0x06 || !equalBytes(params.value, OID_P256)) return { kind: 'unsupported', algorithm: 'EC (not P-256)' };
  // RFC 5915: ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] params, [1] publicKey }
  const ec = readTlv(key.value, 0);
  if (ec.tag !== 0x30 || ec.end !== key.value.length) throw new TypeError('PKCS#8: bad ECPrivateKey');
  const [ecVersion, scalar, ...rest] = children(ec.value);
  if (!ecVersion || ecVersion.tag !== 0x02 || !scalar || scalar.tag !== 0x04 || scalar.value.length !== 32) {
    throw new TypeError('PKCS#8: bad P-256 private key');
  }
  const d = scalar.value.slice();
  const publicKey = p256.getPublicKey(d, false); // throws on 0 or ≥ n
  for (const field of rest) {
    if (field.tag === 0xa1) {
      const bits = readTlv(field.value, 0);
      // BIT STRING with 0 unused bits, then the SEC1 point: it must be d's.
      if (bits.tag !== 0x03 || bits.value[0] !== 0 || !equalBytes(bits.value.subarray(1), publicKey)) {
        throw new TypeError('PKCS#8: the public key does not match the private key');
      }
    }
  }
  return { kind: 'p256', d, publicKey };
}

/** A P-256 key as PKCS#8 (with the public key, as WebCrypto's exportKey writes it). */
export function p256ToPkcs8(d: Uint8Array): Uint8Array {
  if (d.length !== 32) throw new RangeError('P-256 private key must be 32 bytes');
  const publicKey = p256.getPublicKey(d, false);
  return concatBytes(
    Uint8Array.of(0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07),
    OID_EC_PUBLIC_KEY,
    Uint8Array.of(0x06, 0x08),
    OID_P256,
    Uint8Array.of(0x04, 0x6d, 0x30, 0x6b, 0x02, 0x01, 0x01, 0x04, 0x20),
    d,
    Uint8Array.of(0xa1, 0x44, 0x03, 0x42, 0x00),
    publicKey,
  );
}

/** The DER inside a PEM "PRIVATE KEY" block. */
export function pemToDer(pem: string): Uint8Array {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(pem);
  if (!match) throw new TypeError('not a PEM "PRIVATE KEY" block');
  const b64 = match[1]!.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) throw new TypeError('PEM: bad base64');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

/**
 * An Ed25519 seed as PKCS #8 (RFC 8410 §7: the algorithm 1.3.101.112 with no parameters, the
 * seed as a CurvePrivateKey OCTET STRING inside the privateKey OCTET STRING).
 */
export function ed25519ToPkcs8(seed: Uint8Array): Uint8Array {
  if (seed.length !== 32) throw new RangeError('Ed25519 private key must be a 32-byte seed');
  return concatBytes(Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20), seed);
}
