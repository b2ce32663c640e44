/**
 * The adversarial suite (issue 9 item 10), attack pages: a relying party at
 * http://example.localhost:PORT holds a passkey, and pages from other local origins attack it
 * (look-alike hosts, forged bridge messages, an overlay over a page that loops calls). Each test
 * asserts that no signature was produced (no prompt opened, or the prompt offered nothing and
 * ended in the spec's error) and that the page got the spec's error.
 *
 * Already covered elsewhere, not repeated here: built-ins replaced before calling (case 11/12 in
 * security-api.test.ts), the RP framed by another origin and framing one (case 8 in
 * security-frames.test.ts), forged claims from the RP's own page and `event.source` checks
 * (case 10 in security-messaging.test.ts), a page calling in a loop (case 6 in
 * security-api.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { creation, openPage, register, request, result, run, start, startClientServer } from './client-pages.js';
import { browserAnswers, nativeCredential, virtualAuthenticator } from './browser-own.js';

const RP_HOST = 'example.localhost';
/** Hosts a phishing page might use for example.localhost (SECURITY.md "Who attacks" 2). */
const LOOK_ALIKES = ['examp1e', 'evil-example', 'example.localhost.evil', 'exarnple', 'example-localhost', 'xn--exmple-cua'];

/** Posts the bridge's own request message from the page's main world, claiming whatever `claims` says. */
function forge(page: TestPage, id: string, options: Record<string, unknown>, claims: Record<string, unknown>): Promise<Record<string, unknown>> {
  return page.evaluate(
    ([i, o, c]) =>
      new Promise<Record<string, unknown>>((resolve) => {
        addEventListener('message', (e: MessageEvent) => {
          if (e.data?.t === 'passkeep:r' && e.data.id === i) resolve(e.data);
        });
        postMessage({ t: 'passkeep:q', id: i, op: 'get', mediation: null, stop: null, allow: true, options: o, ...c }, '*');
      }),
    [id, options, claims] as const,
  );
}

describe.each(BROWSERS)('%s: attack pages from other local origins', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let rpOrigin: string;
  let passkeyId: string;

  beforeAll(async () => {
    server = await startClientServer();
    rpOrigin = server.originFor('example');
    h = await launch(browserName);
    const page = await openPage(h, `${rpOrigin}/`);
    const made = await register(h, page, creation({ rp: { name: 'Example', id: RP_HOST } }), true);
    expect(made).toMatchObject({ ok: true, value: { clientData: { origin: rpOrigin } } });
    passkeyId = made.value!.id;
    await page.close();
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('case 2: look-alike hosts asking for the RP’s ID get SecurityError and no prompt', async () => {
    const before = h.consentCount();
    for (const host of LOOK_ALIKES) {
      const page = await openPage(h, `${server.originFor(host)}/`);
      const got = await run(page, 'get', request({ rpId: RP_HOST, allowCredentials: [{ type: 'public-key', id: { $b64: passkeyId } }] }));
      const made = await run(page, 'create', creation({ rp: { name: 'Example', id: RP_HOST } }));
      expect([host, got.name, got.pageRealm, made.name]).toEqual([host, 'SecurityError', true, 'SecurityError']);
      await page.close();
    }
    expect(h.consentCount()).toBe(before);
  });

  // Passkeep holds nothing the look-alike may use (its RP ID is its own), so the request goes to
  // the browser's own authenticator (README "When Passkeep steps in and when it steps aside"):
  // no Passkeep prompt to fool anyone with, and no signature of Passkeep's. Chromium: the
  // browser's own (a virtual authenticator) holds a credential of that id for the look-alike's
  // RP ID and is the one that answers; Firefox: its own doorhanger shows, and the page aborts.
  it('case 2: a look-alike asking for its own RP ID with the RP’s credential id gets no Passkeep prompt; the browser’s own answers', async () => {
    const page = await openPage(h, `${server.originFor('evil-example')}/`);
    const expectId = browserName === 'chromium' ? await nativeCredential(await virtualAuthenticator(page), 'evil-example.localhost', Buffer.from(passkeyId, 'base64url')) : undefined;
    await browserAnswers(h, page, 'get', request({ allowCredentials: [{ type: 'public-key', id: { $b64: passkeyId } }] }), expectId);
    await page.close();
  });

  it('case 10: a look-alike forging the bridge’s message with the RP’s origin, frame and ancestry gets SecurityError, no prompt', async () => {
    const page = await openPage(h, `${server.originFor('examp1e')}/`);
    const before = h.consentCount();
    const claims = { origin: rpOrigin, topOrigin: rpOrigin, frameId: 0, parentFrameId: -1, sameOriginWithAncestors: true, tabId: 1, url: `${rpOrigin}/`, sender: { origin: rpOrigin } };
    const forged = await forge(page, 'forged', { challenge: { '\u0000bytes': 'AQIDBA' }, rpId: RP_HOST }, claims);
    expect(forged).toMatchObject({ ok: false, error: { name: 'SecurityError' } });
    expect(h.consentCount()).toBe(before);
    await page.close();
  });

  it('case 6/13: the attacker overlays its page and clicks through it while a prompt is open: the page’s clicks approve nothing', async () => {
    const page = await openPage(h, `${server.originFor('evil-example')}/`);
    await page.evaluate(() => {
      const overlay = document.createElement('div');
      overlay.id = 'overlay';
      overlay.textContent = 'Double-click to continue';
      overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.01)';
      document.body.append(overlay);
      return true;
    });
    // A page that loops calls: one prompt, the others refused at once. The first is a create():
    // a get() here would find no passkey for the attacker's RP ID and go to the browser's own
    // (README "When Passkeep steps in and when it steps aside"), with no prompt to click through.
    await start(page, 'loop-0', 'create', creation());
    const prompt = await h.waitForConsent();
    const opened = h.consentCount();
    for (let i = 1; i <= 5; i++) {
      await start(page, `loop-${i}`, 'get', request());
      await page.click('#overlay');
      await page.click('#overlay');
      expect(await result(page, `loop-${i}`)).toMatchObject({ ok: false, name: 'NotAllowedError' });
    }
    expect(h.consentCount()).toBe(opened);
    expect(await prompt.isClosed()).toBe(false);
    await prompt.click('testid=cancel');
    expect(await result(page, 'loop-0')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await page.close();
  });

  it('after every attack the RP’s passkey still signs in at the RP, for the RP’s origin', async () => {
    const page = await openPage(h, `${rpOrigin}/`);
    await start(page, 'rp', 'get', request({ rpId: RP_HOST }));
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    expect(await result(page, 'rp')).toMatchObject({ ok: true, value: { id: passkeyId, clientData: { type: 'webauthn.get', origin: rpOrigin, crossOrigin: false } } });
    await page.close();
  });
});
