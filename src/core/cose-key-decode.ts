/**
 * A COSE_Key read back into the public key it carries, shown as a JWK (RFC 7517) and as a
 * SubjectPublicKeyInfo (RFC 5280 §4.1, the PEM an RP library or openssl reads), for the
 * ceremony inspector.
 * https://www.rfc-editor.org/rfc/rfc9053#section-7.1.1 (EC2), #section-7.2 (OKP),
 * https://www.rfc-editor.org/rfc/rfc8230#section-4 (RSA),
 * https://www.rfc-editor.org/rfc/rfc8812 and RFC 8037 (the JWK members).
 */
import { toBase64url } from './base64url.js';
import { decodeCbor, type CborValue } from './cbor.js';
import { concatBytes } from './bytes.js';
import { derItem, derPositiveInteger } from './der.js';
import { ed25519Spki, p256Spki } from './spki.js';

export interface DecodedCoseKey {
  /** the COSE map with labels named (kty, alg, crv, x, y, n, e), bytes as base64url */
  named: Record<string, string | number>;
  alg: number | null;
  /** null for a key type this decoder does not know */
  jwk: Record<string, string> | null;
  /** DER SubjectPublicKeyInfo, or null for an unknown key type */
  spki: Uint8Array | null;
}

const KTY = new Map<number, string>([
  [1, 'OKP'],
  [2, 'EC2'],
  [3, 'RSA'],
]);
const JWK_ALG = new Map<number, string>([
  [-7, 'ES256'],
  [-8, 'EdDSA'],
  [-257, 'RS256'],
]);

// RFC 8017 Appendix C: rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
const RSA_ALGORITHM = derItem(0x30, concatBytes(derItem(0x06, Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)), Uint8Array.of(0x05, 0x00)));

function bytesAt(key: Map<number | string, CborValue>, label: number, what: string): Uint8Array {
  const value = key.get(label);
  if (!(value instanceof Uint8Array)) throw new TypeError(`COSE key: ${what} (label ${label}) is not bytes`);
  return value;
}

export function decodeCoseKey(cose: Uint8Array): DecodedCoseKey {
  const key = decodeCbor(cose);
  if (!(key instanceof Map)) throw new TypeError('COSE key: not a CBOR map');
  const kty = key.get(1);
  const alg = key.get(3);
  const named: Record<string, string | number> = {};
  const kind = typeof kty === 'number' ? KTY.get(kty) : undefined;
  const labels: Record<number, string> =
    kind === 'RSA' ? { 1: 'kty', 3: 'alg', [-1]: 'n', [-2]: 'e' } : { 1: 'kty', 3: 'alg', [-1]: 'crv', [-2]: 'x', [-3]: 'y' };
  for (const [label, value] of key) {
    const name = typeof label === 'number' ? (labels[label] ?? String(label)) : label;
    named[name] = value instanceof Uint8Array ? toBase64url(value) : typeof value === 'number' || typeof value === 'string' ? value : JSON.stringify(value);
  }
  const out: DecodedCoseKey = { named, alg: typeof alg === 'number' ? alg : null, jwk: null, spki: null };
  const jwkAlg = typeof alg === 'number' ? JWK_ALG.get(alg) : undefined;
  const withAlg = (jwk: Record<string, string>) => (jwkAlg ? { ...jwk, alg: jwkAlg } : jwk);
  if (kind === 'EC2' && key.get(-1) === 1) {
    // crv 1: P-256
    const x = bytesAt(key, -2, 'x');
    const y = bytesAt(key, -3, 'y');
    if (x.length !== 32 || y.length !== 32) throw new TypeError('COSE key: P-256 coordinates must be 32 bytes');
    out.jwk = withAlg({ kty: 'EC', crv: 'P-256', x: toBase64url(x), y: toBase64url(y) });
    out.spki = p256Spki(concatBytes(Uint8Array.of(4), x, y));
  } else if (kind === 'OKP' && key.get(-1) === 6) {
    // crv 6: Ed25519
    const x = bytesAt(key, -2, 'x');
    out.jwk = withAlg({ kty: 'OKP', crv: 'Ed25519', x: toBase64url(x) });
    out.spki = ed25519Spki(x);
  } else if (kind === 'RSA') {
    const n = bytesAt(key, -1, 'n');
    const e = bytesAt(key, -2, 'e');
    out.jwk = withAlg({ kty: 'RSA', n: toBase64url(n), e: toBase64url(e) });
    // RFC 8017 Appendix A.1.1: RSAPublicKey ::= SEQUENCE { modulus, publicExponent }, in a BIT STRING.
    const rsaPublicKey = derItem(0x30, concatBytes(derPositiveInteger(n), derPositiveInteger(e)));
    out.spki = derItem(0x30, concatBytes(RSA_ALGORITHM, derItem(0x03, concatBytes(Uint8Array.of(0), rsaPublicKey))));
  }
  return out;
}
