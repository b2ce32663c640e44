/**
 * Proves the harness on a throwaway extension with Passkeep's shape (./fixture-extension.ts),
 * written to a temp dir by this test, in real Chromium and real Firefox ESR:
 * page get() → MAIN-world hook → ISOLATED bridge → background → consent window → trusted click
 * → the page's promise settles.
 *
 *   npx vitest run --config vitest.e2e.config.ts test/e2e/harness
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_CREDENTIAL_ID, writeFixtureExtension } from './fixture-extension';
import { BROWSERS, launch, startServer, type Harness, type TestPage, type TestServer } from './index';

const API_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>API</title></head><body>
<ul>
  <li><button type="button" data-testid="account">alice@example.com</button></li>
  <li><button type="button" data-testid="account">bob@example.com</button></li>
  <li><button type="button" data-testid="account" disabled>carol@example.com</button></li>
</ul>
<p data-testid="chosen"></p>
<p data-testid="later" hidden>Shown later</p>
<input data-testid="search" value="old">
<p data-testid="typed"></p>
<script>
  document.querySelectorAll('[data-testid=account]').forEach((b) =>
    b.addEventListener('click', (e) => {
      document.querySelector('[data-testid=chosen]').textContent = (e.isTrusted ? 'trusted ' : 'untrusted ') + b.textContent;
      setTimeout(() => { document.querySelector('[data-testid=later]').hidden = false; }, 50);
    }));
  const search = document.querySelector('[data-testid=search]');
  search.addEventListener('input', (e) => { document.querySelector('[data-testid=typed]').textContent = 'input:' + search.value + ':' + e.isTrusted; });
  search.addEventListener('keydown', (e) => { if (e.key === 'Enter') document.title = 'entered ' + search.value; });
</script>
</body></html>`;

const RP_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>RP</title></head>
<body><h1>Relying party</h1><button id="go" type="button">Sign in</button></body></html>`;

/** Calls get() in the page and resolves with its outcome; the consent page is handled meanwhile. */
function startGet(page: TestPage): Promise<{ ok?: unknown; error?: string }> {
  return page.evaluate(async () => {
    try {
      return { ok: await navigator.credentials.get({ publicKey: { challenge: new Uint8Array(16) } }) };
    } catch (e) {
      return { error: (e as Error).name };
    }
  });
}

/**
 * On an open fixture consent page: a click from page script is ignored (untrusted, as the product
 * must ignore it), a screenshot shows the page, and the PIN typed plus a trusted click on approve
 * resolve `result` with the fixture's answer.
 */
async function approveOnlyWhenTrusted(consent: TestPage, result: ReturnType<typeof startGet>, shot: string, pin: string): Promise<void> {
  await consent.evaluate(() => (document.querySelector('[data-testid="approve"]') as HTMLElement).click());
  await consent.waitForText('testid=error', 'untrusted click ignored');
  await consent.screenshot(shot);
  expect(statSync(shot).size).toBeGreaterThan(1000);
  await consent.fill('testid=pin', pin);
  await consent.click('testid=approve');
  expect(await result).toEqual({
    ok: { credentialId: FIXTURE_CREDENTIAL_ID, rpId: 'localhost', pin, request: expect.any(String) },
  });
}

const timings: Record<string, Record<string, number>> = {};

