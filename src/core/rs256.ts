/**
 * RS256: RSASSA-PKCS1-v1_5 with SHA-256 (COSE -257, https://www.rfc-editor.org/rfc/rfc8812#section-2).
 * Keys are made and used through WebCrypto, which Node, Chrome's service worker and Firefox's
 * event page all provide; noble has no RSA.
 *
 * Key material: the private key is PKCS#8 DER, the public key SubjectPublicKeyInfo DER (which
 * is also what getPublicKey() returns).
 */
import { COSE_ALG_RS256, encodeRs256CoseKey } from './cose-key.js';
import type { CredentialSigner } from './credential-signer.js';
import { derUnsignedInteger, readDer, readDerSequence } from './der.js';
import { equalBytes, toArrayBuffer } from './bytes.js';

const RSA_PKCS1 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
export const RS256_MODULUS_BITS = 2048;

// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }
const RSA_ALGORITHM_ID = Uint8Array.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00]);

/** n and e (unsigned big-endian, no leading zeros) from an RSA SubjectPublicKeyInfo. */
export function rsaPublicNumbers(spki: Uint8Array): { n: Uint8Array; e: Uint8Array } {
  const outer = readDer(spki, 0);
  if (outer.tag !== 0x30 || outer.end !== spki.length) throw new TypeError('RSA SPKI: not one SEQUENCE');
  const [algorithm, bitString] = readDerSequence(outer.value, [0x30, 0x03]) as [Uint8Array, Uint8Array];
  if (!equalBytes(algorithm, RSA_ALGORITHM_ID)) throw new TypeError('RSA SPKI: not rsaEncryption');
  if (bitString[0] !== 0) throw new TypeError('RSA SPKI: unused bits in the key');
  const key = readDer(bitString, 1);
  if (key.tag !== 0x30 || key.end !== bitString.length) throw new TypeError('RSA SPKI: bad RSAPublicKey');
  const [n, e] = readDerSequence(key.value, [0x02, 0x02]) as [Uint8Array, Uint8Array];
  return { n: derUnsignedInteger(n), e: derUnsignedInteger(e) };
}

export async function signRs256(pkcs8: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), RSA_PKCS1, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign(RSA_PKCS1.name, key, toArrayBuffer(message)));
}

export const rs256Signer: CredentialSigner = {
  alg: COSE_ALG_RS256,
  name: 'RS256',
  generate: async () => {
    const pair = await crypto.subtle.generateKey(
      { ...RSA_PKCS1, modulusLength: RS256_MODULUS_BITS, publicExponent: Uint8Array.of(1, 0, 1) },
      true,
      ['sign', 'verify'],
    );
    const [pkcs8, spki] = await Promise.all([
      crypto.subtle.exportKey('pkcs8', pair.privateKey),
      crypto.subtle.exportKey('spki', pair.publicKey),
    ]);
    return { privateKey: new Uint8Array(pkcs8), publicKey: new Uint8Array(spki) };
  },
  sign: signRs256,
  coseKey: (spki) => {
    const { n, e } = rsaPublicNumbers(spki);
    return encodeRs256CoseKey(n, e);
  },
  spki: (spki) => {
    rsaPublicNumbers(spki);
    return spki.slice();
  },
};
