/**
 * Passkey autofill (issue 10 point 3): a get() with `mediation: "conditional"` on a page with an
 * `autocomplete="username webauthn"` field. Passkeep's list appears at the field in a frame of
 * the extension's origin (the page sees only an empty host element, never the names), choosing
 * a passkey there completes the page's get() with an assertion the relying party library
 * accepts, aborting removes the list, and the browser's own conditional request is still made.
 *
 * User presence from the list needs proof that the person saw it: Chromium's IntersectionObserver
 * v2 in the list's frame. An obscured list, and Firefox (which has no such observer), open the
 * real prompt instead.
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source (conditional mediation)
 */
import { generateKeyPairSync } from 'node:crypto';
import { join } from 'node:path';
import { verifyAuthenticationResponse, verifyRegistrationResponse, type WebAuthnCredential } from '@simplewebauthn/server';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, startServer, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { PIN } from './client-pages.js';
import { screenshotDir } from './screenshot-dir.js';

const CHALLENGE = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

/** A sign-in form as sites write it for autofill, and helpers that report outcomes as data. */
const PAGE = `<!doctype html><title>autofill</title>
<style>body { font: 16px system-ui; margin: 0 } input { position: absolute; left: 40px; top: 80px; width: 300px; height: 28px }
#cover { position: fixed; inset: auto; left: 0; top: 100px; width: 100%; height: 300px; margin: 0; padding: 0; border: 0; background: rgba(200, 40, 40, 0.25); pointer-events: none }</style>
<p style="margin: 40px">Sign in</p>
<input id="user" name="username" autocomplete="username webauthn" />
<button id="other" style="position: absolute; left: 40px; top: 500px">elsewhere</button>
<script>
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  const unb64 = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
  const outcome = (p) => p.then((c) => ({ ok: true, json: c.toJSON(), id: c.id }), (e) => ({ ok: false, name: e && e.name, isReason: e === window.reason }));
  window.t = {
    register: (challenge, name = 'alice@example.com') => outcome(navigator.credentials.create({ publicKey: {
      rp: { name: 'Autofill test' }, user: { id: crypto.getRandomValues(new Uint8Array(16)), name, displayName: name === 'alice@example.com' ? 'Alice Example' : name },
      challenge: unb64(challenge), pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' } } })),
    autofill: (challenge, userVerification) => {
      const controller = new AbortController();
      window.reason = new Error('page aborted');
      window.abortAutofill = () => controller.abort(window.reason);
      window.pending = outcome(navigator.credentials.get({ mediation: 'conditional', signal: controller.signal,
        publicKey: { challenge: unb64(challenge), userVerification } }));
      return true;
    },
    // Host elements in the document, shown or hidden.
    attached: () => [...document.documentElement.children].filter((e) => e.tagName === 'DIV').length,
    // What the page itself can see of the list: a host element, nothing inside it.
    hosts: () => [...document.documentElement.children].filter((e) => e.tagName === 'DIV' && e.checkVisibility()).map((e) => ({ shadow: e.shadowRoot, text: e.textContent, frames: window.length })),
  };
</script>`;

interface PageOutcome {
  ok: boolean;
  json?: Record<string, unknown> & { response: { authenticatorData: string } };
  id?: string;
  name?: string;
  isReason?: boolean;
}

/** The flags byte of authenticatorData: UP is bit 0, UV bit 2. */
function flags(outcome: PageOutcome): { up: boolean; uv: boolean } {
  const byte = Buffer.from(outcome.json!.response.authenticatorData, 'base64url')[32]!;
  return { up: (byte & 1) === 1, uv: (byte & 4) === 4 };
}

