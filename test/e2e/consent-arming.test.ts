/**
 * SECURITY.md case 26, in Chromium and Firefox: the prompt cannot be clicked or typed into by
 * accident. A page calls get() with userVerification "discouraged" on an unlocked vault, so that
 * approve alone would sign, at the moment the person is clicking (or typing) for the page. Real
 * (trusted) clicks and keys that land early do nothing; the same control a moment later signs.
 * The prompt's delay is popup/consent/approve-arming.ts's ARMING_DELAY_MS (1 s).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { PIN, clientBrowser, openPage, request, result, start } from './client-pages.js';

const ARMED = '[data-testid="approve"][data-armed="true"]';

describe.each(BROWSERS)('%s: the prompt ignores early input', (browserName) => {
  // The shared set-up: the client pages served, a browser with a PIN and one passkey.
  const ctx = clientBrowser(browserName);
  let h: Harness;
  let server: TestServer;
  beforeAll(() => ({ h, server } = ctx));

  /** Starts get() and notes, in the page, when its promise settles. */
  async function startGet(page: TestPage, key: string, publicKey: Record<string, unknown> = {}): Promise<void> {
    await start(page, key, 'get', request(publicKey));
    await page.evaluate((k) => {
      const w = window as unknown as { T: { started: Record<string, Promise<unknown>> }; settled?: Record<string, boolean> };
      w.settled ??= {};
      void w.T.started[k]!.then(() => (w.settled![k] = true));
      return true;
    }, key);
  }
  const settled = (page: TestPage, key: string) =>
    page.evaluate((k) => !!(window as unknown as { settled?: Record<string, boolean> }).settled?.[k], key);

  /** Records, in the prompt, the next press on approve: when (prompt's clock) and whether it was armed. */
  const notePress = (prompt: TestPage) =>
    prompt.evaluate(() => {
      const w = window as unknown as { press?: { at: number; armed: string | null } };
      addEventListener(
        'pointerdown',
        (e) => (w.press = { at: e.timeStamp, armed: document.querySelector('[data-testid="approve"]')!.getAttribute('data-armed') }),
        { capture: true, once: true },
      );
      return true;
    });
  const press = (prompt: TestPage) => prompt.evaluate(() => (window as unknown as { press?: { at: number; armed: string | null } }).press ?? null);

  /**
   * After an early click: once approve arms (a second later: the early press restarted the
   * delay), the early click is seen to have approved nothing (the page still waits, the prompt
   * is still open, no error), and a click now signs in.
   */
  async function nothingApprovedThenSignIn(page: TestPage, prompt: TestPage, key: string): Promise<void> {
    await prompt.waitFor(ARMED);
    expect(await settled(page, key)).toBe(false);
    expect(await prompt.isClosed()).toBe(false);
    expect(await prompt.count('testid=error')).toBe(0);
    await prompt.click('testid=approve');
    expect(await result(page, key)).toMatchObject({ ok: true, value: { type: 'public-key' } });
    await prompt.waitForClose();
    await page.close();
  }

  it('case 26: a trusted click landing ~150 ms after the prompt appears approves nothing; a click after the delay signs in', async () => {
    const page = await openPage(h, `${server.origin}/`);
    await startGet(page, 'early');
    const prompt = await h.waitForConsent(); // approve is on screen
    // One round trip (the click must land within the delay, on a loaded machine too): what the
    // prompt shows, the press noted, then the attack's timing: the click goes out at +150 ms or
    // later on the prompt's own clock (performance.now() counts from the start of the prompt's
    // document, before approve showed).
    const before = await prompt.evaluate(async () => {
      const approve = document.querySelector('[data-testid="approve"]')!;
      const w = window as unknown as { press?: { at: number; armed: string | null } };
      addEventListener('pointerdown', (e) => (w.press = { at: e.timeStamp, armed: approve.getAttribute('data-armed') }), { capture: true, once: true });
      const seenAt = performance.now();
      await new Promise<void>((resolve) => {
        const tick = () => (performance.now() >= 150 ? resolve() : requestAnimationFrame(tick));
        tick();
      });
      return { armed: approve.getAttribute('data-armed'), pins: document.querySelectorAll('[data-testid="pin"]').length, seenAt };
    });
    // Nothing but approve stands between this click and a signature, and it is not armed yet.
    expect(before).toMatchObject({ armed: 'false', pins: 0 });
    const { seenAt } = before;
    await prompt.click('testid=approve', { immediate: true });
    const early = await press(prompt);
    expect(early).not.toBeNull();
    // The premise: the press landed before approve had armed (what makes it an early click).
    expect(early!.armed).toBe('false');
    console.log(`${browserName}: the early click landed ${Math.round(early!.at)} ms after the prompt's document started, ${Math.round(early!.at - seenAt)} ms after the test saw approve`);

    await nothingApprovedThenSignIn(page, prompt, 'early');
  });

  it('case 26: losing and regaining the focus disarms approve and starts the delay again', async () => {
    const page = await openPage(h, `${server.origin}/`);
    await startGet(page, 'refocus');
    const prompt = await h.waitForConsent();
    await prompt.waitFor(ARMED);

    await prompt.blurWindow();
    expect(await prompt.count(ARMED)).toBe(0);
    await notePress(prompt);
    await prompt.focusWindow();
    await prompt.click('testid=approve', { immediate: true }); // right after the focus came back
    const early = await press(prompt);
    expect(early).not.toBeNull();
    expect(early!.armed).toBe('false');

    await nothingApprovedThenSignIn(page, prompt, 'refocus');
  });

  it('case 26: keys typed toward the page neither land in the focused PIN field nor submit it', async () => {
    const page = await openPage(h, `${server.origin}/`);
    // The lock screen's case: the PIN field has the focus as soon as the prompt shows.
    await startGet(page, 'typed', { userVerification: 'required' });
    const prompt = await h.waitForConsent({ readyTarget: 'testid=pin' });
    expect(await prompt.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pin');
    for (const key of ['4', '9', '2', '1', 'Enter']) await prompt.press(key);

    await prompt.waitFor(ARMED);
    expect(await prompt.evaluate(() => (document.querySelector('[data-testid="pin"]') as HTMLInputElement).value)).toBe('');
    expect(await settled(page, 'typed')).toBe(false);
    expect(await prompt.count('testid=error')).toBe(0); // no PIN attempt was spent

    await prompt.fill('testid=pin', PIN);
    await prompt.press('Enter');
    expect(await result(page, 'typed')).toMatchObject({ ok: true, value: { type: 'public-key' } });
    await page.close();
  });
});
