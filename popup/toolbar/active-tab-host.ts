import { ext } from '../api/ext';

/**
 * The host name of the active tab in the popup's window, or null when the browser does not say.
 * `tab.url` is only filled in with the `activeTab` grant (clicking the toolbar button gives it)
 * or the `tabs` permission; without them, or when the popup is open in a tab of its own, the list
 * simply has no "this site" group.
 */
export async function activeTabHost(): Promise<string | null> {
  try {
    if (typeof ext.tabs?.query !== 'function') return null;
    const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
    if (tab?.url === undefined) return null;
    const url = new URL(tab.url);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.hostname : null;
  } catch {
    return null;
  }
}
