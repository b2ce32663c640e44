// End to end in Node, no browser: Passkeep's client + authenticator core produces a registration
// and an assertion, and a real relying-party library (@simplewebauthn/server) verifies them.
// SECURITY.md case 15: a wrong origin, RP ID, challenge or UV requirement must fail verification.
import {
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { describe, expect, it } from 'vitest';
import { PASSKEEP_AAGUID_STRING } from '../../src/core/aaguid';
import { toBase64url } from '../../src/core/base64url';
import type { Caller } from '../../src/core/caller';
import { encodeEs256CoseKey } from '../../src/core/cose-key';
import { toCreationOptions } from '../../src/core/creation-options';
import { getAssertion } from '../../src/core/get-assertion';
import { makeCredential } from '../../src/core/make-credential';
import type { PasskeyRecord } from '../../src/core/passkey-record';
import { prepareCreate } from '../../src/core/prepare-create';
import { prepareGet } from '../../src/core/prepare-get';
import { toRequestOptions } from '../../src/core/request-options';
import type { AssertionResult, RegistrationResult } from '../../src/core/results';
import { BYTES_TAG, type WireBytes } from '../../src/core/wire-value';

const bytes = (data: Uint8Array): WireBytes => ({ [BYTES_TAG]: toBase64url(data) });
const random = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length));

const ORIGIN = 'https://example.com';
const RP_ID = 'example.com';
const CALLER: Caller = { origin: ORIGIN, host: RP_ID, sameOriginWithAncestors: true, topOrigin: ORIGIN };

function registrationJSON(result: RegistrationResult): RegistrationResponseJSON {
  return {
    id: result.id,
    rawId: result.id,
    response: {
      clientDataJSON: result.clientDataJSON,
      attestationObject: result.attestationObject,
      transports: result.transports,
      publicKey: result.publicKey,
      publicKeyAlgorithm: result.publicKeyAlgorithm,
      authenticatorData: result.authenticatorData,
    },
    type: 'public-key',
    clientExtensionResults: {},
    authenticatorAttachment: result.authenticatorAttachment,
  };
}

function authenticationJSON(result: AssertionResult): AuthenticationResponseJSON {
  return {
    id: result.id,
    rawId: result.id,
    response: {
      clientDataJSON: result.clientDataJSON,
      authenticatorData: result.authenticatorData,
      signature: result.signature,
      ...(result.userHandle === null ? {} : { userHandle: result.userHandle }),
    },
    type: 'public-key',
    clientExtensionResults: {},
    authenticatorAttachment: result.authenticatorAttachment,
  };
}

async function register(userVerified: boolean): Promise<{ challenge: string; userId: Uint8Array; record: PasskeyRecord; response: RegistrationResponseJSON }> {
  const challenge = random(32);
  const userId = random(16);
  const options = toCreationOptions({
    rp: { name: 'Example Corp', id: RP_ID },
    user: { id: bytes(userId), name: 'alice@example.com', displayName: 'Alice' },
    challenge: bytes(challenge),
    pubKeyCredParams: [
      { type: 'public-key', alg: -7 },
      { type: 'public-key', alg: -8 },
      { type: 'public-key', alg: -257 },
    ],
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    attestation: 'none',
  });
  const prepared = prepareCreate(options, CALLER);
  const { record, result } = await makeCredential(prepared, { userPresent: true, userVerified }, Date.now());
  return { challenge: toBase64url(challenge), userId, record, response: registrationJSON(result) };
}

async function authenticate(record: PasskeyRecord, userVerified: boolean): Promise<{ challenge: string; response: AuthenticationResponseJSON }> {
  const challenge = random(32);
  const options = toRequestOptions({
    challenge: bytes(challenge),
    rpId: RP_ID,
    allowCredentials: [{ type: 'public-key', id: bytes(record.credentialId) }],
    userVerification: 'required',
  });
  const prepared = prepareGet(options, CALLER);
  // The vault advances and persists the counter before any signature leaves (SECURITY.md).
  const used: PasskeyRecord = { ...record, signCount: record.signCount + 1, lastUsedAt: Date.now() };
  return { challenge: toBase64url(challenge), response: authenticationJSON(await getAssertion(prepared, used, { userPresent: true, userVerified })) };
}

