/**
 * The background's ceremony, from a page's port to the person's decision in the prompt, with
 * the browser faked (./support/fake-extension.ts) and a real vault on fake-indexeddb.
 * SECURITY.md: flags tell the truth (UP only after approve; UV only with a PIN entered or
 * chosen in this very ceremony), the origin comes from the browser's `sender`, and a frame's
 * clientData says it is cross-origin and names the top-level origin.
 * https://w3c.github.io/webauthn/#sctn-createCredential, #sctn-getAssertion,
 * #dictdef-collectedclientdata
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { creationWire, requestWire, bytes } from './support/ceremony-fixtures';
import {
  clientDataOf,
  errorName,
  flagsOf,
  freshBackground,
  popup,
  prompt,
  request,
  resultOf,
  type Background,
} from './support/ceremony-driver';
import { localStorageArea, openedWindows, pageSender, removedWindows, sessionStorage, setFrames, setTabMessageHandler, windowsOpened } from './support/fake-extension';
import type { AssertionResult, RegistrationResult } from '../../src/core/results';
import type { PasskeySummary } from '../../src/core/protocol';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));

const RP = 'https://example.org';
const PIN = '482916';
const top = (tabId: number, origin = RP) => pageSender({ tabId, frameId: 0, origin, url: `${origin}/login` });

let bg: Background;
beforeEach(async () => {
  bg = await freshBackground();
});

/** Registers a passkey for example.org with a first PIN chosen in the prompt. */
async function registerFirst(tabId = 1): Promise<RegistrationResult> {
  const page = request(bg, top(tabId), 'create', creationWire());
  const consent = await prompt(bg, openedWindows().length);
  await consent.decide('approve', { newPin: PIN });
  return resultOf(await page.outcome) as RegistrationResult;
}

/**
 * A passkey for example.org, registered from a tab of its own (one prompt opened and closed).
 * A get() for which an unlocked vault holds nothing goes to the browser's own WebAuthn with no
 * prompt (src/core/step-aside.ts), so a test of the prompt itself stores one first.
 */
const OTHER_TAB = 99;
function storedPasskey(): Promise<RegistrationResult> {
  return registerFirst(OTHER_TAB);
}

async function vaultState(): Promise<string> {
  return (await popup<{ state: string }>(bg, { type: 'vault:status' })).state;
}

describe('create', () => {
  it('asks for a new PIN first, and the credential says UP=1, UV=1 with the sender origin in clientData', async () => {
    const page = request(bg, top(1), 'create', creationWire());
    const consent = await prompt(bg);
    // The prompt is the extension's own window, in front, not a tab the page could sit beside.
    expect(openedWindows()[0]).toMatchObject({ type: 'popup', focused: true, url: expect.stringMatching(/^chrome-extension:\/\/passkeep-test-id\/consent\.html\?request=[A-Za-z0-9_-]{22}$/) });
    const view = await consent.view();
    expect(view).toMatchObject({ op: 'create', origin: RP, topOrigin: null, rpId: 'example.org', needsNewPin: true });
    // Nothing reaches the page before the person decides.
    expect(page.posted).toEqual([]);
    const decided = await consent.decide('approve', { newPin: PIN });
    expect(decided).toEqual({ status: 'done' });
    const result = resultOf(await page.outcome) as RegistrationResult;
    expect(flagsOf(result)).toEqual({ up: true, uv: true });
    expect(clientDataOf(result)).toEqual({
      type: 'webauthn.create',
      challenge: expect.any(String),
      origin: RP,
      crossOrigin: false,
    });
    expect(removedWindows()).toContain(consent.windowId);
    const list = await popup<{ passkeys: PasskeySummary[] }>(bg, { type: 'vault:list' });
    expect(list.passkeys.map((p) => p.rpId)).toEqual(['example.org']);
    // The PIN chosen here unlocked the vault, and a restarted background must know it.
    expect([...sessionStorage().values()].some((v) => typeof v === 'string')).toBe(true);
  });

  it('refuses a missing new PIN, or one of the wrong shape, and keeps waiting', async () => {
    const page = request(bg, top(1), 'create', creationWire());
    const consent = await prompt(bg);
    expect((await consent.decide('approve')).status).toBe('retry');
    const decided = await consent.decide('approve', { newPin: '1' });
    expect(decided.status).toBe('retry');
    expect(page.posted).toEqual([]);
    expect(await vaultState()).toBe('no-pin');
  });

  it('on an unlocked vault with userVerification "discouraged" creates with UV=0', async () => {
    await registerFirst();
    const page = request(bg, top(2), 'create', creationWire({ authenticatorSelection: { userVerification: 'discouraged' }, user: { id: bytes(Uint8Array.of(9)), name: 'bob', displayName: 'Bob' } }));
    const consent = await prompt(bg, 1);
    expect(await consent.view()).toMatchObject({ needsPin: false, needsNewPin: false });
    await consent.decide('approve');
    expect(flagsOf(resultOf(await page.outcome) as RegistrationResult)).toEqual({ up: true, uv: false });
  });

  it('an excluded credential already held ends in InvalidStateError after consent', async () => {
    const first = await registerFirst();
    const page = request(bg, top(2), 'create', creationWire({ excludeCredentials: [{ type: 'public-key', id: bytes(new Uint8Array(Buffer.from(first.id, 'base64url'))) }], authenticatorSelection: { userVerification: 'discouraged' } }));
    const consent = await prompt(bg, 1);
    await consent.decide('approve');
    expect(errorName(await page.outcome)).toBe('InvalidStateError');
  });
});

