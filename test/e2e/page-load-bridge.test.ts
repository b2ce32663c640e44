/**
 * Calls made before the page has loaded: while it is still being parsed, and in an about:blank
 * frame the moment it is appended. They must be served however late the bridge starts (both
 * content scripts run at document_start today; these guard a later move of the bridge, which
 * bench/page-load-breakdown.ts measured and found not worth it).
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source,
 * https://w3c.github.io/webappsec-credential-management/#abortsignal-and-credential-requests
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, startServer, type Harness, type TestServer } from './harness/index.js';
import { HELPERS, creation, openPage, register, type Outcome } from './client-pages.js';

/** Runs `body` in an inline script while the page is still loading; `window.__early` settles with an Outcome. */
const early = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>early</title>
<script>${HELPERS};
window.__parsing = document.readyState;
${body}
</script></head><body><p>${'A paragraph of text that follows the script. '.repeat(40)}</p></body></html>`;

describe.each(BROWSERS)('%s: requests made before the page has loaded', (browserName) => {
  let h: Harness;
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({
      '/': '<!doctype html><title>rp</title><p>test page</p>',
      '/early-get': early(`window.__early = T.run('get', { publicKey: { challenge: { $bytes: 32 }, userVerification: 'discouraged' } });`),
      '/early-create': early(
        `window.__early = T.run('create', { publicKey: { rp: { name: 'Early' }, user: { id: { $bytes: 16, fill: 3 }, name: 'early@example.com', displayName: 'Early' },
          challenge: { $bytes: 32 }, pubKeyCredParams: [{ type: 'public-key', alg: -7 }], authenticatorSelection: { userVerification: 'discouraged' } } });`,
      ),
      '/early-abort': early(
        `const c = new AbortController();
         window.__reason = { reason: 'early' };
         window.__early = T.outcome(navigator.credentials.get({ publicKey: { challenge: new Uint8Array(32) }, signal: c.signal }));
         c.abort(window.__reason);`,
      ),
    });
    h = await launch(browserName);
    const page = await openPage(h, `${server.origin}/`);
    expect((await register(h, page, creation(), true)).ok).toBe(true);
    await page.close();
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('get() called by an inline script during parsing is served', async () => {
    const page = await h.newPage(`${server.origin}/early-get`);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    expect(await page.evaluate<Outcome>('window.__early')).toMatchObject({
      ok: true,
      value: { isPKC: true, clientData: { type: 'webauthn.get', origin: server.origin, crossOrigin: false } },
    });
    expect(await page.evaluate('window.__parsing')).toBe('loading');
    await page.close();
  });

  it('create() called by an inline script during parsing is served', async () => {
    const page = await h.newPage(`${server.origin}/early-create`);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    expect(await page.evaluate<Outcome>('window.__early')).toMatchObject({
      ok: true,
      value: { isPKC: true, clientData: { type: 'webauthn.create', origin: server.origin } },
    });
    await page.close();
  });

  it('a request aborted while the page is parsing rejects with the reason; the next one is served', async () => {
    const page = await h.newPage(`${server.origin}/early-abort`);
    expect(await page.evaluate<Outcome>('window.__early')).toMatchObject({ ok: false, isReason: true });
    const next = page.evaluate<Outcome>(`T.run('get', { publicKey: { challenge: { $bytes: 32 }, userVerification: 'discouraged' } })`);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    expect(await next).toMatchObject({ ok: true, value: { clientData: { type: 'webauthn.get', origin: server.origin } } });
    await page.close();
  });

  it('an about:blank frame called the moment it is appended is served with its parent’s origin', async () => {
    const page = await openPage(h, `${server.origin}/`);
    await page.evaluate(`(() => {
      const f = document.createElement('iframe');
      document.body.append(f);
      window.__blank = T.outcome(f.contentWindow.navigator.credentials.get({ publicKey: { challenge: new Uint8Array(8), userVerification: 'discouraged' } }));
      return true;
    })()`);
    const prompt = await h.waitForConsent();
    await prompt.click('testid=approve');
    expect(await page.evaluate<Outcome>('window.__blank')).toMatchObject({
      ok: true,
      value: { clientData: { type: 'webauthn.get', origin: server.origin, crossOrigin: false } },
    });
    await page.close();
  });
});
