/**
 * Each credential algorithm end to end in both browsers, through the demo relying party and
 * @simplewebauthn/server: EdDSA (Ed25519), RS256 and ES256 chosen in the relying party's order of
 * preference (https://w3c.github.io/webauthn/#sctn-createCredential step 10), registered, then
 * used to sign in; `packed` self attestation when the relying party asks for `direct`
 * (https://w3c.github.io/webauthn/#sctn-packed-attestation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoResult, type DemoServer } from '../demo-rp/server.mjs';
import { BROWSERS, launch, type Harness, type TestPage } from './harness/index.js';

const PIN = '7730-algorithms';

describe.each(BROWSERS)('%s: every algorithm registers and signs in on the demo relying party', (browserName) => {
  let harness: Harness;
  let rp: DemoServer;
  let page: TestPage | undefined;
  let pinSet = false;

  beforeAll(async () => {
    rp = await startDemoServer({ port: 0 });
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

  async function outcome(p: TestPage, expected: RegExp): Promise<DemoResult> {
    await p.waitForText('#status', expected, { timeoutMs: 30_000 });
    const last = rp.results.at(-1);
    if (!last) throw new Error('the relying party verified nothing');
    return last;
  }

  /** Approves the next prompt: the first one chooses the PIN; UV is discouraged afterwards. */
  async function approve(): Promise<void> {
    const prompt = await harness.waitForConsent({ timeoutMs: 30_000 });
    if (!pinSet) {
      await prompt.fill('testid=pin-new', PIN);
      await prompt.fill('testid=pin-confirm', PIN);
      pinSet = true;
    }
    await prompt.click('testid=approve');
    await prompt.waitForClose({ timeoutMs: 30_000 });
  }

  it.each([
    { name: 'EdDSA', algorithms: '-8,-7,-257', alg: -8, attestation: 'none', fmt: 'none' },
    { name: 'RS256', algorithms: '-257,-7', alg: -257, attestation: 'direct', fmt: 'packed' },
    { name: 'ES256', algorithms: '-35,-7,-8', alg: -7, attestation: 'none', fmt: 'none' },
    { name: 'EdDSA with direct attestation', algorithms: '-8', alg: -8, attestation: 'direct', fmt: 'packed' },
  ])('$name: the preferred supported algorithm is used, the RP verifies registration and sign-in', async ({ algorithms, alg, attestation, fmt }) => {
    const username = `user${alg}-${attestation}@example.com`;
    const query = new URLSearchParams({ username, uv: pinSet ? 'discouraged' : 'preferred', algorithms, attestation });
    const registering = await open(query.toString());
    await registering.click('#register');
    await approve();
    const registration = await outcome(registering, /registered|error/);
    expect(registration).toMatchObject({
      kind: 'registration',
      verified: true,
      alg,
      fmt,
      aaguid: '65678ece-e948-4e5b-b6ac-293a1fbd5976',
      userPresent: true,
      backupEligible: true,
      backedUp: false,
      counter: 0,
    });

    const signing = await open(new URLSearchParams({ username, uv: 'discouraged' }).toString());
    await signing.click('#signin');
    await approve();
    const authentication = await outcome(signing, /signed in|error/);
    expect(authentication).toMatchObject({
      kind: 'authentication',
      verified: true,
      credentialId: registration.credentialId,
      userPresent: true,
      userVerified: false,
      counter: 1,
    });
  });
});