describe('get', () => {
  async function signIn(tabId: number, overrides: Record<string, never> | Record<string, unknown>, fields: { pin?: string } = {}) {
    const page = request(bg, top(tabId), 'get', requestWire(overrides as never));
    const consent = await prompt(bg, openedWindows().length);
    const view = await consent.view();
    const decided = await consent.decide('approve', fields);
    return { page, consent, view, decided };
  }

  it('without a PIN on an unlocked vault gives UP=1, UV=0', async () => {
    await registerFirst();
    const { page, view } = await signIn(2, { userVerification: 'discouraged' });
    expect(view).toMatchObject({ op: 'get', needsPin: false, accounts: [expect.objectContaining({ userName: 'alice@example.org' })] });
    const result = resultOf(await page.outcome) as AssertionResult;
    expect(flagsOf(result)).toEqual({ up: true, uv: false });
    expect(clientDataOf(result)).toMatchObject({ type: 'webauthn.get', origin: RP, crossOrigin: false });
    expect(clientDataOf(result)).not.toHaveProperty('topOrigin');
  });

  it('with "preferred" on an unlocked vault asks for the PIN and then says UV=1', async () => {
    await registerFirst();
    const page = request(bg, top(2), 'get', requestWire());
    const consent = await prompt(bg, 1);
    expect((await consent.view()).needsPin).toBe(true);
    expect((await consent.decide('approve')).status).toBe('retry');
    const wrong = await consent.decide('approve', { pin: '000000' });
    expect(wrong).toMatchObject({ status: 'retry', message: 'Wrong PIN.', retryAfterSeconds: 0 });
    expect(page.posted).toEqual([]);
    await consent.decide('approve', { pin: PIN });
    expect(flagsOf(resultOf(await page.outcome) as AssertionResult)).toEqual({ up: true, uv: true });
  });

  it('on a locked vault the PIN entered in the prompt unlocks it and UV=1 even when discouraged', async () => {
    await registerFirst();
    await popup(bg, { type: 'vault:lock' });
    expect(await vaultState()).toBe('locked');
    const page = request(bg, top(2), 'get', requestWire({ userVerification: 'discouraged' }));
    const consent = await prompt(bg, 1);
    const view = await consent.view();
    expect(view).toMatchObject({ needsPin: true, accounts: null });
    await consent.decide('approve', { pin: PIN });
    expect(flagsOf(resultOf(await page.outcome) as AssertionResult)).toEqual({ up: true, uv: true });
  });

  it('signs with the account the person chose among several', async () => {
    await registerFirst(1);
    const second = request(bg, top(2), 'create', creationWire({ user: { id: bytes(Uint8Array.of(7)), name: 'bob@example.org', displayName: 'Bob' }, authenticatorSelection: { userVerification: 'discouraged' } }));
    await (await prompt(bg, 1)).decide('approve');
    const bob = resultOf(await second.outcome);
    const page = request(bg, top(3), 'get', requestWire({ userVerification: 'discouraged' }));
    const consent = await prompt(bg, 2);
    expect((await consent.view()).accounts).toHaveLength(2);
    expect((await consent.decide('approve')).status).toBe('retry');
    await consent.decide('approve', { account: bob.id });
    expect(resultOf(await page.outcome).id).toBe(bob.id);
  });

  it('allowCredentials limits the accounts to those listed; none held goes to the browser with no prompt', async () => {
    const alice = await registerFirst();
    const aliceId = bytes(new Uint8Array(Buffer.from(alice.id, 'base64url')));
    const page = request(bg, top(2), 'get', requestWire({ userVerification: 'discouraged', allowCredentials: [{ type: 'public-key', id: bytes(new Uint8Array(16)) }, { type: 'public-key', id: aliceId }] }));
    const consent = await prompt(bg, 1);
    expect((await consent.view()).accounts).toEqual([expect.objectContaining({ id: alice.id })]);
    await consent.decide('approve');
    expect(resultOf(await page.outcome).id).toBe(alice.id);

    const none = request(bg, top(3), 'get', requestWire({ userVerification: 'discouraged', allowCredentials: [{ type: 'public-key', id: bytes(new Uint8Array(16)) }] }));
    expect(await none.outcome).toEqual({ ok: true, handoff: true });
    expect(openedWindows()).toHaveLength(2);
  });

  // https://w3c.github.io/webauthn/#sctn-discover-from-external-source ("allowCredentials is not
  // empty, and no authenticator will become available for any public key credentials therein")
  // with the #dom-publickeycredentialdescriptor-type note, w3c/webauthn#1966.
  it('WebAuthn §5.1.4.1: allowCredentials of unknown types only matches no passkey, so the browser gets it with no prompt', async () => {
    await registerFirst();
    const page = request(bg, top(2), 'get', requestWire({ userVerification: 'discouraged', allowCredentials: [{ type: 'future-type', id: bytes(new Uint8Array(16)) }] }));
    // Not "any passkey of the site", as an empty list would be: the site's passkey is not offered.
    expect(await page.outcome).toEqual({ ok: true, handoff: true });
    expect(openedWindows()).toHaveLength(1);
  });

  it('with no passkey for the site goes to the browser with no prompt', async () => {
    await registerFirst();
    const page = request(bg, top(2, 'https://other.example'), 'get', requestWire({ rpId: 'other.example', userVerification: 'discouraged' }));
    expect(await page.outcome).toEqual({ ok: true, handoff: true });
    expect(openedWindows()).toHaveLength(1);
  });

  it('locked, the prompt asks for the PIN; unlocked with nothing for the site, the browser gets the request after the prompt', async () => {
    await registerFirst();
    await popup(bg, { type: 'vault:lock' });
    const page = request(bg, top(2, 'https://other.example'), 'get', requestWire({ rpId: 'other.example', userVerification: 'discouraged' }));
    const consent = await prompt(bg, 1);
    expect(await consent.view()).toMatchObject({ locked: true, needsPin: true, accounts: null });
    expect(await consent.decide('approve', { pin: PIN })).toEqual({ status: 'done' });
    expect(await page.outcome).toEqual({ ok: true, handoff: 'after-prompt' });
    expect(await vaultState()).toBe('unlocked');
  });
});

