/**
 * The first-run guide (popup/guide/) in Chromium and Firefox ESR: the extension opens it in a tab
 * of its own when it is installed (the harness installs it into a fresh profile at launch); every
 * screen passes axe (no serious or critical violations) in light and dark; it can be walked with
 * Tab and Enter alone, focus landing on each screen's heading; it ends in a PIN that works (the
 * popup is unlocked, a site's create() asks for that PIN and not for a new one); with a PIN set,
 * the last screen says so; the popup links to it. Chromium also takes the README's screenshots.
 */
import { resolve } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer, type DemoServer } from '../demo-rp/server.mjs';
import { seriousAxeViolations } from './axe.js';
import { BROWSERS, launch, type BrowserName, type Harness, type TestPage } from './harness/index.js';
import { screenshotDir } from './screenshot-dir.js';

/** Typed key by key in the keyboard test, so no character needs a modifier. */
const PIN = 'kestrel-harbour-42';
const SCREENSHOTS = screenshotDir();

/** The screens' headings, in order (the English messages). */
const HEADINGS = [
  'What a passkey is',
  'Creating a passkey',
  'Signing in',
  'Only on its own site',
  'What the PIN protects',
  'Keep a backup',
  'Using another authenticator',
  'Choose your PIN',
];

/** The page's body background, per scheme (ui.css's --bg). */
const BACKGROUND = { light: 'rgb(255, 255, 255)', dark: 'rgb(28, 29, 33)' };

/** What has the focus: its test id, tag and text. */
const focused = (page: TestPage) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return { testid: el?.dataset.testid ?? null, tag: el?.tagName.toLowerCase() ?? null, text: el?.textContent ?? '' };
  });

/** The step list's current entry (aria-current="step"), by its visible name. */
const currentStep = (page: TestPage) =>
  page.evaluate(() => document.querySelector('[aria-current="step"] .guide-step-name')?.textContent ?? null);

/**
 * Walks every screen with the mouse (Next), checking each one's heading, step marker, diagram
 * name and axe; in Chromium, a full-page screenshot of each, `guide-N-SCHEME.png`.
 */
