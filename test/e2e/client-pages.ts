/**
 * Test pages and in-page helpers shared by the client/security end-to-end tests.
 *
 * `T` (installed in each page by HELPERS) builds options from a JSON spec (`{ $bytes: n }` →
 * a Uint8Array of n bytes) and runs a call, reporting the outcome as data: the error's name,
 * whether it was created in the page's realm, and for credentials the fields the tests check.
 */
import { afterAll, beforeAll } from 'vitest';
import type { BrowserName, Harness, Routes, TestPage, TestServer } from './harness/index.js';
import { launch, startServer } from './harness/index.js';

export const PIN = '4921-passkeep';

/** In-page helpers, evaluated as a script. Uses only what it captured at install time. */
export const HELPERS = `(() => {
  const b64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  const build = (spec) => {
    if (Array.isArray(spec)) return spec.map(build);
    if (spec && typeof spec === 'object') {
      if ('$bytes' in spec) return new Uint8Array(spec.$bytes).fill(spec.fill ?? 7);
      if ('$b64' in spec) return Uint8Array.from(atob(spec.$b64.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      if ('$abort' in spec) { const c = new AbortController(); window.__reason = { reason: spec.$abort }; c.abort(window.__reason); return c.signal; }
      if ('$controller' in spec) { const c = new AbortController(); window.__reason = { reason: spec.$controller }; window.__abort = () => c.abort(window.__reason); return c.signal; }
      const o = {};
      for (const k in spec) o[k] = build(spec[k]);
      return o;
    }
    return spec;
  };
  const describe = (r) => {
    if (r === null || r === undefined) return r;
    const resp = r.response;
    const clientData = JSON.parse(new TextDecoder().decode(resp.clientDataJSON));
    return { id: r.id, rawIdB64: b64(r.rawId), type: r.type, clientData,
      isPKC: r instanceof PublicKeyCredential,
      attachment: r.authenticatorAttachment };
  };
  const outcome = async (p) => {
    try { return { ok: true, value: describe(await p) }; }
    catch (e) { return { ok: false, name: e && e.name, message: e && e.message, pageRealm: e instanceof TypeError || e instanceof DOMException, isReason: e === window.__reason }; }
  };
  window.T = { b64, build, describe, outcome,
    run: (op, spec) => outcome(navigator.credentials[op](build(spec))),
    started: {},
    start: (key, op, spec) => { window.T.started[key] = outcome(navigator.credentials[op](build(spec))); return true; },
    result: (key) => window.T.started[key],
  };
})()`;

/** A page at `url` with T installed. */
export async function openPage(h: Harness, url: string): Promise<TestPage> {
  const page = await h.newPage(url);
  await page.evaluate(HELPERS);
  return page;
}

export interface Outcome {
  ok: boolean;
  name?: string;
  message?: string;
  pageRealm?: boolean;
  isReason?: boolean;
  value?: { id: string; rawIdB64: string; type: string; isPKC: boolean; attachment: string; clientData: Record<string, unknown> } | null;
}

export function run(page: TestPage, op: 'create' | 'get', spec: unknown): Promise<Outcome> {
  return page.evaluate(`T.run(${JSON.stringify(op)}, ${JSON.stringify(spec)})`);
}

/** Starts a call without waiting for it; `result(page, key)` awaits it. */
export async function start(page: TestPage, key: string, op: 'create' | 'get', spec: unknown): Promise<void> {
  await page.evaluate(`T.start(${JSON.stringify(key)}, ${JSON.stringify(op)}, ${JSON.stringify(spec)})`);
}

export function result(page: TestPage, key: string): Promise<Outcome> {
  return page.evaluate(`T.result(${JSON.stringify(key)})`);
}

export const ES256 = [{ type: 'public-key', alg: -7 }];

