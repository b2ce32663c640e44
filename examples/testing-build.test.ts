/**
 * A site's WebAuthn test, unattended, in Firefox ESR and in Chromium, with Passkeep Testing
 * (npm run build:testing, docs/testing-build.md): register and sign in on the demo relying party
 * (test/demo-rp/server.mjs) with no person present. Written with the drivers alone, as a site's
 * own test suite would be: puppeteer-core over WebDriver BiDi for Firefox, playwright-core over
 * CDP for Chromium. The only Passkeep-specific part is `passkeepTesting` (./passkeep-testing.mjs),
 * evaluated in the site's page.
 *
 *   npm run build:testing && npx vitest run -c vitest.e2e.config.ts examples/
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../test/demo-rp/server.mjs';
import { passkeepTesting } from './passkeep-testing.mjs';

/** What a site's test needs from a page, whichever driver it comes from. */
interface SitePage {
  goto(url: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
}

/** A passkey virtual authenticator: internal (platform), discoverable credentials, UV that succeeds. */
const AUTHENTICATOR = { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, isUserConsenting: true };

let rp: DemoServer;
beforeAll(async () => {
  rp = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await rp?.close();
});

/** The site's own test: register, then sign in, as its users would, with nobody at the keyboard. */
async function registerAndSignIn(page: SitePage): Promise<void> {
  await page.goto(`${rp.url}?username=ada%40example.com`);
  const authenticatorId = await page.evaluate(passkeepTesting, { command: 'addVirtualAuthenticator', params: AUTHENTICATOR });

  await page.click('#register');
  await page.evaluate(waitForStatus, 'registered');
  await page.goto(`${rp.url}?username=`);
  await page.click('#signin');
  await page.evaluate(waitForStatus, 'signed in');

  const [credential] = (await page.evaluate(passkeepTesting, { command: 'getCredentials', params: { authenticatorId } })) as Array<{ signCount: number }>;
  expect(credential?.signCount).toBe(1);
  expect(rp.results.slice(-2).map((r) => [r.kind, r.verified, r.userVerified])).toEqual([
    ['registration', true, true],
    ['authentication', true, true],
  ]);
}

/** Runs in the page: resolves when the demo's status line says `expected`, fails on an error line. */
function waitForStatus(expected: string): Promise<void> {
  return new Promise((done, fail) => {
    const status = document.querySelector('#status')!;
    const check = () => {
      const text = status.textContent ?? '';
      if (text === expected) done();
      else if (text.startsWith('error')) fail(new Error(text));
      else return false;
      observer.disconnect();
      return true;
    };
    const observer = new MutationObserver(check);
    if (!check()) observer.observe(status, { childList: true, characterData: true, subtree: true });
  });
}

describe('a site’s WebAuthn test with Passkeep Testing, nobody present', () => {
  it('Firefox ESR (puppeteer-core, WebDriver BiDi)', async () => {
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
      headless: true,
      enableExtensions: true,
      // Firefox's default for MV3 host permissions, pinned: the content scripts need them.
      extraPrefsFirefox: { 'extensions.originControls.grantByDefault': true },
    });
    try {
      await browser.installExtension(resolve('dist/testing-firefox'));
      // The install opens Passkeep's guide in a tab of its own; the test uses the first tab.
      const [page] = await browser.pages();
      // (puppeteer's evaluate types its argument through its handle types; the call is the same.)
      await registerAndSignIn(page as unknown as SitePage);
    } finally {
      await browser.close();
    }
  });

  it('Chromium (playwright-core, CDP)', async () => {
    const extension = resolve('dist/testing-chrome');
    const profile = mkdtempSync(join(tmpdir(), 'passkeep-example-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`, '--no-sandbox'],
    });
    try {
      // Wait until the extension runs (its service worker), then use a tab of the site.
      if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker');
      await registerAndSignIn(await context.newPage());
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
