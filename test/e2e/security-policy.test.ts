/**
 * SECURITY.md case 23: the permissions policy is the browser's, not the page's. Pages post the
 * bridge's request message themselves, claiming `allow: true`, from frames the policy refuses
 * and from a top document whose `Permissions-Policy` header refuses; none gets a prompt.
 * The frame also replaces its own `document.featurePolicy` to say yes: only the page's view changes.
 * Origins: http://localhost:PORT (top), http://a.localhost:PORT and http://b.localhost:PORT.
 * https://w3c.github.io/webauthn/#sctn-permissions-policy
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { BROWSERS, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { ALLOW_BOTH, HELPERS, clientBrowser, creation, openPage, request, run, start, result, type Outcome } from './client-pages.js';
import { PROMPTS_PER_WINDOW } from '../../src/background/prompt-rate-limit.js';

/**
 * A frame that takes commands from its parent: `run` calls the API, `forge` posts the bridge's
 * request message itself with `allow: true`, `flood` forges get() requests one after the other
 * until `stop`. With `hops > 0` the command goes on to its own child frame #f.
 */
const POLICY_FRAME = `<script>
${HELPERS};
const OPTIONS = {
  get: { challenge: { '\\u0000bytes': 'AQIDBA' }, userVerification: 'discouraged' },
  create: { rp: { name: 'x' }, user: { id: { '\\u0000bytes': 'AQ' }, name: 'x', displayName: 'x' },
    challenge: { '\\u0000bytes': 'AQIDBA' }, pubKeyCredParams: [{ type: 'public-key', alg: -7 }] },
};
const forge = (op) => new Promise((resolve) => {
  const id = 'forged-' + Math.random();
  const on = (e) => {
    if (e.source !== window || !e.data || e.data.t !== 'passkeep:r' || e.data.id !== id) return;
    removeEventListener('message', on);
    resolve(e.data.ok ? { ok: true } : { ok: false, name: e.data.error.name });
  };
  addEventListener('message', on);
  postMessage({ t: 'passkeep:q', id, op, mediation: null, stop: null, allow: true, options: OPTIONS[op] }, '*');
});
const flood = { running: false, count: 0, names: {} };
const commands = {
  run: (d) => T.run(d.op, d.spec),
  // The page's own view of its policy, replaced to say yes (where the browser exposes one).
  patch: async () => {
    if (window.FeaturePolicy) FeaturePolicy.prototype.allowsFeature = () => true;
    for (const name of ['featurePolicy', 'permissionsPolicy']) {
      Object.defineProperty(Document.prototype, name, { configurable: true, get: () => ({ allowsFeature: () => true, features: () => [], allowedFeatures: () => [] }) });
    }
    return { ok: document.featurePolicy.allowsFeature('publickey-credentials-get') };
  },
  forge: (d) => forge(d.op),
  flood: async () => {
    flood.running = true;
    (async () => { while (flood.running) { const r = await forge('get'); flood.count++; flood.names[r.name || 'ok'] = 1; } })();
    return { ok: true };
  },
  count: async () => ({ ok: true, count: flood.count }),
  stop: async () => { flood.running = false; return { ok: true, count: flood.count, names: Object.keys(flood.names) }; },
};
addEventListener('message', async (e) => {
  const d = e.data;
  const child = document.getElementById('f');
  if (d && d.reply && child && e.source === child.contentWindow) return parent.postMessage(d, '*');
  if (!d || !d.cmd || e.source !== parent) return;
  if (d.hops > 0) return child.contentWindow.postMessage({ ...d, hops: d.hops - 1 }, '*');
  parent.postMessage({ reply: d.id, ...(await commands[d.cmd](d)) }, '*');
});
</script>`;

function framed(req: { headers: { host?: string } }, sub: string, path: string, allow: string | null): string {
  const port = (req.headers.host ?? '').split(':')[1];
  const allowAttr = allow === null ? '' : ` allow="${allow}"`;
  return `<iframe id="f" src="http://${sub}.localhost:${port}${path}"${allowAttr}></iframe>`;
}

