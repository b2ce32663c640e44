// https://w3c.github.io/webauthn/#enum-attestation-convey, #sctn-packed-attestation (self
// attestation) and #sctn-none-attestation; the AAGUID: https://w3c.github.io/webauthn/#aaguid
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { parseAuthenticatorData } from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import { PASSKEEP_AAGUID } from '../../src/core/aaguid';
import { fromBase64url, toBase64url } from '../../src/core/base64url';
import { decodeCbor, encodeCbor, type CborValue } from '../../src/core/cbor';
import { makeCredential } from '../../src/core/make-credential';
import { ORIGIN, prepCreate, registrationJSON, RP_ID } from './support/ceremony-fixtures';

const consent = { userPresent: true as const, userVerified: false };

async function create(attestation: string | undefined, alg = -7) {
  const prepared = prepCreate({
    pubKeyCredParams: [{ type: 'public-key', alg }],
    ...(attestation === undefined ? {} : { attestation }),
  });
  return (await makeCredential(prepared, consent, 1)).result;
}

describe('attestation conveyance', () => {
  it.each([undefined, 'none', 'something-new', ''])('%s → fmt "none", empty attStmt, our AAGUID kept', async (attestation) => {
    const result = await create(attestation);
    const object = decodeCbor(fromBase64url(result.attestationObject)) as Map<string, unknown>;
    expect([...object.keys()]).toEqual(['fmt', 'attStmt', 'authData']);
    expect(object.get('fmt')).toBe('none');
    expect(object.get('attStmt')).toEqual(new Map());
    const authData = parseAuthenticatorData(new Uint8Array(object.get('authData') as Uint8Array));
    expect(Buffer.from(authData.aaguid!).toString('hex')).toBe(Buffer.from(PASSKEEP_AAGUID).toString('hex'));
    expect(PASSKEEP_AAGUID.some((b) => b !== 0)).toBe(true);
  });

  it.each([
    ['direct', -7],
    ['enterprise', -7],
    ['indirect', -7],
    ['direct', -8],
    ['direct', -257],
  ])('%s with alg %i → packed self attestation that @simplewebauthn/server verifies', async (attestation, alg) => {
    const result = await create(attestation, alg);
    const object = decodeCbor(fromBase64url(result.attestationObject)) as Map<string, unknown>;
    expect(object.get('fmt')).toBe('packed');
    const attStmt = object.get('attStmt') as Map<string, unknown>;
    // alg of the credential, sig, and no x5c: self attestation.
    expect([...attStmt.keys()]).toEqual(['alg', 'sig']);
    expect(attStmt.get('alg')).toBe(alg);

    const verification = await verifyRegistrationResponse({
      response: registrationJSON(result),
      expectedChallenge: toBase64url(new Uint8Array(32).fill(7)),
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: false,
      supportedAlgorithmIDs: [alg],
    });
    expect(verification.verified).toBe(true);
    expect(verification.registrationInfo!.fmt).toBe('packed');
    expect(verification.registrationInfo!.aaguid).toBe('65678ece-e948-4e5b-b6ac-293a1fbd5976');
  });

  it('a packed statement whose signature was tampered with fails verification', async () => {
    const result = await create('direct');
    const object = decodeCbor(fromBase64url(result.attestationObject)) as Map<string, CborValue>;
    const attStmt = object.get('attStmt') as Map<string, CborValue>;
    const sig = attStmt.get('sig') as Uint8Array;
    sig[sig.length - 1]! ^= 1;
    const tampered = encodeCbor(object);
    await expect(
      verifyRegistrationResponse({
        response: { ...registrationJSON(result), response: { ...registrationJSON(result).response, attestationObject: toBase64url(tampered) } },
        expectedChallenge: toBase64url(new Uint8Array(32).fill(7)),
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        requireUserVerification: false,
      }).then((v) => v.verified, () => false),
    ).resolves.toBe(false);
  });
});
