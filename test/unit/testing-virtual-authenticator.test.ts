// The testing build's virtual authenticators (src/testing/), in Node: the WebDriver WebAuthn
// commands (https://w3c.github.io/webauthn/#sctn-automation) and the ceremonies they answer,
// verified by a real relying-party library (@simplewebauthn/server).
import { generateKeyPairSync } from 'node:crypto';
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import { encodeEs256CoseKey } from '../../src/core/cose-key';
import { FLAG_BE, FLAG_BS, FLAG_UV } from '../../src/core/authenticator-data';
import { CeremonyError } from '../../src/core/errors';
import { isOriginAllowed, toAllowedOrigins } from '../../src/testing/allowed-origins';
import { runAutomationCommand } from '../../src/testing/automation-commands';
import { keyFromPkcs8, pkcs8FromKey } from '../../src/testing/credential-key';
import { emptyVirtualState, type VirtualCredential, type VirtualState } from '../../src/testing/virtual-authenticator';
import { virtualCreate, virtualGet } from '../../src/testing/virtual-ceremony';
import { toCreationOptions } from '../../src/core/creation-options';
import { authenticationJSON, CALLER, creationWire, ORIGIN, prepCreate, prepGet, registrationJSON, RP_ID } from './support/ceremony-fixtures';

const USER_HANDLE = toBase64url(Uint8Array.of(1, 2, 3, 4));

function keyPair(type: 'ec' | 'ed25519' | 'rsa') {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  return { pkcs8: toBase64url(pair.privateKey.export({ type: 'pkcs8', format: 'der' })), publicKey: pair.publicKey };
}

async function withAuthenticator(config: Record<string, unknown> = {}): Promise<{ state: VirtualState; id: string }> {
  const state = emptyVirtualState();
  const id = (await runAutomationCommand(state, 'addVirtualAuthenticator', {
    protocol: 'ctap2',
    transport: 'usb',
    hasResidentKey: true,
    hasUserVerification: true,
    isUserVerified: true,
    ...config,
  })) as string;
  return { state, id };
}

async function addKnownCredential(state: VirtualState, authenticatorId: string, pkcs8: string, extra: Record<string, unknown> = {}) {
  const credentialId = toBase64url(Uint8Array.of(9, 9, 9, 9));
  await runAutomationCommand(state, 'addCredential', {
    authenticatorId,
    credentialId,
    isResidentCredential: true,
    rpId: RP_ID,
    privateKey: pkcs8,
    userHandle: USER_HANDLE,
    signCount: 7,
    ...extra,
  });
  return credentialId;
}

function flagsOf(authenticatorData: string): number {
  return isoBase64URL.toBuffer(authenticatorData)[32]!;
}

async function expectError(promise: Promise<unknown>, name: string): Promise<void> {
  await expect(promise).rejects.toSatisfy((e: unknown) => (e as Error).name === name);
}

