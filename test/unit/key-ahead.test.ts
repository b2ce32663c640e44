/**
 * src/core/key-ahead.ts: while the create() prompt is open, the key pair of the algorithm
 * https://w3c.github.io/webauthn/#sctn-op-make-cred step 2 chooses is made in the background, and
 * approving uses it. What must still hold (SECURITY.md "What we promise"): nothing is stored
 * before the click and a declined prompt's key pair serves no credential; the flags are those of
 * the click (a packed attestation signed ahead with UV=0 is not used once the PIN was entered);
 * anything that differs at the click (another algorithm) takes the ordinary path. Every
 * credential here is checked by a real relying-party library.
 */
import { verifyRegistrationResponse } from '@simplewebauthn/server';
import { beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/core/base64url';
import type { CredentialKeyPair, CredentialSigner } from '../../src/core/credential-signer';
import { makeKeyAhead } from '../../src/core/key-ahead';
import { makeCredential } from '../../src/core/make-credential';
import type { RegistrationResult } from '../../src/core/results';
import type { Vault } from '../../src/vault/vault';
import { bytes, creationWire, prepCreate, registrationJSON } from './support/ceremony-fixtures';
import { clientDataOf, flagsOf, freshBackground, popup, prompt, request, resultOf, type Background } from './support/ceremony-driver';
import { openedWindows } from './support/fake-extension';
import { PIN, RP, top, WAIT } from './support/work-ahead';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));


let bg: Background;
let vault: Vault;
/** The key pairs each algorithm's signer made, in order, in the background's own module instance. */
let made: Map<number, CredentialKeyPair[]>;
let spies: Map<number, MockInstance>;
let signers: CredentialSigner[];

async function verifiedRegistration(r: RegistrationResult, requireUserVerification = false) {
  return verifyRegistrationResponse({
    response: registrationJSON(r),
    expectedChallenge: clientDataOf(r).challenge as string,
    expectedOrigin: RP,
    expectedRPID: 'example.org',
    requireUserVerification,
    supportedAlgorithmIDs: [-7, -8, -257],
  });
}

/**
 * A create() from `tabId` (its own user handle) with its prompt's view taken, as the prompt page
 * does on opening; user verification discouraged, so that the unlocked vault asks for no PIN.
 */
async function openCreate(tabId: number, overrides: Parameters<typeof creationWire>[0] = {}) {
  const page = request(bg, top(tabId), 'create', creationWire({ user: { id: bytes(Uint8Array.of(tabId)), name: `u${tabId}`, displayName: 'U' }, authenticatorSelection: { userVerification: 'discouraged' }, ...overrides }));
  const consent = await prompt(bg, openedWindows().length);
  await consent.view();
  return { page, consent };
}

/** Whether `needle` occurs in `haystack`. */
const contains = (haystack: Uint8Array, needle: Uint8Array) => Buffer.from(haystack).includes(Buffer.from(needle));
const generated = (alg: number) => made.get(alg)!;
const spkiOf = (alg: number, pair: CredentialKeyPair) => toBase64url(signers.find((s) => s.alg === alg)!.spki(pair.publicKey));

beforeEach(async () => {
  bg = await freshBackground();
  vault = await (await import('../../src/background/vault-service')).getVault();
  // The PIN is chosen in a first create() whose view is never asked for: nothing made ahead.
  const first = request(bg, top(1), 'create', creationWire());
  await (await prompt(bg, 0)).decide('approve', { newPin: PIN });
  resultOf(await first.outcome);
  // The signers as the background's modules see them (freshBackground reset the module graph).
  const { signerFor } = await import('../../src/core/signers');
  signers = [-7, -8, -257].map(signerFor);
  made = new Map();
  spies = new Map();
  for (const signer of signers) {
    const pairs: CredentialKeyPair[] = [];
    made.set(signer.alg, pairs);
    const original = signer.generate.bind(signer);
    spies.set(
      signer.alg,
      vi.spyOn(signer, 'generate').mockImplementation(async () => {
        const pair = await original();
        pairs.push(pair);
        return pair;
      }),
    );
  }
});

