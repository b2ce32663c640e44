/**
 * When Passkeep steps in and when it steps aside (issue 10 points 2 and 4; README "When Passkeep
 * steps in and when it steps aside"; the decision is src/core/step-aside.ts).
 *
 * "The browser's own authenticator answered" is shown by the browser itself (./browser-own.ts).
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { browserAnswers as answeredByBrowser, firefoxWebAuthnPrompts, nativeCredential, until, virtualAuthenticator } from './browser-own.js';
import { clientCapabilities } from '../../src/core/client-capabilities.js';
import { BROWSERS, type TestPage } from './harness/index.js';
import { clientBrowser, creation, openPage, PIN, request, result, run, start, type Outcome } from './client-pages.js';

/** A script that, like another extension's, locks navigator.credentials.get before Passkeep's hook. */
const LOCKER = `(() => {
  window.__errors = [];
  addEventListener('error', (e) => window.__errors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
  Object.defineProperty(CredentialsContainer.prototype, 'get', {
    value: function get() { return Promise.resolve('answered by the other extension'); },
    writable: false, configurable: false,
  });
})()`;

/**
 * A script that, like many extensions', assigns its own get() on the navigator.credentials
 * object itself before Passkeep's hook (and keeps the browser's own create for comparison).
 */
const PATCHER = `(() => {
  window.__errors = [];
  addEventListener('error', (e) => window.__errors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.__errors.push(String(e.reason)));
  window.__nativeCreate = CredentialsContainer.prototype.create;
  navigator.credentials.get = function get() { return Promise.resolve('answered by the other extension'); };
})()`;

