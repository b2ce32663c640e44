/**
 * The whole path in real browsers with the built extension: a page calls create(), the person
 * approves in the extension's prompt, @simplewebauthn/server verifies the registration; then
 * get() signs in and the server verifies the assertion.
 * https://w3c.github.io/webauthn/#sctn-registering-a-new-credential
 * https://w3c.github.io/webauthn/#sctn-verifying-assertion
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoResult, type DemoServer } from '../demo-rp/server.mjs';
import { BROWSERS, launch, type Harness, type TestPage } from './harness/index.js';

const PIN = '4921-passkeep';

describe.each(BROWSERS)('%s: register and sign in on the demo relying party', (browserName) => {
  let harness: Harness;
  let rp: DemoServer;
  let page: TestPage;
  let origin: string;

  beforeAll(async () => {
    rp = await startDemoServer({ port: 0 });
    origin = new URL(rp.url).origin;
    harness = await launch(browserName);
  });

  afterAll(async () => {
    await harness?.close();
    await rp?.close();
  });

  async function open(query: string): Promise<TestPage> {
    await page?.close().catch(() => undefined);
    page = await harness.newPage(`${rp.url}?${query}`);
    return page;
  }

  /** The newest verification, after waiting for the page to report the outcome. */
  async function outcome(expected: RegExp): Promise<DemoResult> {
    await page.waitForText('#status', expected, { timeoutMs: 20_000 });
    const last = rp.results.at(-1);
    if (!last) throw new Error('the relying party verified nothing');
    return last;
  }

  it('creates a passkey after the person chooses a PIN and approves; the RP verifies it (UV preferred)', async () => {
    await open('username=alice%40example.com&uv=preferred');
    await page.click('#register');
    const prompt = await harness.waitForConsent();
    expect(await prompt.url()).toContain('consent');
    // First use: the prompt asks the person to choose a PIN.
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
    await prompt.click('testid=approve');
    const result = await outcome(/registered|error/);
    expect(result).toMatchObject({
      kind: 'registration',
      verified: true,
      origin,
      rpId: 'localhost',
      type: 'webauthn.create',
      crossOrigin: false,
      userPresent: true,
      userVerified: true, // the PIN was chosen in this ceremony
      backupEligible: true,
      backedUp: false,
      counter: 0,
      fmt: 'none',
      aaguid: '65678ece-e948-4e5b-b6ac-293a1fbd5976',
    });
    await prompt.waitForClose();
  });

  it('signs in with the discoverable passkey; the RP verifies signature, counter and user handle', async () => {
    const registered = rp.results.find((r) => r.kind === 'registration' && r.verified);
    await open('username=&uv=preferred');
    await page.click('#signin');
    const prompt = await harness.waitForConsent();
    // UV preferred: the PIN is asked in this ceremony, and the account is offered.
    expect(await prompt.count('testid=account')).toBe(1);
    expect(await prompt.text('.choice')).toContain('alice@example.com');
    await prompt.fill('testid=pin', PIN);
    await prompt.click('testid=approve');
    const result = await outcome(/signed in|error/);
    expect(result).toMatchObject({
      kind: 'authentication',
      verified: true,
      origin,
      rpId: 'localhost',
      type: 'webauthn.get',
      userPresent: true,
      userVerified: true,
      credentialId: registered?.credentialId,
      counter: 1,
      discoverable: true,
    });
    expect(result.userHandle).toBe(registered?.userHandle);
  });

  it('signs in without a PIN when the RP discourages UV, and then UV is false', async () => {
    await open('username=alice%40example.com&uv=discouraged');
    await page.click('#signin');
    const prompt = await harness.waitForConsent();
    expect(await prompt.count('testid=pin')).toBe(0);
    await prompt.click('testid=approve');
    const result = await outcome(/signed in|error/);
    expect(result).toMatchObject({ kind: 'authentication', verified: true, userPresent: true, userVerified: false, counter: 2 });
  });

  it('a wrong PIN is refused in the prompt and the right one then works (UV required)', async () => {
    await open('username=alice%40example.com&uv=required');
    await page.click('#signin');
    const prompt = await harness.waitForConsent();
    await prompt.fill('testid=pin', 'not-the-pin');
    await prompt.click('testid=approve');
    await prompt.waitForText('testid=error', /wrong pin/i);
    await prompt.fill('testid=pin', PIN);
    await prompt.click('testid=approve');
    const result = await outcome(/signed in|error/);
    expect(result).toMatchObject({ kind: 'authentication', verified: true, userVerified: true, counter: 3 });
  });

  it('cancel in the prompt rejects the page with NotAllowedError and signs nothing', async () => {
    const before = rp.results.length;
    await open('username=alice%40example.com&uv=preferred');
    await page.click('#signin');
    const prompt = await harness.waitForConsent();
    await prompt.click('testid=cancel');
    await page.waitForText('#status', /error/, { timeoutMs: 20_000 });
    expect(await page.text('#status')).toMatch(/NotAllowedError|not allowed|cancel|declined/i);
    expect(rp.results.length).toBe(before);
  });
});
