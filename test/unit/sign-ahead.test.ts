/**
 * src/background/sign-ahead.ts: while the prompt is open, the offered passkey's counter is
 * advanced and persisted and its assertion signed, so that approving answers at once. What must
 * still hold (SECURITY.md "What we promise", cases 16 and 29, https://w3c.github.io/webauthn/#sctn-sign-counter):
 * the counter a signature carries is durable before the signature leaves and increases in the
 * order signatures leave; the flags are those of the click (UV only with the PIN entered in this
 * ceremony), never those assumed ahead; a passkey changed or used meanwhile is not signed with
 * the reservation. Every assertion here is checked by a real relying-party library.
 */
import { verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fromBase64url } from '../../src/core/base64url';
import { assertionAuthData, getAssertion } from '../../src/core/get-assertion';
import type { AssertionResult, RegistrationResult } from '../../src/core/results';
import type { Vault } from '../../src/vault/vault';
import { authenticationJSON, creationWire, prepGet, registrationJSON, requestWire } from './support/ceremony-fixtures';
import { makeRecord } from './vault-test-helpers';
import { clientDataOf, flagsOf, freshBackground, popup, prompt, request, resultOf, type Background } from './support/ceremony-driver';
import { openedWindows } from './support/fake-extension';
import { PIN, RP, top, WAIT } from './support/work-ahead';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));

const counterOf = (a: AssertionResult) => new DataView(fromBase64url(a.authenticatorData).buffer).getUint32(33, false);

let bg: Background;
let vault: Vault;
let registered: RegistrationResult;
let credential: { id: string; publicKey: Uint8Array<ArrayBuffer>; counter: number };

beforeEach(async () => {
  bg = await freshBackground();
  // The background's own vault (the same module instance as the ceremony's after freshBackground).
  vault = await (await import('../../src/background/vault-service')).getVault();
  const page = request(bg, top(1), 'create', creationWire());
  await (await prompt(bg, 0)).decide('approve', { newPin: PIN });
  registered = resultOf(await page.outcome) as RegistrationResult;
  const verified = await verifyRegistrationResponse({
    response: registrationJSON(registered),
    expectedChallenge: clientDataOf(registered).challenge as string,
    expectedOrigin: RP,
    expectedRPID: 'example.org',
    requireUserVerification: false,
  });
  const info = verified.registrationInfo!.credential;
  credential = { id: info.id, publicKey: info.publicKey, counter: 0 };
});

const credentialId = () => fromBase64url(registered.id);
const storedCounter = async () => (await vault.findById('example.org', credentialId()))!.signCount;

/** Verifies with @simplewebauthn/server against the counter the relying party last saw. */
async function verified(a: AssertionResult, requireUserVerification = false) {
  const result = await verifyAuthenticationResponse({
    response: authenticationJSON(a),
    expectedChallenge: clientDataOf(a).challenge as string,
    expectedOrigin: RP,
    expectedRPID: 'example.org',
    credential,
    requireUserVerification,
  });
  credential.counter = result.authenticationInfo.newCounter;
  return result;
}

/** A get() from `tabId` with its prompt's view taken, as the prompt page does on opening. */
async function openGet(tabId: number, userVerification = 'discouraged') {
  const page = request(bg, top(tabId), 'get', requestWire({ userVerification }));
  const consent = await prompt(bg, openedWindows().length);
  await consent.view();
  return { page, consent };
}

/** Approve is refused without the PIN (nothing reaches the page), then signs with UV=1 and the reserved counter. */
async function expectVerifiedWithPin(page: Awaited<ReturnType<typeof openGet>>['page'], consent: Awaited<ReturnType<typeof openGet>>['consent']) {
  expect((await consent.decide('approve')).status).toBe('retry');
  expect(page.posted).toEqual([]);
  await consent.decide('approve', { pin: PIN });
  const assertion = resultOf(await page.outcome) as AssertionResult;
  expect(flagsOf(assertion)).toEqual({ up: true, uv: true });
  expect(counterOf(assertion)).toBe(1);
  expect((await verified(assertion, true)).verified).toBe(true);
}

