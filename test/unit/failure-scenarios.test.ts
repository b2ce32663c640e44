/**
 * Failure scenarios (issue 11 point 3, developer mode): each scenario changes exactly the bytes
 * it names, and a real relying-party library (@simplewebauthn/server) reports what a site facing
 * that authenticator would see: UV required + UV not performed is refused, UP=0 is refused, a
 * corrupted signature does not verify, a counter that goes back trips the clone check, `packed`
 * self attestation verifies (no x5c: self), the chosen algorithm is the credential key's.
 */
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { decodeAttestationObject, decodeCredentialPublicKey, isoBase64URL } from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/core/base64url';
import { FLAG_BE, FLAG_BS, FLAG_UP, FLAG_UV } from '../../src/core/authenticator-data';
import { CeremonyError } from '../../src/core/errors';
import { chooseScenario, parseScenarioId, scenarioId, scenariosFor, type FailureScenario } from '../../src/core/failure-scenario';
import { getAssertion } from '../../src/core/get-assertion';
import { makeCredential } from '../../src/core/make-credential';
import type { PasskeyRecord } from '../../src/core/passkey-record';
import type { PreparedCreate } from '../../src/core/prepare-create';
import { authenticationJSON, bytes, ORIGIN, prepCreate, prepGet, registrationJSON, RP_ID } from './support/ceremony-fixtures';

const CONSENT = { userPresent: true as const, userVerified: true };
const CHALLENGE = toBase64url(new Uint8Array(32).fill(7));
const GET_CHALLENGE = toBase64url(new Uint8Array(32).fill(9));

const flagsOf = (authData: string) => fromBase64url(authData)[32]!;
const counterOf = (authData: string) => new DataView(fromBase64url(authData).buffer).getUint32(33);

function createWith(scenario: FailureScenario | null, prepared: PreparedCreate = prepCreate({ authenticatorSelection: { userVerification: 'required' } })) {
  return makeCredential(prepared, CONSENT, Date.now(), scenario);
}

function verifyRegistration(result: Awaited<ReturnType<typeof createWith>>['result'], requireUserVerification = true) {
  return verifyRegistrationResponse({
    response: registrationJSON(result),
    expectedChallenge: CHALLENGE,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    requireUserVerification,
  });
}

/** A stored passkey that has signed `signCount` times, and an assertion from it under `scenario`. */
async function signInWith(scenario: FailureScenario | null, signCount = 5) {
  const { record, result: registration } = await createWith(null);
  // what the relying party stored at registration
  const registered = (await verifyRegistration(registration)).registrationInfo!.credential;
  const stored: PasskeyRecord = { ...record, signCount };
  const prepared = prepGet({ userVerification: 'required', allowCredentials: [{ type: 'public-key', id: bytes(record.credentialId) }] });
  // As the vault passes it: advanced for an ordinary sign-in, as stored under counter-back.
  const given = scenario?.kind === 'counter-back' ? stored : { ...stored, signCount: signCount + 1 };
  const result = await getAssertion(prepared, given, CONSENT, false, scenario);
  const verify = (requireUserVerification = true) =>
    verifyAuthenticationResponse({
      response: authenticationJSON(result),
      expectedChallenge: GET_CHALLENGE,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification,
      // and the counter of the passkey's last sign-in
      credential: { ...registered, counter: signCount },
    });
  return { result, verify };
}

