/**
 * RFC 5208 PKCS#8 / RFC 5915 ECPrivateKey: our reader and writer agree with WebCrypto's.
 */
import { describe, expect, it } from 'vitest';
import { p256 } from '@noble/curves/nist.js';
import { parsePkcs8, p256ToPkcs8, pemToDer } from '../../src/vault/pkcs8.js';

async function webCryptoP256() {
  const kp = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return {
    kp,
    pkcs8: new Uint8Array(await crypto.subtle.exportKey('pkcs8', kp.privateKey)),
    publicKey: new Uint8Array(await crypto.subtle.exportKey('raw', kp.publicKey)),
  };
}

describe('PKCS#8 for P-256', () => {
  it('reads the scalar out of WebCrypto’s PKCS#8 and derives the same public key', async () => {
    const { pkcs8, publicKey } = await webCryptoP256();
    const parsed = parsePkcs8(pkcs8);
    expect(parsed.kind).toBe('p256');
    if (parsed.kind !== 'p256') return;
    expect(parsed.publicKey).toEqual(publicKey);
    expect(p256.getPublicKey(parsed.d, false)).toEqual(publicKey);
  });

  it('writes PKCS#8 byte-identical to WebCrypto’s, which WebCrypto imports and signs with', async () => {
    const { pkcs8, publicKey, kp } = await webCryptoP256();
    const parsed = parsePkcs8(pkcs8);
    if (parsed.kind !== 'p256') throw new Error('not p256');
    const written = p256ToPkcs8(parsed.d);
    expect(written).toEqual(pkcs8);
    const imported = await crypto.subtle.importKey('pkcs8', new Uint8Array(written), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const message = new TextEncoder().encode('hello');
    const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, imported, message);
    expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, kp.publicKey, sig, message)).toBe(true);
    expect(publicKey).toHaveLength(65);
  });

  it('names unsupported algorithms instead of failing', async () => {
    const ed = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign']);
    const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', (ed as CryptoKeyPair).privateKey));
    expect(parsePkcs8(der)).toEqual({ kind: 'unsupported', algorithm: 'Ed25519' });
  });

  it('rejects trailing bytes, truncation and a public key that is not the private key’s', async () => {
    const { pkcs8 } = await webCryptoP256();
    expect(() => parsePkcs8(new Uint8Array([...pkcs8, 0]))).toThrow();
    expect(() => parsePkcs8(pkcs8.subarray(0, 40))).toThrow();
    const other = await webCryptoP256();
    const mixed = pkcs8.slice();
    mixed.set(other.pkcs8.subarray(pkcs8.length - 65), pkcs8.length - 65);
    expect(() => parsePkcs8(mixed)).toThrow(/does not match/);
  });

  it('reads PEM blocks', async () => {
    const { pkcs8 } = await webCryptoP256();
    const pem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`;
    expect(pemToDer(pem)).toEqual(pkcs8);
    expect(() => pemToDer('-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----')).toThrow();
  });
});
