/**
 * Stopping the extension's background from the test, as the browser itself does (automation
 * side only; nothing in the extension helps).
 *
 * Chromium: the MV3 service worker is stopped through CDP (`Target.closeTarget` on the
 * service_worker target), as Chrome stops an idle worker.
 *
 * Firefox: the background is an event page, and Firefox suspends it when it has been idle for
 * `extensions.background.idle.timeout` (30 s): open runtime ports do not keep it alive (only
 * native-messaging ports do), which is why the prompt pings its port every 20 s. The test
 * suspends it through the same call Firefox makes then (`extension.terminateBackground()`, also
 * behind about:debugging's "Terminate background script"), from the browser's chrome scope over
 * WebDriver BiDi (allowed by the harness's `--remote-allow-system-access`).
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Harness, TestPage } from './harness/index.js';
import { suspendFirefoxBackground } from './firefox-background.js';

export { suspendFirefoxBackground };

async function stopChromiumWorker(h: Harness, page: TestPage): Promise<void> {
  const raw = page.raw as Page;
  const cdp = await raw.context().newCDPSession(raw);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`${h.extensionOrigin}/`));
    expect(worker, 'the extension’s service worker is running').toBeDefined();
    expect(await cdp.send('Target.closeTarget', { targetId: worker!.targetId })).toEqual({ success: true });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Stops the background now (`page`: any open web page, for Chromium's CDP session). */
export async function stopBackground(h: Harness, page: TestPage): Promise<void> {
  if (h.browserName === 'chromium') await stopChromiumWorker(h, page);
  else expect(await suspendFirefoxBackground(h)).toBe('stopped');
}