export function creation(publicKey: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    publicKey: {
      rp: { name: 'Test RP' },
      // A fresh user handle each time: two registrations of one handle are one account, and
      // the second replaces the first (https://w3c.github.io/webauthn/#credentials-map).
      user: { id: { $b64: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url') }, name: 'alice@example.com', displayName: 'Alice' },
      challenge: { $bytes: 32 },
      pubKeyCredParams: ES256,
      authenticatorSelection: { userVerification: 'discouraged' },
      ...publicKey,
    },
    ...extra,
  };
}

export function request(publicKey: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { publicKey: { challenge: { $bytes: 32 }, userVerification: 'discouraged', ...publicKey }, ...extra };
}

/** A page that runs requests for its parent: `{ id, op, spec }` in, `{ id, ...Outcome }` out. */
export const FRAME_PAGE = `<!doctype html><title>frame</title><script>
${HELPERS};
addEventListener('message', async (e) => {
  if (e.source !== parent || !e.data || !e.data.op) return;
  const { id, op, spec } = e.data;
  parent.postMessage({ id, ...(await T.run(op, spec)) }, '*');
});
</script>`;

function topPage(host: string, frameHost: string, allow: string | null): string {
  const port = host.split(':')[1];
  const allowAttr = allow === null ? '' : ` allow="${allow}"`;
  return `<!doctype html><title>top</title><iframe id="f" src="http://${frameHost}:${port}/frame"${allowAttr}></iframe>`;
}

export const ALLOW_BOTH = 'publickey-credentials-create; publickey-credentials-get';

/** The client test pages, plus `extra` routes of a test file's own. */
export function startClientServer(extra: Routes = {}): Promise<TestServer> {
  return startServer({
    ...extra,
    '/': '<!doctype html><title>rp</title><p>test page</p>',
    '/frame': FRAME_PAGE,
    '/top-allow': (req) => ({ body: topPage(req.headers.host ?? '', 'a.localhost', ALLOW_BOTH) }),
    '/top-deny': (req) => ({ body: topPage(req.headers.host ?? '', 'a.localhost', null) }),
    '/top-same': (req) => ({ body: topPage(req.headers.host ?? '', 'localhost', null) }),
    '/top-srcdoc': `<!doctype html><title>top</title><iframe id="f" srcdoc="${FRAME_PAGE.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></iframe>`,
  });
}

/** Sends `{ op, spec }` to the page's iframe #f and returns its outcome. */
export function runInFrame(page: TestPage, op: 'create' | 'get', spec: unknown): Promise<Outcome> {
  return page.evaluate(
    ([o, s]) =>
      new Promise<Outcome>((resolve) => {
        const id = String(Math.random());
        addEventListener('message', (e: MessageEvent) => {
          if (e.data && e.data.id === id) resolve(e.data as Outcome);
        });
        (document.getElementById('f') as HTMLIFrameElement).contentWindow!.postMessage({ id, op: o, spec: s }, '*');
      }),
    [op, spec] as const,
  );
}

/** Registers a passkey on `page`'s origin, choosing the PIN if the vault has none yet. */
export async function register(h: Harness, page: TestPage, spec: unknown, firstUse: boolean): Promise<Outcome> {
  await start(page, 'register', 'create', spec);
  const prompt = await h.waitForConsent(firstUse ? { readyTarget: 'testid=pin-new' } : undefined);
  if (firstUse) {
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
  }
  await prompt.click('testid=approve');
  return result(page, 'register');
}

export interface Counted {
  ok: boolean;
  id?: string;
  /** the signature counter in authenticatorData */
  count?: number;
  name?: string;
}

/** Starts a sign-in with the passkey `id` (base64url); `counted(page, key)` gives its outcome with the counter. */
export async function startCounted(page: TestPage, key: string, id: string, userVerification = 'discouraged'): Promise<void> {
  await page.evaluate(
    ([k, i, uv]) => {
      const raw = Uint8Array.from(atob(i.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      const call = navigator.credentials.get({
        publicKey: { challenge: new Uint8Array(32).fill(3), allowCredentials: [{ type: 'public-key', id: raw }], userVerification: uv as UserVerificationRequirement },
      });
      (window as unknown as Record<string, unknown>)[`__counted_${k}`] = call.then(
        (c) => {
          const response = (c as PublicKeyCredential).response as AuthenticatorAssertionResponse;
          return { ok: true, id: (c as PublicKeyCredential).id, count: new DataView(response.authenticatorData).getUint32(33) };
        },
        (e: Error) => ({ ok: false, name: e.name }),
      );
      return true;
    },
    [key, id, userVerification] as const,
  );
}

export function counted(page: TestPage, key: string): Promise<Counted> {
  return page.evaluate(`window.__counted_${key}`);
}

/** A fresh browser with the built extension, a PIN and one passkey for `server`'s origin. */
export async function launchWithPasskey(browserName: BrowserName, server: TestServer): Promise<Harness> {
  const h = await launch(browserName);
  const page = await openPage(h, `${server.origin}/`);
  const registered = await register(h, page, creation(), true);
  if (!registered.ok) throw new Error(`registering the first passkey failed: ${registered.name}`);
  await page.close();
  return h;
}

/**
 * For a `describe`: the client pages (plus `extra` routes) served and a browser launched with a
 * passkey for their origin (launchWithPasskey); both closed after the describe. Read `h` and
 * `server` inside the tests (they are set in beforeAll).
 */
export function clientBrowser(browserName: BrowserName, extra: Routes = {}): { h: Harness; server: TestServer } {
  const ctx = {} as { h: Harness; server: TestServer };
  beforeAll(async () => {
    ctx.server = await startClientServer(extra);
    ctx.h = await launchWithPasskey(browserName, ctx.server);
  });
  afterAll(async () => {
    await ctx.h?.close();
    await ctx.server?.close();
  });
  return ctx;
}