describe('key ahead: made while the prompt is open, released only by the click', { timeout: 30_000 }, () => {
  it('the key pair is made before approve, nothing is stored or posted then, and approve makes no other', async () => {
    const before = await vault.count();
    const { page, consent } = await openCreate(2);
    await vi.waitFor(() => expect(generated(-7)).toHaveLength(1), WAIT);
    expect(page.posted).toEqual([]);
    expect(await vault.count()).toBe(before);
    await consent.decide('approve');
    const created = resultOf(await page.outcome) as RegistrationResult;
    expect(generated(-7)).toHaveLength(1);
    expect(created.publicKey).toBe(spkiOf(-7, generated(-7)[0]!));
    expect(flagsOf(created)).toEqual({ up: true, uv: false });
    expect((await verifiedRegistration(created)).verified).toBe(true);
    expect(await vault.count()).toBe(before + 1);
    expect(await vault.findById('example.org', fromBase64url(created.id))).not.toBeNull();
  });

  it('a declined prompt’s key pair is dropped: nothing stored, and the next create() makes and uses a new one', async () => {
    const before = await vault.count();
    const declined = await openCreate(2);
    await vi.waitFor(() => expect(generated(-7)).toHaveLength(1), WAIT);
    await declined.consent.decide('cancel');
    expect((await declined.page.outcome).ok).toBe(false);
    expect(await vault.count()).toBe(before);
    const next = await openCreate(3);
    await vi.waitFor(() => expect(generated(-7)).toHaveLength(2), WAIT);
    await next.consent.decide('approve');
    const created = resultOf(await next.page.outcome) as RegistrationResult;
    expect(created.publicKey).toBe(spkiOf(-7, generated(-7)[1]!));
    expect(created.publicKey).not.toBe(spkiOf(-7, generated(-7)[0]!));
    expect((await verifiedRegistration(created)).verified).toBe(true);
  });

  it('step 2: the algorithm made ahead is the first of pubKeyCredParams Passkeep supports', async () => {
    const { page, consent } = await openCreate(2, {
      pubKeyCredParams: [
        { type: 'public-key', alg: -999 },
        { type: 'public-key', alg: -8 },
        { type: 'public-key', alg: -7 },
      ],
    });
    await vi.waitFor(() => expect(generated(-8)).toHaveLength(1), WAIT);
    await consent.decide('approve');
    const created = resultOf(await page.outcome) as RegistrationResult;
    expect(created.publicKeyAlgorithm).toBe(-8);
    expect(created.publicKey).toBe(spkiOf(-8, generated(-8)[0]!));
    expect(spies.get(-7)!).not.toHaveBeenCalled();
    expect((await verifiedRegistration(created)).verified).toBe(true);
  });

  it('flags are the click’s: a packed attestation signed ahead with UV=0 is signed again once a vault locked meanwhile asks for the PIN', async () => {
    const { page, consent } = await openCreate(2, { attestation: 'direct' });
    await vi.waitFor(() => expect(generated(-7)).toHaveLength(1), WAIT);
    await popup(bg, { type: 'vault:lock' });
    expect((await consent.decide('approve')).status).toBe('retry');
    expect(page.posted).toEqual([]);
    await consent.decide('approve', { pin: PIN });
    const created = resultOf(await page.outcome) as RegistrationResult;
    expect(flagsOf(created)).toEqual({ up: true, uv: true });
    const verified = await verifiedRegistration(created, true);
    expect(verified.verified).toBe(true);
    expect(verified.registrationInfo!.fmt).toBe('packed');
  });

  it('another algorithm at the click (a developer-mode scenario) takes the ordinary path: a key pair of that algorithm, made then', async () => {
    await popup(bg, { type: 'settings:set', settings: { developerMode: true } });
    const { page, consent } = await openCreate(2, {
      pubKeyCredParams: [
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -8 },
      ],
    });
    await vi.waitFor(() => expect(generated(-7)).toHaveLength(1), WAIT);
    await consent.decide('approve', { scenario: 'alg:-8' });
    const created = resultOf(await page.outcome) as RegistrationResult;
    expect(created.publicKeyAlgorithm).toBe(-8);
    expect(generated(-8)).toHaveLength(1);
    expect(created.publicKey).toBe(spkiOf(-8, generated(-8)[0]!));
  });
});

describe('makeCredential with a key pair made ahead', () => {
  const consent = { userPresent: true as const, userVerified: false };

  it('uses it, and the packed attestation signed ahead, for the same algorithm and byte-identical authenticator data', async () => {
    const prepared = prepCreate({ attestation: 'direct' });
    const ahead = (await makeKeyAhead(prepared, false))!;
    const signature = new Uint8Array(71).fill(0xab);
    const { record, result } = await makeCredential(prepared, consent, 0, null, { ...ahead, attestation: { ...ahead.attestation!, signature } });
    expect(record.credentialId).toEqual(ahead.credentialId);
    expect(record.privateKey).toEqual(ahead.keyPair.privateKey);
    expect(contains(fromBase64url(result.attestationObject), signature)).toBe(true);
  });

  it('signs the attestation again when the flags at the click differ from those signed ahead (UV)', async () => {
    const prepared = prepCreate({ attestation: 'direct' });
    const ahead = (await makeKeyAhead(prepared, false))!;
    const signature = new Uint8Array(71).fill(0xab);
    const { record, result } = await makeCredential(prepared, { ...consent, userVerified: true }, 0, null, { ...ahead, attestation: { ...ahead.attestation!, signature } });
    expect(record.privateKey).toEqual(ahead.keyPair.privateKey);
    expect(contains(fromBase64url(result.attestationObject), signature)).toBe(false);
    expect(fromBase64url(result.authenticatorData)[32]! & 0x04).toBe(0x04);
  });

  it('makes its own when the algorithm chosen differs from the one made ahead', async () => {
    const prepared = prepCreate();
    const ahead = (await makeKeyAhead(prepCreate({ pubKeyCredParams: [{ type: 'public-key', alg: -8 }] }), false))!;
    expect(ahead.alg).toBe(-8);
    const { record } = await makeCredential(prepared, consent, 0, null, ahead);
    expect(record.alg).toBe(-7);
    expect(record.credentialId).not.toEqual(ahead.credentialId);
    expect(record.privateKey).not.toEqual(ahead.keyPair.privateKey);
  });

  it('makes nothing ahead when no algorithm is supported', async () => {
    expect(await makeKeyAhead(prepCreate({ pubKeyCredParams: [{ type: 'public-key', alg: -999 }] }), false)).toBeNull();
  });
});
