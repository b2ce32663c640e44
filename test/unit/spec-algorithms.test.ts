// https://w3c.github.io/webauthn/#sctn-alg-identifier, #sctn-createCredential step 10 (algorithm
// choice), #sctn-encoded-credPubKey-examples (COSE keys), #sctn-signature-attestation-types
// (signature encodings), and getPublicKey() (SPKI); each algorithm verified by @simplewebauthn/server.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/core/base64url';
import { concatBytes } from '../../src/core/bytes';
import { decodeCbor } from '../../src/core/cbor';
import { COSE_ALG_EDDSA, COSE_ALG_ES256, COSE_ALG_RS256 } from '../../src/core/cose-key';
import { getAssertion } from '../../src/core/get-assertion';
import { makeCredential } from '../../src/core/make-credential';
import { rsaPublicNumbers } from '../../src/core/rs256';
import { SUPPORTED_ALGORITHMS, signerFor } from '../../src/core/signers';
import { CeremonyError } from '../../src/core/errors';
import { authenticationJSON, ORIGIN, prepCreate, prepGet, registrationJSON, RP_ID } from './support/ceremony-fixtures';

const consent = { userPresent: true as const, userVerified: true };
const params = (...algs: number[]) => ({ pubKeyCredParams: algs.map((alg) => ({ type: 'public-key', alg })) });

describe('createCredential step 10: the relying party order of preference decides the algorithm', () => {
  it('offers ES256, EdDSA and RS256', () => {
    expect([...SUPPORTED_ALGORITHMS].sort()).toEqual([COSE_ALG_RS256, COSE_ALG_EDDSA, COSE_ALG_ES256].sort());
  });

  it('takes the first supported entry in the list', () => {
    expect(prepCreate(params(-8, -7, -257)).alg).toBe(-8);
    expect(prepCreate(params(-257, -8)).alg).toBe(-257);
    expect(prepCreate(params(-7, -257)).alg).toBe(-7);
    // unsupported ones (ES384, ES512, PS256, Ed448, fully-specified Ed25519) are skipped
    expect(prepCreate(params(-35, -36, -37, -53, -19, -257)).alg).toBe(-257);
  });

  it('skips entries whose type is not "public-key"', () => {
    expect(
      prepCreate({ pubKeyCredParams: [{ type: 'password', alg: -8 }, { type: 'public-key', alg: -257 }] }).alg,
    ).toBe(-257);
  });

  it('an empty list means the spec default (ES256, then RS256): ES256', () => {
    expect(prepCreate(params()).alg).toBe(-7);
  });

  it('no entry of a known type → NotSupportedError (SECURITY.md case 3)', () => {
    const attempt = () => prepCreate({ pubKeyCredParams: [{ type: 'password', alg: -7 }] });
    expect(attempt).toThrow(CeremonyError);
    expect(attempt).toThrow(expect.objectContaining({ name: 'NotSupportedError' }));
  });

  it('known type, no supported algorithm → no algorithm (the authenticator’s NotSupported), and makeCredential refuses', async () => {
    const prepared = prepCreate(params(-35, -36));
    expect(prepared.alg).toBeNull();
    await expect(makeCredential(prepared, consent, 1)).rejects.toMatchObject({ name: 'NotSupportedError' });
  });
});

