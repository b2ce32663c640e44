// End-to-end check of the demo relying party without the extension: real Chromium, whose CDP
// virtual authenticator stands in for a passkey provider, registers and signs in through the page,
// and the server's own verification results are checked.
import { mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

interface VerificationResult {
  verified: boolean;
  error?: string;
  kind: 'registration' | 'authentication';
  credentialId: string | null;
  origin: string | null;
  rpId: string | null;
  userPresent: boolean | null;
  userVerified: boolean | null;
  userVerification: string | null;
  counter: number | null;
  previousCounter?: number | null;
  discoverable?: boolean | null;
  fmt?: string | null;
  aaguid?: string | null;
  username: string | null;
  userHandle: string | null;
}
interface DemoServer {
  url: string;
  port: number;
  close(): Promise<void>;
  results: VerificationResult[];
}
type StartDemoServer = (options?: { port?: number; host?: string }) => Promise<DemoServer>;

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
// server.mjs is plain JS without type declarations: import it through a specifier TypeScript does
// not resolve, and type it here.
const serverModulePath = './server.mjs';

let rp: DemoServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
let authenticatorId: string;

async function results(): Promise<VerificationResult[]> {
  const res = await fetch(new URL('/api/results', rp.url));
  expect(res.ok).toBe(true);
  return (await res.json()) as VerificationResult[];
}

/** Click a button and wait until #status reaches a final state; returns that text. */
async function clickAndWait(buttonId: 'register' | 'signin'): Promise<string> {
  await page.click(`#${buttonId}`);
  const handle = await page.waitForFunction(
    () => {
      const text = document.getElementById('status')?.textContent ?? '';
      return text === 'registered' || text === 'signed in' || text.startsWith('error:') ? text : false;
    },
    null,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as string;
}

async function pageResult(): Promise<VerificationResult> {
  return JSON.parse((await page.textContent('#result')) ?? '{}') as VerificationResult;
}

describe('demo relying party (Chromium + CDP virtual authenticator)', () => {
  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium not found at ${chromiumPath}: run  sudo apt-get install -y chromium  (or set $CHROMIUM)`);
    }
    const { startDemoServer } = (await import(/* @vite-ignore */ serverModulePath)) as {
      startDemoServer: StartDemoServer;
    };
    rp = await startDemoServer({ port: 0 });
    expect(rp.url).toBe(`http://localhost:${rp.port}/`);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rp?.close();
  });

  beforeEach(async () => {
    await context?.close();
    await fetch(new URL('/api/reset', rp.url), { method: 'POST' });
    context = await browser.newContext({ viewport: { width: 800, height: 900 } });
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  });

  it('registers with UV required, then signs in discoverably and with allowCredentials', async () => {
    const origin = rp.url.replace(/\/$/, '');
    await page.goto(`${rp.url}?uv=required`);
    expect(await page.title()).toBe('Passkeep demo relying party');
    expect(await page.inputValue('#username')).toBe('alice@example.com');
    expect(await page.inputValue('#uv')).toBe('required');

    expect(await clickAndWait('register')).toBe('registered');
    const registration = await pageResult();
    expect(registration).toMatchObject({
      verified: true,
      kind: 'registration',
      origin,
      rpId: 'localhost',
      userVerified: true,
      userVerification: 'required',
      fmt: 'none',
      username: 'alice@example.com',
    });
    expect(registration.credentialId).toMatch(/^[A-Za-z0-9_-]+$/);
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.isResidentCredential).toBe(true);

    // Discoverable sign-in: no username, empty allowCredentials.
    await page.fill('#username', '');
    expect(await clickAndWait('signin')).toBe('signed in');
    const discoverable = await pageResult();
    expect(discoverable).toMatchObject({
      verified: true,
      kind: 'authentication',
      credentialId: registration.credentialId,
      origin,
      rpId: 'localhost',
      userVerified: true,
      discoverable: true,
      username: 'alice@example.com',
      userHandle: registration.userHandle,
    });

    // Sign-in for a named user: the server sends allowCredentials and stores the new counter.
    await page.fill('#username', 'alice@example.com');
    await page.selectOption('#uv', 'preferred');
    expect(await clickAndWait('signin')).toBe('signed in');
    const named = await pageResult();
    expect(named).toMatchObject({ verified: true, discoverable: false, userVerification: 'preferred' });
    expect(named.previousCounter).toBe(discoverable.counter);
    expect(named.counter).toBeGreaterThan(discoverable.counter ?? Number.POSITIVE_INFINITY);

    const all = await results();
    expect(all.map((r) => [r.kind, r.verified])).toEqual([
      ['registration', true],
      ['authentication', true],
      ['authentication', true],
    ]);
    expect(rp.results).toHaveLength(3);

    await mkdir(path.join(repoRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'demo-rp.png'), fullPage: true });
  }, 60_000);

  it('verifies without UV when UV is not required, and reports UV=false', async () => {
    // An authenticator that cannot verify the user at all (a plain security key): UV flag false.
    // Chromium insists on UV for discoverable credentials on security keys, so this one is not
    // discoverable and sign-in goes through allowCredentials.
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'usb',
        hasResidentKey: true,
        hasUserVerification: false,
        automaticPresenceSimulation: true,
      },
    }));
    await page.goto(`${rp.url}?uv=discouraged&username=bob&residentKey=discouraged`);
    expect(await clickAndWait('register')).toBe('registered');
    expect(await pageResult()).toMatchObject({ verified: true, userVerified: false, userVerification: 'discouraged' });
    expect(await clickAndWait('signin')).toBe('signed in');
    expect(await pageResult()).toMatchObject({ verified: true, userVerified: false, username: 'bob' });
  }, 60_000);

  it('rejects a replayed sign-in and records the failure', async () => {
    await page.goto(`${rp.url}?username=carol`);
    expect(await clickAndWait('register')).toBe('registered');

    let captured: string | null = null;
    await page.route('**/api/login/verify', async (route) => {
      captured = route.request().postData();
      await route.continue();
    });
    expect(await clickAndWait('signin')).toBe('signed in');
    expect(captured).not.toBeNull();

    const replay = await fetch(new URL('/api/login/verify', rp.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: captured!,
    });
    expect(replay.status).toBe(400);
    const replayed = (await replay.json()) as VerificationResult;
    expect(replayed.verified).toBe(false);
    expect(replayed.error).toMatch(/challenge/);
    // What the browser sent is still reported, so a failing test says why.
    expect(replayed.origin).toBe(rp.url.replace(/\/$/, ''));
    expect(replayed.rpId).toBe('localhost');

    const all = await results();
    expect(all.map((r) => [r.kind, r.verified])).toEqual([
      ['registration', true],
      ['authentication', true],
      ['authentication', false],
    ]);
  }, 60_000);

  it('shows an error when signing in for an unknown user', async () => {
    await page.goto(`${rp.url}?username=nobody@example.com`);
    expect(await clickAndWait('signin')).toBe('error: no passkey is registered for nobody@example.com');
    expect(await results()).toEqual([]);
  }, 60_000);
});