// https://w3c.github.io/webauthn/#sctn-registering-a-new-credential (the RP's verification steps)
describe('case 15: WebAuthn §7.1 registering a new credential, verified by @simplewebauthn/server', () => {
  it('verifies, with the credential id, COSE key, counter 0, none attestation and the flags we set', async () => {
    const { challenge, record, response } = await register(true);
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
    expect(verification.verified).toBe(true);
    const info = verification.registrationInfo!;
    expect(info.fmt).toBe('none');
    expect(info.aaguid).toBe(PASSKEEP_AAGUID_STRING);
    expect(info.credential.id).toBe(toBase64url(record.credentialId));
    expect(Buffer.from(info.credential.publicKey).toString('hex')).toBe(Buffer.from(encodeEs256CoseKey(record.publicKey)).toString('hex'));
    expect(info.credential.counter).toBe(0);
    expect(info.userVerified).toBe(true);
    // BE=1 (passkeys can be exported), BS=0 until one is.
    expect(info.credentialDeviceType).toBe('multiDevice');
    expect(info.credentialBackedUp).toBe(false);
    expect(info.origin).toBe(ORIGIN);
    expect(info.rpID).toBe(RP_ID);
  });

  it('wrong expected origin fails', async () => {
    const { challenge, response } = await register(true);
    await expect(
      verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: 'https://evil-example.com', expectedRPID: RP_ID }),
    ).rejects.toThrow(/response origin "https:\/\/example\.com"/);
  });

  it('wrong expected RP ID fails', async () => {
    const { challenge, response } = await register(true);
    await expect(
      verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRPID: 'evil-example.com' }),
    ).rejects.toThrow(/Unexpected RP ID hash/);
  });

  it('wrong expected challenge fails', async () => {
    const { response } = await register(true);
    await expect(
      verifyRegistrationResponse({ response, expectedChallenge: toBase64url(random(32)), expectedOrigin: ORIGIN, expectedRPID: RP_ID }),
    ).rejects.toThrow(/Unexpected (registration|authentication) response challenge/);
  });

  it('requireUserVerification: true with userVerified: false fails (and passes when UV is not required)', async () => {
    const { challenge, response } = await register(false);
    await expect(
      verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, requireUserVerification: true }),
    ).rejects.toThrow(/User verification (was )?required, but user could not be verified/);
    const relaxed = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: false,
    });
    expect(relaxed.verified).toBe(true);
    expect(relaxed.registrationInfo!.userVerified).toBe(false);
  });
});

// https://w3c.github.io/webauthn/#sctn-verifying-assertion (the RP's verification steps)
describe('case 15: WebAuthn §7.2 verifying an authentication assertion, verified by @simplewebauthn/server', () => {
  async function registered() {
    const { challenge, userId, record, response } = await register(true);
    const verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    const credential = verification.registrationInfo!.credential;
    return { userId, record, credential: { id: credential.id, publicKey: credential.publicKey, counter: credential.counter } };
  }

  it('verifies with the registered COSE key; the counter advances to 1; the user handle is user.id', async () => {
    const { userId, record, credential } = await registered();
    const { challenge, response } = await authenticate(record, true);
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential,
      requireUserVerification: true,
    });
    expect(verification.verified).toBe(true);
    expect(verification.authenticationInfo.newCounter).toBe(1);
    expect(verification.authenticationInfo.userVerified).toBe(true);
    expect(verification.authenticationInfo.credentialDeviceType).toBe('multiDevice');
    expect(response.response.userHandle).toBe(toBase64url(userId));
  });

  it('wrong expected origin fails', async () => {
    const { record, credential } = await registered();
    const { challenge, response } = await authenticate(record, true);
    await expect(
      verifyAuthenticationResponse({ response, expectedChallenge: challenge, expectedOrigin: 'https://evil-example.com', expectedRPID: RP_ID, credential }),
    ).rejects.toThrow(/response origin "https:\/\/example\.com"/);
  });

  it('wrong expected RP ID fails', async () => {
    const { record, credential } = await registered();
    const { challenge, response } = await authenticate(record, true);
    await expect(
      verifyAuthenticationResponse({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRPID: 'evil-example.com', credential }),
    ).rejects.toThrow(/Unexpected RP ID hash/);
  });

  it('wrong expected challenge fails', async () => {
    const { record, credential } = await registered();
    const { response } = await authenticate(record, true);
    await expect(
      verifyAuthenticationResponse({ response, expectedChallenge: toBase64url(random(32)), expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential }),
    ).rejects.toThrow(/Unexpected (registration|authentication) response challenge/);
  });

  it('requireUserVerification: true with userVerified: false fails (and passes when UV is not required)', async () => {
    const { record, credential } = await registered();
    const { challenge, response } = await authenticate(record, false);
    await expect(
      verifyAuthenticationResponse({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential, requireUserVerification: true }),
    ).rejects.toThrow(/User verification (was )?required, but user could not be verified/);
    const relaxed = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential,
      requireUserVerification: false,
    });
    expect(relaxed.verified).toBe(true);
    expect(relaxed.authenticationInfo.userVerified).toBe(false);
  });

  it('a signature from another passkey does not verify', async () => {
    const first = await registered();
    const second = await registered();
    const { challenge, response } = await authenticate(second.record, true);
    const verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: { ...first.credential, id: response.id },
    });
    expect(verification.verified).toBe(false);
  });

  // https://w3c.github.io/webauthn/#sctn-sign-counter: an RP treats a counter that did not grow as a
  // possible clone, which is why the vault must advance it before every signature.
  it('a counter that did not advance past the stored one fails', async () => {
    const { record, credential } = await registered();
    const { challenge, response } = await authenticate(record, true);
    await expect(
      verifyAuthenticationResponse({ response, expectedChallenge: challenge, expectedOrigin: ORIGIN, expectedRPID: RP_ID, credential: { ...credential, counter: 1 } }),
    ).rejects.toThrow(/counter value 1 was lower than expected 1/);
  });
});