describe('testing build: WebDriver WebAuthn commands', () => {
  it('add credential with a known P-256 key → a get() the RP verifies with that key; getCredentials reflects the counter', async () => {
    const { state, id } = await withAuthenticator();
    const { pkcs8, publicKey } = keyPair('ec');
    const credentialId = await addKnownCredential(state, id, pkcs8);
    const assertion = await virtualGet(state, prepGet());
    expect(assertion.id).toBe(credentialId);
    expect(assertion.userHandle).toBe(USER_HANDLE);
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = encodeEs256CoseKey(Uint8Array.of(4, ...Buffer.from(jwk.x!, 'base64url'), ...Buffer.from(jwk.y!, 'base64url')));
    const verified = await verifyAuthenticationResponse({
      response: authenticationJSON(assertion),
      expectedChallenge: toBase64url(new Uint8Array(32).fill(9)),
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      credential: { id: credentialId, publicKey: new Uint8Array(cose), counter: 7 },
      requireUserVerification: true,
    });
    expect(verified.verified).toBe(true);
    expect(verified.authenticationInfo.newCounter).toBe(8);
    const [listed] = (await runAutomationCommand(state, 'getCredentials', { authenticatorId: id })) as VirtualCredential[];
    expect(listed).toMatchObject({ credentialId, isResidentCredential: true, rpId: RP_ID, privateKey: pkcs8, userHandle: USER_HANDLE, signCount: 8 });
  });

  it('Ed25519 and RSA PKCS#8 keys round-trip through the signer formats', async () => {
    for (const type of ['ed25519', 'rsa', 'ec'] as const) {
      const { pkcs8 } = keyPair(type);
      const der = isoBase64URL.toBuffer(pkcs8);
      const key = await keyFromPkcs8(der);
      // Node writes the same PKCS#8 the signer's key gives back (RSA: as is; P-256: with its public key).
      expect(toBase64url(pkcs8FromKey(key.alg, key.privateKey)), type).toBe(pkcs8);
    }
    await expect(keyFromPkcs8(Uint8Array.of(0x30, 0x00))).rejects.toThrow(TypeError);
  });

  it('isUserVerified false → UV flag 0 when UV is preferred, NotAllowedError when required; setUserVerified turns it on', async () => {
    const { state, id } = await withAuthenticator({ isUserVerified: false });
    await addKnownCredential(state, id, keyPair('ec').pkcs8);
    const preferred = await virtualGet(state, prepGet({ userVerification: 'preferred' }));
    expect(flagsOf(preferred.authenticatorData) & FLAG_UV).toBe(0);
    await expectError(virtualGet(state, prepGet({ userVerification: 'required' })), 'NotAllowedError');
    await runAutomationCommand(state, 'setUserVerified', { authenticatorId: id, isUserVerified: true });
    const verified = await virtualGet(state, prepGet({ userVerification: 'required' }));
    expect(flagsOf(verified.authenticatorData) & FLAG_UV).toBe(FLAG_UV);
    // Discouraged: no UV even though the authenticator could.
    expect(flagsOf((await virtualGet(state, prepGet({ userVerification: 'discouraged' }))).authenticatorData) & FLAG_UV).toBe(0);
  });

  it('remove credential → get() ends in NotAllowedError; removing it again is invalid argument', async () => {
    const { state, id } = await withAuthenticator();
    const credentialId = await addKnownCredential(state, id, keyPair('ec').pkcs8);
    await runAutomationCommand(state, 'removeCredential', { authenticatorId: id, credentialId });
    await expectError(virtualGet(state, prepGet()), 'NotAllowedError');
    await expectError(runAutomationCommand(state, 'removeCredential', { authenticatorId: id, credentialId }), 'invalid argument');
  });

  it('remove all credentials and remove authenticator', async () => {
    const { state, id } = await withAuthenticator();
    await addKnownCredential(state, id, keyPair('ec').pkcs8);
    await runAutomationCommand(state, 'removeAllCredentials', { authenticatorId: id });
    expect(await runAutomationCommand(state, 'getCredentials', { authenticatorId: id })).toEqual([]);
    await runAutomationCommand(state, 'removeVirtualAuthenticator', { authenticatorId: id });
    expect(state.authenticators).toEqual([]);
    await expectError(runAutomationCommand(state, 'getCredentials', { authenticatorId: id }), 'invalid argument');
  });

  it('isUserConsenting false → NotAllowedError (consent refused), and nothing is created', async () => {
    const { state, id } = await withAuthenticator({ isUserConsenting: false });
    await expectError(virtualCreate(state, prepCreate(), toCreationOptions(creationWire())), 'NotAllowedError');
    expect(await runAutomationCommand(state, 'getCredentials', { authenticatorId: id })).toEqual([]);
  });

  it('create() makes a credential the RP verifies, resident when asked, with the configured BE/BS; get() then finds it', async () => {
    const { state, id } = await withAuthenticator({ defaultBackupEligibility: true, defaultBackupState: true });
    const wire = creationWire({ authenticatorSelection: { residentKey: 'required', userVerification: 'required' }, attestation: 'direct', extensions: { credProps: true } });
    const created = await virtualCreate(state, prepCreate(wire), toCreationOptions(wire));
    expect(created.clientExtensionResults).toEqual({ credProps: { rk: true } });
    expect(created.transports).toEqual(['usb']);
    expect(created.authenticatorAttachment).toBe('cross-platform');
    const registration = await verifyRegistrationResponse({
      response: registrationJSON(created),
      expectedChallenge: toBase64url(new Uint8Array(32).fill(7)),
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
    expect(registration.verified).toBe(true);
    expect(registration.registrationInfo?.fmt).toBe('packed');
    expect(flagsOf(created.authenticatorData) & (FLAG_BE | FLAG_BS)).toBe(FLAG_BE | FLAG_BS);
    const [listed] = (await runAutomationCommand(state, 'getCredentials', { authenticatorId: id })) as VirtualCredential[];
    expect(listed).toMatchObject({ credentialId: created.id, isResidentCredential: true, signCount: 0, userHandle: USER_HANDLE });
    expect((await virtualGet(state, prepGet())).id).toBe(created.id);
    // Excluded: InvalidStateError.
    const again = creationWire({ excludeCredentials: [{ type: 'public-key', id: { '\u0000bytes': created.id } }] });
    await expectError(virtualCreate(state, prepCreate(again), toCreationOptions(again)), 'InvalidStateError');
  });

  it('residentKey discouraged → a non-resident credential, found only through allowCredentials', async () => {
    const { state } = await withAuthenticator();
    const wire = creationWire({ authenticatorSelection: { residentKey: 'discouraged' }, extensions: { credProps: true } });
    const created = await virtualCreate(state, prepCreate(wire), toCreationOptions(wire));
    expect(created.clientExtensionResults).toEqual({ credProps: { rk: false } });
    await expectError(virtualGet(state, prepGet()), 'NotAllowedError');
    const allowed = await virtualGet(state, prepGet({ allowCredentials: [{ type: 'public-key', id: { '\u0000bytes': created.id } }] }));
    expect(allowed.id).toBe(created.id);
  });

  it('an authenticator that cannot satisfy the options is not used: U2F makes only ES256, no resident keys, no UV', async () => {
    const { state } = await withAuthenticator({ protocol: 'ctap1/u2f', hasResidentKey: false, hasUserVerification: false });
    const rk = creationWire({ authenticatorSelection: { residentKey: 'required' } });
    await expectError(virtualCreate(state, prepCreate(rk), toCreationOptions(rk)), 'NotAllowedError');
    const eddsaOnly = creationWire({ pubKeyCredParams: [{ type: 'public-key', alg: -8 }] });
    await expectError(virtualCreate(state, prepCreate(eddsaOnly), toCreationOptions(eddsaOnly)), 'NotAllowedError');
    const platform = creationWire({ authenticatorSelection: { authenticatorAttachment: 'platform' } });
    await expectError(virtualCreate(state, prepCreate(platform), toCreationOptions(platform)), 'NotAllowedError');
    const plain = creationWire();
    expect((await virtualCreate(state, prepCreate(plain), toCreationOptions(plain))).publicKeyAlgorithm).toBe(-7);
  });

  it('bad parameters are invalid argument, with the parameter named', async () => {
    const { state, id } = await withAuthenticator({ hasResidentKey: false });
    await expect(runAutomationCommand(state, 'addVirtualAuthenticator', { protocol: 'ctap3', transport: 'usb' })).rejects.toThrow(/protocol/);
    await expect(addKnownCredential(state, id, keyPair('ec').pkcs8)).rejects.toThrow(/isResidentCredential/);
    await expect(addKnownCredential(state, id, 'not base64url!', { isResidentCredential: false })).rejects.toThrow(/privateKey/);
    await expect(addKnownCredential(state, id, keyPair('ec').pkcs8, { isResidentCredential: false, signCount: -1 })).rejects.toThrow(/signCount/);
    await expectError(runAutomationCommand(state, 'flyToTheMoon', {}), 'unknown command');
  });

  it('a ceremony error is the spec’s DOMException name, not an automation code', async () => {
    const { state } = await withAuthenticator();
    await expect(virtualGet(state, prepGet())).rejects.toBeInstanceOf(CeremonyError);
  });
});

describe('testing build: allowed origins', () => {
  it('a host covers itself and its subdomains on any port; an origin covers exactly itself', () => {
    const list = toAllowedOrigins(['localhost', 'https://App.test:8443/', 'not a host', 'localhost']);
    expect(list).toEqual(['localhost', 'https://app.test:8443']);
    expect(isOriginAllowed('http://localhost:8787', list)).toBe(true);
    expect(isOriginAllowed('http://a.localhost:9', list)).toBe(true);
    expect(isOriginAllowed('https://app.test:8443', list)).toBe(true);
    expect(isOriginAllowed('https://app.test', list)).toBe(false);
    expect(isOriginAllowed('https://evil-localhost.example', list)).toBe(false);
    expect(isOriginAllowed('https://localhost.evil.example', list)).toBe(false);
    expect(isOriginAllowed(CALLER.origin, list)).toBe(false);
  });
});
