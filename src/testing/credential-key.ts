/**
 * A virtual credential's private key as WebDriver carries it, PKCS#8 DER
 * (https://w3c.github.io/webauthn/#credential-parameters, `privateKey`), to and from the key
 * formats Passkeep's signers use (src/core/credential-signer.ts): a P-256 scalar, an Ed25519 seed,
 * or (RSA) PKCS#8 itself.
 */
import { COSE_ALG_EDDSA, COSE_ALG_ES256, COSE_ALG_RS256 } from '../core/cose-key.js';
import { concatBytes, equalBytes, toArrayBuffer } from '../core/bytes.js';
import { ed25519PublicKey } from '../core/eddsa.js';
import { parsePkcs8, p256ToPkcs8 } from '../vault/pkcs8.js';

/** RFC 8410 §7: the whole PrivateKeyInfo of an Ed25519 key, up to its 32-byte seed. */
const ED25519_PKCS8_PREFIX = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);
const RSA_PKCS1 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

export interface CredentialKey {
  /** COSE algorithm identifier */
  alg: number;
  /** in the signer's format */
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

/** The key inside a PKCS#8 PrivateKeyInfo; TypeError for anything but P-256, Ed25519 or RSA. */
export async function keyFromPkcs8(der: Uint8Array): Promise<CredentialKey> {
  if (der.length === ED25519_PKCS8_PREFIX.length + 32 && equalBytes(der.subarray(0, ED25519_PKCS8_PREFIX.length), ED25519_PKCS8_PREFIX)) {
    const seed = der.slice(ED25519_PKCS8_PREFIX.length);
    return { alg: COSE_ALG_EDDSA, privateKey: seed, publicKey: ed25519PublicKey(seed) };
  }
  const parsed = parsePkcs8(der);
  if (parsed.kind === 'p256') return { alg: COSE_ALG_ES256, privateKey: parsed.d, publicKey: parsed.publicKey };
  if (parsed.algorithm !== 'RSA') throw new TypeError(`privateKey: ${parsed.algorithm} keys are not supported (P-256, Ed25519 or RSA)`);
  // RS256 signs with the PKCS#8 itself; its public key (SPKI) comes from the private key's
  // modulus and exponent, through WebCrypto, which reads RSA PKCS#8 in every browser.
  const key = await crypto.subtle.importKey('pkcs8', toArrayBuffer(der), RSA_PKCS1, true, ['sign']);
  const { n, e } = await crypto.subtle.exportKey('jwk', key);
  const publicKey = await crypto.subtle.importKey('jwk', { kty: 'RSA', n, e, alg: 'RS256', ext: true }, RSA_PKCS1, true, ['verify']);
  return { alg: COSE_ALG_RS256, privateKey: der.slice(), publicKey: new Uint8Array(await crypto.subtle.exportKey('spki', publicKey)) };
}

/** The signer's private key of `alg` as PKCS#8, the form Get Credentials returns. */
export function pkcs8FromKey(alg: number, privateKey: Uint8Array): Uint8Array {
  if (alg === COSE_ALG_ES256) return p256ToPkcs8(privateKey);
  if (alg === COSE_ALG_EDDSA) return concatBytes(ED25519_PKCS8_PREFIX, privateKey);
  if (alg === COSE_ALG_RS256) return privateKey.slice();
  throw new TypeError(`no PKCS#8 form for COSE algorithm ${alg}`);
}
