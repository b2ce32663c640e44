/**
 * SECURITY.md case 30 in real browsers: the spec's credentials map holds one passkey per RP ID
 * and user handle (https://w3c.github.io/webauthn/#credentials-map), so registering again for
 * the same account (no excludeCredentials naming the old one) replaces the old passkey, and a
 * sign-in then offers exactly one account, which signs with the new credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { creation, openPage, register, request, result, start, startClientServer } from './client-pages.js';

describe.each(BROWSERS)('%s: credentials map', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let page: TestPage;

  beforeAll(async () => {
    server = await startClientServer();
    h = await launch(browserName);
    page = await openPage(h, `${server.origin}/`);
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('case 30: registering again for the same RP ID and user handle replaces the old passkey', async () => {
    const alice = { id: { $bytes: 16, fill: 41 }, name: 'alice@example.com', displayName: 'Alice' };
    const first = await register(h, page, creation({ user: alice }), true);
    expect(first.ok).toBe(true);
    const again = await register(h, page, creation({ user: { ...alice, displayName: 'Alice again' } }), false);
    expect(again.ok).toBe(true);
    expect(again.value!.id).not.toBe(first.value!.id);
    // another account of the same site stays beside it
    const bob = await register(h, page, creation({ user: { id: { $bytes: 16, fill: 42 }, name: 'bob@example.com', displayName: 'Bob' } }), false);
    expect(bob.ok).toBe(true);

    await start(page, 'signin', 'get', request());
    const prompt = await h.waitForConsent({ readyTarget: 'testid=account' });
    expect(await prompt.count('testid=account')).toBe(2);
    const offered = await prompt.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLInputElement>('[data-testid="account"]')).map((el) => el.value),
    );
    expect(offered.sort()).toEqual([again.value!.id, bob.value!.id].sort());
    await prompt.click('testid=cancel');
    expect(await result(page, 'signin')).toMatchObject({ ok: false, name: 'NotAllowedError' });

    // Asked by credential id, the old passkey is gone: only the new one can answer.
    await start(page, 'alice', 'get', request({ allowCredentials: [{ type: 'public-key', id: { $b64: first.value!.id } }, { type: 'public-key', id: { $b64: again.value!.id } }] }));
    const only = await h.waitForConsent({ readyTarget: 'testid=account' });
    expect(await only.count('testid=account')).toBe(1);
    await only.click('testid=approve');
    const signed = await result(page, 'alice');
    expect(signed.ok).toBe(true);
    expect(signed.value!.id).toBe(again.value!.id);
  });
});
