/**
 * The consent prompt's position for `windows.create`: over the browser window of the tab that
 * asked (../core/prompt-placement.ts). The window comes from the browser's `sender`, never the
 * page's message; when the browser cannot tell (no window id, the window just closed, no
 * geometry) the prompt opens without a position, where the window manager puts it.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { promptPlacement, type PromptSize } from '../core/prompt-placement.js';

export async function promptPosition(sender: Runtime.MessageSender | undefined, size: PromptSize): Promise<{ left?: number; top?: number }> {
  const windowId = sender?.tab?.windowId;
  if (windowId === undefined) return {};
  const around = await browser.windows.get(windowId).catch(() => null);
  return (around && promptPlacement(around, size)) ?? {};
}