async function walkScreens(browserName: BrowserName, guide: TestPage, scheme: 'light' | 'dark'): Promise<void> {
  expect(await guide.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(BACKGROUND[scheme]);
  if (browserName === 'chromium') await (guide.raw as PlaywrightPage).setViewportSize({ width: 960, height: 640 });
  for (const [i, heading] of HEADINGS.entries()) {
    await guide.waitForText('testid=guide-heading', heading);
    expect(await guide.text('testid=guide-progress')).toBe(`Step ${i + 1} of ${HEADINGS.length}`);
    expect(await currentStep(guide)).toBe(heading);
    if (i < HEADINGS.length - 1) {
      // The picture is one image with a name that says what it shows.
      const name = await guide.evaluate(() => document.querySelector('[data-testid="diagram"]')?.getAttribute('aria-label') ?? '');
      expect(name.length).toBeGreaterThan(40);
    } else {
      await guide.waitFor('testid=pin-new');
    }
    expect(await seriousAxeViolations(guide), `${scheme}, screen ${i + 1}`).toEqual([]);
    if (browserName === 'chromium') {
      await (guide.raw as PlaywrightPage).screenshot({ path: resolve(SCREENSHOTS, `guide-${i + 1}-${scheme}.png`), fullPage: true });
    }
    if (i < HEADINGS.length - 1) await guide.click('testid=guide-next');
  }
  expect(await guide.count('testid=guide-next')).toBe(0);
}

describe.each(BROWSERS)('%s: the guide', (browserName) => {
  let harness: Harness;
  let rp: DemoServer;

  beforeAll(async () => {
    rp = await startDemoServer({ port: 0 });
    harness = await launch(browserName);
  });

  afterAll(async () => {
    await harness?.close();
    await rp?.close();
  });

  /** Presses Tab until the element with `testid` has the focus (at most `max` times). */
  async function tabTo(page: TestPage, testid: string, max = 6): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.press('Tab');
      if ((await focused(page)).testid === testid) return;
    }
    throw new Error(`Tab did not reach ${testid} in ${max} presses; focus is on ${JSON.stringify(await focused(page))}`);
  }

  async function typeKeys(page: TestPage, text: string): Promise<void> {
    for (const key of text) await page.press(key);
  }

  it('opens in a tab of its own when Passkeep is installed, on its first screen, light', async () => {
    const guide = await harness.waitForExtensionPage('guide.html');
    expect(await guide.url()).toBe(`${harness.extensionOrigin}/guide.html`);
    expect(await guide.evaluate(() => document.title)).toBe('How Passkeep works');
    await guide.waitForText('testid=guide-heading', HEADINGS[0]!);
    expect(await guide.count('testid=guide-back')).toBe(0);
    // Landmarks: the step list is a named navigation, the screen is the main region named by its heading.
    expect(
      await guide.evaluate(() => ({
        nav: document.querySelector('nav')?.getAttribute('aria-label'),
        main: document.getElementById(document.querySelector('main')?.getAttribute('aria-labelledby') ?? '')?.textContent,
        steps: document.querySelectorAll('nav li').length,
      })),
    ).toEqual({ nav: 'Steps of the guide', main: HEADINGS[0], steps: HEADINGS.length });
    await walkScreens(browserName, guide, 'light');
    // Back returns, focus on the heading again.
    await guide.click('testid=guide-back');
    await guide.waitForText('testid=guide-heading', HEADINGS[6]!);
    expect(await focused(guide)).toMatchObject({ tag: 'h1', text: HEADINGS[6] });
    await guide.close();
  });

  it('is operable by keyboard alone: Tab and Enter through every screen to a PIN', async () => {
    const guide = await harness.openExtensionPage('guide.html');
    await guide.waitForText('testid=guide-heading', HEADINGS[0]!);
    expect(await focused(guide)).toMatchObject({ tag: 'h1', text: HEADINGS[0] });
    for (const heading of HEADINGS.slice(1)) {
      await tabTo(guide, 'guide-next');
      await guide.press('Enter');
      await guide.waitForText('testid=guide-heading', heading);
      // The focus moved to the new screen's heading: a screen reader announces it, Tab continues from it.
      expect(await focused(guide)).toMatchObject({ tag: 'h1', text: heading });
    }
    await guide.waitFor('testid=pin-new');
    await tabTo(guide, 'pin-new');
    await typeKeys(guide, PIN);
    await tabTo(guide, 'pin-confirm');
    await typeKeys(guide, PIN);
    await guide.press('Enter');
    await guide.waitForText('testid=guide-heading', 'Your PIN is set');
    expect(await focused(guide)).toMatchObject({ tag: 'h1', text: 'Your PIN is set' });
    expect(await seriousAxeViolations(guide)).toEqual([]);
    await tabTo(guide, 'guide-close');
    await guide.press('Enter');
    await guide.waitForClose();
  });

  it('ends in a working PIN: the popup is unlocked, and a site’s create() asks for that PIN, not a new one', async () => {
    const popup = await harness.openExtensionPage('popup.html');
    await popup.waitFor('.app[data-state="unlocked"]');
    await popup.click('testid=lock');
    await popup.waitFor('testid=pin');
    await popup.fill('testid=pin', PIN);
    await popup.click('testid=unlock');
    await popup.waitFor('.app[data-state="unlocked"]');
    await popup.close();

    const site = await harness.newPage(`${rp.url}?username=guide%40example.com&uv=required`);
    await site.click('#register');
    const prompt = await harness.waitForConsent({ readyTarget: 'testid=pin' });
    expect(await prompt.count('testid=pin-new')).toBe(0);
    await prompt.fill('testid=pin', PIN);
    await prompt.click('testid=approve');
    await site.waitForText('#status', /registered|error/, { timeoutMs: 20_000 });
    expect(await site.text('#status')).toBe('registered');
    expect(rp.results.at(-1)).toMatchObject({ verified: true, userVerified: true, username: 'guide@example.com' });
    await site.close();
  });

  it('with a PIN set, its last screen says so and offers to close; the popup links to it', async () => {
    const popup = await harness.openExtensionPage('popup.html');
    await popup.waitFor('.app[data-state="unlocked"]');
    expect(await popup.evaluate(() => document.querySelector('[data-testid="guide-link"]')?.getAttribute('aria-label'))).toBe(
      'How Passkeep works',
    );
    await popup.click('testid=guide-link');
    const guide = await harness.waitForExtensionPage('guide.html');
    await guide.waitForText('testid=guide-heading', HEADINGS[0]!);
    // The step list jumps straight to a screen.
    await guide.click('testid=guide-step', { nth: HEADINGS.length - 1 });
    await guide.waitForText('testid=guide-heading', 'You already have a PIN');
    expect(await guide.count('testid=pin-new')).toBe(0);
    expect(await seriousAxeViolations(guide)).toEqual([]);
    await guide.click('testid=guide-close');
    await guide.waitForClose();
    await popup.close();
  });
});

describe.each(BROWSERS)('%s: the guide in dark', (browserName) => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await launch(browserName, { colorScheme: 'dark' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('every screen passes axe in the dark theme', async () => {
    const guide = await harness.waitForExtensionPage('guide.html');
    await walkScreens(browserName, guide, 'dark');
  });
});
