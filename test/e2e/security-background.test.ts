/**
 * SECURITY.md case 21: the background goes away mid-ceremony. The page's promise settles with
 * NotAllowedError instead of hanging (the bridge's port disconnects), and the vault is intact:
 * the same passkey signs in afterwards.
 *
 * Chromium only: the extension's service worker is stopped through CDP (`Target.closeTarget` on
 * the service_worker target), as Chrome stops an idle worker; and the whole extension is
 * reloaded (`runtime.reload()` from one of its pages), as an update does. Both disconnect the
 * bridge's port, and the bridge answers NotAllowedError. After the worker stop, the same passkey
 * signs in again (the vault is intact).
 *
 * Firefox: the background is an event page, and Firefox suspends it when it has been idle for
 * `extensions.background.idle.timeout` (30 s): open runtime ports do not keep it alive (only
 * native-messaging ports do), which is why the prompt pings its port every 20 s. The test
 * suspends it as that idle timeout would, through the same call Firefox makes then
 * (`extension.terminateBackground()`, also behind about:debugging's "Terminate background
 * script"), from the browser's chrome scope over WebDriver BiDi (allowed by the harness's
 * `--remote-allow-system-access`; automation-side only). The suspended page's ports disconnect,
 * the bridge answers NotAllowedError, and the same passkey signs in afterwards. (On
 * `runtime.reload()` Firefox removes the old content scripts without a port disconnect, so
 * nothing is left to answer; the page hook's backstop, the longest allowed timeout plus 5 s,
 * settles the promise with NotAllowedError then. Not tested here: it takes ten minutes.)
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { HELPERS, PIN, creation, openPage, register, request, result, start, startClientServer } from './client-pages.js';

/** A fresh page signs in with the passkey (asking for the PIN if the vault locked meanwhile). */
async function signsInWith(h: Harness, server: TestServer, passkeyId: string): Promise<void> {
  // After a reload the extension's content scripts apply to documents loaded from then on:
  // open pages until one is served by Passkeep again.
  const page = await h.newPage();
  await expect
    .poll(
      async () => {
        await page.goto(`${server.origin}/`);
        return page.evaluate(() => !String(navigator.credentials.get).includes('[native code]'));
      },
      { timeout: 20_000, interval: 200 },
    )
    .toBe(true);
  await page.evaluate(HELPERS);
  await start(page, 'after', 'get', request());
  const prompt = await h.waitForConsent();
  if ((await prompt.count('testid=pin')) > 0) await prompt.fill('testid=pin', PIN);
  await prompt.click('testid=approve');
  expect(await result(page, 'after')).toMatchObject({ ok: true, value: { id: passkeyId } });
  await page.close();
}

describe('chromium: the background killed mid-ceremony', () => {
  const browserName = 'chromium';
  let h: Harness;
  let server: TestServer;
  let passkeyId: string;

  beforeAll(async () => {
    server = await startClientServer();
    h = await launch(browserName);
    const page = await openPage(h, `${server.origin}/`);
    const made = await register(h, page, creation(), true);
    expect(made.ok).toBe(true);
    passkeyId = made.value!.id;
    await page.close();
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  const signsInAgain = () => signsInWith(h, server, passkeyId);

  it('case 21: the service worker stopped while the prompt is open → NotAllowedError; the vault is intact', async () => {
      const page = await openPage(h, `${server.origin}/`);
      await start(page, 'k', 'get', request());
      await h.waitForConsent();
      const raw = page.raw as Page;
      const cdp = await raw.context().newCDPSession(raw);
      const { targetInfos } = await cdp.send('Target.getTargets');
      const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`${h.extensionOrigin}/`));
      expect(worker).toBeDefined();
      expect(await cdp.send('Target.closeTarget', { targetId: worker!.targetId })).toEqual({ success: true });
      expect(await result(page, 'k')).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
      await cdp.detach();
      await page.close();
      await signsInAgain();
    });

  // Last in this file: an unpacked extension loaded with --load-extension does not come back
  // after runtime.reload() in this harness, so the vault is checked in the test above.
  it('case 21: the extension reloaded while the prompt is open → NotAllowedError', async () => {
    const page = await openPage(h, `${server.origin}/`);
    await start(page, 'r', 'get', request());
    const prompt = await h.waitForConsent();
    // The prompt's document goes away with the extension, so this evaluation may never answer.
    void prompt
      .evaluate(() => {
        const api = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
        api.runtime.reload();
        return true;
      })
      .catch(() => undefined);
    expect(await result(page, 'r')).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
    await page.close();
  });
});

/**
 * Suspends Firefox's event page as its idle timeout does (`terminateBackground`, as
 * about:debugging's "Terminate background script" calls it), from the browser's chrome scope over
 * WebDriver BiDi; returns the background's state afterwards.
 */
async function suspendFirefoxBackground(h: Harness): Promise<string> {
  const connection = (h.raw as { connection?: { send(method: string, params: object): Promise<unknown> } }).connection;
  if (!connection) throw new Error('puppeteer internals changed: no BiDi connection');
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as {
    result: { contexts: { context: string }[] };
  };
  const context = tree.result.contexts[0]?.context;
  if (!context) throw new Error('no chrome-scope browsing context');
  const reply = (await connection.send('script.evaluate', {
    expression: `(async () => {
      const extension = WebExtensionPolicy.getByID(${JSON.stringify(h.extensionId)}).extension;
      await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
      return String(extension.backgroundState);
    })()`,
    target: { context },
    awaitPromise: true,
  })) as { result: { type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } } };
  if (reply.result.type !== 'success') throw new Error(`terminateBackground failed: ${reply.result.exceptionDetails?.text}`);
  return String(reply.result.result?.value);
}

describe('firefox: the event page suspended mid-ceremony', () => {
  let h: Harness;
  let server: TestServer;
  let passkeyId: string;

  beforeAll(async () => {
    server = await startClientServer();
    h = await launch('firefox');
    const page = await openPage(h, `${server.origin}/`);
    const made = await register(h, page, creation(), true);
    expect(made.ok).toBe(true);
    passkeyId = made.value!.id;
    await page.close();
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('case 21: the background suspended while the prompt is open → NotAllowedError; the vault is intact', async () => {
    const page: TestPage = await openPage(h, `${server.origin}/`);
    await start(page, 'k', 'get', request());
    const prompt = await h.waitForConsent();
    expect(await suspendFirefoxBackground(h)).toBe('stopped');
    expect(await result(page, 'k')).toMatchObject({ ok: false, name: 'NotAllowedError', pageRealm: true });
    // The prompt outlives the suspended page; approving there wakes the background, which no
    // longer knows the request: it signs nothing and says so.
    await prompt.click('testid=approve');
    await prompt.waitForText('testid=error', 'This request is no longer waiting.');
    await prompt.close().catch(() => undefined);
    await page.close();
    await signsInWith(h, server, passkeyId);
  });
});