const ROUTES = {
  '/pp-frame': `<!doctype html><title>frame</title>${POLICY_FRAME}`,
  // a.localhost embedding b.localhost with allow: what its own embedder delegated decides
  '/pp-mid': (req: { headers: { host?: string } }) => ({ body: `<!doctype html><title>mid</title>${framed(req, 'b', '/pp-frame', ALLOW_BOTH)}${POLICY_FRAME}` }),
  '/pp-top-deny': (req: { headers: { host?: string } }) => ({ body: `<!doctype html><title>top</title>${framed(req, 'a', '/pp-frame', null)}` }),
  '/pp-top-allow': (req: { headers: { host?: string } }) => ({ body: `<!doctype html><title>top</title>${framed(req, 'a', '/pp-frame', ALLOW_BOTH)}` }),
  '/pp-grand-deny': (req: { headers: { host?: string } }) => ({ body: `<!doctype html><title>top</title>${framed(req, 'a', '/pp-mid', null)}` }),
  '/pp-grand-allow': (req: { headers: { host?: string } }) => ({ body: `<!doctype html><title>top</title>${framed(req, 'a', '/pp-mid', ALLOW_BOTH)}` }),
  '/pp-header-create': () => ({
    headers: { 'permissions-policy': 'publickey-credentials-create=()' },
    body: '<!doctype html><title>no new passkeys here</title><p>header policy</p>',
  }),
  '/pp-header': () => ({
    headers: { 'permissions-policy': 'geolocation=(self), publickey-credentials-get=()' },
    body: '<!doctype html><title>no passkeys here</title><p>header policy</p>',
  }),
};

type Reply = Outcome & { count?: number; names?: string[] };

/** Sends a command to the page's frame #f (`hops` frames further down) and returns its reply. */
function inFrame(page: TestPage, command: { cmd: string; op?: string; spec?: unknown; hops?: number }): Promise<Reply> {
  return page.evaluate(
    (c) =>
      new Promise<Reply>((resolve) => {
        const id = String(Math.random());
        addEventListener('message', (e: MessageEvent) => {
          if (e.data && e.data.reply === id) resolve(e.data as Reply);
        });
        (document.getElementById('f') as HTMLIFrameElement).contentWindow!.postMessage({ hops: 0, ...c, id }, '*');
      }),
    command,
  );
}

/** The page's own forged request message, posted in the main world. */
function forgeInPage(page: TestPage, op: 'create' | 'get'): Promise<{ ok: boolean; error?: { name: string } }> {
  return page.evaluate(
    (o) =>
      new Promise((resolve) => {
        const id = `forged-${Math.random()}`;
        addEventListener('message', (e: MessageEvent) => {
          if (e.source === window && e.data?.t === 'passkeep:r' && e.data.id === id) resolve(e.data);
        });
        const options =
          o === 'get'
            ? { challenge: { '\u0000bytes': 'AQIDBA' }, userVerification: 'discouraged' }
            : { rp: { name: 'x' }, user: { id: { '\u0000bytes': 'AQ' }, name: 'x', displayName: 'x' }, challenge: { '\u0000bytes': 'AQ' }, pubKeyCredParams: [{ type: 'public-key', alg: -7 }] };
        postMessage({ t: 'passkeep:q', id, op: o, mediation: null, stop: null, allow: true, options }, '*');
      }),
    op,
  );
}

