/**
 * The background's message boundary (STYLE.md habit 7, SECURITY.md): privilege is decided from
 * the browser's `sender`, never the message. Popup-only handlers are unreachable from content
 * scripts; the ceremony port is only for web pages' bridges; the consent port only for the
 * extension's own pages.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { AUTO_LOCK_ALARM } from '../../src/background/auto-lock';
import { fakePort, freshBackground, popup, type Background } from './support/ceremony-driver';
import { requestWire } from './support/ceremony-fixtures';
import { EXTENSION_BASE, EXTENSION_ID, extensionSender, listenersOf, openedWindows, pageSender, sessionStorage, windowsOpened } from './support/fake-extension';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));

const RP = 'https://example.org';
const PIN = '482916';
const contentScript = pageSender({ tabId: 1, frameId: 0, origin: RP, url: `${RP}/` });

/** Every request a popup, settings or consent page may send, with plausible fields. */
const PRIVILEGED = [
  { type: 'vault:status' },
  { type: 'vault:set-pin', pin: PIN },
  { type: 'vault:unlock', pin: PIN },
  { type: 'vault:lock' },
  { type: 'vault:list' },
  { type: 'vault:list-first', count: 40, currentHost: 'example.org' },
  { type: 'vault:delete', id: 'AAAA' },
  { type: 'vault:restore', id: 'AAAA', rpId: 'example.org' },
  { type: 'vault:change-pin', oldPin: PIN, newPin: '555555' },
  { type: 'vault:reset', confirm: 'RESET' },
  { type: 'vault:export', format: 'passkeep-backup', pin: PIN },
  { type: 'vault:import', format: 'passkeep-backup', data: '' },
  { type: 'settings:get' },
  { type: 'settings:set', settings: { disabledSites: [] } },
  { type: 'about:get' },
  { type: 'consent:view', request: 'x' },
  { type: 'consent:decide', request: 'x', decision: 'approve' },
  { type: 'unlock-key:enrol', pin: PIN, authenticator: { credentialId: 'AAAA', prf: 'A'.repeat(43) }, salt: 'A'.repeat(43), label: 'k', keepPinOnly: false },
  { type: 'unlock-key:remove', pin: PIN, id: 'AAAA' },
  { type: 'unlock-key:pin-only', pin: PIN, keep: false },
];

let bg: Background;
beforeEach(async () => {
  bg = await freshBackground();
});

