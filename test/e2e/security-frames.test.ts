/**
 * SECURITY.md cases 8 and 9: frames. Origins are http://localhost:PORT (top) and
 * http://a.localhost:PORT (a cross-origin frame), both secure contexts.
 * https://w3c.github.io/webauthn/#sctn-createCredential step 2,
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source step 2,
 * https://w3c.github.io/webauthn/#dom-collectedclientdata-toporigin
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { BROWSERS, type Harness, type TestServer } from './harness/index.js';
import { clientBrowser, creation, openPage, request, runInFrame, type Outcome } from './client-pages.js';

describe.each(BROWSERS)('%s: frames', (browserName) => {
  const ctx = clientBrowser(browserName);
  let h: Harness;
  let server: TestServer;
  beforeEach(() => {
    ({ h, server } = ctx);
  });

  it('case 8: a cross-origin frame without allow="publickey-credentials-*" → NotAllowedError, no prompt', async () => {
    const before = h.consentCount();
    const page = await openPage(h, `${server.origin}/top-deny`);
    expect(await runInFrame(page, 'get', request())).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
    expect(await runInFrame(page, 'create', creation())).toMatchObject({ ok: false, name: 'NotAllowedError' });
    expect(h.consentCount()).toBe(before);
    await page.close();
  });

  it('case 8: with allow, a cross-origin frame is served: crossOrigin and topOrigin in clientDataJSON, both origins in the prompt', async () => {
    const page = await openPage(h, `${server.origin}/top-allow`);
    const frameOrigin = server.originFor('a');
    const made = runInFrame(page, 'create', creation());
    const prompt = await h.waitForConsent();
    const text = await prompt.text('.origin');
    expect(text).toContain(frameOrigin);
    expect(text).toContain(server.origin);
    await prompt.click('testid=approve');
    const out = await made;
    expect(out).toMatchObject({
      ok: true,
      value: { clientData: { type: 'webauthn.create', origin: frameOrigin, crossOrigin: true, topOrigin: server.origin } },
    });
    // …and the passkey it made signs in from the same frame, again cross-origin.
    const got = runInFrame(page, 'get', request());
    const signIn = await h.waitForConsent();
    await signIn.click('testid=approve');
    expect(await got).toMatchObject({
      ok: true,
      value: { id: out.value!.id, clientData: { type: 'webauthn.get', origin: frameOrigin, crossOrigin: true, topOrigin: server.origin } },
    });
    await page.close();
  });

  it('case 8: a frame from another site inside the top page asking for the top page’s RP ID → SecurityError', async () => {
    const before = h.consentCount();
    const page = await openPage(h, `${server.origin}/top-allow`);
    expect(await runInFrame(page, 'get', request({ rpId: 'localhost' }))).toMatchObject({ ok: false, name: 'SecurityError' });
    expect(await runInFrame(page, 'create', creation({ rp: { name: 'Top', id: 'localhost' } }))).toMatchObject({ ok: false, name: 'SecurityError' });
    expect(h.consentCount()).toBe(before);
    await page.close();
  });

  it('case 9: a same-origin frame needs no allow attribute and is not cross-origin', async () => {
    const page = await openPage(h, `${server.origin}/top-same`);
    const got = runInFrame(page, 'get', request());
    const prompt = await h.waitForConsent();
    expect(await prompt.text('.origin')).not.toContain('inside');
    await prompt.click('testid=approve');
    expect(await got).toMatchObject({ ok: true, value: { clientData: { origin: server.origin, crossOrigin: false } } });
    await page.close();
  });

  it('case 9: a srcdoc frame works with its parent’s origin', async () => {
    const page = await openPage(h, `${server.origin}/top-srcdoc`);
    const got = runInFrame(page, 'get', request());
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    expect(await got).toMatchObject({ ok: true, value: { clientData: { origin: server.origin, crossOrigin: false } } });
    await page.close();
  });

  it('case 9: an about:blank frame written by its parent works with the parent’s origin', async () => {
    const page = await openPage(h, `${server.origin}/`);
    await page.evaluate(`(async () => {
      const f = document.createElement('iframe');
      document.body.append(f);
      await new Promise((r) => { if (f.contentDocument && f.contentDocument.readyState === 'complete') r(); else f.onload = r; });
      window.__blank = T.outcome(f.contentWindow.navigator.credentials.get({ publicKey: { challenge: new Uint8Array(8), userVerification: 'discouraged' } }));
      return true;
    })()`);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    const out = await page.evaluate<Outcome>('window.__blank');
    expect(out).toMatchObject({ ok: true, value: { clientData: { origin: server.origin, crossOrigin: false } } });
    await page.close();
  });
});
