/**
 * The Signal API through the background's port: accepted only for an RP ID the caller's origin
 * may claim, answered before the vault is touched, applied at once when unlocked and after the
 * next unlock when locked. https://w3c.github.io/webauthn/#sctn-signal-methods
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import type { PasskeySummary } from '../../src/core/protocol';
import { errorName, freshBackground, popup, prompt, request, resultOf, type Background } from './support/ceremony-driver';
import { creationWire } from './support/ceremony-fixtures';
import { openedWindows, pageSender } from './support/fake-extension';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-extension')).fakeBrowser }));
vi.mock('../../src/vault/kdf', async (original) => (await import('./support/fake-extension')).withFastKdf(await original<typeof import('../../src/vault/kdf')>()));

const RP = 'https://example.org';
const PIN = '482916';
// creationWire()'s user.id
const USER_ID = toBase64url(Uint8Array.of(1, 2, 3, 4));
const from = (origin: string, tabId = 5) => pageSender({ tabId, frameId: 0, origin, url: `${origin}/` });
const details = (rpId: string, name: string) => ({ rpId, userId: USER_ID, name, displayName: name });

let bg: Background;
beforeEach(async () => {
  bg = await freshBackground();
  const page = request(bg, from(RP, 1), 'create', creationWire());
  await (await prompt(bg)).decide('approve', { newPin: PIN });
  resultOf(await page.outcome);
});

async function userNames(): Promise<string[]> {
  return (await popup<{ passkeys: PasskeySummary[] }>(bg, { type: 'vault:list' })).passkeys.map((p) => p.userName);
}

describe('signals', () => {
  it('a site’s current user details rename its passkey, without a prompt', async () => {
    const page = request(bg, from(RP), 'signal', details('example.org', 'alice.renamed'), { kind: 'details' });
    expect(await page.outcome).toEqual({ ok: true, none: true });
    await vi.waitFor(async () => expect(await userNames()).toEqual(['alice.renamed']));
    expect(openedWindows()).toHaveLength(1);
  });

  it('a subdomain may signal for its registrable parent', async () => {
    const page = request(bg, from('https://login.example.org'), 'signal', details('example.org', 'from-login'), { kind: 'details' });
    expect(await page.outcome).toEqual({ ok: true, none: true });
    await vi.waitFor(async () => expect(await userNames()).toEqual(['from-login']));
  });

  it('an origin that may not claim the RP ID gets SecurityError and changes nothing', async () => {
    for (const origin of ['https://example.com', 'https://example.org.evil.example', 'https://org']) {
      const page = request(bg, from(origin), 'signal', details('example.org', 'hijacked'), { kind: 'details' });
      expect(errorName(await page.outcome), origin).toBe('SecurityError');
    }
    const unknown = request(bg, from('https://example.com'), 'signal', { rpId: 'example.org', credentialId: 'AAAA' }, { kind: 'unknown' });
    expect(errorName(await unknown.outcome)).toBe('SecurityError');
    expect(await userNames()).toEqual(['alice@example.org']);
  });

  it('malformed options are a TypeError; an unknown kind is refused', async () => {
    const page = request(bg, from(RP), 'signal', { rpId: 'example.org' }, { kind: 'details' });
    expect(errorName(await page.outcome)).toBe('TypeError');
    const odd = request(bg, from(RP), 'signal', details('example.org', 'x'), { kind: 'everything' });
    expect((await odd.outcome).ok).toBe(false);
    expect(await userNames()).toEqual(['alice@example.org']);
  });

  it('while locked, a signal waits and is applied at the next unlock', async () => {
    await popup(bg, { type: 'vault:lock' });
    const page = request(bg, from(RP), 'signal', details('example.org', 'later'), { kind: 'details' });
    expect(await page.outcome).toEqual({ ok: true, none: true });
    await popup(bg, { type: 'vault:unlock', pin: PIN });
    await vi.waitFor(async () => expect(await userNames()).toEqual(['later']));
  });
});