describe('extension-page messages', () => {
  it('a content script (a web page’s sender) gets no answer to any popup or prompt request, and changes nothing', async () => {
    for (const message of PRIVILEGED) {
      expect(await bg.onExtensionPageMessage(message, contentScript), message.type).toBeUndefined();
    }
    expect(await popup(bg, { type: 'vault:status' })).toMatchObject({ state: 'no-pin' });
    expect(await popup(bg, { type: 'settings:get' })).toMatchObject({ disabledSites: [] });
  });

  it('neither does another extension, nor a URL that only starts like ours', async () => {
    const otherExtension: Runtime.MessageSender = { id: 'someone-else', url: `${EXTENSION_BASE}popup.html` };
    const lookAlike: Runtime.MessageSender = { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}x/popup.html` };
    const noUrl: Runtime.MessageSender = { id: EXTENSION_ID };
    for (const sender of [otherExtension, lookAlike, noUrl]) {
      expect(await bg.onExtensionPageMessage({ type: 'vault:set-pin', pin: PIN }, sender)).toBeUndefined();
    }
    expect(await popup(bg, { type: 'vault:status' })).toMatchObject({ state: 'no-pin' });
  });

  it('the popup is served; malformed and unknown requests get no answer or NotSupportedError', async () => {
    const popupSender = extensionSender('popup.html');
    expect(await bg.onExtensionPageMessage(null, popupSender)).toBeUndefined();
    expect(await bg.onExtensionPageMessage({ type: 7 }, popupSender)).toBeUndefined();
    expect(await bg.onExtensionPageMessage({ type: 'vault:explode' }, popupSender)).toMatchObject({ ok: false, error: { name: 'NotSupportedError' } });
    expect(await bg.onExtensionPageMessage({ type: 'vault:set-pin', pin: '1' }, popupSender)).toMatchObject({ ok: false, error: { name: 'ConstraintError' } });
    expect(await popup(bg, { type: 'vault:set-pin', pin: PIN })).toMatchObject({ state: 'unlocked' });
    expect(await popup(bg, { type: 'vault:lock' })).toMatchObject({ state: 'locked' });
    expect(await popup(bg, { type: 'vault:unlock', pin: '000000' })).toMatchObject({ state: 'locked' });
    expect(await popup(bg, { type: 'vault:unlock', pin: PIN })).toMatchObject({ state: 'unlocked' });
    expect(await popup(bg, { type: 'about:get' })).toMatchObject({ version: '0.0.0-test', kdf: expect.stringContaining('Argon2id') });
  });

  it('issue 13: a PRF output reaches the vault only from an extension page, well formed; enrolled, the PIN alone no longer unlocks', async () => {
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    const answer = { credentialId: b64(crypto.getRandomValues(new Uint8Array(32))), prf: b64(crypto.getRandomValues(new Uint8Array(32))) };
    const enrol = { type: 'unlock-key:enrol', pin: PIN, authenticator: answer, salt: b64(crypto.getRandomValues(new Uint8Array(32))), label: 'blue key', keepPinOnly: false };
    await popup(bg, { type: 'vault:set-pin', pin: PIN });
    // A web page's sender is never served, whatever it sends.
    expect(await bg.onExtensionPageMessage(enrol, contentScript)).toBeUndefined();
    expect(await popup(bg, { type: 'vault:status' })).not.toHaveProperty('unlockKeys');
    // Malformed answers are refused before the vault sees them (a short PRF output, a bad salt, no label).
    const popupSender = extensionSender('popup.html');
    for (const bad of [
      { ...enrol, authenticator: { ...answer, prf: b64(new Uint8Array(16)) } },
      { ...enrol, authenticator: { ...answer, credentialId: '' } },
      { ...enrol, salt: 'not base64url!' },
      { ...enrol, label: '   ' },
    ]) {
      expect((await bg.onExtensionPageMessage(bad, popupSender))?.ok).toBe(false);
    }
    expect(await popup(bg, enrol)).toMatchObject({ ok: true, status: { unlockKeys: [{ label: 'blue key' }], pinOnly: false } });
    expect(await popup(bg, { type: 'vault:lock' })).toMatchObject({ state: 'locked', pinOnly: false });
    // The PIN alone is refused with a reason; a content script's unlock with the PRF output gets nothing.
    expect(await bg.onExtensionPageMessage({ type: 'vault:unlock', pin: PIN }, popupSender)).toMatchObject({ ok: false });
    expect(await bg.onExtensionPageMessage({ type: 'vault:unlock', pin: PIN, authenticator: answer }, contentScript)).toBeUndefined();
    expect(await popup(bg, { type: 'vault:status' })).toMatchObject({ state: 'locked' });
    expect(await popup(bg, { type: 'vault:unlock', pin: PIN, authenticator: answer })).toMatchObject({ state: 'unlocked' });
  });

  it('the unlocked key is carried in storage.session and removed when the vault locks', async () => {
    await popup(bg, { type: 'vault:set-pin', pin: PIN });
    expect(sessionStorage().size).toBeGreaterThan(0);
    await popup(bg, { type: 'vault:lock' });
    expect([...sessionStorage().values()].some((v) => typeof v === 'string')).toBe(false);
  });

  it('the auto-lock alarm locks the vault; another alarm does not', async () => {
    await popup(bg, { type: 'vault:set-pin', pin: PIN });
    const [onAlarm] = listenersOf('alarms.onAlarm') as ((alarm: { name: string }) => void)[];
    onAlarm!({ name: 'something-else' });
    expect(await popup(bg, { type: 'vault:status' })).toMatchObject({ state: 'unlocked' });
    onAlarm!({ name: AUTO_LOCK_ALARM });
    await vi.waitFor(async () => expect(await popup(bg, { type: 'vault:status' })).toMatchObject({ state: 'locked' }));
  });
});

describe('ports (main.ts)', () => {
  // A locked vault: a get() opens the prompt (unlock, or another authenticator) whatever the
  // site; an unlocked one holding nothing would hand it to the browser (src/core/step-aside.ts).
  beforeEach(async () => {
    await popup(bg, { type: 'vault:set-pin', pin: PIN });
    await popup(bg, { type: 'vault:lock' });
  });

  const connect = (name: string, sender: Runtime.MessageSender) => {
    const port = fakePort(name, sender);
    for (const listener of listenersOf('runtime.onConnect') as ((p: Runtime.Port) => void)[]) listener(port.port);
    return port;
  };

  it('a web page’s bridge gets a ceremony port; an extension page or a foreign extension does not', async () => {
    const page = connect('ceremony', contentScript);
    expect(page.connected()).toBe(true);
    page.send({ type: 'request', op: 'get', options: requestWire(), allow: true });
    await windowsOpened(1);

    const fromPopup = connect('ceremony', { ...extensionSender('popup.html'), tab: { id: 9, index: 0, highlighted: false, active: true, pinned: false, incognito: false }, frameId: 0 });
    expect(fromPopup.connected()).toBe(false);
    const foreign = connect('ceremony', { ...pageSender({ tabId: 2, frameId: 0, origin: RP, url: `${RP}/` }), id: 'someone-else' });
    expect(foreign.connected()).toBe(false);
    const noTab = connect('ceremony', pageSender({ frameId: 0, origin: RP, url: `${RP}/` }));
    expect(noTab.connected()).toBe(false);
    expect(openedWindows()).toHaveLength(1);
  });

  it('the consent port is for extension pages only; unknown ports are closed', () => {
    expect(connect('consent', extensionSender('consent.html?request=x')).connected()).toBe(true);
    expect(connect('consent', contentScript).connected()).toBe(false);
    expect(connect('popup-magic', extensionSender('popup.html')).connected()).toBe(false);
  });

  it('the prompt’s decision over its port is answered on that port; only the prompt of that request decides, and nothing else goes over it', async () => {
    const page = connect('ceremony', contentScript);
    page.send({ type: 'request', op: 'get', options: requestWire(), allow: true });
    await windowsOpened(1);
    const request = new URL(openedWindows()[0]!.url).searchParams.get('request')!;
    const other = connect('consent', extensionSender('consent.html?request=other'));
    other.send({ call: 1, message: { type: 'consent:decide', request, decision: 'cancel' } });
    await vi.waitFor(() => expect(other.posted).toHaveLength(1));
    expect(other.posted[0]).toMatchObject({ call: 1, reply: { ok: false, error: { name: 'NotAllowedError' } } });
    expect(page.posted).toEqual([]);
    const prompt = connect('consent', extensionSender(`consent.html?request=${request}`));
    prompt.send({ call: 2, message: { type: 'vault:status' } });
    prompt.send({ call: 3, message: { type: 'consent:decide', request, decision: 'cancel' } });
    await vi.waitFor(() => expect(prompt.posted).toHaveLength(1));
    expect(prompt.posted[0]).toEqual({ call: 3, reply: { ok: true, value: { status: 'done' } } });
    expect(page.posted).toEqual([{ ok: false, error: { name: 'NotAllowedError', message: 'The person declined.' } }]);
  });

  it('runtime messages from a web page get no answer', async () => {
    const [onMessage] = listenersOf('runtime.onMessage') as ((m: unknown, s: Runtime.MessageSender) => Promise<unknown>)[];
    expect(await onMessage!({ type: 'vault:list' }, contentScript)).toBeUndefined();
    expect(await onMessage!({ type: 'vault:status' }, extensionSender('popup.html'))).toMatchObject({ ok: true });
  });

  it('closing a prompt window (windows.onRemoved) ends its request', async () => {
    const page = connect('ceremony', contentScript);
    page.send({ type: 'request', op: 'get', options: requestWire(), allow: true });
    await windowsOpened(1);
    const [onRemoved] = listenersOf('windows.onRemoved') as ((id: number) => void)[];
    // The browser reports the removal of a window the background already knows it opened.
    await vi.waitFor(() => {
      onRemoved!(openedWindows()[0]!.id);
      expect(page.posted).toHaveLength(1);
    });
    expect(await page.outcome).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
  });
});