describe('which scenarios a ceremony offers', () => {
  it('create: UV only when the site asked, the other algorithms of its list, the other attestation, the untrue backup flags, timeout', () => {
    const ids = scenariosFor({ op: 'create', wantsUserVerification: true, acceptedAlgs: [-8, -7, -257], attestationFormat: 'none' }).map(scenarioId);
    expect(ids).toEqual(['uv-false', 'up-false', 'alg:-7', 'alg:-257', 'attestation:packed', 'flags:be0-bs0', 'flags:be1-bs1', 'flags:be0-bs1', 'timeout']);
    const discouraged = scenariosFor({ op: 'create', wantsUserVerification: false, acceptedAlgs: [-7], attestationFormat: 'packed' }).map(scenarioId);
    // packed: a signature to corrupt; no UV asked: nothing to lie about
    expect(discouraged).toEqual(['up-false', 'attestation:none', 'flags:be0-bs0', 'flags:be1-bs1', 'flags:be0-bs1', 'bad-signature', 'timeout']);
  });

  it('get: the four backup flag combinations, a corrupted signature, a counter that goes back', () => {
    const ids = scenariosFor({ op: 'get', wantsUserVerification: true }).map(scenarioId);
    expect(ids).toEqual(['uv-false', 'up-false', 'flags:be0-bs0', 'flags:be1-bs0', 'flags:be1-bs1', 'flags:be0-bs1', 'bad-signature', 'counter-back', 'timeout']);
  });

  it('every id names its scenario again, and only an offered one is accepted', () => {
    const offered = scenariosFor({ op: 'get', wantsUserVerification: true });
    for (const s of offered) {
      expect(parseScenarioId(scenarioId(s))).toEqual(s);
      expect(chooseScenario(scenarioId(s), offered)).toEqual(s);
    }
    const refused = (raw: unknown) => {
      try {
        chooseScenario(raw, offered);
        return null;
      } catch (e) {
        expect(e).toBeInstanceOf(CeremonyError);
        return (e as CeremonyError).name;
      }
    };
    expect(refused('alg:-7')).toBe('NotSupportedError'); // create only
    expect(refused('approve')).toBe('NotSupportedError');
    expect(refused({ kind: 'uv-false' })).toBe('TypeError');
    expect(refused(null)).toBe('TypeError');
    expect(parseScenarioId('flags:be2-bs0')).toBeNull();
  });
});

describe('create under a scenario: the bytes, and what @simplewebauthn/server reports', () => {
  it('UV not performed: UV=0, UP=1; a site that requires UV refuses it, one that does not accepts it', async () => {
    const { result } = await createWith({ kind: 'uv-false' });
    expect(flagsOf(result.authenticatorData) & (FLAG_UV | FLAG_UP)).toBe(FLAG_UP);
    await expect(verifyRegistration(result, true)).rejects.toThrow('User verification was required, but user could not be verified');
    expect((await verifyRegistration(result, false)).verified).toBe(true);
  });

  it('UP=0: refused as a user not present', async () => {
    const { result } = await createWith({ kind: 'up-false' });
    expect(flagsOf(result.authenticatorData) & FLAG_UP).toBe(0);
    expect(flagsOf(result.authenticatorData) & FLAG_UV).toBe(FLAG_UV);
    await expect(verifyRegistration(result)).rejects.toThrow('User presence was required, but user was not present');
  });

  it('another algorithm of the site’s list: the credential public key is of that algorithm', async () => {
    const prepared = prepCreate({ pubKeyCredParams: [{ type: 'public-key', alg: -7 }, { type: 'public-key', alg: -257 }, { type: 'public-key', alg: -8 }] });
    expect(prepared.acceptedAlgs).toEqual([-7, -257, -8]);
    for (const alg of [-257, -8]) {
      const { record, result } = await createWith({ kind: 'alg', alg }, prepared);
      expect(record.alg).toBe(alg);
      expect(result.publicKeyAlgorithm).toBe(alg);
      const info = (await verifyRegistration(result, false)).registrationInfo!;
      expect(decodeCredentialPublicKey(info.credential.publicKey).get(3)).toBe(alg);
    }
  });

  it('packed self attestation where the site asked for none: fmt packed, attStmt { alg, sig } with no x5c (self), and it verifies', async () => {
    const { result } = await createWith({ kind: 'attestation', format: 'packed' });
    const info = (await verifyRegistration(result)).registrationInfo!;
    expect(info.fmt).toBe('packed');
    const attStmt = decodeAttestationObject(isoBase64URL.toBuffer(result.attestationObject)).get('attStmt');
    // https://w3c.github.io/webauthn/#sctn-packed-attestation verification: no x5c means self attestation
    expect(attStmt.get('x5c')).toBeUndefined();
    expect(attStmt.get('alg')).toBe(-7);
    expect(attStmt.get('sig')).toBeInstanceOf(Uint8Array);
  });

  it('none where the site asked for direct: fmt none and an empty attStmt', async () => {
    const prepared = prepCreate({ attestation: 'direct' });
    expect(prepared.attestationFormat).toBe('packed');
    const { result } = await createWith({ kind: 'attestation', format: 'none' }, prepared);
    expect((await verifyRegistration(result, false)).registrationInfo!.fmt).toBe('none');
  });

  it('BE/BS: single-device, backed up, and the invalid BE=0 BS=1 that the library refuses; the stored record keeps the truth', async () => {
    const single = await createWith({ kind: 'flags', be: false, bs: false });
    expect(flagsOf(single.result.authenticatorData) & (FLAG_BE | FLAG_BS)).toBe(0);
    expect((await verifyRegistration(single.result)).registrationInfo!.credentialDeviceType).toBe('singleDevice');
    const backedUp = await createWith({ kind: 'flags', be: true, bs: true });
    const info = (await verifyRegistration(backedUp.result)).registrationInfo!;
    expect([info.credentialDeviceType, info.credentialBackedUp]).toEqual(['multiDevice', true]);
    expect(backedUp.record.backedUp).toBe(false);
    const invalid = await createWith({ kind: 'flags', be: false, bs: true });
    expect(flagsOf(invalid.result.authenticatorData) & (FLAG_BE | FLAG_BS)).toBe(FLAG_BS);
    await expect(verifyRegistration(invalid.result)).rejects.toThrow('Single-device credential indicated that it was backed up');
  });

  it('a corrupted self-attestation signature does not verify; the same request without the scenario does', async () => {
    const prepared = prepCreate({ attestation: 'direct' });
    await expect(verifyRegistration((await createWith({ kind: 'bad-signature' }, prepared)).result, false)).resolves.toMatchObject({ verified: false });
    await expect(verifyRegistration((await createWith(null, prepared)).result, false)).resolves.toMatchObject({ verified: true });
  });
});

