/**
 * Issue 12 point 3, in Chromium and Firefox: the consent prompt opens over the browser window
 * of the tab that asked (src/core/prompt-placement.ts), not where the window manager puts an
 * unplaced window. Each window's outer bounds come from the browser: in Chromium from CDP
 * (`Browser.getWindowForTarget`; headless `screenY` of an emulated-viewport page is not the
 * window's), in Firefox from the documents' own `screenX/screenY/outerWidth/outerHeight`.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, launch, type Harness, type TestPage, type TestServer } from './harness/index.js';
import { PROMPT_TOP_INSET } from '../../src/core/prompt-placement.js';
import { creation, openPage, start, result, startClientServer } from './client-pages.js';

interface Bounds {
  left: number;
  top: number;
  width: number;
  height: number;
}

function windowBounds(): Bounds {
  return { left: window.screenX, top: window.screenY, width: window.outerWidth, height: window.outerHeight };
}

async function boundsOf(page: TestPage): Promise<Bounds> {
  if (page.browserName === 'firefox') return page.evaluate(windowBounds);
  const raw = page.raw as Page;
  const cdp = await raw.context().newCDPSession(raw);
  try {
    const { bounds } = await cdp.send('Browser.getWindowForTarget');
    return { left: bounds.left!, top: bounds.top!, width: bounds.width!, height: bounds.height! };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

describe.each(BROWSERS)('%s: where the prompt opens', (browserName) => {
  let h: Harness;
  let server: TestServer;

  beforeAll(async () => {
    server = await startClientServer();
    // A screen large enough for a browser window with the 440×620 prompt inside it.
    h = await launch(browserName, { screen: { width: 1600, height: 1200 } });
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('over the requesting browser window: centred on it horizontally, below its top, inside its bounds', async () => {
    const page = await openPage(h, `${server.origin}/`);
    const around = await boundsOf(page);
    await start(page, 'placed', 'create', creation());
    const prompt = await h.waitForConsent({ readyTarget: 'testid=pin-new' });
    const at = await boundsOf(prompt);
    const seen = JSON.stringify({ around, at });
    expect(around.width, seen).toBeGreaterThan(at.width);
    expect(around.height, seen).toBeGreaterThan(at.height);
    expect(at.left, seen).toBeGreaterThanOrEqual(around.left);
    expect(at.top, seen).toBeGreaterThan(around.top);
    expect(at.left + at.width, seen).toBeLessThanOrEqual(around.left + around.width);
    expect(at.top + at.height, seen).toBeLessThanOrEqual(around.top + around.height);
    // Centred horizontally, and the inset below the window's top: an unplaced Firefox window is
    // centred on the screen, which here is where the page's window is too, but higher up.
    expect(Math.abs(at.left + at.width / 2 - (around.left + around.width / 2)), seen).toBeLessThanOrEqual(2);
    expect(Math.abs(at.top - (around.top + PROMPT_TOP_INSET)), seen).toBeLessThanOrEqual(2);
    await prompt.click('testid=cancel');
    expect(await result(page, 'placed')).toMatchObject({ ok: false, name: 'NotAllowedError' });
    await page.close();
  });
});
