/**
 * Passkeep Testing (npm run build:testing, docs/testing-build.md) in real Chromium and Firefox
 * ESR: the WebDriver-style automation commands with the demo relying party verifying every
 * ceremony, no prompt while a virtual authenticator consents automatically, the banner on every
 * page, and the allowed-origins list (a page off it gets the browser's own WebAuthn).
 * https://w3c.github.io/webauthn/#sctn-automation
 */
import { generateKeyPairSync } from 'node:crypto';
import { resolve } from 'node:path';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passkeepTesting } from '../../examples/passkeep-testing.mjs';
import { encodeEs256CoseKey } from '../../src/core/cose-key';
import { startDemoServer, type DemoResult, type DemoServer } from '../demo-rp/server.mjs';
import { startCountedGet, stopCountedGet, waitForBrowserOwnGet } from './counted-get.js';
import { BROWSERS, launch, type Harness, type TestPage } from './harness/index.js';

const BANNER = 'testid=testing-banner';
const PLATFORM = { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true };

interface Credential {
  credentialId: string;
  privateKey: string;
  signCount: number;
  userHandle: string | null;
  isResidentCredential: boolean;
  rpId: string;
}

describe.each(BROWSERS)('%s: Passkeep Testing', (browserName) => {
  let h: Harness;
  let rp: DemoServer;
  let origin: string;
  let page: TestPage;

  beforeAll(async () => {
    rp = await startDemoServer({ port: 0 });
    origin = new URL(rp.url).origin;
    h = await launch(browserName, { extensionPath: resolve('dist', browserName === 'chromium' ? 'testing-chrome' : 'testing-firefox') });
  });

  afterAll(async () => {
    await h?.close();
    await rp?.close();
  });

  const automate = <T = unknown>(p: TestPage, command: string, params: Record<string, unknown> = {}) => p.evaluate(passkeepTesting, { command, params }) as Promise<T>;

  async function refused(p: TestPage, command: string, params: Record<string, unknown> = {}): Promise<string> {
    try {
      await automate(p, command, params);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`${command} was not refused`);
  }

  async function open(query: string): Promise<TestPage> {
    await page?.close().catch(() => undefined);
    page = await h.newPage(`${rp.url}?${query}`);
    return page;
  }

  /** Clicks the demo's button and returns what the RP verified (or the page's error line). */
  async function ceremony(button: '#register' | '#signin'): Promise<DemoResult | string> {
    const before = rp.results.length;
    await page.click(button);
    await page.waitForText('#status', /^(registered|signed in|error)/, { timeoutMs: 20_000 });
    const status = await page.text('#status');
    if (status.startsWith('error')) return status;
    expect(rp.results.length).toBe(before + 1);
    return rp.results.at(-1)!;
  }

  it('shows the banner on every page: popup, guide, prompt, settings; with no virtual authenticator the ordinary prompt asks', async () => {
    const guide = await h.waitForExtensionPage('guide.html');
    expect(await guide.text(BANNER)).toMatch(/Never keep real passkeys/);
    expect(await guide.text('.guide-brand')).toBe('Passkeep Testing');
    const popup = await h.openExtensionPage('popup.html');
    expect(await popup.text(BANNER)).toMatch(/for automated tests only/);
    // the header names the testing build too, not the store's Passkeep
    expect(await popup.text('testid=app-title')).toBe('Passkeep Testing');
    const settings = await h.openExtensionPage('testing.html');
    expect(await settings.text(BANNER)).toMatch(/Never keep real passkeys/);
    await settings.waitForText('testid=allowed-origin', 'localhost');
    await Promise.all([popup.close(), settings.close()]);

    await open('username=nobody&uv=discouraged');
    const outcome = ceremony('#register');
    const prompt = await h.waitForConsent();
    expect(await prompt.text(BANNER)).toMatch(/Never keep real passkeys/);
    expect(await prompt.text('testid=app-title')).toBe('Passkeep Testing');
    await prompt.click('testid=cancel');
    expect(await outcome).toMatch(/^error/);
  });

  it('registers and signs in on the demo RP through a virtual authenticator, with no prompt; the commands hold', async () => {
    const prompts = h.consentCount();
    await open('username=alice%40example.com&uv=preferred');
    const authenticatorId = await automate<string>(page, 'addVirtualAuthenticator', PLATFORM);
    expect(authenticatorId).toMatch(/\S/);

    expect(await ceremony('#register')).toMatchObject({ kind: 'registration', verified: true, origin, userPresent: true, userVerified: true, counter: 0, backupEligible: false });
    const [created] = await automate<Credential[]>(page, 'getCredentials', { authenticatorId });
    expect(created).toMatchObject({ isResidentCredential: true, rpId: 'localhost', signCount: 0 });

    await open('username=&uv=preferred');
    expect(await ceremony('#signin')).toMatchObject({ kind: 'authentication', verified: true, credentialId: created!.credentialId, userVerified: true, counter: 1 });
    expect((await automate<Credential[]>(page, 'getCredentials', { authenticatorId }))[0]!.signCount).toBe(1);

    // isUserVerified false: UV=0 when preferred (the RP still accepts), NotAllowedError when required.
    await automate(page, 'setUserVerified', { authenticatorId, isUserVerified: false });
    expect(await ceremony('#signin')).toMatchObject({ kind: 'authentication', verified: true, userVerified: false, counter: 2 });
    await open('username=&uv=required');
    expect(await ceremony('#signin')).toMatch(/NotAllowedError/);

    // The key Get Credentials returned, added to a new authenticator, signs in: the RP knows it.
    const [used] = await automate<Credential[]>(page, 'getCredentials', { authenticatorId });
    await automate(page, 'removeVirtualAuthenticator', { authenticatorId });
    const second = await automate<string>(page, 'addVirtualAuthenticator', { ...PLATFORM, transport: 'usb' });
    await automate(page, 'addCredential', { authenticatorId: second, ...used });
    await open('username=&uv=preferred');
    expect(await ceremony('#signin')).toMatchObject({ kind: 'authentication', verified: true, credentialId: used!.credentialId, counter: used!.signCount + 1 });

    // Removed: the site's sign-in ends in NotAllowedError.
    await automate(page, 'removeCredential', { authenticatorId: second, credentialId: used!.credentialId });
    expect(await ceremony('#signin')).toMatch(/NotAllowedError/);
    expect(await refused(page, 'removeCredential', { authenticatorId: second, credentialId: used!.credentialId })).toMatch(/no credential/);
    expect(h.consentCount()).toBe(prompts);
    await automate(page, 'removeVirtualAuthenticator', { authenticatorId: second });
  });

  it('addCredential with a key the test made: the assertion verifies with that public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = encodeEs256CoseKey(new Uint8Array([4, ...Buffer.from(jwk.x!, 'base64url'), ...Buffer.from(jwk.y!, 'base64url')]));
    await open('username=');
    const authenticatorId = await automate<string>(page, 'addVirtualAuthenticator', { protocol: 'ctap2', transport: 'usb', hasResidentKey: true });
    const credentialId = Buffer.from('known key credential').toString('base64url');
    await automate(page, 'addCredential', {
      authenticatorId,
      credentialId,
      isResidentCredential: true,
      rpId: 'localhost',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64url'),
      userHandle: Buffer.from('user-1').toString('base64url'),
      signCount: 41,
    });
    const challenge = Buffer.from('a challenge of the test').toString('base64url');
    const json = await page.evaluate(async (c: string) => {
      const b = Uint8Array.from(atob(c.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (c.length % 4)) % 4)), (x) => x.charCodeAt(0));
      const credential = (await navigator.credentials.get({ publicKey: { challenge: b, rpId: 'localhost', userVerification: 'discouraged' } })) as PublicKeyCredential;
      return credential.toJSON();
    }, challenge);
    const verified = await verifyAuthenticationResponse({
      response: json as Parameters<typeof verifyAuthenticationResponse>[0]['response'],
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: 'localhost',
      credential: { id: credentialId, publicKey: new Uint8Array(cose), counter: 41 },
      requireUserVerification: false,
    });
    expect(verified.verified).toBe(true);
    expect(verified.authenticationInfo).toMatchObject({ newCounter: 42, userVerified: false, credentialDeviceType: 'singleDevice' });
    await automate(page, 'removeVirtualAuthenticator', { authenticatorId });
  });

  it('answers only on its allowed origins: a page off the list gets the browser’s own WebAuthn and no automation', async () => {
    const settings = await h.openExtensionPage('testing.html');
    await settings.waitForText('testid=allowed-origin', 'localhost');
    await settings.click('testid=remove-origin');
    await settings.waitFor('testid=origins-empty');
    await settings.fill('testid=origin-input', origin);
    await settings.click('testid=add-origin');
    await settings.waitForText('testid=allowed-origin', origin);

    // Listed (exactly this origin): automation answers, and its authenticator serves create().
    await open('username=bob&uv=discouraged');
    const authenticatorId = await automate<string>(page, 'addVirtualAuthenticator', PLATFORM);
    expect(await ceremony('#register')).toMatchObject({ kind: 'registration', verified: true });

    // Another origin, not listed (a subdomain, which a host entry would have covered).
    const other = await h.newPage(`http://other.localhost:${new URL(origin).port}/`);
    // The static helpers too: on the listed origin Passkeep Testing answers (a user-verifying
    // platform authenticator, itself); off the list the browser's own does, and these browsers
    // have none on this machine.
    const statics = (p: TestPage) =>
      p.evaluate(async () => {
        const pkc = PublicKeyCredential as unknown as { getClientCapabilities?: () => Promise<Record<string, boolean>> };
        return {
          uvpaa: await PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable(),
          platform: pkc.getClientCapabilities ? ((await pkc.getClientCapabilities()).passkeyPlatformAuthenticator ?? false) : false,
        };
      });
    expect(await statics(page)).toEqual({ uvpaa: true, platform: true });
    expect(await statics(other)).toEqual({ uvpaa: false, platform: false });
    expect(await refused(other, 'getCredentials', { authenticatorId })).toMatch(/not one of Passkeep Testing's allowed origins/);
    // The browser's own get(): it reads the options itself after the hook handed the call over
    // (Passkeep reads them once); no prompt, and the virtual authenticator is not asked.
    const prompts = h.consentCount();
    const hookReads = await startCountedGet(other);
    expect(hookReads).toBeGreaterThan(0);
    await waitForBrowserOwnGet(other);
    expect(await stopCountedGet(other)).toMatch(/AbortError|NotAllowedError/);
    expect(h.consentCount()).toBe(prompts);
    const [bob] = await automate<Credential[]>(page, 'getCredentials', { authenticatorId });
    expect(bob!.signCount).toBe(0);
    await other.close();

    // Back to the default.
    await automate(page, 'removeVirtualAuthenticator', { authenticatorId });
    await settings.click('testid=remove-origin');
    await settings.fill('testid=origin-input', 'localhost');
    await settings.click('testid=add-origin');
    await settings.waitForText('testid=allowed-origin', /^localhost/);
    await settings.close();
  });
});