describe('sign ahead: the counter is durable before approve, and only the click releases the signature', () => {
  it('reserves and persists the next counter while the prompt is open; approve signs with it and writes only the last-used time', async () => {
    const { page, consent } = await openGet(2);
    await vi.waitFor(async () => expect(await storedCounter()).toBe(1), WAIT);
    expect(page.posted).toEqual([]);
    expect((await vault.findById('example.org', credentialId()))!.lastUsedAt).toBeNull();
    await consent.decide('approve');
    const assertion = resultOf(await page.outcome) as AssertionResult;
    expect(counterOf(assertion)).toBe(1);
    expect(flagsOf(assertion)).toEqual({ up: true, uv: false });
    expect((await verified(assertion)).verified).toBe(true);
    await vi.waitFor(async () => expect((await vault.findById('example.org', credentialId()))!.lastUsedAt).not.toBeNull(), WAIT);
    expect(await storedCounter()).toBe(1);
  });

  it('a declined prompt leaves its counter skipped: the next sign-in carries a higher one', async () => {
    const first = await openGet(2);
    await vi.waitFor(async () => expect(await storedCounter()).toBe(1), WAIT);
    await first.consent.decide('cancel');
    expect((await first.page.outcome).ok).toBe(false);
    const second = await openGet(3);
    await vi.waitFor(async () => expect(await storedCounter()).toBe(2), WAIT);
    await second.consent.decide('approve');
    const assertion = resultOf(await second.page.outcome) as AssertionResult;
    expect(counterOf(assertion)).toBe(2);
    expect((await verified(assertion)).verified).toBe(true);
  });

  it('case 16: two prompts for one passkey approved in reverse order give counters that increase in the order they leave', async () => {
    const a = await openGet(2);
    await vi.waitFor(async () => expect(await storedCounter()).toBe(1), WAIT);
    const b = await openGet(3);
    await vi.waitFor(async () => expect(await storedCounter()).toBe(2), WAIT);
    await b.consent.decide('approve');
    const fromB = resultOf(await b.page.outcome) as AssertionResult;
    await a.consent.decide('approve');
    const fromA = resultOf(await a.page.outcome) as AssertionResult;
    // B signs with its own reservation; A's reservation is stale, so A advances again.
    expect(counterOf(fromB)).toBe(2);
    expect(counterOf(fromA)).toBe(3);
    expect((await verified(fromB)).verified).toBe(true);
    expect((await verified(fromA)).verified).toBe(true);
    expect(await storedCounter()).toBe(3);
  });

  it('flags are the click’s: a vault locked after the prompt opened asks for the PIN, and the signature made ahead with UV=0 is not used', async () => {
    const { page, consent } = await openGet(2);
    await vi.waitFor(async () => expect(await storedCounter()).toBe(1), WAIT);
    await popup(bg, { type: 'vault:lock' });
    await expectVerifiedWithPin(page, consent);
  });

  it('with user verification asked, the signature made ahead says UV=1 and is used only once the PIN is entered', async () => {
    const { page, consent } = await openGet(2, 'preferred');
    await vi.waitFor(async () => expect(await storedCounter()).toBe(1), WAIT);
    await expectVerifiedWithPin(page, consent);
  });

  it('case 29: a passkey hidden after the prompt opened is not signed with', async () => {
    const { page, consent } = await openGet(2);
    await vi.waitFor(async () => expect(await storedCounter()).toBe(1), WAIT);
    expect(await vault.hide('example.org', credentialId(), { reason: 'unknown-credential', origin: RP, at: 1 })).toBe(true);
    await consent.decide('approve');
    const outcome = await page.outcome;
    expect(outcome.ok).toBe(false);
  });
});

describe('getAssertion with a signature made ahead', () => {
  const prepared = prepGet({ userVerification: 'discouraged' });
  const record = makeRecord('example.org', 'alice@example.org', { signCount: 7 });
  const sentinel = Uint8Array.of(1, 2, 3);

  it('uses it only for byte-identical authenticator data', async () => {
    const authData = assertionAuthData(prepared, record, { userPresent: true, userVerified: false });
    const used = await getAssertion(prepared, record, { userPresent: true, userVerified: false }, false, null, { authData, signature: sentinel });
    expect(fromBase64url(used.signature)).toEqual(sentinel);
  });

  it('signs again when the flags at the click differ from those signed ahead (UV), or the counter does', async () => {
    const ahead = { authData: assertionAuthData(prepared, record, { userPresent: true, userVerified: false }), signature: sentinel };
    const verifiedNow = await getAssertion(prepared, record, { userPresent: true, userVerified: true }, false, null, ahead);
    expect(fromBase64url(verifiedNow.signature)).not.toEqual(sentinel);
    expect(fromBase64url(verifiedNow.authenticatorData)[32]! & 0x04).toBe(0x04);
    const later = await getAssertion(prepared, { ...record, signCount: 8 }, { userPresent: true, userVerified: false }, false, null, ahead);
    expect(fromBase64url(later.signature)).not.toEqual(sentinel);
  });
});
