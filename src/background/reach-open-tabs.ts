/**
 * Passkeep in the pages that were already open when the extension started.
 *
 * Chromium runs manifest content scripts only in documents that start loading once the
 * extension is ready: a tab opened before (the first page of `npm start`, every tab at install)
 * has no hook, and the browser's own dialog answers its first request. After an update or a
 * reload, each open page keeps the old hook and an orphaned bridge. So, once per run of the
 * extension (install, update, reload, enable, browser start), the background injects the
 * manifest's content scripts, each in its own world, into every frame of every open tab it may
 * script: the bridge does nothing where a live one serves already (content-scripts/bridge-instance.ts),
 * and the hook takes over from the one before it (content-scripts/hook-takeover.ts).
 *
 * Once per run: `storage.session` starts empty whenever the extension (re)starts, and survives
 * the service worker's idle restarts, which must not inject again.
 */
import browser, { type Manifest } from 'webextension-polyfill';

const DONE_KEY = 'openTabsReached';

interface ContentScript {
  matches: string[];
  js?: string[];
  world?: 'MAIN' | 'ISOLATED';
}

export async function reachOpenTabs(): Promise<void> {
  const session = browser.storage.session;
  if ((await session.get(DONE_KEY))[DONE_KEY] === true) return;
  await session.set({ [DONE_KEY]: true });
  const scripts = ((browser.runtime.getManifest() as Manifest.WebExtensionManifest).content_scripts ?? []) as ContentScript[];
  // The bridge first: the hook asks for a live one as soon as the page calls.
  const ordered = [...scripts.filter((s) => s.world !== 'MAIN'), ...scripts.filter((s) => s.world === 'MAIN')];
  // Only tabs whose URL a content script matches, which the host permissions cover; the
  // browser refuses frames it may not script (other extensions' pages, the web store, a host
  // the person withheld in Firefox), and those are skipped.
  const tabs = await browser.tabs.query({ url: [...new Set(scripts.flatMap((s) => s.matches))] });
  await Promise.all(tabs.map((tab) => (tab.id === undefined || tab.discarded ? undefined : inject(tab.id, ordered))));
}

async function inject(tabId: number, scripts: ContentScript[]): Promise<void> {
  for (const script of scripts) {
    try {
      await browser.scripting.executeScript({
        target: { tabId, allFrames: true },
        files: script.js ?? [],
        world: script.world ?? 'ISOLATED',
        injectImmediately: true,
      });
    } catch {
      // A tab that cannot be scripted now (closed meanwhile, an error page): its next load
      // gets the manifest's content scripts.
    }
  }
}