describe.each([
  { name: 'ES256', alg: -7, kty: 2 },
  { name: 'EdDSA (Ed25519)', alg: -8, kty: 1 },
  { name: 'RS256', alg: -257, kty: 3 },
])('$name credential', ({ alg, kty }) => {
  it('registers and signs in, verified by @simplewebauthn/server', async () => {
    const prepared = prepCreate(params(alg));
    const { record, result } = await makeCredential(prepared, consent, 1);
    expect(result.publicKeyAlgorithm).toBe(alg);
    expect(record.alg).toBe(alg);

    const reg = await verifyRegistrationResponse({
      response: registrationJSON(result),
      expectedChallenge: toBase64url(new Uint8Array(32).fill(7)),
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
      supportedAlgorithmIDs: [alg],
    });
    expect(reg.verified).toBe(true);
    const info = reg.registrationInfo!;
    expect(info.credential.id).toBe(result.id);

    // The COSE key in the attested credential data, canonical key order and values.
    const cose = decodeCbor(info.credential.publicKey) as Map<number, unknown>;
    expect(cose.get(1)).toBe(kty);
    expect(cose.get(3)).toBe(alg);
    if (alg === -7) expect([...cose.keys()]).toEqual([1, 3, -1, -2, -3]);
    if (alg === -8) {
      expect([...cose.keys()]).toEqual([1, 3, -1, -2]);
      expect(cose.get(-1)).toBe(6);
      expect((cose.get(-2) as Uint8Array).length).toBe(32);
    }
    if (alg === -257) {
      expect([...cose.keys()]).toEqual([1, 3, -1, -2]);
      expect((cose.get(-1) as Uint8Array).length).toBe(256);
      expect(Buffer.from(cose.get(-2) as Uint8Array).toString('hex')).toBe('010001');
    }

    // Two sign-ins: counters 1 and 2, each verified with the stored public key.
    let counter = 0;
    for (const signCount of [1, 2]) {
      const assertion = await getAssertion(prepGet(), { ...record, signCount }, consent);
      const auth = await verifyAuthenticationResponse({
        response: authenticationJSON(assertion),
        expectedChallenge: toBase64url(new Uint8Array(32).fill(9)),
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        credential: { id: info.credential.id, publicKey: info.credential.publicKey, counter },
        requireUserVerification: true,
      });
      expect(auth.verified).toBe(true);
      expect(auth.authenticationInfo.newCounter).toBe(signCount);
      counter = signCount;
    }
  });

  it('getPublicKey() is an SPKI that Node imports, and the signature encoding is the spec one', async () => {
    const signer = signerFor(alg);
    const { privateKey, publicKey } = await signer.generate();
    const spki = signer.spki(publicKey);
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    const message = concatBytes(new Uint8Array(37).fill(1), new Uint8Array(32).fill(2));
    const signature = await signer.sign(privateKey, message);
    if (alg === -7) {
      expect(key.asymmetricKeyType).toBe('ec');
      expect(signature[0]).toBe(0x30); // ASN.1 DER SEQUENCE
      expect(nodeVerify('sha256', message, { key, dsaEncoding: 'der' }, signature)).toBe(true);
    }
    if (alg === -8) {
      expect(key.asymmetricKeyType).toBe('ed25519');
      expect(signature.length).toBe(64); // raw R || S
      expect(nodeVerify(null, message, key, signature)).toBe(true);
    }
    if (alg === -257) {
      expect(key.asymmetricKeyType).toBe('rsa');
      expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(signature.length).toBe(256); // PKCS #1 v1.5, one modulus long
      expect(nodeVerify('sha256', message, key, signature)).toBe(true);
    }
    expect(nodeVerify(alg === -8 ? null : 'sha256', Uint8Array.of(0, ...message), key, signature)).toBe(false);
  });
});

describe('RSA SubjectPublicKeyInfo parsing is strict', () => {
  it('reads n and e and rejects trailing or truncated bytes', async () => {
    const { publicKey } = await signerFor(-257).generate();
    const { n, e } = rsaPublicNumbers(publicKey);
    expect(n.length).toBe(256);
    expect([...e]).toEqual([1, 0, 1]);
    expect(() => rsaPublicNumbers(concatBytes(publicKey, Uint8Array.of(0)))).toThrow(TypeError);
    expect(() => rsaPublicNumbers(publicKey.subarray(0, publicKey.length - 1))).toThrow(TypeError);
    const ed = signerFor(-8).spki(new Uint8Array(32));
    expect(() => rsaPublicNumbers(ed)).toThrow(TypeError);
    expect(fromBase64url(toBase64url(publicKey))).toEqual(publicKey);
  });
});
