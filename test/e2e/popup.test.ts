/**
 * The real popup page of the loaded extension, in Chromium and Firefox: first run, passkeys
 * created through the demo relying party listed, searched and deleted in the popup, and then the
 * site no longer signs in with the deleted one. Also: lock/unlock, closing the popup inside the
 * undo window, an axe-core check in the real browser, and (Chromium) the README's screenshots.
 * https://w3c.github.io/webauthn/#sctn-getAssertion (no credential: NotAllowedError)
 */
import { resolve } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import { seriousAxeViolations } from './axe.js';
import { screenshotDir } from './screenshot-dir.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../demo-rp/server.mjs';
import { BROWSERS, launch, type Harness, type TestPage } from './harness/index.js';
import { firefoxWebAuthnPrompts, nativeCredential, until, virtualAuthenticator } from './browser-own.js';

const PIN = '7306 popup passphrase';
const SCREENSHOTS = screenshotDir();

describe.each(BROWSERS)('%s: the popup', (browserName) => {
  let harness: Harness;
  let rp: DemoServer;
  let rpPage: TestPage | undefined;
  let popup: TestPage | undefined;

  beforeAll(async () => {
    rp = await startDemoServer({ port: 0 });
    harness = await launch(browserName);
  });

  afterAll(async () => {
    await harness?.close();
    await rp?.close();
  });

  async function openPopup(): Promise<TestPage> {
    await popup?.close().catch(() => undefined);
    popup = await harness.openExtensionPage('popup.html');
    return popup;
  }

  async function openRp(query: string): Promise<TestPage> {
    await rpPage?.close().catch(() => undefined);
    rpPage = await harness.newPage(`${rp.url}?${query}`);
    return rpPage;
  }

  /** Unlocks the popup when it shows the PIN field; then waits for the list. */
  async function unlocked(page: TestPage): Promise<void> {
    await page.waitFor('.app:not([data-state="loading"])');
    if ((await page.evaluate(() => document.querySelector('.app')?.getAttribute('data-state'))) === 'locked') {
      await page.fill('testid=pin', PIN);
      await page.click('testid=unlock');
    }
    await page.waitFor('testid=search');
  }

  async function register(username: string): Promise<void> {
    const page = await openRp(`username=${encodeURIComponent(username)}&uv=discouraged`);
    await page.click('#register');
    const prompt = await harness.waitForConsent();
    if ((await prompt.count('testid=pin')) > 0) await prompt.fill('testid=pin', PIN);
    await prompt.click('testid=approve');
    await page.waitForText('#status', /registered|error/, { timeoutMs: 20_000 });
    expect(await page.text('#status')).toBe('registered');
  }

  /**
   * Signs in as `username`, whose passkey Passkeep no longer holds: the request goes to the
   * browser's own authenticator with no Passkeep prompt (README "When Passkeep steps in and when
   * it steps aside"), and the site signs no one in. Chromium: the browser's own (a CDP virtual
   * authenticator) holds a credential with the id the site allows but another key, answers with
   * it, and the site refuses the signature. Firefox: its own WebAuthn doorhanger shows, and the
   * page ends the request itself (the demo's AbortController, @simplewebauthn/browser's
   * WebAuthnAbortService).
   */
  async function signInGoesToBrowser(username: string): Promise<void> {
    const site = await openRp(`username=${encodeURIComponent(username)}&uv=discouraged`);
    const before = rp.results.length;
    const prompts = harness.consentCount();
    if (browserName === 'chromium') {
      const options = (await site.evaluate(async (name) => {
        const res = await fetch('/api/login/options', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: name, userVerification: 'discouraged' }) });
        return res.json();
      }, username)) as { rpId: string; allowCredentials: { id: string }[] };
      expect(options.allowCredentials).toHaveLength(1);
      // The site lists Passkeep's passkey with the transport it reported, `internal`.
      await nativeCredential(await virtualAuthenticator(site, 'internal'), options.rpId, Buffer.from(options.allowCredentials[0]!.id, 'base64url'));
      await site.click('#signin');
      await site.waitForText('#status', /^error/, { timeoutMs: 20_000 });
      // The site got the browser's own answer, for that credential id, and refused its signature.
      expect(rp.results.slice(before)).toEqual([expect.objectContaining({ verified: false, credentialId: options.allowCredentials[0]!.id, error: expect.any(String) })]);
    } else {
      await site.click('#signin');
      await until("Firefox's own WebAuthn doorhanger", async () => (await firefoxWebAuthnPrompts(harness)).length > 0);
      await site.evaluate(() => (window as unknown as { SimpleWebAuthnBrowser: { WebAuthnAbortService: { cancelCeremony(): void } } }).SimpleWebAuthnBrowser.WebAuthnAbortService.cancelCeremony());
      await site.waitForText('#status', /AbortError/, { timeoutMs: 20_000 });
      expect(rp.results.length).toBe(before);
    }
    expect(harness.consentCount()).toBe(prompts);
  }

  /** Rows' account names, in display order. */
  const accounts = (page: TestPage) => page.texts('[data-testid="passkey"] .passkey-account');

  it('first run: the popup asks for a new PIN twice, then shows the empty vault; lock and unlock', async () => {
    const page = await openPopup();
    await page.waitFor('testid=pin-new');
    expect(await page.text('.note')).toContain('a longer passphrase protects better');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.fill('testid=pin-new', PIN);
    await page.fill('testid=pin-confirm', 'something else');
    await page.click('testid=set-pin');
    await page.waitForText('testid=error', 'do not match');
    await page.fill('testid=pin-confirm', PIN);
    await page.click('testid=set-pin');
    await page.waitForText('testid=empty', 'No passkeys yet');

    await page.click('testid=lock');
    await page.waitFor('testid=pin');
    await page.fill('testid=pin', 'not the PIN');
    await page.click('testid=unlock');
    await page.waitForText('testid=error', 'Wrong PIN');
    await page.fill('testid=pin', PIN);
    await page.click('testid=unlock');
    await page.waitForText('testid=empty', 'No passkeys yet');
  });

  it('lists passkeys created through the demo relying party, grouped by site, and searches as you type', async () => {
    for (const name of ['alice@example.com', 'bob@example.com', 'carol@example.com']) await register(name);
    const page = await openPopup();
    await unlocked(page);
    expect(await accounts(page)).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com']);
    expect(await page.texts('testid=site')).toEqual([expect.stringContaining('localhost')]);
    expect(await page.text('testid=passkey', { nth: 1 })).toMatch(/bob@example\.com[\s\S]*localhost[\s\S]*Created/);
    expect(await page.text('.list-count')).toBe('3 passkeys');

    await page.fill('testid=search', 'BOB');
    await page.waitForText('.list-count', '1 of 3 passkeys');
    expect(await accounts(page)).toEqual(['bob@example.com']);
    await page.fill('testid=search', 'nobody-by-this-name');
    await page.waitFor('testid=no-matches');
    expect(await page.count('testid=passkey')).toBe(0);
    await page.fill('testid=search', '');
    await page.waitForText('.list-count', '3 passkeys');
  });

  it('has no serious or critical axe violations in the list, the details and the delete dialog', async () => {
    const page = await openPopup();
    await unlocked(page);
    // The check is not vacuous: axe, injected here, does report a nameless button.
    await page.evaluate(() => {
      const probe = document.createElement('button');
      probe.id = 'axe-probe';
      document.body.append(probe);
    });
    expect((await seriousAxeViolations(page)).join('\n')).toMatch(/^button-name: .*#axe-probe/m);
    await page.evaluate(() => document.getElementById('axe-probe')?.remove());
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.click('testid=passkey-open');
    await page.waitFor('testid=details');
    expect(await page.text('testid=details')).toMatch(/Credential ID[\s\S]*…/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.press('Escape');
    await page.waitFor('testid=details', { state: 'detached' });
    await page.click('testid=delete');
    await page.waitFor('testid=confirm-delete');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.press('Escape');
    await page.waitFor('testid=confirm-delete', { state: 'detached' });
    expect(await page.count('testid=passkey')).toBe(3);
  });

  it('deletes a passkey after the confirmation; the site then no longer signs in with it', async () => {
    const page = await openPopup();
    await unlocked(page);
    await page.fill('testid=search', 'bob');
    await page.waitForText('.list-count', '1 of 3');
    await page.click('testid=delete');
    await page.waitForText('[role="dialog"]', 'The site will no longer accept this passkey');
    await page.click('testid=confirm-delete');
    await page.waitForText('testid=toast', 'Deleted the passkey for bob@example.com on localhost');
    // End the undo window through the UI instead of waiting it out.
    await page.click('testid=delete-now');
    await page.waitFor('testid=toast', { state: 'detached' });

    const fresh = await openPopup();
    await unlocked(fresh);
    expect(await accounts(fresh)).toEqual(['alice@example.com', 'carol@example.com']);

    // Sign-in as bob: the RP allows only bob's credential, which Passkeep no longer has.
    await signInGoesToBrowser('bob@example.com');

    // A discoverable sign-in offers the others, not bob.
    const discoverable = await openRp('username=&uv=discouraged');
    await discoverable.click('#signin');
    const chooser = await harness.waitForConsent();
    const offered = await chooser.texts('testid=account');
    expect(offered.join('\n')).not.toContain('bob@example.com');
    expect(offered).toHaveLength(2);
    await chooser.click('testid=cancel');
  });

  it('case 30: the deletion journal leaves nothing readable at rest; closing the popup inside the undo window still deletes the passkey', async () => {
    const page = await openPopup();
    await unlocked(page);
    const carolId = await page.evaluate(async () => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const reply = (await api.runtime.sendMessage({ type: 'vault:list' })) as { value: { passkeys: { id: string; userName: string }[] } };
      return reply.value.passkeys.find((p) => p.userName === 'carol@example.com')!.id;
    });
    await page.fill('testid=search', 'carol');
    await page.waitForText('.list-count', '1 of 2');
    await page.click('testid=delete');
    await page.click('testid=confirm-delete');
    await page.waitFor('testid=undo');
    // What each storage holds while the delete waits: only the session store (memory, trusted
    // contexts only) names the credential; localStorage and storage.local do not.
    const dump = () =>
      page.evaluate(async () => {
        const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
        return {
          session: JSON.stringify(await api.storage.session.get(null)),
          local: JSON.stringify(await api.storage.local.get(null)),
          localStorage: JSON.stringify({ ...localStorage }),
        };
      });
    await page.evaluate((id) => void ((globalThis as unknown as { waitingId: string }).waitingId = id), carolId);
    await page.waitForFunction(async () => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return JSON.stringify(await api.storage.session.get(null)).includes((globalThis as unknown as { waitingId: string }).waitingId);
    });
    const held = await dump();
    expect(held.session).toContain(carolId);
    expect(held.local).not.toContain(carolId);
    expect(held.localStorage).not.toContain(carolId);
    await page.close();
    popup = undefined;

    await signInGoesToBrowser('carol@example.com');

    const fresh = await openPopup();
    await unlocked(fresh);
    expect(await accounts(fresh)).toEqual(['alice@example.com']);
  });

  if (browserName === 'chromium') {
    it('screenshots of the popup in light and dark (docs/screenshots)', async () => {
      await register('dana@example.com');
      const page = await openPopup();
      const raw = page.raw as PlaywrightPage;
      await raw.setViewportSize({ width: 360, height: 520 });
      await unlocked(page);
      for (const colorScheme of ['light', 'dark'] as const) {
        await raw.emulateMedia({ colorScheme });
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe(colorScheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(28, 29, 33)');
        await page.screenshot(resolve(SCREENSHOTS, `popup-${colorScheme}.png`));
      }
    });
  }
});
