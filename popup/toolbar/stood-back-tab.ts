import { ext } from '../api/ext';
import { STOOD_BACK_BADGE } from '../../src/core/stood-back-badge';

/**
 * Whether Passkeep stood back on the tab the popup is about (src/background/stood-back.ts sets
 * the tab's badge). As the toolbar popup that is the active tab; open in a tab of its own, it is
 * the tab the person came from (the most recently used other tab).
 */
export async function tabStoodBack(): Promise<boolean> {
  try {
    const self = await ext.tabs.getCurrent();
    const tab = self
      ? (await ext.tabs.query({})).filter((t) => t.id !== self.id).sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0]
      : (await ext.tabs.query({ active: true, currentWindow: true }))[0];
    if (tab?.id === undefined) return false;
    return (await ext.action.getBadgeText({ tabId: tab.id })) === STOOD_BACK_BADGE;
  } catch {
    return false;
  }
}
