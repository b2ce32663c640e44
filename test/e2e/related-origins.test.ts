/**
 * Related origin requests end to end, in both browsers:
 * https://w3c.github.io/webauthn/#sctn-related-origins. A page on one origin registers and signs
 * in with the RP ID of another site (`rp.test`), whose `https://rp.test/.well-known/webauthn`
 * lists the page's origin; @simplewebauthn/server verifies both ceremonies for that RP ID and
 * that origin. A page the file does not list gets SecurityError, with no prompt. The well-known
 * file is served over real https on port 443 of a made-up name through the harness's TLS sites
 * (test/e2e/harness/tls-sites.ts and README.md): no test code in the extension.
 */
import { verifyAuthenticationResponse, verifyRegistrationResponse, type WebAuthnCredential } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, startServer, startTlsSites, type Harness, type TestPage, type TestServer, type TlsSites } from './harness/index.js';

const PIN = '6203-related';
const RP_ID = 'rp.test';
const CHALLENGE = 'cmVsYXRlZC1vcmlnaW5zLWNoYWxsZW5nZS0xMjM0NTY';

const PAGE = `<!doctype html><meta charset="utf-8"><title>related</title><script>
  window.t = {
    unb64: (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
    run: async (promise) => {
      try { return { json: (await promise).toJSON() }; } catch (e) { return { error: e.name }; }
    },
  };
</script><p>related origins test page</p>`;

interface PageOutcome {
  json?: { id: string } & Record<string, unknown>;
  error?: string;
}

function create(page: TestPage, rpId: string, challenge: string): Promise<PageOutcome> {
  return page.evaluate(
    ({ rpId, challenge }) => {
      const t = (window as unknown as { t: { unb64(s: string): Uint8Array; run(p: Promise<unknown>): Promise<PageOutcome> } }).t;
      return t.run(
        navigator.credentials.create({
          publicKey: {
            rp: { name: 'Related RP', id: rpId },
            user: { id: crypto.getRandomValues(new Uint8Array(16)), name: 'rel@example.com', displayName: 'Rel' },
            challenge: t.unb64(challenge) as BufferSource,
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
            authenticatorSelection: { residentKey: 'required', userVerification: 'discouraged' },
          },
        }),
      );
    },
    { rpId, challenge },
  );
}

function get(page: TestPage, rpId: string, challenge: string, allow: string | null): Promise<PageOutcome> {
  return page.evaluate(
    ({ rpId, challenge, allow }) => {
      const t = (window as unknown as { t: { unb64(s: string): Uint8Array; run(p: Promise<unknown>): Promise<PageOutcome> } }).t;
      return t.run(
        navigator.credentials.get({
          publicKey: {
            rpId,
            challenge: t.unb64(challenge) as BufferSource,
            userVerification: 'discouraged',
            allowCredentials: allow ? [{ type: 'public-key', id: t.unb64(allow) as BufferSource }] : [],
          },
        }),
      );
    },
    { rpId, challenge, allow },
  );
}