describe.each(BROWSERS)('%s: when Passkeep steps in and when it steps aside', (browserName) => {
  const ctx = clientBrowser(browserName);
  const chromium = browserName === 'chromium';

  const browserAnswers = (page: TestPage, op: 'create' | 'get', spec: Record<string, unknown>, expectId?: string) =>
    answeredByBrowser(ctx.h, page, op, spec, expectId);

  /** Starts a get() that the test can abort (window.__ac); its outcome is window.__handed. */
  const startAbortable = (page: TestPage, spec: Record<string, unknown>) =>
    page.evaluate(
      `(() => { window.__ac = new AbortController(); window.__handed = navigator.credentials.get({ ...T.build(${JSON.stringify(spec)}), signal: window.__ac.signal })
        .then((c) => ({ ok: true, id: c.id }), (e) => ({ ok: false, aborted: e === window.__ac.signal.reason, name: e.name })); return true; })()`,
    );

  /** The get() started by startAbortable reached the browser's own authenticator (./browser-own.ts). */
  async function expectHandedOver(page: TestPage, nativeId: string | undefined): Promise<void> {
    if (chromium) {
      expect(await page.evaluate('window.__handed')).toEqual({ ok: true, id: nativeId });
      return;
    }
    await until("Firefox's own WebAuthn doorhanger", async () => (await firefoxWebAuthnPrompts(ctx.h)).length > 0);
    await page.evaluate('window.__ac.abort()');
    expect(await page.evaluate('window.__handed')).toMatchObject({ ok: false, aborted: true });
  }

  async function popupSend(message: Record<string, unknown>): Promise<unknown> {
    const popup = await ctx.h.openExtensionPage('popup.html');
    const reply = await popup.evaluate(async (m) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return api.runtime.sendMessage(m);
    }, message);
    await popup.close();
    return reply;
  }

  it('get() for which Passkeep holds no passkey (vault unlocked): the browser’s own authenticator, no Passkeep prompt', async () => {
    const page = await openPage(ctx.h, `${ctx.server.originFor('nothing')}/`);
    const expectId = chromium ? await nativeCredential(await virtualAuthenticator(page), 'nothing.localhost') : undefined;
    await browserAnswers(page, 'get', request(), expectId);
    await page.close();
  });

  it('hints security-key / hybrid and allowCredentials only on usb/nfc go to the browser unless Passkeep holds a match', async () => {
    // Passkeep holds a passkey for localhost: hints are hints, its prompt opens.
    const mine = await openPage(ctx.h, `${ctx.server.origin}/`);
    for (const hints of [['security-key'], ['hybrid']]) {
      await start(mine, 'hinted', 'get', request({ hints }));
      const prompt = await ctx.h.waitForConsent();
      expect(await prompt.count('testid=account')).toBe(1);
      await prompt.click('testid=cancel');
      expect(await result(mine, 'hinted')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    }
    // A security key's credential (transports usb, nfc) Passkeep does not hold: the browser.
    const keyId = randomBytes(16);
    const spec = request({ allowCredentials: [{ type: 'public-key', id: { $b64: keyId.toString('base64url') }, transports: ['usb', 'nfc'] }] });
    const expectId = chromium ? await nativeCredential(await virtualAuthenticator(mine), 'localhost', keyId) : undefined;
    await browserAnswers(mine, 'get', spec, expectId);
    await mine.close();
    // No passkey here and the site asks for a security key: the browser.
    const other = await openPage(ctx.h, `${ctx.server.originFor('keys')}/`);
    const otherId = chromium ? await nativeCredential(await virtualAuthenticator(other), 'keys.localhost') : undefined;
    await browserAnswers(other, 'get', request({ hints: ['security-key'] }), otherId);
    await other.close();
  });

  it('create() aimed at a security key (hints, or cross-platform attachment) goes to the browser', async () => {
    const page = await openPage(ctx.h, `${ctx.server.origin}/`);
    if (chromium) await virtualAuthenticator(page);
    await browserAnswers(page, 'create', creation({ hints: ['security-key'] }));
    await browserAnswers(page, 'create', creation({ authenticatorSelection: { authenticatorAttachment: 'cross-platform', userVerification: 'discouraged' } }));
    // hints naming this device too: Passkeep's prompt.
    await start(page, 'here', 'create', creation({ hints: ['security-key', 'client-device'] }));
    await (await ctx.h.waitForConsent()).click('testid=cancel');
    expect(await result(page, 'here')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await page.close();
  });

  it('getClientCapabilities(): every key, Passkeep’s own merged with the browser’s for what it steps aside for', async () => {
    const page = await openPage(ctx.h, `${ctx.server.origin}/`);
    const caps = (await page.evaluate('PublicKeyCredential.getClientCapabilities()')) as Record<string, boolean>;
    // The browser's own record, read on a page where Passkeep stood back (the next test's set-up).
    const bare = await ctx.h.newPage();
    await installLocker(bare);
    await bare.goto(`${ctx.server.origin}/`);
    const native = (await bare.evaluate('PublicKeyCredential.getClientCapabilities()')) as Record<string, boolean>;
    expect(caps).toEqual(clientCapabilities(undefined, native));
    expect(caps).toMatchObject({ immediateGet: true, conditionalCreate: native.conditionalCreate === true, hybridTransport: native.hybridTransport === true });
    await bare.close();
    await page.close();
  });

  async function installLocker(page: TestPage, script = LOCKER): Promise<void> {
    if (chromium) await (page.raw as Page).addInitScript(script);
    else await (page.raw as PuppeteerPage).evaluateOnNewDocument(script);
  }

  /** The toolbar badge of the tab whose URL ends with `suffix`, once it has one. */
  async function badgeOf(suffix: string): Promise<unknown> {
    const popup = await ctx.h.openExtensionPage('popup.html');
    const badge = await popup.waitForFunction(`(async () => {
      const api = globalThis.browser ?? chrome;
      const tab = (await api.tabs.query({})).find((t) => t.url?.endsWith(${JSON.stringify(suffix)}));
      return tab?.id !== undefined && (await api.action.getBadgeText({ tabId: tab.id }));
    })()`);
    await popup.close();
    return badge;
  }

  it('a page where navigator.credentials was locked first: no page error, Passkeep stands back, the badge and the popup say so', async () => {
    const page = await ctx.h.newPage();
    await installLocker(page);
    await page.goto(`${ctx.server.origin}/?locked`);
    expect(await page.evaluate(`navigator.credentials.get({ publicKey: { challenge: new Uint8Array(8) } })`)).toBe('answered by the other extension');
    // Passkeep's statics are not installed either: the page sees the browser's own.
    expect(await page.evaluate('Function.prototype.toString.call(PublicKeyCredential.isConditionalMediationAvailable)')).toMatch(/native code/);
    expect(await page.evaluate('window.__errors')).toEqual([]);
    expect(await badgeOf('/?locked')).toBe('!');
    // The popup, opened now, is about the tab the person came from.
    await page.focusWindow();
    const explained = await ctx.h.openExtensionPage('popup.html');
    expect(await explained.text('testid=stood-back')).toContain('navigator.credentials');
    await explained.close();
    // A page in another tab without the lock: Passkeep answers there, and no note.
    const normal = await openPage(ctx.h, `${ctx.server.origin}/`);
    await start(normal, 'normal', 'get', request());
    await (await ctx.h.waitForConsent()).click('testid=cancel');
    expect(await result(normal, 'normal')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    const plain = await ctx.h.openExtensionPage('popup.html');
    await plain.waitFor('testid=passkey');
    expect(await plain.count('testid=stood-back')).toBe(0);
    await plain.close();
    await normal.close();
    await page.close();
  });

  it('a page where another script set its own navigator.credentials.get first: Passkeep stands back at the first call it gets, the badge says so', async () => {
    const page = await ctx.h.newPage();
    await installLocker(page, PATCHER);
    await page.goto(`${ctx.server.origin}/?patched`);
    expect(await page.evaluate(`navigator.credentials.get({ publicKey: { challenge: new Uint8Array(8) } })`)).toBe('answered by the other extension');
    // The hook reads navigator only at the first call of something it replaced (not at
    // document_start): until then its create() is in place; that call finds the other
    // script's get() and puts the browser's own functions back.
    expect(await page.evaluate('CredentialsContainer.prototype.create === window.__nativeCreate')).toBe(false);
    expect(await page.evaluate('PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().then((v) => typeof v)')).toBe('boolean');
    expect(await page.evaluate('CredentialsContainer.prototype.create === window.__nativeCreate')).toBe(true);
    expect(await page.evaluate('Function.prototype.toString.call(PublicKeyCredential.isConditionalMediationAvailable)')).toMatch(/native code/);
    expect(await page.evaluate('window.__errors')).toEqual([]);
    expect(await badgeOf('/?patched')).toBe('!');
    await page.close();
  });

  it('immediate mediation: the prompt when a passkey is here and the vault unlocked, otherwise NotAllowedError at once with no UI', async () => {
    const mine = await openPage(ctx.h, `${ctx.server.origin}/`);
    await start(mine, 'immediate', 'get', request({}, { uiMode: 'immediate' }));
    await (await ctx.h.waitForConsent()).click('testid=approve');
    expect(await result(mine, 'immediate')).toMatchObject({ ok: true });
    await start(mine, 'immediate2', 'get', request({}, { mediation: 'immediate' }));
    await (await ctx.h.waitForConsent()).click('testid=cancel');
    expect(await result(mine, 'immediate2')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await mine.close();

    const before = ctx.h.consentCount();
    const other = await openPage(ctx.h, `${ctx.server.originFor('immediate')}/`);
    const timed = (await other.evaluate(`(async () => {
      const t = performance.now();
      const o = await T.run('get', ${JSON.stringify(request({}, { uiMode: 'immediate' }))});
      return { ...o, ms: performance.now() - t };
    })()`)) as Outcome & { ms: number };
    expect(timed).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
    expect(timed.ms).toBeLessThan(2_000);
    if (!chromium) expect(await firefoxWebAuthnPrompts(ctx.h)).toEqual([]);
    expect(ctx.h.consentCount()).toBe(before);
    await other.close();
  });

  it('locked vault: the prompt offers unlock or another authenticator; aimed elsewhere and immediate get no prompt', async () => {
    expect(await popupSend({ type: 'vault:lock' })).toMatchObject({ ok: true });
    const page = await openPage(ctx.h, `${ctx.server.origin}/`);
    const auth = chromium ? await virtualAuthenticator(page) : null;
    const nativeId = auth ? await nativeCredential(auth, 'localhost') : undefined;

    // Immediate: nothing can be known while locked → NotAllowedError, no prompt.
    const before = ctx.h.consentCount();
    expect(await run(page, 'get', request({}, { uiMode: 'immediate' }))).toMatchObject({ ok: false, name: 'NotAllowedError' });
    expect(ctx.h.consentCount()).toBe(before);
    // A security key's credential while locked: straight to the browser.
    const keyId = randomBytes(16);
    const keySpec = request({ allowCredentials: [{ type: 'public-key', id: { $b64: keyId.toString('base64url') }, transports: ['usb'] }] });
    await browserAnswers(page, 'get', keySpec, auth ? await nativeCredential(auth, 'localhost', keyId) : undefined);

    // A get() naming a credential without transports: the prompt, with the two choices; "use
    // another authenticator" hands it over (the virtual authenticator now holds two for localhost).
    const spec = request({ allowCredentials: [{ type: 'public-key', id: { $b64: nativeId ?? randomBytes(16).toString('base64url') } }] });
    await startAbortable(page, spec);
    const prompt = await ctx.h.waitForConsent();
    expect(await prompt.text('testid=locked-note')).toContain('locked');
    expect(await prompt.isVisible('testid=pin')).toBe(true);
    expect(await prompt.text('testid=approve')).toBe('Unlock');
    await prompt.click('testid=other-authenticator');
    await expectHandedOver(page, nativeId);
    await page.close();

    // Locked, a site Passkeep has nothing for: the prompt; once unlocked there, the browser.
    const other = await openPage(ctx.h, `${ctx.server.originFor('unlock')}/`);
    const otherAuth = chromium ? await virtualAuthenticator(other) : null;
    const otherId = otherAuth ? await nativeCredential(otherAuth, 'unlock.localhost') : undefined;
    await startAbortable(other, request());
    const unlock = await ctx.h.waitForConsent();
    await unlock.fill('testid=pin', PIN);
    await unlock.click('testid=approve');
    await expectHandedOver(other, otherId);
    await other.close();
  });
});