describe('get under a scenario: the bytes, and what @simplewebauthn/server reports', () => {
  it('UV not performed: UV=0; a site that requires UV refuses it', async () => {
    const { result, verify } = await signInWith({ kind: 'uv-false' });
    expect(flagsOf(result.authenticatorData) & (FLAG_UV | FLAG_UP)).toBe(FLAG_UP);
    await expect(verify(true)).rejects.toThrow('User verification required, but user could not be verified');
    expect((await verify(false)).verified).toBe(true);
  });

  it('UP=0: refused as a user not present', async () => {
    const { result, verify } = await signInWith({ kind: 'up-false' });
    expect(flagsOf(result.authenticatorData) & FLAG_UP).toBe(0);
    await expect(verify()).rejects.toThrow('User not present during authentication');
  });

  it('a corrupted signature: the library says it does not verify; without the scenario it does', async () => {
    const bad = await signInWith({ kind: 'bad-signature' });
    const good = await signInWith(null);
    expect((await good.verify()).verified).toBe(true);
    expect((await bad.verify()).verified).toBe(false);
  });

  it('a counter that goes back: one below the last one reported, and the library’s counter check refuses it', async () => {
    const { result, verify } = await signInWith({ kind: 'counter-back' }, 5);
    expect(counterOf(result.authenticatorData)).toBe(4);
    await expect(verify()).rejects.toThrow('Response counter value 4 was lower than expected 5');
    await expect(signInWith({ kind: 'counter-back' }, 0)).rejects.toThrow(RangeError);
  });

  it('BE=1 BS=1 where the passkey is not backed up: the library reads it as backed up', async () => {
    const { result, verify } = await signInWith({ kind: 'flags', be: true, bs: true });
    expect(flagsOf(result.authenticatorData) & (FLAG_BE | FLAG_BS)).toBe(FLAG_BE | FLAG_BS);
    expect((await verify()).authenticationInfo).toMatchObject({ credentialDeviceType: 'multiDevice', credentialBackedUp: true });
  });
});
