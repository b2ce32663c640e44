/**
 * The popup's settings in the real popup page, in Chromium and Firefox: change the PIN (then the
 * old one is refused), auto-lock persisted, a disabled site handed to the browser's own WebAuthn
 * (and re-enabled), an encrypted backup exported through the download link, the vault reset
 * through "Forgot PIN" with the typed confirmation, the backup imported through the file input,
 * and the demo relying party (@simplewebauthn/server) verifying a sign-in with the imported
 * passkey, its signature counter going on. Also (Chromium) the settings screenshots.
 * https://w3c.github.io/webauthn/#sctn-verifying-assertion step 22 (signature counter)
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { ElementHandle, Page as PuppeteerPage } from 'puppeteer-core';
import { screenshotDir } from './screenshot-dir.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoResult, type DemoServer } from '../demo-rp/server.mjs';
import { startCountedGet, stopCountedGet, waitForBrowserOwnGet } from './counted-get.js';
import { BROWSERS, launch, type Harness, type TestPage } from './harness/index.js';

const FIRST_PIN = '5812 settings passphrase';
const SECOND_PIN = 'changed-pin 9034';
const THIRD_PIN = 'after the reset 4417';
const PASSPHRASE = 'backup passphrase for the move';
const SCREENSHOTS = screenshotDir();

describe.each(BROWSERS)('%s: the popup settings', (browserName) => {
  let harness: Harness;
  let rp: DemoServer;
  let popup: TestPage | undefined;
  let rpPage: TestPage | undefined;
  let pin = FIRST_PIN;
  let backupFile = '';
  let lastCounter = 0;
  const dir = mkdtempSync(join(tmpdir(), 'passkeep-settings-'));

  beforeAll(async () => {
    rp = await startDemoServer({ port: 0 });
    harness = await launch(browserName);
  });

  afterAll(async () => {
    await harness?.close();
    await rp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openPopup(): Promise<TestPage> {
    await popup?.close().catch(() => undefined);
    popup = await harness.openExtensionPage('popup.html');
    return popup;
  }

  async function openRp(query: string): Promise<TestPage> {
    await rpPage?.close().catch(() => undefined);
    rpPage = await harness.newPage(`${rp.url}?${query}`);
    return rpPage;
  }

  /** Unlocks the popup when it shows the PIN field; then waits for the list. */
  async function unlocked(page: TestPage): Promise<void> {
    await page.waitFor('.app:not([data-state="loading"])');
    if ((await page.evaluate(() => document.querySelector('.app')?.getAttribute('data-state'))) === 'locked') {
      await page.fill('testid=pin', pin);
      await page.click('testid=unlock');
    }
    await page.waitFor('.app[data-state="unlocked"]');
  }

  async function openSettings(page: TestPage): Promise<void> {
    await unlocked(page);
    await page.click('testid=settings');
    await page.waitFor('testid=settings-view');
  }

  /** Signs in on the demo RP with the PIN; the outcome the server verified. */
  async function signIn(): Promise<DemoResult> {
    const before = rp.results.length;
    const page = await openRp('username=&uv=required');
    await page.click('#signin');
    const prompt = await harness.waitForConsent();
    await prompt.fill('testid=pin', pin);
    await prompt.click('testid=approve');
    await page.waitForText('#status', /signed in|error/, { timeoutMs: 20_000 });
    expect(rp.results.length).toBe(before + 1);
    return rp.results.at(-1)!;
  }

  /**
   * The popup, opened in a tab whose window's active tab is the demo RP, so that it knows the
   * site (as the toolbar popup does): the RP tab is made active in the popup's window, the popup
   * reloads and reads the active tab, then the popup's tab is brought back to the front.
   */
  async function openPopupOnRpSite(): Promise<TestPage> {
    const page = await openPopup();
    await unlocked(page);
    const ids = await page.evaluate(async (url) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      const me = await api.tabs.getCurrent();
      const tab = await api.tabs.create({ windowId: me!.windowId, url, active: true });
      await new Promise<void>((done) => {
        const check = (id: number, info: { status?: string }) => {
          if (id === tab.id && info.status === 'complete') {
            api.tabs.onUpdated.removeListener(check);
            done();
          }
        };
        api.tabs.onUpdated.addListener(check);
        void api.tabs.get(tab.id!).then((t) => t.status === 'complete' && check(tab.id!, { status: 'complete' }));
      });
      return { me: me!.id!, rp: tab.id! };
    }, `${rp.url}?username=`);
    await page.evaluate(() => setTimeout(() => location.reload(), 0));
    // The list marks the active tab's site once the popup has read it.
    await page.waitFor('.badge-current', { timeoutMs: 20_000 });
    await page.evaluate(async ({ me, rp: other }) => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      await api.tabs.update(me, { active: true });
      await api.tabs.remove(other);
    }, ids);
    return page;
  }

  it('setup: registers alice on the demo RP with a new PIN and signs in once', async () => {
    const page = await openRp('username=alice%40example.com&uv=required');
    await page.click('#register');
    const prompt = await harness.waitForConsent({ readyTarget: 'testid=pin-new' });
    await prompt.fill('testid=pin-new', pin);
    await prompt.fill('testid=pin-confirm', pin);
    await prompt.click('testid=approve');
    await page.waitForText('#status', /registered|error/, { timeoutMs: 20_000 });
    expect(rp.results.at(-1)).toMatchObject({ kind: 'registration', verified: true });
    const result = await signIn();
    expect(result).toMatchObject({ kind: 'authentication', verified: true, counter: 1 });
    lastCounter = result.counter!;
  });

  it('changes the PIN; then the old PIN is refused and the new one unlocks', async () => {
    const page = await openPopup();
    await openSettings(page);
    await page.fill('testid=old-pin', 'not the current PIN');
    await page.fill('testid=new-pin', SECOND_PIN);
    await page.fill('testid=confirm-new-pin', SECOND_PIN);
    await page.click('testid=change-pin');
    await page.waitForText('testid=change-pin-section', 'Wrong PIN');
    await page.fill('testid=old-pin', FIRST_PIN);
    await page.fill('testid=new-pin', SECOND_PIN);
    await page.fill('testid=confirm-new-pin', SECOND_PIN);
    await page.click('testid=change-pin');
    await page.waitForText('testid=change-pin-section', 'PIN changed.');
    pin = SECOND_PIN;

    await page.click('testid=back');
    await page.click('testid=lock');
    await page.fill('testid=pin', FIRST_PIN);
    await page.click('testid=unlock');
    await page.waitForText('testid=error', 'Wrong PIN');
    await page.fill('testid=pin', SECOND_PIN);
    await page.click('testid=unlock');
    await page.waitFor('testid=search');
  });

  it('keeps the auto-lock choice after the popup is reopened', async () => {
    const page = await openPopup();
    await openSettings(page);
    // The settings arrive from the background after the view opens: wait for the control.
    await page.waitFor('testid=auto-lock');
    expect(await page.evaluate(() => document.querySelector<HTMLSelectElement>('[data-testid="auto-lock"]')!.value)).toBe('15');
    // The keyboard changes a closed <select> (15 → 5 minutes) and fires its change event.
    await page.evaluate(() => document.querySelector<HTMLSelectElement>('[data-testid="auto-lock"]')!.focus());
    await page.press('ArrowUp');
    await page.waitForText('testid=auto-lock-section', 'Saved.');

    const again = await openPopup();
    await openSettings(again);
    await again.waitForFunction(() => document.querySelector<HTMLSelectElement>('[data-testid="auto-lock"]')?.value === '5');
    const settings = await again.evaluate(async () => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return api.runtime.sendMessage({ type: 'settings:get' });
    });
    expect(settings).toMatchObject({ ok: true, value: { autoLockMinutes: 5 } });
  });

  it('case 30: the disabled-sites list is not readable at rest', async () => {
    const page = await openPopupOnRpSite();
    await page.click('testid=settings');
    await page.click('testid=add-site');
    await page.waitForText('testid=disabled-site', 'localhost');
    const local = await page.evaluate(async () => {
      const api = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
      return JSON.stringify(await api.storage.local.get(null));
    });
    // the list is there, sealed; no host name is readable
    expect(local).toContain('sealedSites');
    expect(local).not.toContain('localhost');
    await page.click('testid=remove-site');
    await page.waitFor('testid=sites-empty');
    await page.close();
  });

  it('a disabled site goes to the browser’s own WebAuthn (no prompt); re-enabled, it signs in with Passkeep again', async () => {
    const page = await openPopupOnRpSite();
    await page.click('testid=settings');
    await page.click('testid=add-site');
    await page.waitForText('testid=disabled-site', 'localhost');
    expect(await page.count('testid=add-site')).toBe(0);

    // A get() whose options count their reads (./counted-get.ts): here the browser's own
    // implementation reads them again; then, on a site Passkeep serves, only the hook does.
    const site = await openRp('username=');
    const consents = harness.consentCount();
    const hookReads = await startCountedGet(site);
    expect(hookReads).toBeGreaterThan(0);
    await waitForBrowserOwnGet(site);
    expect(await stopCountedGet(site)).toMatch(/AbortError|NotAllowedError/);
    expect(harness.consentCount()).toBe(consents);

    await page.click('testid=remove-site');
    await page.waitFor('testid=sites-empty');
    // Served by Passkeep again: its prompt opens and the options are read only by the hook.
    const served = await openRp('username=');
    expect(await startCountedGet(served)).toBe(hookReads);
    const prompt = await harness.waitForConsent();
    expect(await served.evaluate(() => (window as unknown as { reads: number }).reads)).toBe(hookReads);
    await prompt.click('testid=cancel');
    expect(await stopCountedGet(served)).toBe('NotAllowedError');

    const result = await signIn();
    // The cancelled prompt above may have used up one counter value: Passkeep reserves the
    // offered passkey's next counter while its prompt is open (src/background/sign-ahead.ts), and
    // a skipped value is allowed (https://w3c.github.io/webauthn/#sctn-sign-counter); what the RP
    // checks is that the counter went up.
    expect(result).toMatchObject({ kind: 'authentication', verified: true });
    expect(result.counter).toBeGreaterThan(lastCounter);
    lastCounter = result.counter!;
  });

  it('exports an encrypted backup through the download link', async () => {
    const page = await openPopup();
    await openSettings(page);
    await page.fill('testid=export-passphrase', PASSPHRASE);
    await page.fill('testid=export-passphrase-confirm', PASSPHRASE);
    await page.fill('testid=export-pin', pin);
    await page.click('testid=export');
    await page.waitFor('testid=download');
    const file = await page.evaluate(async () => {
      const link = document.querySelector<HTMLAnchorElement>('[data-testid="download"]')!;
      return { name: link.download, href: link.href, text: await (await fetch(link.href)).text() };
    });
    expect(file.href).toMatch(/^blob:/);
    expect(file.name).toMatch(/^passkeep-backup-.*\.json$/);
    expect(JSON.parse(file.text)).toMatchObject({ format: 'passkeep-backup', version: 1 });
    expect(file.text).not.toContain('alice');
    backupFile = join(dir, file.name);
    writeFileSync(backupFile, file.text);
  });

  it('resets the vault through "Forgot PIN" with the typed confirmation', async () => {
    const page = await openPopup();
    await unlocked(page);
    await page.click('testid=lock');
    await page.click('testid=forgot-pin');
    await page.waitFor('testid=reset-view');
    await page.fill('testid=reset-confirm', 'delete all passkeys');
    await page.click('testid=reset');
    await page.waitFor('[data-testid="reset-view"] [data-testid="error"]');
    expect(await page.count('testid=pin-new')).toBe(0);
    await page.fill('testid=reset-confirm', 'DELETE ALL PASSKEYS');
    await page.click('testid=reset');
    await page.waitFor('testid=pin-new');
    pin = THIRD_PIN;
    await page.fill('testid=pin-new', pin);
    await page.fill('testid=pin-confirm', pin);
    await page.click('testid=set-pin');
    await page.waitForText('testid=empty', 'No passkeys yet');
  });

  it('imports the backup through the file input; the RP verifies the next sign-in, its counter going on', async () => {
    const page = await openPopup();
    await openSettings(page);
    if (browserName === 'chromium') {
      await (page.raw as PlaywrightPage).setInputFiles('[data-testid="import-file"]', backupFile);
    } else {
      const input = (await (page.raw as PuppeteerPage).$('[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(backupFile);
    }
    await page.waitFor('testid=import-passphrase');
    await page.fill('testid=import-passphrase', PASSPHRASE);
    await page.click('testid=import');
    await page.waitForText('testid=import-report', 'Imported 1, already there 0, skipped 0.');
    await page.click('testid=back');
    await page.waitForText('[data-testid="passkey"] .passkey-account', 'alice@example.com');

    const result = await signIn();
    expect(result).toMatchObject({ kind: 'authentication', verified: true });
    expect(result.counter).toBeGreaterThan(lastCounter);
    lastCounter = result.counter!;
  });

  it('case 28: hostile files through the file input are reported as not imported; the passkey still signs in', async () => {
    // A CXF file whose largeBlob is a deflate bomb (1 MiB of zeros under a declared 4 KiB),
    // and the backup above asking Argon2id for 4 GiB before its passphrase can be checked.
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
    const credential = {
      type: 'passkey',
      credentialId: b64(randomBytes(16)),
      rpId: 'bomb.example',
      username: 'mallory',
      userDisplayName: 'Mallory',
      userHandle: b64(randomBytes(16)),
      key: b64(key),
      fido2Extensions: { largeBlob: { size: 4096, alg: 'deflate', data: b64(deflateRawSync(new Uint8Array(1 << 20))) } },
    };
    const item = { id: 'i', creationAt: 1, modifiedAt: 1, title: 'bomb', scope: { urls: [], androidApps: [] }, credentials: [credential] };
    const cxf = { version: { major: 1, minor: 0 }, exporterRpId: 'x.example', exporterDisplayName: 'x', timestamp: 1, accounts: [{ id: 'a', username: '', email: '', collections: [], items: [item] }] };
    const bombFile = join(dir, 'bomb.cxf.json');
    writeFileSync(bombFile, JSON.stringify(cxf));
    const backup = JSON.parse(readFileSync(backupFile, 'utf8'));
    const costlyFile = join(dir, 'costly-backup.json');
    writeFileSync(costlyFile, JSON.stringify({ ...backup, kdf: { ...backup.kdf, m: 1 << 22 } }));

    const page = await openPopup();
    await openSettings(page);
    const upload = async (file: string) => {
      if (browserName === 'chromium') {
        await (page.raw as PlaywrightPage).setInputFiles('[data-testid="import-file"]', file);
      } else {
        const input = (await (page.raw as PuppeteerPage).$('[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
        await input.uploadFile(file);
      }
    };
    await upload(bombFile);
    await page.waitForText('[data-testid="import-format"] option[value="auto"]', /CXF/);
    await page.click('testid=import');
    await page.waitForText('[data-testid="settings-view"] [data-testid="error"]', 'This file was not imported: largeBlob inflates to more than 4096 bytes. Nothing in your vault changed.');

    await upload(costlyFile);
    await page.waitFor('testid=import-passphrase');
    await page.fill('testid=import-passphrase', PASSPHRASE);
    await page.click('testid=import');
    await page.waitForText('[data-testid="settings-view"] [data-testid="error"]', /This file was not imported: The backup file asks for KDF parameters Passkeep does not accept \(m=4194304 KiB/);
    expect(await page.text('testid=import-report')).toBe('');

    await page.click('testid=back');
    await page.waitForText('[data-testid="passkey"] .passkey-account', 'alice@example.com');
    expect(await page.count('testid=passkey')).toBe(1);
    const result = await signIn();
    expect(result).toMatchObject({ kind: 'authentication', verified: true });
    expect(result.counter).toBeGreaterThan(lastCounter);
    lastCounter = result.counter!;
  });

  if (browserName === 'chromium') {
    it('screenshots of the settings in light and dark (docs/screenshots)', async () => {
      const page = await openPopup();
      const raw = page.raw as PlaywrightPage;
      await raw.setViewportSize({ width: 360, height: 520 });
      await openSettings(page);
      for (const colorScheme of ['light', 'dark'] as const) {
        await raw.emulateMedia({ colorScheme });
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe(colorScheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(28, 29, 33)');
        await page.screenshot(resolve(SCREENSHOTS, `popup-settings-${colorScheme}.png`));
      }
    });
  }
});
