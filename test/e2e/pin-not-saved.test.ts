/**
 * SECURITY.md case 30 (last clause), in the real browsers: no browser offers to save the PIN as
 * a password. Firefox runs with its password manager on, as people have it (puppeteer's profile
 * turns it off), and the test reads the browser's own doorhangers: typing a PIN into a
 * `type="password"` field of the popup was enough for "Save password for moz-extension://…?"
 * before the fields became masked text fields (popup/ui/secret-field.ts). A password field on a web
 * page, typed into last, shows that the check sees such offers at all. Chromium's password
 * manager does not run in extension pages (its renderer serves http and https frames only) and
 * its bubble cannot be read headless: there the test checks the fields' attributes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, startServer, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { PIN, creation, openPage, register, request, result, start, startClientServer } from './client-pages.js';

/** Every input of the page that a password manager or form history would look at. */
const fields = (page: TestPage) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('input'), (i) => ({
      testid: i.getAttribute('data-testid'),
      type: i.type,
      autocomplete: i.autocomplete,
      spellcheck: i.spellcheck,
      masked: getComputedStyle(i).getPropertyValue('-webkit-text-security'),
    })).filter((f) => f.type !== 'radio' && f.type !== 'file'),
  );
const secret = (testid: string) => ({ testid, type: 'text', autocomplete: 'off', spellcheck: false, masked: 'disc' });

describe.each(BROWSERS)('%s: the PIN is never offered for saving', (browserName) => {
  let h: Harness;
  let server: TestServer;
  let web: TestServer;

  beforeAll(async () => {
    server = await startClientServer();
    web = await startServer({ '/login': '<!doctype html><title>login</title><form><input name="user"><input type="password" name="pw"></form>' });
    h = await launch(browserName, { passwordManager: true });
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
    await web?.close();
  });

  /**
   * Firefox: a password typed into a fresh web page after the PIN, and its offer waited for,
   * so that an offer for the PIN (its input came first) would be there too; then none of the
   * offers may be for the extension. The login manager answers asynchronously: without this
   * barrier, "no offer yet" would prove nothing.
   */
  async function noOfferAfter(login: TestPage | null): Promise<void> {
    if (!login) {
      expect(await h.passwordSaveOffers()).toBeNull();
      return;
    }
    await login.fill('input[name="pw"]', `web password ${Math.random()}`);
    const deadline = Date.now() + 10_000;
    let offers = await h.passwordSaveOffers();
    while (!offers!.some((o) => o.includes(web.origin.replace('http://', '')))) {
      if (Date.now() > deadline) throw new Error(`Firefox offered nothing for the web page's password either: ${JSON.stringify(offers)}`);
      await new Promise((r) => setTimeout(r, 50)); // polling the browser's UI for the barrier's offer
      offers = await h.passwordSaveOffers();
    }
    expect(offers!.filter((o) => o.includes('moz-extension'))).toEqual([]);
    await login.close();
  }
  const loginPage = async () => (browserName === 'firefox' ? h.newPage(`${web.origin}/login`) : null);

  it('case 30: no browser offers to save the PIN', async () => {
    const page = await openPage(h, `${server.origin}/`);

    // The prompt on first use: the PIN is chosen, typed twice with real keys. The barrier runs
    // while the prompt is open (its offers would close with it), then the prompt gets the focus back.
    let login = await loginPage();
    await start(page, 'register', 'create', creation());
    let prompt = await h.waitForConsent({ readyTarget: 'testid=pin-new' });
    expect(await fields(prompt)).toEqual([secret('pin-new'), secret('pin-confirm')]);
    await prompt.fill('testid=pin-new', PIN);
    await prompt.fill('testid=pin-confirm', PIN);
    await noOfferAfter(login);
    await prompt.focusWindow();
    await prompt.click('testid=approve');
    expect(await result(page, 'register')).toMatchObject({ ok: true });

    // The prompt asking for the PIN (user verification), submitted with Enter: the same fields.
    await start(page, 'uv', 'get', request({ userVerification: 'required' }));
    prompt = await h.waitForConsent({ readyTarget: 'testid=pin' });
    expect(await fields(prompt)).toEqual([secret('pin')]);
    await prompt.fill('testid=pin', PIN);
    await prompt.press('Enter');
    expect(await result(page, 'uv')).toMatchObject({ ok: true });

    login = await loginPage();
    // The popup: lock, then unlock with the PIN; the tab stays open after the submission, so
    // the barrier after it covers the popup's typing and its submission.
    const popup = await h.openExtensionPage('popup.html');
    await popup.waitFor('testid=lock');
    await popup.click('testid=lock');
    await popup.waitFor('testid=pin');
    expect(await fields(popup)).toEqual([secret('pin')]);
    await popup.fill('testid=pin', PIN);
    await popup.click('testid=unlock');
    await popup.waitFor('testid=lock');
    await noOfferAfter(login);
    await popup.close();
    await page.close();
  });
});
