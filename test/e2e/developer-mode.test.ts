/**
 * Developer mode end to end, in Chromium and Firefox ESR (issue 11 points 1 and 2): turned on in
 * the popup's settings (the header then says so, and so does the prompt); ceremonies on the demo
 * relying party (@simplewebauthn/server) appear in the ceremony inspector, decoded (RP ID hash
 * checked, flags by name, counter, AAGUID, credential id, JWK/PEM key, attestation, toJSON
 * form); the passkey's developer details in the popup; its private key exported as PKCS #8 PEM
 * only with the PIN, and what it signs verifies with the public key the relying party registered.
 * A failure scenario (point 3) chosen in the real prompt by its testids: UV not performed, which
 * the demo relying party (UV required) refuses, and the inspector marks; with developer mode off
 * the prompt has no scenario control at all.
 * Chromium also takes the README's screenshots of the inspector and the details.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { resolve } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../demo-rp/server.mjs';
import { BROWSERS, launch, type Harness, type TestPage } from './harness/index.js';
import { screenshotDir } from './screenshot-dir.js';

const PIN = '7314 developer pin';
const PASSKEEP_AAGUID = '65678ece-e948-4e5b-b6ac-293a1fbd5976';
const SCREENSHOTS = screenshotDir();

describe.each(BROWSERS)('%s: developer mode', (browserName) => {
  let harness: Harness;
  let rp: DemoServer;
  let popup: TestPage | undefined;
  /** the public key the inspector decoded from alice's registration, as the RP received it */
  let registeredPem = '';

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
    await popup.waitFor('.app:not([data-state="loading"])');
    if ((await popup.evaluate(() => document.querySelector('.app')?.getAttribute('data-state'))) === 'locked') {
      await popup.fill('testid=pin', PIN);
      await popup.click('testid=unlock');
    }
    await popup.waitFor('.app[data-state="unlocked"]');
    return popup;
  }

  async function ceremony(button: '#register' | '#signin', username: string, firstPin = false): Promise<{ devNote: boolean; scenarioControl: boolean }> {
    const page = await harness.newPage(`${rp.url}?username=${encodeURIComponent(username)}&uv=required`);
    const before = rp.results.length;
    await page.click(button);
    const prompt = await harness.waitForConsent(firstPin ? { readyTarget: 'testid=pin-new' } : {});
    const devNote = await prompt.isVisible('testid=developer-mode');
    const scenarioControl = (await prompt.count('testid=scenario')) > 0;
    if (firstPin) {
      await prompt.fill('testid=pin-new', PIN);
      await prompt.fill('testid=pin-confirm', PIN);
    } else {
      await prompt.fill('testid=pin', PIN);
    }
    await prompt.click('testid=approve');
    await page.waitForText('#status', /registered|signed in|error/, { timeoutMs: 20_000 });
    expect(rp.results.length).toBe(before + 1);
    expect(rp.results.at(-1)!.verified).toBe(true);
    await page.close();
    return { devNote, scenarioControl };
  }

  it('off by default: the popup shows no badge, and the prompt no note and no failure scenario control', async () => {
    expect(await ceremony('#register', 'carol@example.com', true)).toEqual({ devNote: false, scenarioControl: false });
    const page = await openPopup();
    expect(await page.isVisible('testid=developer-badge')).toBe(false);
  });

  it('turned on in the settings: the header says so at once, and the prompt of the next ceremony', async () => {
    const page = await openPopup();
    await page.click('testid=settings');
    await page.waitFor('testid=developer-mode');
    await page.click('testid=developer-mode');
    await page.waitForText('testid=developer-section', 'Saved.');
    await page.waitForText('testid=developer-badge', 'Developer mode');
    expect(await ceremony('#register', 'alice@example.com')).toEqual({ devNote: true, scenarioControl: true });
    expect(await ceremony('#signin', 'alice@example.com')).toEqual({ devNote: true, scenarioControl: true });
  });

  it('the inspector lists the create and the get, decoded as the relying party saw them', async () => {
    const inspector = await harness.openExtensionPage('inspector.html');
    await inspector.waitFor('testid=inspector-entry');
    // newest first: the sign-in, then the registration; carol's came before developer mode
    expect(await inspector.count('testid=inspector-entry')).toBe(2);
    const ops = await inspector.evaluate(() => [...document.querySelectorAll('[data-testid="inspector-entry"]')].map((e) => `${e.getAttribute('data-op')} ${e.getAttribute('data-outcome')}`));
    expect(ops).toEqual(['get success', 'create success']);
    const signIn = rp.results.at(-1)!;
    // the get, chosen first
    await inspector.waitForText('testid=origin', rp.url.replace(/\/$/, ''));
    expect(await inspector.text('testid=rp-id-hash-check')).toMatch(/✓ matches SHA-256 of “localhost”/);
    expect(await inspector.text('testid=sign-count')).toBe(String(signIn.counter));
    for (const [flag, on] of [['UP', 'true'], ['UV', 'true'], ['BE', 'true'], ['AT', 'false'], ['ED', 'false']]) {
      expect(await inspector.evaluate((f) => document.querySelector(`[data-testid="flag-${f}"]`)?.getAttribute('data-on'), flag)).toBe(on);
    }
    expect(await inspector.text('testid=challenge-check')).toMatch(/✓/);
    const json = JSON.parse(await inspector.evaluate(() => document.querySelector('[data-testid="credential-json"]')!.textContent!));
    expect(json).toMatchObject({ type: 'public-key', id: signIn.credentialId, response: { userHandle: signIn.userHandle } });
    // the create
    await inspector.click('testid=inspector-entry', { nth: 1 });
    await inspector.waitForText('testid=attestation-fmt', 'none');
    const registration = rp.results.findLast((r) => r.kind === 'registration')!;
    expect(await inspector.text('testid=aaguid')).toBe(PASSKEEP_AAGUID);
    expect(await inspector.text('testid=credential-id')).toBe(registration.credentialId);
    // the demo RP offers EdDSA first, then ES256: the key is the algorithm the RP registered
    const [kty, crv, type] = registration.alg === -8 ? ['OKP', 'Ed25519', 'ed25519'] : ['EC', 'P-256', 'ec'];
    expect(await inspector.text('testid=jwk')).toContain(`"kty": "${kty}",\n  "crv": "${crv}"`);
    registeredPem = await inspector.evaluate(() => document.querySelector('[data-testid="pem"]')!.textContent!);
    expect(createPublicKey(registeredPem).asymmetricKeyType).toBe(type);
    expect(await inspector.count('testid=raw-attestationObject')).toBe(1);
    expect(await inspector.text('testid=options-effective-json')).toMatch(/"rpId": "localhost"/);
    if (browserName === 'chromium') {
      const raw = inspector.raw as PlaywrightPage;
      await raw.setViewportSize({ width: 1280, height: 1000 });
      await raw.emulateMedia({ colorScheme: 'light' });
      await inspector.screenshot(resolve(SCREENSHOTS, 'inspector-light.png'));
    }
    await inspector.close();
  });

  it('the details show the developer fields; the private key leaves only with the PIN, and signs for the registered public key', async () => {
    const page = await openPopup();
    const alice = await page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="passkey"]')].findIndex((row) => row.textContent?.includes('alice@example.com')),
    );
    await page.click('testid=passkey-open', { nth: alice });
    await page.waitFor('testid=dev-counter-value');
    const registration = rp.results.findLast((r) => r.kind === 'registration')!;
    expect(await page.text('testid=dev-rp-id')).toBe('localhost');
    expect(await page.text('testid=dev-user-handle')).toBe(registration.userHandle);
    expect(await page.text('testid=dev-counter-value')).toBe(String(rp.results.at(-1)!.counter));
    expect(await page.text('testid=dev-alg')).toMatch(new RegExp(`COSE ${registration.alg}\\)`));
    expect(await page.text('testid=dev-backup')).toBe('BE=1 BS=0');
    expect(await page.text('testid=dev-discoverable')).toBe('yes');
    expect(await page.text('testid=dev-prf')).toBe('yes');
    if (browserName === 'chromium') {
      const raw = page.raw as PlaywrightPage;
      // the popup's own size; its details panel scrolled to the developer part, as a person would
      await raw.setViewportSize({ width: 360, height: 520 });
      await raw.emulateMedia({ colorScheme: 'light' });
      await page.evaluate(() => document.querySelector('[data-testid="dev-details"]')!.scrollIntoView({ block: 'start' }));
      await page.screenshot(resolve(SCREENSHOTS, 'details-developer-light.png'));
    }
    await page.fill('testid=dev-export-pin', 'not the PIN');
    await page.click('testid=dev-export-key');
    await page.waitForText('[data-testid="dev-details"] [data-testid="error"]', 'Wrong PIN');
    expect(await page.count('testid=dev-export-download')).toBe(0);
    await page.fill('testid=dev-export-pin', PIN);
    await page.click('testid=dev-export-key');
    await page.waitFor('testid=dev-export-download');
    const pem = await page.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('[data-testid="dev-export-download"]')!;
      return (await fetch(link.href)).text();
    });
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const message = Buffer.from('signed outside Passkeep with the exported key');
    const hash = registration.alg === -8 ? null : 'sha256'; // Ed25519 hashes inside the signature
    const signature = nodeSign(hash, message, createPrivateKey(pem));
    expect(nodeVerify(hash, message, createPublicKey(registeredPem), signature)).toBe(true);
    // exported: BS=1 from now on
    await page.waitForText('testid=dev-backup', 'BE=1 BS=1');
  });

  it('a failure scenario chosen in the prompt: UV not performed; the relying party that requires UV refuses it, and the inspector marks the entry', async () => {
    const page = await harness.newPage(`${rp.url}?username=${encodeURIComponent('alice@example.com')}&uv=required`);
    const before = rp.results.length;
    await page.click('#signin');
    const prompt = await harness.waitForConsent();
    await prompt.waitFor('testid=scenario');
    expect(await prompt.isVisible('testid=scenario-lie')).toBe(false);
    await prompt.select('testid=scenario', 'uv-false');
    // the prompt marks the lie before the person approves it
    await prompt.waitFor('testid=scenario-lie');
    await prompt.waitFor('[data-testid="approve"][data-scenario="uv-false"]');
    await prompt.fill('testid=pin', PIN);
    if (browserName === 'chromium') {
      await (prompt.raw as PlaywrightPage).emulateMedia({ colorScheme: 'light' });
      await prompt.screenshot(resolve(SCREENSHOTS, 'consent-scenario-light.png'));
    }
    await prompt.click('testid=approve');
    await page.waitForText('#status', /error/, { timeoutMs: 20_000 });
    expect(rp.results.length).toBe(before + 1);
    expect(rp.results.at(-1)).toMatchObject({ kind: 'authentication', verified: false, userPresent: true, userVerified: false });
    expect(String(rp.results.at(-1)!.error)).toMatch(/User verification required, but user could not be verified/);
    await page.close();

    const inspector = await harness.openExtensionPage('inspector.html');
    await inspector.waitFor('testid=inspector-entry');
    expect(await inspector.evaluate(() => document.querySelector('[data-testid="inspector-entry"]')?.getAttribute('data-scenario'))).toBe('uv-false');
    expect(await inspector.count('testid=inspector-entry-scenario')).toBe(1);
    await inspector.waitForText('testid=inspector-scenario', 'UV not performed');
    expect(await inspector.isVisible('testid=inspector-scenario-lie')).toBe(true);
    expect(await inspector.evaluate(() => document.querySelector('[data-testid="flag-UV"]')?.getAttribute('data-on'))).toBe('false');
    expect(await inspector.evaluate(() => document.querySelector('[data-testid="flag-UP"]')?.getAttribute('data-on'))).toBe('true');
    if (browserName === 'chromium') {
      const raw = inspector.raw as PlaywrightPage;
      await raw.setViewportSize({ width: 1280, height: 800 });
      await raw.emulateMedia({ colorScheme: 'light' });
      await inspector.screenshot(resolve(SCREENSHOTS, 'inspector-scenario-light.png'));
    }
    await inspector.close();

    // once: the next sign-in, with no scenario chosen, tells the truth and verifies
    expect(await ceremony('#signin', 'alice@example.com')).toEqual({ devNote: true, scenarioControl: true });
    expect(rp.results.at(-1)).toMatchObject({ verified: true, userVerified: true });
  });
});