describe('the person decides', () => {
  it('cancel rejects with NotAllowedError, closes the prompt and stores nothing', async () => {
    await registerFirst();
    const page = request(bg, top(2), 'create', creationWire({ user: { id: bytes(Uint8Array.of(5)), name: 'carol', displayName: 'Carol' } }));
    const consent = await prompt(bg, 1);
    expect(await consent.decide('cancel')).toEqual({ status: 'done' });
    expect(errorName(await page.outcome)).toBe('NotAllowedError');
    expect(removedWindows()).toContain(consent.windowId);
    const list = await popup<{ passkeys: PasskeySummary[] }>(bg, { type: 'vault:list' });
    expect(list.passkeys).toHaveLength(1);
    // The request is over: its prompt can no longer decide.
    await expect(consent.decide('approve', { pin: PIN })).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('closing the prompt window rejects with NotAllowedError', async () => {
    await storedPasskey();
    const page = request(bg, top(1), 'get', requestWire());
    const consent = await prompt(bg, 1);
    bg.onWindowRemoved(consent.windowId + 1000);
    expect(page.posted).toEqual([]);
    bg.onWindowRemoved(consent.windowId);
    expect(errorName(await page.outcome)).toBe('NotAllowedError');
    // The window is already gone: the background does not try to close it again.
    expect(removedWindows()).not.toContain(consent.windowId);
  });

  it('"other authenticator" hands the request to the browser, once the page has the focus back', async () => {
    await storedPasskey();
    const page = request(bg, top(1), 'get', requestWire());
    await (await prompt(bg, 1)).decide('other-authenticator');
    expect(await page.outcome).toEqual({ ok: true, handoff: 'after-prompt' });
  });

  it('the page going away closes the prompt and answers no one', async () => {
    await storedPasskey();
    const page = request(bg, top(1), 'get', requestWire());
    const consent = await prompt(bg, 1);
    page.disconnect();
    expect(removedWindows()).toContain(consent.windowId);
    await expect(consent.view()).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('a page gone while its prompt window was opening still gets the window closed', async () => {
    await storedPasskey();
    const page = request(bg, top(1), 'get', requestWire());
    await windowsOpened(2);
    page.disconnect();
    await vi.waitFor(() => expect(removedWindows()).toContain(openedWindows()[1]!.id));
  });

  it('wrong PINs in the prompt lead to a wait, said in the prompt; nothing reaches the page', async () => {
    await registerFirst();
    await popup(bg, { type: 'vault:lock' });
    const page = request(bg, top(2), 'get', requestWire());
    const consent = await prompt(bg, 1);
    let last: Awaited<ReturnType<typeof consent.decide>> | null = null;
    for (let i = 0; i < 3; i++) last = await consent.decide('approve', { pin: `wrong-${i}` });
    expect(last).toMatchObject({ status: 'retry', retryAfterSeconds: 30, message: expect.stringContaining('30 s') });
    const waiting = await consent.decide('approve', { pin: PIN });
    expect(waiting).toMatchObject({ status: 'retry', message: expect.stringContaining('Too many wrong PINs') });
    expect(waiting.status === 'retry' && waiting.retryAfterSeconds).toBeGreaterThan(0);
    expect(page.posted).toEqual([]);
    // five PIN derivations: slow on a loaded machine
  }, 30_000);

  it('an unlock in the prompt is carried into storage.session (a restarted background stays unlocked)', async () => {
    await registerFirst();
    await popup(bg, { type: 'vault:lock' });
    expect([...sessionStorage().values()].some((v) => typeof v === 'string')).toBe(false);
    const page = request(bg, top(2), 'get', requestWire());
    await (await prompt(bg, 1)).decide('approve', { pin: PIN });
    resultOf(await page.outcome);
    expect([...sessionStorage().values()].some((v) => typeof v === 'string')).toBe(true);
  });

  it('an abort from the page closes the prompt', async () => {
    await storedPasskey();
    const page = request(bg, top(1), 'get', requestWire());
    const consent = await prompt(bg, 1);
    page.send({ type: 'abort' });
    expect(removedWindows()).toContain(consent.windowId);
    expect(page.posted).toEqual([]);
  });

  it('only the prompt page opened for this request may view or decide it', async () => {
    await storedPasskey();
    const page = request(bg, top(1), 'get', requestWire());
    const consent = await prompt(bg, 1);
    const message = { type: 'consent:decide', request: consent.request, decision: 'approve' };
    // A web page (content script) gets no answer at all; another extension page gets an error.
    expect(await bg.onExtensionPageMessage(message, pageSender({ tabId: 1, frameId: 0, origin: RP, url: `${RP}/` }))).toBeUndefined();
    const fromPopup = await bg.onExtensionPageMessage(message, { id: 'passkeep-test-id', url: 'chrome-extension://passkeep-test-id/popup.html' });
    expect(fromPopup).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    const otherRequest = await bg.onExtensionPageMessage({ type: 'consent:view', request: 'nope' }, { id: 'passkeep-test-id', url: 'chrome-extension://passkeep-test-id/consent.html?request=nope' });
    expect(otherRequest).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    expect(page.posted).toEqual([]);
  });
});

describe('frames: crossOrigin and topOrigin in clientData', () => {
  const TOP = 'https://news.example';
  beforeEach(() => {
    // Firefox asks the embedder's bridge; it delegates the feature.
    setTabMessageHandler(() => true);
  });

  it('a cross-origin frame gets crossOrigin: true and the top-level origin, in create and get', async () => {
    setFrames(1, [
      { frameId: 0, parentFrameId: -1, url: `${TOP}/article` },
      { frameId: 4, parentFrameId: 0, url: `${RP}/widget` },
    ]);
    const frame = pageSender({ tabId: 1, frameId: 4, origin: RP, url: `${RP}/widget` });
    const create = request(bg, frame, 'create', creationWire());
    const consent = await prompt(bg);
    expect(await consent.view()).toMatchObject({ origin: RP, topOrigin: TOP });
    await consent.decide('approve', { newPin: PIN });
    const created = resultOf(await create.outcome) as RegistrationResult;
    expect(clientDataOf(created)).toMatchObject({ type: 'webauthn.create', origin: RP, crossOrigin: true, topOrigin: TOP });

    setFrames(2, [
      { frameId: 0, parentFrameId: -1, url: `${TOP}/article` },
      { frameId: 6, parentFrameId: 0, url: `${RP}/widget` },
    ]);
    const get = request(bg, pageSender({ tabId: 2, frameId: 6, origin: RP, url: `${RP}/widget` }), 'get', requestWire({ userVerification: 'discouraged' }));
    await (await prompt(bg, 1)).decide('approve');
    const got = resultOf(await get.outcome) as AssertionResult;
    expect(clientDataOf(got)).toMatchObject({ type: 'webauthn.get', origin: RP, crossOrigin: true, topOrigin: TOP });
  });

  it('a same-origin frame says crossOrigin: false and no topOrigin', async () => {
    setFrames(1, [
      { frameId: 0, parentFrameId: -1, url: `${RP}/` },
      { frameId: 3, parentFrameId: 0, url: `${RP}/inner` },
    ]);
    const page = request(bg, pageSender({ tabId: 1, frameId: 3, origin: RP, url: `${RP}/inner` }), 'create', creationWire());
    const consent = await prompt(bg);
    expect((await consent.view()).topOrigin).toBeNull();
    await consent.decide('approve', { newPin: PIN });
    const data = clientDataOf(resultOf(await page.outcome) as RegistrationResult);
    expect(data).toMatchObject({ crossOrigin: false });
    expect(data).not.toHaveProperty('topOrigin');
  });

  it('when the frame cannot read its policy (Firefox), the embedder’s bridge is asked about this frame and this operation', async () => {
    await storedPasskey();
    const asked: unknown[] = [];
    setTabMessageHandler((message, options) => {
      asked.push({ message, options });
      return { origin: TOP, allows: true };
    });
    setFrames(1, [
      { frameId: 0, parentFrameId: -1, url: `${TOP}/` },
      { frameId: 4, parentFrameId: 0, url: `${RP}/widget` },
    ]);
    request(bg, pageSender({ tabId: 1, frameId: 4, origin: RP, url: `${RP}/widget` }), 'get', requestWire(), { policy: null });
    await prompt(bg, 1);
    expect(asked).toEqual([
      { message: { type: 'passkeep:embedder-allows', childFrameId: 4, feature: 'publickey-credentials-get', childOrigin: RP }, options: { frameId: 0 } },
    ]);
  });

  it('a cross-origin frame whose embedder says no, or does not answer, gets NotAllowedError and no prompt', async () => {
    setFrames(1, [
      { frameId: 0, parentFrameId: -1, url: `${TOP}/` },
      { frameId: 4, parentFrameId: 0, url: `${RP}/widget` },
    ]);
    const frame = pageSender({ tabId: 1, frameId: 4, origin: RP, url: `${RP}/widget` });
    setTabMessageHandler(() => false);
    expect(errorName(await request(bg, frame, 'create', creationWire(), { policy: null }).outcome)).toBe('NotAllowedError');
    setTabMessageHandler(() => 'yes');
    expect(errorName(await request(bg, frame, 'create', creationWire(), { policy: null }).outcome)).toBe('NotAllowedError');
    setTabMessageHandler(null);
    expect(errorName(await request(bg, frame, 'get', requestWire(), { policy: null }).outcome)).toBe('NotAllowedError');
    expect(openedWindows()).toHaveLength(0);
  });

  it('a policy that says no applies to a same-origin document too', async () => {
    const page = request(bg, top(1), 'get', requestWire(), { policy: false });
    expect(errorName(await page.outcome)).toBe('NotAllowedError');
    expect(openedWindows()).toHaveLength(0);
  });

  it('a frame whose embedder does not delegate the feature gets NotAllowedError and no prompt', async () => {
    setTabMessageHandler(() => false);
    setFrames(1, [
      { frameId: 0, parentFrameId: -1, url: `${TOP}/` },
      { frameId: 4, parentFrameId: 0, url: `${RP}/widget` },
    ]);
    const page = request(bg, pageSender({ tabId: 1, frameId: 4, origin: RP, url: `${RP}/widget` }), 'get', requestWire(), { policy: false });
    expect(errorName(await page.outcome)).toBe('NotAllowedError');
    expect(openedWindows()).toHaveLength(0);
  });
});

describe('the origin is the browser’s', () => {
  it('comes from sender.origin, not sender.url', async () => {
    // e.g. an about:blank or srcdoc document: its URL says nothing about its origin.
    const page = request(bg, pageSender({ tabId: 1, frameId: 0, origin: RP, url: 'https://attacker.example/' }), 'create', creationWire());
    const consent = await prompt(bg);
    expect((await consent.view()).origin).toBe(RP);
    await consent.decide('approve', { newPin: PIN });
    expect(clientDataOf(resultOf(await page.outcome) as RegistrationResult).origin).toBe(RP);
  });

  it('an RP ID the sender origin may not claim is a SecurityError, whatever sender.url says', async () => {
    const page = request(bg, pageSender({ tabId: 1, frameId: 0, origin: 'https://attacker.example', url: `${RP}/login` }), 'create', creationWire());
    expect(errorName(await page.outcome)).toBe('SecurityError');
    expect(openedWindows()).toHaveLength(0);
  });

  it('an opaque origin (sandboxed frame) gets NotAllowedError', async () => {
    const page = request(bg, pageSender({ tabId: 1, frameId: 0, origin: 'null', url: `${RP}/sandboxed` }), 'get', requestWire());
    expect(errorName(await page.outcome)).toBe('NotAllowedError');
    expect(openedWindows()).toHaveLength(0);
  });
});

describe('one prompt at a time, a few per minute (SECURITY.md case 6)', () => {
  it('a second request in the same tab while one waits is NotAllowedError; another tab still gets its prompt', async () => {
    await storedPasskey();
    const first = request(bg, top(1), 'get', requestWire());
    await prompt(bg, 1);
    const second = request(bg, top(1), 'get', requestWire());
    expect(errorName(await second.outcome)).toBe('NotAllowedError');
    expect(openedWindows()).toHaveLength(2);
    request(bg, top(2), 'get', requestWire());
    await prompt(bg, 2);
    expect(first.posted).toEqual([]);
  });

  it('after five refused prompts in a minute the sixth is refused without a window; other tabs are not affected', async () => {
    await storedPasskey();
    for (let i = 1; i <= 5; i++) {
      const page = request(bg, top(1), 'get', requestWire());
      await (await prompt(bg, i)).decide('cancel');
      expect(errorName(await page.outcome)).toBe('NotAllowedError');
    }
    const sixth = request(bg, top(1), 'get', requestWire());
    expect(await sixth.outcome).toMatchObject({ ok: false, error: { name: 'NotAllowedError', message: expect.stringContaining('Too many') } });
    expect(openedWindows()).toHaveLength(6);
    request(bg, top(2), 'get', requestWire());
    await prompt(bg, 6);
  });

  it('an approved prompt clears the tab’s count', async () => {
    await storedPasskey();
    for (let i = 1; i <= 4; i++) {
      request(bg, top(1), 'get', requestWire());
      await (await prompt(bg, i)).decide('cancel');
    }
    const page = request(bg, top(1), 'create', creationWire({ user: { id: bytes(Uint8Array.of(8)), name: 'dave', displayName: 'Dave' } }));
    await (await prompt(bg, 5)).decide('approve', { pin: PIN });
    resultOf(await page.outcome);
    for (let i = 6; i <= 10; i++) {
      const next = request(bg, top(1), 'get', requestWire());
      await (await prompt(bg, i)).decide('cancel');
      expect(errorName(await next.outcome)).toBe('NotAllowedError');
    }
    expect(openedWindows()).toHaveLength(11);
  });
});

describe('requests that end before a prompt', () => {
  it('silent mediation finds nothing and shows nothing', async () => {
    const page = request(bg, top(1), 'get', requestWire(), { mediation: 'silent' });
    expect(await page.outcome).toEqual({ ok: true, none: true });
    expect(openedWindows()).toHaveLength(0);
  });

  it('an unknown mediation value is a TypeError', async () => {
    const page = request(bg, top(1), 'get', requestWire(), { mediation: 'sometimes' });
    expect(errorName(await page.outcome)).toBe('TypeError');
  });

  it('an unknown operation is NotSupportedError', async () => {
    const page = request(bg, top(1), 'delete-everything', requestWire());
    expect(errorName(await page.outcome)).toBe('NotSupportedError');
  });

  it('a site the person disabled is handed to the browser untouched, subdomains included', async () => {
    // the list is sealed under the vault key (case 30): only an unlocked vault can change it
    await expect(popup(bg, { type: 'settings:set', settings: { disabledSites: ['example.org'] } })).rejects.toThrow(/Unlock Passkeep/);
    await popup(bg, { type: 'vault:set-pin', pin: PIN });
    // A passkey on each site: the step-aside rule alone would hand a site with none to the browser.
    for (const [i, site] of ['example.org', 'example.com'].entries()) {
      const made = request(bg, top(5 + i, `https://${site}`), 'create', creationWire({ rp: { name: site, id: site } }));
      await (await prompt(bg, i)).decide('approve', { pin: PIN });
      resultOf(await made.outcome);
    }
    await popup(bg, { type: 'settings:set', settings: { disabledSites: ['example.org'] } });
    const page = request(bg, pageSender({ tabId: 1, frameId: 0, origin: 'https://login.example.org', url: 'https://login.example.org/' }), 'get', requestWire());
    expect(await page.outcome).toEqual({ ok: true, handoff: true });
    const other = request(bg, top(2, 'https://example.com'), 'get', requestWire({ rpId: 'example.com' }));
    await prompt(bg, 2);
    expect(other.posted).toEqual([]);
  });

  it('case 30: the disabled-sites list is not readable at rest; while locked it is unknown, so the prompt asks for the PIN, then hands the site to the browser', async () => {
    await registerFirst(1);
    await popup(bg, { type: 'settings:set', settings: { disabledSites: ['example.org'] } });
    expect(await popup(bg, { type: 'settings:get' })).toMatchObject({ disabledSites: ['example.org'] });
    expect(JSON.stringify([...localStorageArea()])).not.toContain('example');
    await popup(bg, { type: 'vault:lock' });
    const page = request(bg, top(2), 'get', requestWire({ userVerification: 'discouraged' }));
    const consent = await prompt(bg, 1);
    expect(await consent.view()).toMatchObject({ needsPin: true, accounts: null });
    expect((await consent.decide('approve', { pin: PIN })).status).toBe('done');
    // The prompt had the focus: the page calls the browser's own once it has it back.
    expect(await page.outcome).toEqual({ ok: true, handoff: 'after-prompt' });
    expect(await vaultState()).toBe('unlocked');
    // unlocked, it is known again: no prompt at all
    const again = request(bg, top(3), 'get', requestWire());
    expect(await again.outcome).toEqual({ ok: true, handoff: true });
    expect(openedWindows()).toHaveLength(2);
  });

  it('case 30: a plain list an earlier build stored is sealed, and the plain one deleted, at the first unlock', async () => {
    await registerFirst(1);
    await popup(bg, { type: 'vault:lock' });
    localStorageArea().set('settings', { schema: 1, settings: { autoLockMinutes: 5, disabledSites: ['old.example'] } });
    await popup(bg, { type: 'vault:unlock', pin: PIN });
    await vi.waitFor(() => expect(JSON.stringify([...localStorageArea()])).not.toContain('old.example'));
    expect(await popup(bg, { type: 'settings:get' })).toEqual({ autoLockMinutes: 5, developerMode: false, disabledSites: ['old.example'] });
  });

  it('case 25: a site’s signal hides a passkey; vault:restore (the person, in the popup) shows it again and it signs in', async () => {
    const made = await registerFirst(1);
    const signal = request(bg, top(2), 'signal', { rpId: 'example.org', credentialId: made.id }, { kind: 'unknown' });
    expect(await signal.outcome).toEqual({ ok: true, none: true });
    const listed = async () => (await popup<{ passkeys: PasskeySummary[] }>(bg, { type: 'vault:list' })).passkeys;
    await vi.waitFor(async () => expect((await listed())[0]?.hidden).toMatchObject({ reason: 'unknown-credential', origin: RP }));
    expect(await popup(bg, { type: 'vault:restore', id: made.id, rpId: 'example.org' })).toEqual({ restored: true });
    expect((await listed())[0]?.hidden).toBeUndefined();
    expect(await popup(bg, { type: 'vault:restore', id: made.id, rpId: 'example.org' })).toEqual({ restored: false });
    const page = request(bg, top(3), 'get', requestWire({ userVerification: 'discouraged' }));
    await (await prompt(bg, 1)).decide('approve');
    expect(resultOf(await page.outcome).id).toBe(made.id);
  });

  it('a stop the page already knows (several credential types) ends with that error, no prompt', async () => {
    const page = request(bg, top(1), 'get', requestWire(), { stop: 'NotSupportedError' });
    expect(errorName(await page.outcome)).toBe('NotSupportedError');
    expect(openedWindows()).toHaveLength(0);
  });

  it('a stop that is not one of the early exits is ignored', async () => {
    await storedPasskey();
    const page = request(bg, top(1), 'get', requestWire(), { stop: 'SecurityError' });
    await prompt(bg, 1);
    expect(page.posted).toEqual([]);
  });

  it('the other early exits end with their own error and message', async () => {
    const aborted = request(bg, top(1), 'get', requestWire(), { stop: 'AbortError' });
    expect(await aborted.outcome).toMatchObject({ ok: false, error: { name: 'AbortError', message: 'The operation was aborted.' } });
    const pending = request(bg, top(1), 'get', requestWire(), { stop: 'NotAllowedError' });
    expect(await pending.outcome).toMatchObject({ ok: false, error: { name: 'NotAllowedError', message: 'A request is already pending.' } });
  });

  it('the known mediation values are accepted (conditional: test/unit/background-autofill.test.ts)', async () => {
    await storedPasskey();
    for (const [i, mediation] of ['optional', 'required'].entries()) {
      const page = request(bg, top(i + 1), 'get', requestWire(), { mediation });
      await prompt(bg, i + 1);
      expect(page.posted).toEqual([]);
    }
  });

  it('immediate mediation needs the frame\'s transient activation (as the bridge read it): without, NotAllowedError at once and no prompt', async () => {
    await storedPasskey();
    const windows = openedWindows().length;
    for (const extra of [{ uiMode: 'immediate' }, { mediation: 'immediate' }, { uiMode: 'immediate', activation: 'true' }]) {
      const page = request(bg, top(1), 'get', requestWire(), extra);
      expect(errorName(await page.outcome)).toBe('NotAllowedError');
    }
    expect(openedWindows()).toHaveLength(windows);
    // With it: the prompt, for the passkey here; the three refused took no slot of the immediate
    // rate limit (2 in 5 s for this site), or this one would be refused too.
    const page = request(bg, top(1), 'get', requestWire(), { uiMode: 'immediate', activation: true });
    await prompt(bg, 1);
    expect(page.posted).toEqual([]);
  });

  it('the client capabilities are answered without a prompt', async () => {
    const page = request(bg, top(1), 'caps', null);
    expect(await page.outcome).toMatchObject({ ok: true, caps: expect.objectContaining({ passkeyPlatformAuthenticator: true }) });
  });

  it('the client capabilities of a site the person disabled are the browser\'s own (handed over); while locked, Passkeep\'s', async () => {
    await registerFirst(1);
    await popup(bg, { type: 'settings:set', settings: { disabledSites: ['example.org'] } });
    expect(await request(bg, top(2), 'caps', null).outcome).toEqual({ ok: true, handoff: true });
    // Another site keeps Passkeep's answer.
    expect(await request(bg, top(3, 'https://example.com'), 'caps', null).outcome).toMatchObject({ ok: true, caps: expect.objectContaining({ conditionalGet: true }) });
    // Locked, the sealed list is unknown (case 30): Passkeep's list offers to unlock, so its answer stands.
    await popup(bg, { type: 'vault:lock' });
    expect(await request(bg, top(4), 'caps', null).outcome).toMatchObject({ ok: true, caps: expect.objectContaining({ conditionalGet: true }) });
  });

  it('the request timing out rejects with NotAllowedError and closes the prompt', async () => {
    await storedPasskey();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const page = request(bg, top(1), 'get', requestWire({ timeout: 60_000 }));
      await vi.waitFor(() => expect(openedWindows()).toHaveLength(2));
      expect(page.posted).toEqual([]);
      expect(removedWindows()).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(errorName(await page.outcome)).toBe('NotAllowedError');
      expect(removedWindows()).toEqual([openedWindows()[0]!.id, openedWindows()[1]!.id]);
    } finally {
      vi.useRealTimers();
    }
  });
});
