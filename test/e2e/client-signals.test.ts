/**
 * The Signal API on real pages: the relying party tells Passkeep what it no longer accepts and
 * what the account is called now; only that origin's RP ID is touched, nothing is shown, and a
 * locked vault applies the signals on the next unlock. What a signal rejects is hidden (no
 * longer offered at sign-in), never deleted (SECURITY.md case 25): the popup still lists it.
 * https://w3c.github.io/webauthn/#sctn-signal-methods
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { counted, creation, openPage, PIN, register, request, result, start, startClientServer, startCounted } from './client-pages.js';

interface Row {
  id: string;
  text: string;
}

describe.each(BROWSERS)('%s: Signal API', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let page: TestPage;
  /** credential ids (base64url) by label */
  const ids: Record<string, string> = {};

  /** The passkeys the popup lists (the vault must be unlocked, or `pin` unlocks it first). */
  async function listed(pin?: string): Promise<Row[]> {
    const popup = await h.openExtensionPage('popup.html');
    if (pin) {
      await popup.fill('testid=pin', pin);
      await popup.click('testid=unlock');
    }
    await popup.waitFor('testid=passkey');
    const rows = await popup.evaluate(() =>
      Array.from(document.querySelectorAll('[data-testid="passkey"]')).map((el) => ({
        id: el.getAttribute('data-passkey-id') ?? '',
        text: (el as HTMLElement).innerText,
      })),
    );
    await popup.close();
    return rows;
  }

  /** The accounts a sign-in on `page` offers (the vault must be unlocked); the sign-in is then cancelled. */
  async function offered(): Promise<string[]> {
    await start(page, 'offered', 'get', request());
    const prompt = await h.waitForConsent({ readyTarget: 'testid=account' });
    const accounts = await prompt.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLInputElement>('[data-testid="account"]')).map((el) => el.value),
    );
    await prompt.click('testid=cancel');
    await result(page, 'offered');
    return accounts.sort();
  }

  async function signal(method: string, options: unknown): Promise<{ ok: boolean; value?: unknown; name?: string }> {
    return page.evaluate(
      ([m, o]) =>
        (PublicKeyCredential as unknown as Record<string, (x: unknown) => Promise<unknown>>)
          [m]!(o)
          .then((value) => ({ ok: true, value: value === undefined ? 'undefined' : value }))
          .catch((e: Error) => ({ ok: false, name: e.name })),
      [method, options] as const,
    );
  }

  const user = (fill: number, name: string) => ({ id: { $bytes: 4, fill }, name, displayName: name.toUpperCase() });
  const b64 = (fill: number) => Buffer.from(new Uint8Array(4).fill(fill)).toString('base64url');

  beforeAll(async () => {
    server = await startClientServer();
    h = await launch(browserName);
    page = await openPage(h, `${server.origin}/`);
    let first = true;
    // One passkey per account (a registration replaces the account's earlier passkey, case 30).
    for (const [label, u] of [
      ['alice1', user(1, 'alice')],
      ['alice2', user(3, 'alice')],
      ['bob', user(2, 'bob')],
    ] as const) {
      const out = await register(h, page, creation({ user: u }), first);
      first = false;
      expect(out.ok).toBe(true);
      ids[label] = out.value!.id;
    }
    // one passkey of another origin, which no signal from localhost may touch
    const other = await openPage(h, `${server.originFor('a')}/`);
    const out = await register(h, other, creation({ user: user(1, 'alice') }), false);
    ids.other = out.value!.id;
    await other.close();
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('bad options → TypeError; an RP ID the origin may not claim → SecurityError; nothing shown', async () => {
    const before = h.consentCount();
    expect(await signal('signalUnknownCredential', { rpId: 'localhost' })).toEqual({ ok: false, name: 'TypeError' });
    expect(await signal('signalUnknownCredential', { rpId: 'localhost', credentialId: 'not base64!' })).toEqual({ ok: false, name: 'TypeError' });
    expect(await signal('signalUnknownCredential', { rpId: 'a.localhost', credentialId: ids.other })).toEqual({ ok: false, name: 'SecurityError' });
    expect(await signal('signalAllAcceptedCredentials', { rpId: 'example.com', userId: b64(1), allAcceptedCredentialIds: [] })).toEqual({
      ok: false,
      name: 'SecurityError',
    });
    expect(await signal('signalCurrentUserDetails', { rpId: 'localhost', userId: b64(1), name: 'x' })).toEqual({ ok: false, name: 'TypeError' });
    expect(h.consentCount()).toBe(before);
    expect((await listed()).map((r) => r.id).sort()).toEqual(Object.values(ids).sort());
  });

  it('case 25: signalUnknownCredential hides that passkey (not offered, still listed), resolves undefined, shows nothing', async () => {
    expect(await offered()).toEqual([ids.alice1, ids.alice2, ids.bob].sort());
    const before = h.consentCount();
    expect(await signal('signalUnknownCredential', { rpId: 'localhost', credentialId: ids.alice1 })).toEqual({ ok: true, value: 'undefined' });
    // an id this RP doesn't hold (another origin's passkey): nothing happens
    expect(await signal('signalUnknownCredential', { rpId: 'localhost', credentialId: ids.other })).toEqual({ ok: true, value: 'undefined' });
    expect(h.consentCount()).toBe(before);
    await expect.poll(offered, { timeout: 20_000 }).toEqual([ids.alice2, ids.bob].sort());
    expect((await listed()).map((r) => r.id).sort()).toEqual(Object.values(ids).sort());
  });

  it('signalCurrentUserDetails renames that user’s passkeys', async () => {
    expect(await signal('signalCurrentUserDetails', { rpId: 'localhost', userId: b64(2), name: 'robert@example.com', displayName: 'Robert' })).toEqual({
      ok: true,
      value: 'undefined',
    });
    await expect.poll(async () => (await listed()).find((r) => r.id === ids.bob)?.text).toContain('robert@example.com');
    // the prompt shows which site set the name (case 25), on that account only
    await start(page, 'named', 'get', request());
    const prompt = await h.waitForConsent({ readyTarget: 'testid=account' });
    const labels = await prompt.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLInputElement>('[data-testid="account"]')).map((el) => ({
        id: el.value,
        namedBy: el.closest('label')?.querySelector('[data-testid="named-by"]')?.textContent ?? null,
      })),
    );
    await prompt.click('testid=cancel');
    await result(page, 'named');
    expect(labels.find((l) => l.id === ids.bob)?.namedBy).toContain(`name set by ${server.origin}`);
    expect(labels.filter((l) => l.id !== ids.bob).map((l) => l.namedBy)).toEqual(labels.filter((l) => l.id !== ids.bob).map(() => null));
  });

  it('case 25: with the vault locked, signalAllAcceptedCredentials waits and applies on the next unlock, hiding only', async () => {
    const popup = await h.openExtensionPage('popup.html');
    await popup.click('testid=lock');
    await popup.waitFor('testid=pin');
    await popup.close();
    // user 3's passkey (alice2) is no longer accepted; user 1's (alice1, hidden above) is again
    expect(await signal('signalAllAcceptedCredentials', { rpId: 'localhost', userId: b64(3), allAcceptedCredentialIds: [] })).toEqual({ ok: true, value: 'undefined' });
    expect(await signal('signalAllAcceptedCredentials', { rpId: 'localhost', userId: b64(1), allAcceptedCredentialIds: [ids.alice1] })).toEqual({
      ok: true,
      value: 'undefined',
    });
    // nothing was deleted: every passkey is still listed once unlocked
    const rows = await listed(PIN);
    expect(rows.map((r) => r.id).sort()).toEqual(Object.values(ids).sort());
    // alice2 hidden, alice1 shown again, bob (another user) and the other origin untouched
    expect(await offered()).toEqual([ids.alice1, ids.bob].sort());
  });

  it('case 25: a passkey signalUnknownCredential hid shows in the popup as hidden, with the origin; Restore makes it sign in again', async () => {
    expect(await signal('signalUnknownCredential', { rpId: 'localhost', credentialId: ids.bob })).toEqual({ ok: true, value: 'undefined' });
    await expect.poll(offered, { timeout: 20_000 }).toEqual([ids.alice1].sort());
    const popup = await h.openExtensionPage('popup.html');
    const row = `[data-passkey-id="${ids.bob}"]`;
    await popup.waitFor(`${row} [data-testid="hidden-badge"]`);
    await popup.click(`${row} [data-testid="passkey-open"]`);
    const reason = await popup.text('testid=hidden-reason');
    expect(reason).toContain(server.origin);
    expect(reason).toContain('no longer knows this passkey');
    await popup.click('testid=restore');
    await popup.waitFor('testid=hidden-note', { state: 'detached' });
    await popup.close();
    // and it signs in again (from a fresh tab: this one has used up its few prompts a minute, case 6)
    const fresh = await openPage(h, `${server.origin}/`);
    await startCounted(fresh, 'restored', ids.bob!);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    expect(await counted(fresh, 'restored')).toMatchObject({ ok: true, id: ids.bob });
    await fresh.close();
  });
});