describe.each(BROWSERS)('%s harness', (browserName) => {
  let dir = '';
  let server: TestServer | undefined;
  let harness: Harness | undefined;
  let rp: TestPage;
  let suiteStart = 0;
  const times: Record<string, number> = (timings[browserName] = {});

  beforeAll(async () => {
    suiteStart = performance.now();
    dir = mkdtempSync(join(tmpdir(), 'passkeep-fixture-'));
    const ext = writeFixtureExtension(dir);
    server = await startServer({ '/': RP_PAGE, '/api': API_PAGE });
    harness = await launch(browserName, { extensionPath: browserName === 'chromium' ? ext.chrome : ext.firefox });
    times.launchMs = harness.launchMs;
  });

  afterAll(async () => {
    const tClose = performance.now();
    await harness?.close();
    times.closeMs = performance.now() - tClose;
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    times.suiteMs = performance.now() - suiteStart;
    const fmt = Object.entries(times).map(([k, v]) => `${k}=${Math.round(v)}`);
    console.log(`[harness timings] ${browserName}: ${fmt.join(' ')}`);
  });

  it('knows the extension origin and runs the MAIN-world hook on the page', async () => {
    const h = harness!;
    expect(h.extensionOrigin).toMatch(browserName === 'chromium' ? /^chrome-extension:\/\/[a-p]{32}$/ : /^moz-extension:\/\/[0-9a-f-]{36}$/);
    rp = await h.newPage(`${server!.origin}/`);
    expect(await rp.url()).toBe(`${server!.origin}/`);
    expect(await rp.evaluate(() => (window as unknown as { __passkeepFixtureHooked?: boolean }).__passkeepFixtureHooked)).toBe(true);
    expect(await rp.text('#go')).toBe('Sign in');
  });

  it('approve: the consent page opens, a trusted click resolves get()', async () => {
    const h = harness!;
    const t0 = performance.now();
    const result = startGet(rp);
    const consent = await h.waitForConsent();
    times.getToConsentMs = performance.now() - t0;

    const url = await consent.url();
    expect(url.startsWith(`${h.extensionOrigin}/consent.html?request=`)).toBe(true);
    // The window keeps the size the extension asked for (no viewport emulation).
    const size = await consent.evaluate(() => [innerWidth, outerHeight]);
    expect(size[0]).toBe(420);

    await approveOnlyWhenTrusted(consent, result, join(dir, `consent-${browserName}.png`), '1234');
    times.getToResolvedMs = performance.now() - t0;
    // The background closes the consent window after the decision.
    await consent.waitForClose();
    expect(await consent.isClosed()).toBe(true);
    times.getToConsentClosedMs = performance.now() - t0;
  });

  it('cancel: get() rejects with NotAllowedError', async () => {
    const h = harness!;
    const t0 = performance.now();
    const result = startGet(rp);
    const consent = await h.waitForConsent();
    times.getToConsent2Ms = performance.now() - t0;
    await consent.fill('testid=pin', '');
    await consent.click('testid=cancel');
    expect(await result).toEqual({ error: 'NotAllowedError' });
    await consent.waitForClose();
    expect(h.consentCount()).toBe(2);
  });

  it('closing the consent window rejects get() and is seen as closed', async () => {
    const h = harness!;
    const result = startGet(rp);
    const consent = await h.waitForConsent();
    await consent.close();
    expect(await consent.isClosed()).toBe(true);
    expect(await result).toEqual({ error: 'NotAllowedError' });
  });

  it('TestPage API: nth, texts, count, visibility, fill, press, waitForFunction', async () => {
    const page = await harness!.newPage(`${server!.origin}/api`);
    expect(await page.count('testid=account')).toBe(3);
    expect(await page.texts('testid=account')).toEqual(['alice@example.com', 'bob@example.com', 'carol@example.com']);
    expect(await page.text('testid=account', { nth: 1 })).toBe('bob@example.com');
    expect(await page.isVisible('testid=later')).toBe(false);
    await page.waitFor('testid=later', { state: 'hidden' });
    await page.waitFor('testid=later', { state: 'attached' });
    await page.waitFor('testid=nothing', { state: 'detached' });
    await page.click('testid=account', { nth: 1 });
    await page.waitForText('testid=chosen', 'trusted bob@example.com');
    await page.waitFor('testid=later');
    expect(await page.isVisible('testid=later')).toBe(true);
    // A disabled element is not clickable: the click times out instead of doing nothing.
    await expect(page.click('testid=account', { nth: 2, timeoutMs: 300 })).rejects.toThrow();
    await page.fill('testid=search', 'dave');
    await page.waitForText('testid=typed', /^input:dave:true$/);
    await page.press('Enter');
    expect(await page.waitForFunction(() => document.title.startsWith('entered') && document.title)).toBe('entered dave');
    await page.fill('testid=search', '');
    await page.waitForText('testid=typed', 'input::true');
    expect(await page.evaluate((n: number) => n * 2, 21)).toBe(42);
    expect(await page.evaluate('1 + 1')).toBe(2);
    await page.close();
    expect(await page.isClosed()).toBe(true);
  });

  it('opens an extension page in a tab', async () => {
    const h = harness!;
    const t0 = performance.now();
    const popup = await h.openExtensionPage('popup.html');
    times.openExtensionPageMs = performance.now() - t0;
    expect(await popup.url()).toBe(`${h.extensionOrigin}/popup.html`);
    expect(await popup.text('testid=popup-title')).toBe('Fixture popup');
    expect(await popup.count('p')).toBe(1);
    await popup.close();
    expect(await popup.isClosed()).toBe(true);
  });
});

// The toolbar button's panel (`action.openPopup()`), which Firefox's BiDi lists no context for:
// the harness reports it from the chrome scope (./firefox-panel.ts) and drives it as any page.
describe('firefox harness: a consent page in the toolbar panel', () => {
  let dir = '';
  let server: TestServer | undefined;
  let harness: Harness | undefined;
  let rp: TestPage;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'passkeep-fixture-panel-'));
    const ext = writeFixtureExtension(dir, undefined, 'panel');
    server = await startServer({ '/': RP_PAGE });
    harness = await launch('firefox', { extensionPath: ext.firefox, panels: true });
    rp = await harness.newPage(`${server.origin}/`);
  }, 60_000);
  afterAll(async () => {
    await harness?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('waitForConsent hands out the panel; an untrusted click is ignored, a trusted one resolves get()', async () => {
    const h = harness!;
    const result = startGet(rp);
    const consent = await h.waitForConsent();
    expect(await consent.url()).toMatch(new RegExp(`^${h.extensionOrigin}/consent\\.html\\?request=`));
    expect(await consent.evaluate(() => document.hasFocus())).toBe(true);
    await approveOnlyWhenTrusted(consent, result, join(dir, 'consent-panel.png'), '4321');
    // The page closes its panel after the decision; the harness sees the document gone.
    await consent.waitForClose();
  });

  it('cancel in the next panel rejects with NotAllowedError; each panel is handed out once', async () => {
    const h = harness!;
    const result = startGet(rp);
    const consent = await h.waitForConsent();
    await consent.click('testid=cancel');
    expect(await result).toEqual({ error: 'NotAllowedError' });
    await consent.waitForClose();
    expect(h.consentCount()).toBe(2);
  });
});
