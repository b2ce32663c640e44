/**
 * WebAuthn extensions end to end in both browsers, from a page that calls navigator.credentials
 * itself: credProps (#sctn-authenticator-credential-properties-extension), prf (#prf-extension)
 * and largeBlob (#sctn-large-blob-extension). Outputs reach the page as the spec types them
 * (ArrayBuffer for prf results and largeBlob.blob, base64url in toJSON()), and every ceremony is
 * verified by @simplewebauthn/server from the page's toJSON().
 */
import { verifyAuthenticationResponse, verifyRegistrationResponse, type WebAuthnCredential } from '@simplewebauthn/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, startServer, type Harness, type TestPage, type TestServer } from './harness/index.js';

const PIN = '5581-extensions';

// Helpers the page's evaluate() calls use (functions passed to evaluate cannot close over Node).
const PAGE = `<!doctype html><meta charset="utf-8"><title>extensions</title><script>
  window.t = {
    b64: (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''),
    unb64: (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
    bytes: (text) => new TextEncoder().encode(text),
    // Every ArrayBuffer in the extension results as { ab: base64url }, to tell them from strings.
    mark: (v) => v instanceof ArrayBuffer ? { ab: window.t.b64(v) }
      : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, window.t.mark(x)])) : v,
    run: async (promise) => {
      try {
        const cred = await promise;
        return { results: window.t.mark(cred.getClientExtensionResults()), json: cred.toJSON() };
      } catch (e) {
        return { error: e.name };
      }
    },
  };
</script><p>extensions test page</p>`;

interface PageOutcome {
  results?: Record<string, unknown>;
  json?: { id: string; clientExtensionResults: Record<string, unknown> } & Record<string, unknown>;
  error?: string;
}

type Marked = { ab: string };

