/**
 * The consent prompt as a person sees it, in Chromium and Firefox: a create on first use (new
 * PIN), a get with several accounts, a get with the vault locked, and a wrong PIN's error. The
 * prompt's text is at its own size in both browsers (Chromium gives extension pages a 75% body
 * font of its own), and Chromium's screenshots go to docs/screenshots for the README.
 * https://w3c.github.io/webauthn/#sctn-createCredential / #sctn-getAssertion (user consent)
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import { screenshotDir } from './screenshot-dir.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../demo-rp/server.mjs';
import { BROWSERS, launch, type Harness, type TestPage } from './harness/index.js';

const PIN = '3390 prompt passphrase';

describe.each(BROWSERS)('%s: the consent prompt’s screens', (browserName) => {
  let harness: Harness;
  let rp: DemoServer;
  let rpPage: TestPage | undefined;
  // Chromium's go to the README; Firefox's to a temporary directory (looked at, not published).
  const shots = browserName === 'chromium' ? screenshotDir() : mkdtempSync(join(tmpdir(), 'passkeep-consent-'));

  beforeAll(async () => {
    rp = await startDemoServer({ port: 0 });
    harness = await launch(browserName);
  });

  afterAll(async () => {
    await harness?.close();
    await rp?.close();
  });

  async function openRp(query: string): Promise<TestPage> {
    await rpPage?.close().catch(() => undefined);
    rpPage = await harness.newPage(`${rp.url}?${query}`);
    return rpPage;
  }

  /** The prompt's text sizes: the body's, and the title's (1.25rem of a 15 px root). */
  const sizes = (prompt: TestPage) =>
    prompt.evaluate(() => ({
      body: getComputedStyle(document.body).fontSize,
      title: getComputedStyle(document.querySelector('h1')!).fontSize,
      button: getComputedStyle(document.querySelector('[data-testid="approve"]')!).fontSize,
    }));

  async function shoot(prompt: TestPage, name: string, dark = false): Promise<void> {
    expect(await sizes(prompt)).toEqual({ body: '15px', title: '18.75px', button: '15px' });
    await prompt.screenshot(join(shots, `consent-${name}.png`));
    if (dark && browserName === 'chromium') {
      const raw = prompt.raw as PlaywrightPage;
      await raw.emulateMedia({ colorScheme: 'dark' });
      expect(await prompt.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(15, 22, 29)');
      await prompt.screenshot(join(shots, `consent-${name}-dark.png`));
      await raw.emulateMedia({ colorScheme: 'light' });
    }
  }

  it('create on first use: the prompt asks for a new PIN', async () => {
    const page = await openRp('username=alice%40example.com&uv=required');
    await page.click('#register');
    const prompt = await harness.waitForConsent({ readyTarget: 'testid=pin-new' });
    await shoot(prompt, 'create-new-pin', true);
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
    await prompt.click('testid=approve');
    await page.waitForText('#status', /registered|error/, { timeoutMs: 20_000 });
    expect(await page.text('#status')).toBe('registered');
    for (const name of ['bob@example.com', 'carol.with.a.rather.long.address@example.com']) {
      const more = await openRp(`username=${encodeURIComponent(name)}&uv=discouraged`);
      await more.click('#register');
      const next = await harness.waitForConsent();
      await next.click('testid=approve');
      await more.waitForText('#status', /registered|error/, { timeoutMs: 20_000 });
      expect(await more.text('#status')).toBe('registered');
    }
  });

  it('get with several accounts: the person chooses one', async () => {
    const page = await openRp('username=&uv=discouraged');
    await page.click('#signin');
    const prompt = await harness.waitForConsent();
    expect(await prompt.count('testid=account')).toBe(3);
    await shoot(prompt, 'get-accounts', true);
    await prompt.click('testid=cancel');
    await page.waitForText('#status', /NotAllowedError/, { timeoutMs: 20_000 });
  });

  it('get with the vault locked, then a wrong PIN’s error', async () => {
    const popup = await harness.openExtensionPage('popup.html');
    await popup.evaluate(async () => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      await api.runtime.sendMessage({ type: 'vault:lock' });
    });
    await popup.close();
    const page = await openRp('username=alice%40example.com&uv=required');
    await page.click('#signin');
    const prompt = await harness.waitForConsent();
    await prompt.waitFor('testid=pin');
    await shoot(prompt, 'locked');
    await prompt.fill('testid=pin', 'not the PIN');
    await prompt.click('testid=approve');
    await prompt.waitForText('testid=error', /wrong pin/i);
    await shoot(prompt, 'error');
    await prompt.click('testid=cancel');
    await page.waitForText('#status', /NotAllowedError/, { timeoutMs: 20_000 });
  });
});