describe.each(BROWSERS)('%s: related origin requests (.well-known/webauthn)', (browserName) => {
  let harness: Harness;
  let server: TestServer;
  let sites: TlsSites;
  let listed: string;
  let unlisted: string;
  let credential: WebAuthnCredential;

  beforeAll(async () => {
    server = await startServer({ '/': PAGE });
    listed = server.originFor('shop');
    unlisted = server.originFor('other');
    sites = await startTlsSites({
      [RP_ID]: {
        '/': () => ({ body: '<!doctype html><title>rp.test</title>', headers: { 'set-cookie': 'sid=secret-session; Secure; SameSite=None; Path=/' } }),
        // The caller's label ("shop") is the third of six: within the spec's five.
        '/.well-known/webauthn': () => ({
          type: 'application/json',
          body: JSON.stringify({ origins: ['https://a.example', 'https://b.example', listed, 'https://c.example', 'https://d.example', 'https://e.example'] }),
        }),
      },
      // A site whose well-known file is only behind a redirect (to a file that lists the caller).
      'moved.test': {
        '/.well-known/webauthn': () => ({ status: 302, headers: { location: `https://${RP_ID}/.well-known/webauthn` }, body: '' }),
      },
    });
    harness = await launch(browserName, { httpsSites: sites.launch });
    // The person has a session cookie at rp.test: the background's fetch must not send it.
    const rpPage = await harness.newPage(`https://${RP_ID}/`);
    expect(await rpPage.evaluate(() => document.cookie)).toContain('sid=secret-session');
    await rpPage.close();
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
    await sites?.close();
  });

  it('a listed origin registers a passkey for the other site\'s RP ID; the RP verifies origin and RP ID', async () => {
    const page = await harness.newPage(`${listed}/`);
    const run = create(page, RP_ID, CHALLENGE);
    const prompt = await harness.waitForConsent({ readyTarget: 'testid=pin-new', timeoutMs: 30_000 });
    // The prompt names the RP ID the page asked for and the origin that asked.
    const text = await prompt.text('body');
    expect(text).toContain(RP_ID);
    expect(text).toContain('shop.localhost');
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
    await prompt.click('testid=approve');
    const outcome = await run;
    expect(outcome.error).toBeUndefined();
    const reg = await verifyRegistrationResponse({
      response: outcome.json as never,
      expectedChallenge: CHALLENGE,
      expectedOrigin: listed,
      expectedRPID: RP_ID,
      requireUserVerification: false,
    });
    expect(reg.verified).toBe(true);
    credential = reg.registrationInfo!.credential;
    await page.close();
  });

  it('the well-known file was fetched by the background: https, no cookie, no referrer', async () => {
    const fetches = sites.requests.filter((r) => r.path === '/.well-known/webauthn');
    // One fetch: later ceremonies use the cached answer.
    expect(fetches).toHaveLength(1);
    const headers = fetches[0]!.headers;
    expect(headers.cookie).toBeUndefined();
    expect(headers.referer).toBeUndefined();
    expect(headers.origin).toBeUndefined();
    // Nothing that names the extension or the page.
    expect(JSON.stringify(headers)).not.toMatch(/extension:|localhost/);
  });

  it('the same origin signs in with that RP ID; the RP verifies the assertion', async () => {
    const page = await harness.newPage(`${listed}/`);
    const challenge = 'c2lnbi1pbi13aXRoLWEtcmVsYXRlZC1ycC1pZC0xMjM';
    const run = get(page, RP_ID, challenge, credential.id);
    const prompt = await harness.waitForConsent({ timeoutMs: 30_000 });
    await prompt.click('testid=approve');
    const outcome = await run;
    expect(outcome.error).toBeUndefined();
    const auth = await verifyAuthenticationResponse({
      response: outcome.json as never,
      expectedChallenge: challenge,
      expectedOrigin: listed,
      expectedRPID: RP_ID,
      credential,
      requireUserVerification: false,
    });
    expect(auth.verified).toBe(true);
    await page.close();
  });

  it('case 2: an origin the file does not list gets SecurityError for create() and get(), with no prompt', async () => {
    const page = await harness.newPage(`${unlisted}/`);
    const before = harness.consentCount();
    expect(await create(page, RP_ID, CHALLENGE)).toEqual({ error: 'SecurityError' });
    expect(await get(page, RP_ID, CHALLENGE, credential.id)).toEqual({ error: 'SecurityError' });
    // An RP ID whose site serves no well-known file at all (the proxy refuses it) is refused too.
    expect(await get(page, 'norp.test', CHALLENGE, null)).toEqual({ error: 'SecurityError' });
    expect(harness.consentCount()).toBe(before);
    await page.close();
  });

  it('a well-known file behind a redirect is not followed: SecurityError, even for a listed origin', async () => {
    const page = await harness.newPage(`${listed}/`);
    const before = harness.consentCount();
    expect(await get(page, 'moved.test', CHALLENGE, null)).toEqual({ error: 'SecurityError' });
    // The redirect was answered, and its target was not fetched again.
    expect(sites.requests.filter((r) => r.host === 'moved.test')).toHaveLength(1);
    expect(sites.requests.filter((r) => r.path === '/.well-known/webauthn' && r.host === RP_ID)).toHaveLength(1);
    expect(harness.consentCount()).toBe(before);
    await page.close();
  });
});
