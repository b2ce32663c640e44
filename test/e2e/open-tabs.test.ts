/**
 * Answering from the first moment (issue 10, point 5): pages that were open before the
 * extension was installed, and pages open across an update, get Passkeep's prompt without a
 * reload (src/background/reach-open-tabs.ts, content-scripts/hook-takeover.ts); where
 * Passkeep cannot answer any more (the extension removed under the page), the browser's own
 * implementation answers instead of an error (content-scripts/bridge-ping.ts).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, startServer, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { ALLOW_BOTH, HELPERS, PIN, creation, request, result, runInFrame, start, type Outcome } from './client-pages.js';
import { PING } from '../../content-scripts/page-channel.js';

/** Remembers the page's current `create` so that a replacement (a hook arriving) can be seen. */
const markCreate = (page: TestPage) => page.evaluate(() => void ((window as unknown as { __create: unknown }).__create = CredentialsContainer.prototype.create));
/** Waits until a hook has replaced `create` since markCreate (for an update: the new hook took over). */
const hookArrived = (page: TestPage) =>
  page.waitForFunction(() => CredentialsContainer.prototype.create !== (window as unknown as { __create: unknown }).__create);
/** Whether a live bridge answers in the page's frame (the hook asks the same before each request). */
const bridgeAnswers = (page: TestPage) =>
  page.evaluate((name) => {
    const e = new CustomEvent(name, { cancelable: true });
    dispatchEvent(e);
    return e.defaultPrevented;
  }, PING);

/** Chromium's own authenticator for `page`: CDP's virtual authenticator, present and verified. */
async function virtualAuthenticator(page: TestPage): Promise<void> {
  const raw = page.raw as Page;
  const cdp = await raw.context().newCDPSession(raw);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
}

/** Approves the next prompt, with the PIN when it asks for it (the vault locks on an update). */
async function approve(h: Harness, firstUse = false): Promise<void> {
  const prompt = await h.waitForConsent(firstUse ? { readyTarget: 'testid=pin-new' } : undefined);
  if (firstUse) {
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
  } else if (await prompt.isVisible('testid=pin')) {
    await prompt.fill('testid=pin', PIN);
  }
  await prompt.click('testid=approve');
}

describe.each(BROWSERS)('%s: pages open before the extension started', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let page: TestPage;

  beforeAll(async () => {
    // The page and its cross-origin frame note the browser's own create() as they load, before
    // Passkeep is installed; the frame runs its parent's requests once a hook has replaced it.
    const note = '<script>window.__create = CredentialsContainer.prototype.create</script>';
    server = await startServer({
      '/': (req) => ({
        body: `<!doctype html><title>open before</title>${note}<p>opened before Passkeep</p>
          <iframe id="f" src="http://a.localhost:${(req.headers.host ?? '').split(':')[1]}/frame" allow="${ALLOW_BOTH}"></iframe>`,
      }),
      '/frame': `<!doctype html><title>frame</title>${note}<script>${HELPERS};
        const hooked = () => new Promise((done) => { const check = () => (CredentialsContainer.prototype.create !== window.__create ? done() : setTimeout(check, 20)); check(); });
        addEventListener('message', async (e) => {
          if (e.source !== parent || !e.data || !e.data.op) return;
          await hooked();
          parent.postMessage({ id: e.data.id, ...(await T.run(e.data.op, e.data.spec)) }, '*');
        });</script>`,
    });
    h = await launch(browserName, { openBefore: `${server.origin}/` });
    page = h.pageBefore!;
    await page.evaluate(HELPERS);
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('a tab loaded before the extension was installed gets the prompt, without a reload, in its frames too', async () => {
    // The content scripts never ran in this document; the background injects them.
    await hookArrived(page);
    expect(await bridgeAnswers(page)).toBe(true);
    await start(page, 'first', 'create', creation());
    await approve(h, true);
    expect(await result(page, 'first')).toMatchObject({
      ok: true,
      value: { isPKC: true, clientData: { type: 'webauthn.create', origin: server.origin } },
    });
    // Every frame of the tab: the cross-origin frame too.
    const inFrame = runInFrame(page, 'create', creation());
    await approve(h);
    expect(await inFrame).toMatchObject({
      ok: true,
      value: { isPKC: true, clientData: { type: 'webauthn.create', origin: server.originFor('a'), crossOrigin: true, topOrigin: server.origin } },
    });
  });

  it('a tab open across an update gets the prompt, without a reload; the new hook replaces the old one', async () => {
    await markCreate(page);
    await h.updateExtension();
    await hookArrived(page);
    const before = h.consentCount();
    await start(page, 'after-update', 'get', request());
    await approve(h);
    // Firefox also runs the manifest's hook in open pages at an update: two hooks arrive, the
    // second maybe while this request is pending, and the credential the first one returns
    // must still read as one (content-scripts/hook-takeover.ts, adoption).
    expect(await result(page, 'after-update')).toMatchObject({
      ok: true,
      value: { isPKC: true, clientData: { type: 'webauthn.get', origin: server.origin } },
    });
    expect(h.consentCount()).toBe(before + 1);
    if (browserName !== 'chromium') return; // Firefox offers no authenticator of its own to automation over BiDi
    // Handing over calls the browser's own create(); a new hook stacked on the old one would
    // call the old hook's wrapper instead, which would ask Passkeep again: a second prompt.
    await virtualAuthenticator(page);
    await start(page, 'handoff', 'create', creation());
    const prompt = await h.waitForConsent();
    await prompt.click('testid=other-authenticator');
    const outcome = await result(page, 'handoff');
    expect(outcome).toMatchObject({ ok: true, value: { isPKC: true, clientData: { type: 'webauthn.create', origin: server.origin } } });
    expect(h.consentCount()).toBe(before + 2);
  });

  it('with the extension removed under the page, the browser’s own implementation answers', async () => {
    const before = h.consentCount();
    await h.removeExtension();
    // The bridge that served the page is gone once it no longer answers.
    await page.waitForFunction(`(() => { const e = new CustomEvent(${JSON.stringify(PING)}, { cancelable: true }); dispatchEvent(e); return !e.defaultPrevented; })()`);
    if (browserName === 'chromium') {
      // Chromium's own authenticator (CDP's virtual one, added above) creates the credential.
      const outcome = await page.evaluate<Outcome>(`T.run('create', ${JSON.stringify(creation())})`);
      expect(outcome).toMatchObject({ ok: true, value: { isPKC: true, clientData: { type: 'webauthn.create', origin: server.origin } } });
    } else {
      // Firefox's own implementation refuses an RP ID the origin may not claim, at once and with
      // its own message; Passkeep, had it been asked, could not have answered at all.
      const outcome = await page.evaluate<Outcome>(`T.run('get', ${JSON.stringify(request({ rpId: 'example.com' }))})`);
      expect(outcome).toMatchObject({ ok: false, name: 'SecurityError' });
    }
    expect(h.consentCount()).toBe(before);
  });
});