describe.each(BROWSERS)('%s: credProps, prf and largeBlob from a page', (browserName) => {
  let harness: Harness;
  let server: TestServer;
  let page: TestPage;
  let credential: WebAuthnCredential;
  let counter = 0;
  const challenge = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

  beforeAll(async () => {
    server = await startServer({ '/': PAGE });
    harness = await launch(browserName);
    page = await harness.newPage(`${server.origin}/`);
  });

  afterAll(async () => {
    await harness?.close();
    await server?.close();
  });

  /** Starts a ceremony in the page, approves its prompt (filling `pin` fields as given), returns the outcome. */
  async function ceremony(run: Promise<PageOutcome>, fill: Record<string, string> = {}): Promise<PageOutcome> {
    const prompt = await harness.waitForConsent({ timeoutMs: 30_000 });
    for (const [testid, value] of Object.entries(fill)) await prompt.fill(`testid=${testid}`, value);
    await prompt.click('testid=approve');
    return run;
  }

  async function verifyGet(outcome: PageOutcome): Promise<void> {
    const auth = await verifyAuthenticationResponse({
      response: outcome.json as never,
      expectedChallenge: challenge,
      expectedOrigin: server.origin,
      expectedRPID: 'localhost',
      credential: { ...credential, counter },
      requireUserVerification: false,
    });
    expect(auth.verified).toBe(true);
    counter = auth.authenticationInfo.newCounter;
  }

  function signIn(extensions: Record<string, unknown>, allow: string | null): Promise<PageOutcome> {
    return page.evaluate(
      ({ extensions, allow, challenge }) => {
        const t = (window as unknown as { t: Record<string, (...a: unknown[]) => unknown> }).t;
        const toBytes = (v: unknown): unknown =>
          typeof v === 'string' && v.startsWith('text:') ? t.bytes!(v.slice(5))
          : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toBytes(x)])) : v;
        return t.run!(
          navigator.credentials.get({
            publicKey: {
              challenge: t.unb64!(challenge) as BufferSource,
              rpId: 'localhost',
              userVerification: 'discouraged',
              allowCredentials: allow ? [{ type: 'public-key', id: t.unb64!(allow) as BufferSource }] : [],
              extensions: toBytes(extensions) as AuthenticationExtensionsClientInputs,
            },
          }),
        ) as Promise<PageOutcome>;
      },
      { extensions, allow, challenge },
    );
  }

  it('create(): credProps.rk, prf.enabled with results.first as an ArrayBuffer, largeBlob.supported; the RP verifies it', async () => {
    const run = page.evaluate((challenge) => {
      const t = (window as unknown as { t: Record<string, (...a: unknown[]) => unknown> }).t;
      return t.run!(
        navigator.credentials.create({
          publicKey: {
            rp: { name: 'Extensions test' },
            user: { id: Uint8Array.of(1, 2, 3), name: 'ext@example.com', displayName: 'Ext' },
            challenge: t.unb64!(challenge) as BufferSource,
            pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
            authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
            extensions: {
              credProps: true,
              prf: { eval: { first: t.bytes!('salt-at-creation') as BufferSource } },
              largeBlob: { support: 'required' },
              unknownExtension: 42,
            } as AuthenticationExtensionsClientInputs,
          },
        }),
      ) as Promise<PageOutcome>;
    }, challenge);
    const outcome = await ceremony(run, { 'pin-new': PIN, 'pin-confirm': PIN });
    expect(outcome.error).toBeUndefined();
    const results = outcome.results as { credProps: unknown; prf: { enabled: boolean; results: { first: Marked } }; largeBlob: unknown };
    expect(Object.keys(results).sort()).toEqual(['credProps', 'largeBlob', 'prf']);
    expect(results.credProps).toEqual({ rk: true });
    expect(results.largeBlob).toEqual({ supported: true });
    expect(results.prf.enabled).toBe(true);
    // An ArrayBuffer in getClientExtensionResults(), the same bytes as base64url in toJSON().
    const first = results.prf.results.first.ab;
    expect(Buffer.from(first, 'base64url').length).toBe(32);
    expect(outcome.json!.clientExtensionResults).toEqual({
      credProps: { rk: true },
      prf: { enabled: true, results: { first } },
      largeBlob: { supported: true },
    });
    const reg = await verifyRegistrationResponse({
      response: outcome.json as never,
      expectedChallenge: challenge,
      expectedOrigin: server.origin,
      expectedRPID: 'localhost',
    });
    expect(reg.verified).toBe(true);
    credential = reg.registrationInfo!.credential;
  });

  it('get(): prf outputs are equal for the same input across sign-ins and differ across inputs; evalByCredential wins', async () => {
    const outputs: string[] = [];
    for (const input of ['input-A', 'input-A', 'input-B']) {
      const outcome = await ceremony(signIn({ prf: { eval: { first: `text:${input}` } } }, null));
      expect(outcome.error).toBeUndefined();
      await verifyGet(outcome);
      const prf = (outcome.results as { prf: { results: { first: Marked } } }).prf;
      outputs.push(prf.results.first.ab);
      expect(outcome.json!.clientExtensionResults).toEqual({ prf: { results: { first: prf.results.first.ab } } });
    }
    expect(outputs[0]).toBe(outputs[1]);
    expect(outputs[0]).not.toBe(outputs[2]);

    // evalByCredential keyed by this credential's id: its input wins over eval.
    const byCredential = await ceremony(
      signIn({ prf: { eval: { first: 'text:input-B' }, evalByCredential: { [credential.id]: { first: 'text:input-A', second: 'text:input-B' } } } }, credential.id),
    );
    await verifyGet(byCredential);
    const prf = (byCredential.results as { prf: { results: { first: Marked; second: Marked } } }).prf;
    expect(prf.results.first.ab).toBe(outputs[0]);
    expect(prf.results.second.ab).toBe(outputs[2]);
  });

  it('get(): a prf.evalByCredential key outside allowCredentials rejects with SyntaxError before any prompt', async () => {
    const before = harness.consentCount();
    const outcome = await signIn({ prf: { evalByCredential: { AAAA: { first: 'text:x' } } } }, credential.id);
    expect(outcome.error).toBe('SyntaxError');
    expect(harness.consentCount()).toBe(before);
  });

  it('get(): largeBlob write then read returns the same bytes as an ArrayBuffer', async () => {
    const empty = await ceremony(signIn({ largeBlob: { read: true } }, credential.id));
    await verifyGet(empty);
    expect(empty.results).toEqual({ largeBlob: {} });

    const written = await ceremony(signIn({ largeBlob: { write: 'text:a blob of certificates' } }, credential.id));
    await verifyGet(written);
    expect(written.results).toEqual({ largeBlob: { written: true } });

    const read = await ceremony(signIn({ largeBlob: { read: true } }, credential.id));
    await verifyGet(read);
    const blob = (read.results as { largeBlob: { blob: Marked } }).largeBlob.blob;
    expect(Buffer.from(blob.ab, 'base64url').toString('utf8')).toBe('a blob of certificates');
    expect(read.json!.clientExtensionResults).toEqual({ largeBlob: { blob: blob.ab } });
  });
});
