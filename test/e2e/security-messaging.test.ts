/**
 * SECURITY.md cases 10 and 13: forged messages get nothing; the prompt lives outside the page;
 * synthetic events approve nothing; the extension exposes no resource to pages.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, builtExtensionPath, launch, type Harness, type TestServer } from './harness/index.js';
import { PIN, creation, openPage, register, request, result, start, startClientServer } from './client-pages.js';

describe.each(BROWSERS)('%s: messaging and the prompt', (browserName) => {
  let h: Harness;
  let server: TestServer;

  beforeAll(async () => {
    server = await startClientServer();
    h = await launch(browserName);
    const page = await openPage(h, `${server.origin}/`);
    expect((await register(h, page, creation(), true)).ok).toBe(true);
    await page.close();
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('case 10: a forged request claiming another origin, frame and ancestry is served for the real origin only', async () => {
    const page = await openPage(h, `${server.origin}/`);
    const claims = { origin: 'https://bank.example', frameId: 0, sameOriginWithAncestors: true, topOrigin: 'https://bank.example', tabId: 1 };
    const challenge = { '\u0000bytes': 'AQIDBA' };
    // Asking for the claimed origin's RP ID: SecurityError, as the real origin may not claim it.
    const denied = await page.evaluate(
      ([c, ch]) =>
        new Promise((resolve) => {
          addEventListener('message', (e: MessageEvent) => {
            if (e.data?.t === 'passkeep:r' && e.data.id === 'forged-1') resolve(e.data);
          });
          postMessage({ t: 'passkeep:q', id: 'forged-1', op: 'get', mediation: null, stop: null, allow: true, options: { challenge: ch, rpId: 'bank.example' }, ...c }, '*');
        }),
      [claims, challenge] as const,
    );
    expect(denied).toMatchObject({ ok: false, error: { name: 'SecurityError' } });
    // Without an RP ID, the prompt and clientDataJSON name the real origin.
    const served = page.evaluate(
      ([c, ch]) =>
        new Promise<{ clientDataJSON?: string }>((resolve) => {
          addEventListener('message', (e: MessageEvent) => {
            if (e.data?.t === 'passkeep:r' && e.data.id === 'forged-2') resolve(e.data.value ?? e.data);
          });
          postMessage({ t: 'passkeep:q', id: 'forged-2', op: 'get', mediation: null, stop: null, allow: true, options: { challenge: ch, userVerification: 'discouraged' }, ...c }, '*');
        }),
      [claims, challenge] as const,
    );
    const prompt = await h.waitForConsent();
    const text = await prompt.text('.origin');
    expect(text).toContain(server.origin);
    expect(text).not.toContain('bank.example');
    await prompt.click('testid=approve');
    const value = await served;
    const clientData = JSON.parse(Buffer.from(value.clientDataJSON ?? '', 'base64url').toString());
    expect(clientData).toEqual({ type: 'webauthn.get', challenge: 'AQIDBA', origin: server.origin, crossOrigin: false });
    await page.close();
  });

  it('case 10: messages whose event.source is not the window are ignored', async () => {
    const page = await openPage(h, `${server.origin}/top-same`);
    // The same-origin child posts a well-formed create request to its parent window.
    await page.evaluate(() => {
      const child = (document.getElementById('f') as HTMLIFrameElement).contentWindow as Window & typeof globalThis;
      child.eval(`parent.postMessage({ t: 'passkeep:q', id: 'from-child', op: 'create', mediation: null, stop: null, allow: true,
        options: { rp: { name: 'x' }, user: { id: { '\\u0000bytes': 'AQ' }, name: 'x', displayName: 'x' }, challenge: { '\\u0000bytes': 'AQ' }, pubKeyCredParams: [] } }, '*')`);
      return true;
    });
    // Had the parent's bridge taken it, a create prompt would be waiting in this tab and the
    // page's own get() would be refused or come second; instead the next prompt is the get.
    await start(page, 'own', 'get', request());
    const prompt = await h.waitForConsent();
    expect(await prompt.text('h1')).toMatch(/sign in/i);
    await prompt.click('testid=cancel');
    expect(await result(page, 'own')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await page.close();
  });

  it('case 13: the prompt never renders in the page; synthetic clicks approve nothing', async () => {
    const page = await openPage(h, `${server.origin}/`);
    const before = await page.evaluate(() => document.documentElement.outerHTML);
    await start(page, 'c', 'get', request());
    const prompt = await h.waitForConsent();
    expect(await page.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    expect(await page.evaluate(() => document.querySelectorAll('[data-testid], iframe, dialog').length)).toBe(0);
    expect(await prompt.url()).toContain(h.extensionOrigin);
    // Synthetic (isTrusted === false) clicks and submits in the prompt itself do nothing…
    await prompt.evaluate(() => {
      (document.querySelector('[data-testid="approve"]') as HTMLElement).click();
      document.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true }));
      return true;
    });
    // …so the person's trusted cancel, sent after them, is what the page gets.
    await prompt.click('testid=cancel');
    expect(await result(page, 'c')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await page.close();
  });

  it('case 13: real input still works: Enter in the PIN field approves (implicit submission)', async () => {
    const page = await openPage(h, `${server.origin}/`);
    await start(page, 'enter', 'get', request({ userVerification: 'required' }));
    const prompt = await h.waitForConsent();
    await prompt.fill('testid=pin', PIN);
    await prompt.press('Enter');
    expect(await result(page, 'enter')).toMatchObject({ ok: true, value: { type: 'public-key' } });
    await page.close();
  });

  it('case 13: no extension resource is reachable from a page at an address it could know (only the autofill list is web-accessible, at an address that names no install)', async () => {
    const manifest = JSON.parse(readFileSync(`${builtExtensionPath(browserName)}/manifest.json`, 'utf8')) as { web_accessible_resources?: { resources: string[]; use_dynamic_url?: boolean }[] };
    // The autofill list (popup/autofill/) is framed by the bridge: Chromium serves it only at a
    // per-session dynamic origin, never at the extension's fixed id; Firefox's moz-extension
    // host is already random per install.
    expect(manifest.web_accessible_resources?.map((r) => r.resources)).toEqual([['autofill.html']]);
    if (browserName === 'chromium') expect(manifest.web_accessible_resources![0]!.use_dynamic_url).toBe(true);
    const page = await openPage(h, `${server.origin}/`);
    const probed = ['consent.html', 'popup.html', 'icons/icon-16.png', 'page-hook.js', 'autofill.js', ...(browserName === 'chromium' ? ['autofill.html'] : [])];
    const outcomes = await page.evaluate(async ([origin, paths]) => {
      const out: string[] = [];
      for (const path of paths) {
        try {
          await fetch(`${origin}/${path}`);
          out.push(`${path}: fetched`);
        } catch {
          out.push(`${path}: blocked`);
        }
        out.push(
          await new Promise<string>((resolve) => {
            const img = new Image();
            img.onload = () => resolve(`${path}: image loaded`);
            img.onerror = () => resolve(`${path}: image blocked`);
            img.src = `${origin}/${path}`;
          }),
        );
      }
      return out;
    }, [h.extensionOrigin, probed] as const);
    expect(outcomes.filter((o) => !o.endsWith('blocked'))).toEqual([]);
    await page.close();
  });
});