describe.each(BROWSERS)('%s: the permissions policy is the browser’s', (browserName) => {
  const ctx = clientBrowser(browserName, ROUTES);
  let h: Harness;
  let server: TestServer;
  beforeEach(() => {
    ({ h, server } = ctx);
  });

  /**
   * The frame's own passkey, made through its prompt: a get() for which Passkeep holds nothing
   * goes to the browser's own with no prompt (src/core/step-aside.ts), so a frame that is to
   * get a sign-in prompt holds one first.
   */
  async function frameRegisters(page: TestPage, hops?: number): Promise<void> {
    const made = inFrame(page, { cmd: 'run', op: 'create', spec: creation(), ...(hops === undefined ? {} : { hops }) });
    await (await h.waitForConsent()).click('testid=approve');
    expect(await made).toMatchObject({ ok: true });
  }

  it('case 23: a cross-origin frame without allow= that forges the request with allow: true → NotAllowedError, no prompt', async () => {
    const before = h.consentCount();
    const page = await openPage(h, `${server.origin}/pp-top-deny`);
    expect(await inFrame(page, { cmd: 'patch' })).toMatchObject({ ok: true });
    expect(await inFrame(page, { cmd: 'forge', op: 'get' })).toEqual({ reply: expect.any(String), ok: false, name: 'NotAllowedError' });
    expect(await inFrame(page, { cmd: 'forge', op: 'create' })).toEqual({ reply: expect.any(String), ok: false, name: 'NotAllowedError' });
    expect(await inFrame(page, { cmd: 'run', op: 'get', spec: request() })).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
    expect(h.consentCount()).toBe(before);
    await page.close();
  });

  it('case 23: a top document served with Permissions-Policy: publickey-credentials-get=() → NotAllowedError for get (forged or not), no prompt; create still allowed', async () => {
    const before = h.consentCount();
    const page = await openPage(h, `${server.origin}/pp-header`);
    expect(await forgeInPage(page, 'get')).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    expect(await run(page, 'get', request())).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
    expect(h.consentCount()).toBe(before);
    // The header names get only: create keeps its default allowlist (self), so a prompt opens.
    await start(page, 'made', 'create', creation());
    const prompt = await h.waitForConsent();
    await prompt.click('testid=cancel');
    expect(await result(page, 'made')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    // The same tab, navigated to a document without the header: get is allowed again.
    await page.goto(`${server.origin}/`);
    await page.evaluate(HELPERS);
    await start(page, 'again', 'get', request());
    const again = await h.waitForConsent();
    await again.click('testid=cancel');
    expect(await result(page, 'again')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await page.close();
  });

  it('case 23: a top document served with Permissions-Policy: publickey-credentials-create=() → NotAllowedError for create (forged or not), no prompt', async () => {
    const before = h.consentCount();
    const page = await openPage(h, `${server.origin}/pp-header-create`);
    expect(await forgeInPage(page, 'create')).toMatchObject({ ok: false, error: { name: 'NotAllowedError' } });
    expect(await run(page, 'create', creation())).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
    expect(h.consentCount()).toBe(before);
    await page.close();
  });

  it('case 23: a grandchild whose direct embedder has allow= but whose grand-embedder did not delegate → NotAllowedError, no prompt', async () => {
    const before = h.consentCount();
    const page = await openPage(h, `${server.origin}/pp-grand-deny`);
    expect(await inFrame(page, { cmd: 'forge', op: 'get', hops: 1 })).toMatchObject({ ok: false, name: 'NotAllowedError' });
    expect(await inFrame(page, { cmd: 'run', op: 'get', spec: request(), hops: 1 })).toMatchObject({ ok: false, name: 'NotAllowedError' });
    // …and the middle frame itself, which nobody delegated to, neither.
    expect(await inFrame(page, { cmd: 'forge', op: 'get' })).toMatchObject({ ok: false, name: 'NotAllowedError' });
    expect(h.consentCount()).toBe(before);
    await page.close();
  });

  it('case 23: a grandchild delegated at every level gets its prompt, naming its own origin', async () => {
    const page = await openPage(h, `${server.origin}/pp-grand-allow`);
    await frameRegisters(page, 1);
    const got = inFrame(page, { cmd: 'run', op: 'get', spec: request(), hops: 1 });
    const prompt = await h.waitForConsent();
    expect(await prompt.text('.origin')).toContain(server.originFor('b'));
    await prompt.click('testid=cancel');
    expect(await got).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await page.close();
  });

  it('case 23: a refused frame looping forged requests takes no prompt slot: the top page still gets its own prompt', async () => {
    const before = h.consentCount();
    const page = await openPage(h, `${server.origin}/pp-top-deny`);
    // More refusals than the tab's rate limit allows prompts…
    for (let i = 0; i <= PROMPTS_PER_WINDOW; i++) {
      expect(await inFrame(page, { cmd: 'forge', op: 'get' })).toMatchObject({ ok: false, name: 'NotAllowedError' });
    }
    expect(h.consentCount()).toBe(before);
    // …and while the frame keeps forging, the top page asks for itself.
    await inFrame(page, { cmd: 'flood' });
    await page.evaluate(HELPERS);
    await start(page, 'own', 'get', request());
    const prompt = await h.waitForConsent();
    const text = await prompt.text('.origin');
    expect(text).toContain(server.origin);
    expect(text).not.toContain(server.originFor('a'));
    await prompt.click('testid=approve');
    expect(await result(page, 'own')).toMatchObject({ ok: true, value: { clientData: { origin: server.origin, crossOrigin: false } } });
    const flood = await inFrame(page, { cmd: 'stop' });
    expect(flood.count).toBeGreaterThan(0);
    expect(flood.names).toEqual(['NotAllowedError']);
    expect(h.consentCount()).toBe(before + 1);
    await page.close();
  });

  it('case 23: a cross-origin frame the embedder delegated to is still served', async () => {
    const page = await openPage(h, `${server.origin}/pp-top-allow`);
    await frameRegisters(page);
    const got = inFrame(page, { cmd: 'run', op: 'get', spec: request() });
    const prompt = await h.waitForConsent();
    expect(await prompt.text('.origin')).toContain(server.originFor('a'));
    await prompt.click('testid=cancel');
    expect(await got).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await page.close();
  });
});