describe.each(BROWSERS)('%s: passkey autofill', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let page: TestPage;
  let credential: WebAuthnCredential;
  let counter = 0;

  beforeAll(async () => {
    server = await startServer({ '/': PAGE });
    h = await launch(browserName);
    page = await h.newPage(`${server.origin}/`);
    const run = page.evaluate((c) => (window as unknown as { t: { register(c: string): Promise<PageOutcome> } }).t.register(c), CHALLENGE);
    const prompt = await h.waitForConsent({ readyTarget: 'testid=pin-new' });
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
    await prompt.click('testid=approve');
    const registered = await run;
    expect(registered.ok).toBe(true);
    const reg = await verifyRegistrationResponse({ response: registered.json as never, expectedChallenge: CHALLENGE, expectedOrigin: server.origin, expectedRPID: 'localhost' });
    credential = reg.registrationInfo!.credential;
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  async function verified(outcome: PageOutcome, requireUserVerification = false): Promise<void> {
    expect(outcome).toMatchObject({ ok: true, id: credential.id });
    const auth = await verifyAuthenticationResponse({
      response: outcome.json as never,
      expectedChallenge: CHALLENGE,
      expectedOrigin: server.origin,
      expectedRPID: 'localhost',
      credential: { ...credential, counter },
      requireUserVerification,
    });
    expect(auth.verified).toBe(true);
    counter = auth.authenticationInfo.newCounter;
  }

  const startAutofill = (p: TestPage, userVerification = 'discouraged') =>
    p.evaluate(([c, uv]) => (window as unknown as { t: { autofill(c: string, uv: string): boolean } }).t.autofill(c, uv), [CHALLENGE, userVerification] as const);
  const pending = (p: TestPage) => p.evaluate(() => (window as unknown as { pending: Promise<PageOutcome> }).pending);
  const hostCount = (p: TestPage) => p.evaluate(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length);

  /**
   * `ask` run in the list's document (it answers undefined elsewhere): Chromium's list frame, or
   * (Firefox, whose frames puppeteer names about:blank) the frame whose document answers.
   */
  async function inList<T>(p: TestPage, ask: () => T | undefined): Promise<T | undefined> {
    if (browserName === 'chromium') return (await listFrame(p)).evaluate(ask);
    for (const frame of (p.raw as { frames(): Array<{ evaluate<R>(f: () => R): Promise<R> }> }).frames()) {
      const found = await frame.evaluate(ask).catch(() => undefined);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Which row of the list has the focus, with its aria-selected; null while the list's document does not have the focus. */
  const focusedRow = async (p: TestPage) =>
    (await inList(p, () => {
      if (!location.href.includes('/autofill.html?session=')) return undefined;
      const rows = [...document.querySelectorAll('[role="option"]')];
      const row = rows.indexOf(document.activeElement!);
      return document.hasFocus() && row >= 0 ? { row, selected: rows[row]!.getAttribute('aria-selected') } : null;
    })) ?? null;

  async function waitForFocusedRow(p: TestPage, row: number): Promise<void> {
    await expect.poll(() => focusedRow(p), { timeout: 10_000 }).toEqual({ row, selected: 'true' });
  }

  const fieldHasFocus = (p: TestPage) => p.waitForFunction(() => document.hasFocus() && document.activeElement?.id === 'user');

  /** What the page is told about passkey autofill: isConditionalMediationAvailable() and the capabilities record. */
  const autofillAnswers = (p: TestPage) =>
    p.evaluate(async () => ({ available: await PublicKeyCredential.isConditionalMediationAvailable(), caps: (await PublicKeyCredential.getClientCapabilities()) as Record<string, boolean> }));

  /** The settings' disabled sites, set as the popup sets them (the vault is unlocked). */
  async function disableSites(sites: string[]): Promise<void> {
    const popup = await h.openExtensionPage('popup.html');
    const set = await popup.evaluate(async (list) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return api.runtime.sendMessage({ type: 'settings:set', settings: { disabledSites: list } });
    }, sites);
    expect(set).toMatchObject({ ok: true });
    await popup.close();
  }

  /**
   * Firefox: turns the browser's own conditional mediation off (its pref, through BiDi's chrome
   * scope), so that its own isConditionalMediationAvailable() answers false and the answer a
   * page gets shows whose it is. Chromium's own answers true here whatever its flags.
   */
  async function firefoxConditionalMediation(p: TestPage, on: boolean): Promise<void> {
    const connection = (p.raw as unknown as { browser(): { connection: { send(m: string, a: object): Promise<{ result: unknown }> } } }).browser().connection;
    const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as { contexts: Array<{ context: string }> };
    const evaluated = (
      await connection.send('script.evaluate', {
        expression: `Services.prefs.setBoolPref('security.webauthn.enable_conditional_mediation', ${on}); Services.prefs.getBoolPref('security.webauthn.enable_conditional_mediation')`,
        target: { context: tree.contexts[0]!.context },
        awaitPromise: false,
      })
    ).result as { type: string; result?: { value?: unknown } };
    expect(evaluated).toMatchObject({ type: 'success', result: { value: on } });
  }

  /** Chromium: the list's frame (an out-of-process extension frame the page cannot reach). */
  async function listFrame(p: TestPage): Promise<Frame> {
    const raw = p.raw as Page;
    for (;;) {
      const frame = raw.frames().find((f) => f.url().includes('/autofill.html?session='));
      if (frame) return frame;
      await raw.waitForEvent('framenavigated', { timeout: 10_000 });
    }
  }

  /**
   * Firefox: the list's rows once rendered. Puppeteer reports an extension frame's URL as
   * about:blank (harness README), so each frame's document is asked for its own location.
   */
  async function firefoxListTexts(p: TestPage): Promise<string[]> {
    type EvalFrame = { evaluate<T>(f: () => T): Promise<T> };
    const raw = p.raw as { frames(): EvalFrame[] };
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      for (const frame of raw.frames()) {
        const rows = await frame
          .evaluate(() => (location.href.includes('/autofill.html?session=') ? [...document.querySelectorAll('[data-testid="autofill-account"]')].map((e) => (e as HTMLElement).innerText) : null))
          .catch(() => null);
        if (rows && rows.length > 0) return rows;
      }
      await new Promise((resolve) => setTimeout(resolve, 50)); // polling interval of a condition wait
    }
    throw new Error('Firefox: the autofill list did not render within 10 s');
  }

  /**
   * A trusted click on the list's first row, at its place under the field (Firefox: BiDi does
   * not reach into extension frames): the heading, then the middle of the first row.
   */
  async function clickFirstRow(p: TestPage): Promise<void> {
    await p.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 1);
    const field = await p.evaluate(() => {
      const r = document.getElementById('user')!.getBoundingClientRect();
      return { x: r.left + 40, y: r.bottom + 2 + 30 + 26 };
    });
    await (p.raw as { mouse: { click(x: number, y: number): Promise<void> } }).mouse.click(field.x, field.y);
  }

  it('isConditionalMediationAvailable() is true and getClientCapabilities().conditionalGet tells the same', async () => {
    const answers = await page.evaluate(async () => [await PublicKeyCredential.isConditionalMediationAvailable(), (await PublicKeyCredential.getClientCapabilities()).conditionalGet]);
    expect(answers).toEqual([true, true]);
  });

  it('case 13: the list appears at the field with the site\'s passkey; the page sees an empty host and no names', async () => {
    await startAutofill(page);
    await page.click('#user');
    if (browserName === 'chromium') {
      const frame = await listFrame(page);
      await frame.locator('[data-testid="autofill-account"]').first().waitFor();
      expect(await frame.locator('[data-testid="autofill-account"]').allInnerTexts()).toEqual([expect.stringContaining('alice@example.com')]);
    } else {
      await page.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 1);
      expect(await firefoxListTexts(page)).toEqual([expect.stringContaining('alice@example.com')]);
    }
    await page.screenshot(join(screenshotDir(), `autofill-list-${browserName}.png`));
    const seen = await page.evaluate(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts());
    // A closed shadow root: no shadowRoot, no text, and the frame is not even among window.frames.
    expect(seen).toEqual([{ shadow: null, text: '', frames: 0 }]);
  });

  it('choosing the passkey completes the pending get() with an assertion the relying party accepts', async () => {
    // The list from the test above is still up, for the same pending request.
    if (browserName === 'chromium') {
      const frame = await listFrame(page);
      const row = frame.locator('[data-testid="autofill-account"]').first();
      // data-armed: the list has been verifiably visible long enough for a click to count.
      await frame.locator('[data-testid="autofill-account"][data-armed="true"]').waitFor();
      await row.click();
      const outcome = await pending(page);
      await verified(outcome);
      // User presence from the list the person saw; no PIN was asked, so no UV.
      expect(flags(outcome)).toEqual({ up: true, uv: false });
      expect(h.consentCount()).toBe(1);
    } else {
      // Firefox cannot prove the list was visible: the choice opens the real prompt.
      await clickFirstRow(page);
      const prompt = await h.waitForConsent();
      // For the passkey chosen in the list, and only that one.
      expect(await prompt.count('testid=account')).toBe(1);
      expect(await prompt.text('.account-name')).toBe('alice@example.com');
      await prompt.click('testid=approve');
      const outcome = await pending(page);
      await verified(outcome);
      expect(flags(outcome)).toEqual({ up: true, uv: false });
    }
    await page.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 0);
  });

  it('aborting the request removes the list and rejects with the signal\'s reason', async () => {
    await startAutofill(page);
    await page.click('#other');
    await page.click('#user');
    await page.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 1);
    await page.evaluate(() => (window as unknown as { abortAutofill(): void }).abortAutofill());
    expect(await pending(page)).toEqual({ ok: false, name: 'Error', isReason: true });
    await page.waitForFunction(() => (window as unknown as { t: { attached(): number } }).t.attached() === 0);
    if (browserName === 'chromium') expect((page.raw as Page).frames().filter((f) => f.url().includes('autofill.html'))).toEqual([]);
  });

  it('user verification wanted: the choice opens the prompt, which asks for the PIN (UV=1)', async () => {
    await startAutofill(page, 'required');
    await page.click('#other');
    await page.click('#user');
    if (browserName === 'chromium') {
      const frame = await listFrame(page);
      await frame.locator('[data-testid="autofill-account"][data-armed="true"]').waitFor();
      await frame.locator('[data-testid="autofill-account"]').first().click();
    } else {
      await clickFirstRow(page);
    }
    const prompt = await h.waitForConsent({ readyTarget: 'testid=pin' });
    await prompt.fill('testid=pin', PIN);
    await prompt.click('testid=approve');
    const outcome = await pending(page);
    await verified(outcome, true);
    expect(flags(outcome)).toEqual({ up: true, uv: true });
    await page.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 0);
  });

  // Chromium only: Firefox has no visibility proof, so every choice there takes the prompt (tested above).
  // The list's host sits at the top z-index, after the body: a page reaches above it only from
  // its top layer (a popover, a modal dialog) or with an element later in the tree at that same
  // z-index. A cover below the list covers nothing (a cover in the body once passed here only
  // while the click beat the list's arming, and failed on a loaded machine when it did not).
  const COVERS = {
    'a popover in the top layer': `const c = document.createElement('div'); c.popover = 'manual'; document.body.append(c); c.showPopover(); c.id = 'cover';`,
    'an element after the list at its z-index': `const c = document.createElement('div'); c.style.zIndex = '2147483647'; document.documentElement.append(c); c.id = 'cover';`,
  };
  if (browserName === 'chromium') {
    it.each(Object.entries(COVERS))('case 13: a list the page covers with %s is not proof of presence: the choice opens the prompt instead', async (_, cover) => {
      await startAutofill(page);
      await page.click('#other');
      await page.click('#user');
      // A translucent cover over the list that lets clicks through: the person may not see what they click.
      await page.evaluate(cover);
      const frame = await listFrame(page);
      // The browser has reported the list hidden (not merely "not armed yet", which a list the
      // cover missed also is for its first half second).
      await frame.locator('[data-testid="autofill-account"][data-visible="false"]').waitFor();
      await page.screenshot(join(screenshotDir(), 'autofill-list-covered-chromium.png'));
      const before = h.consentCount();
      await frame.locator('[data-testid="autofill-account"]').first().click();
      const prompt = await h.waitForConsent();
      expect(h.consentCount()).toBe(before + 1);
      await prompt.click('testid=approve');
      const outcome = await pending(page);
      await verified(outcome);
      await page.evaluate(() => document.getElementById('cover')!.remove());
    });
  }

  it('no passkey for the site: no Passkeep list, and the browser\'s own conditional request is made', async () => {
    const other = await h.newPage(`${server.originFor('other')}/`);
    if (browserName === 'chromium') {
      // The browser's own authenticator holds a discoverable credential for this site: its
      // conditional request, which the hook still makes, answers with it.
      const raw = other.raw as Page;
      const cdp = await raw.context().newCDPSession(raw);
      await cdp.send('WebAuthn.enable', { enableUI: false });
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'der', type: 'pkcs8' });
      const credentialId = Buffer.from('native-autofill-credential').toString('base64');
      await cdp.send('WebAuthn.addCredential', {
        authenticatorId,
        credential: { credentialId, isResidentCredential: true, rpId: 'other.localhost', privateKey: key.toString('base64'), userHandle: Buffer.from('bob').toString('base64'), signCount: 0 },
      });
      await startAutofill(other);
      await other.click('#user');
      const outcome = await pending(other);
      expect(outcome).toMatchObject({ ok: true, id: Buffer.from('native-autofill-credential').toString('base64url') });
      await cdp.send('WebAuthn.disable');
    } else {
      await startAutofill(other);
      await other.click('#user');
      // Firefox's own conditional request stays pending (no authenticator of its own headless).
    }
    // A positive control made after it: the first page's list appears, so the background has
    // long answered the other page's request, and it showed nothing there.
    await startAutofill(page);
    await page.click('#other');
    await page.click('#user');
    await page.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 1);
    expect(await hostCount(other)).toBe(0);
    if (browserName === 'firefox') {
      // Not rejected for want of Passkeep's passkeys: the browser's own request still waits.
      expect(await other.evaluate(() => Promise.race([(window as unknown as { pending: Promise<unknown> }).pending, 'still pending']))).toBe('still pending');
    }
    await page.evaluate(() => (window as unknown as { abortAutofill(): void }).abortAutofill());
    await other.close();
  });

  it('keyboard: Down from the field enters the list at its first row, and Enter chooses it', async () => {
    await startAutofill(page);
    await page.click('#other');
    await page.click('#user');
    await page.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 1);
    const before = h.consentCount();
    if (browserName === 'chromium') {
      // Seen long enough for the choice to count as presence, as a click would.
      await (await listFrame(page)).locator('[data-testid="autofill-account"][data-armed="true"]').waitFor();
    }
    await page.press('ArrowDown');
    await waitForFocusedRow(page, 0);
    await page.press('Enter');
    if (browserName === 'firefox') {
      // No visibility proof: the prompt, for the passkey chosen.
      const prompt = await h.waitForConsent();
      expect(await prompt.text('.account-name')).toBe('alice@example.com');
      await prompt.click('testid=approve');
    }
    const outcome = await pending(page);
    await verified(outcome);
    expect(flags(outcome)).toEqual({ up: true, uv: false });
    expect(h.consentCount()).toBe(before + (browserName === 'firefox' ? 1 : 0));
    await page.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 0);
  });

  it('keyboard: Up and Down move between the rows (listbox options), Up from the first goes back to the field, Escape closes the list', async () => {
    const keys = await h.newPage(`${server.originFor('keys')}/`);
    for (const name of ['first@example.com', 'second@example.com']) {
      const run = keys.evaluate(([c, n]) => (window as unknown as { t: { register(c: string, n: string): Promise<PageOutcome> } }).t.register(c, n), [CHALLENGE, name] as const);
      await (await h.waitForConsent()).click('testid=approve');
      expect(await run).toMatchObject({ ok: true });
    }
    await startAutofill(keys);
    await keys.click('#other');
    await keys.click('#user');
    await keys.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 1);
    // The list is one listbox of options, named for the site.
    const roles = () =>
      inList(keys, () =>
        location.href.includes('/autofill.html?session=')
          ? [document.querySelector('[role="listbox"]')?.getAttribute('aria-label') ?? null, document.querySelectorAll('[role="listbox"] [role="option"]').length]
          : undefined,
      );
    await keys.press('ArrowDown');
    await waitForFocusedRow(keys, 0);
    expect(await roles()).toEqual([expect.stringContaining('keys.localhost'), 2]);
    await keys.press('ArrowDown');
    await waitForFocusedRow(keys, 1);
    // The last row stays the last.
    await keys.press('ArrowDown');
    await waitForFocusedRow(keys, 1);
    await keys.press('ArrowUp');
    await waitForFocusedRow(keys, 0);
    // Up from the first row: the field again, the list still shown.
    await keys.press('ArrowUp');
    await fieldHasFocus(keys);
    expect(await hostCount(keys)).toBe(1);
    await keys.press('ArrowDown');
    await waitForFocusedRow(keys, 0);
    // Escape in the list: closed, and the person is back in the field.
    await keys.press('Escape');
    await keys.waitForFunction(() => (window as unknown as { t: { hosts(): unknown[] } }).t.hosts().length === 0);
    await fieldHasFocus(keys);
    // A script's own key press in the field does not move the person's focus into the list.
    await keys.press('ArrowDown');
    await waitForFocusedRow(keys, 0);
    await keys.press('ArrowUp');
    await fieldHasFocus(keys);
    // The bridge moves the focus a task after the key (Firefox), so the answer is read after one.
    const after = await keys.evaluate(async () => {
      document.getElementById('user')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      return document.activeElement?.id;
    });
    expect(after).toBe('user');
    expect(await focusedRow(keys)).toBeNull();
    await keys.evaluate(() => (window as unknown as { abortAutofill(): void }).abortAutofill());
    await keys.close();
  });

  it('a site the person disabled hears the browser\'s own isConditionalMediationAvailable() and capabilities; other sites Passkeep\'s', async () => {
    const other = await h.newPage(`${server.originFor('other')}/`);
    // Passkeep's answer: its list; its record says so, and a PIN-verifying platform authenticator.
    expect(await autofillAnswers(other)).toMatchObject({ available: true, caps: { conditionalGet: true, userVerifyingPlatformAuthenticator: true } });
    if (browserName === 'firefox') await firefoxConditionalMediation(other, false);
    await disableSites(['other.localhost']);
    try {
      const aside = await autofillAnswers(other);
      // The browser's own record: no platform authenticator of its own in a headless browser,
      // and (Firefox, its pref off) no conditional mediation either.
      expect(aside.caps).toMatchObject({ userVerifyingPlatformAuthenticator: false, passkeyPlatformAuthenticator: false });
      expect(aside.available).toBe(browserName === 'chromium');
      expect(aside.caps.conditionalGet).toBe(aside.available);
      // Still Passkeep's on the site it serves.
      expect(await autofillAnswers(page)).toMatchObject({ available: true, caps: { conditionalGet: true, userVerifyingPlatformAuthenticator: true } });
    } finally {
      await disableSites([]);
      if (browserName === 'firefox') await firefoxConditionalMediation(other, true);
      await other.close();
    }
  });
});
