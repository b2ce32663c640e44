/**
 * A tab where Passkeep's hook stood back because another extension or a script had already
 * replaced or locked `navigator.credentials` (content-scripts/stand-back.ts): the toolbar badge
 * says so for that tab, and the popup explains it (popup/toolbar/stood-back-note.tsx reads the
 * badge). The badge is the only state: nothing is stored, and a new top-level document in the
 * tab clears it (Firefox also resets tab badges on navigation; Chrome keeps them until the tab
 * closes, https://developer.chrome.com/docs/extensions/reference/api/action#method-setBadgeText).
 *
 * The report comes from the tab's own content script, which a page can trigger itself: all it
 * can gain is this badge on its own tab, which it could also cause by locking the API first.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { isExtensionPage } from './extension-pages.js';
import { STOOD_BACK_BADGE } from '../core/stood-back-badge.js';

export function isStoodBackReport(message: unknown, sender: Runtime.MessageSender): boolean {
  return (
    (message as { type?: unknown } | null)?.type === 'passkeep:stood-back' &&
    sender.tab?.id !== undefined &&
    sender.id === browser.runtime.id &&
    !isExtensionPage(sender)
  );
}

export async function onStoodBack(sender: Runtime.MessageSender): Promise<void> {
  const tabId = sender.tab!.id!;
  await Promise.all([
    browser.action.setBadgeText({ tabId, text: STOOD_BACK_BADGE }),
    browser.action.setBadgeBackgroundColor({ tabId, color: '#b45309' }),
    browser.action.setTitle({ tabId, title: browser.i18n.getMessage('stoodBackTitle') }),
  ]).catch(() => undefined); // the tab closed meanwhile
}

/** A new document in the tab's top frame: whatever stood back there is gone. */
export function onTopFrameCommitted(details: { tabId: number; frameId: number }): void {
  if (details.frameId !== 0 || details.tabId < 0) return;
  const { tabId } = details;
  void Promise.all([browser.action.setBadgeText({ tabId, text: '' }), browser.action.setTitle({ tabId, title: browser.i18n.getMessage('extensionName') })]).catch(
    () => undefined,
  );
}
