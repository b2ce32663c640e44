/**
 * The guide's entry (guide.html): opened in a tab when Passkeep is installed
 * (../../src/background/main.ts) and from the toolbar popup's "How Passkeep works" link.
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { runtimeApi } from '../api/api';
import { browserTranslate } from '../i18n/browser-translate';
import { GuideApp } from './guide-app';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browserTranslate('guideTitle');

/** Closes this tab. An extension page may always remove its own tab; window.close() is the fallback. */
async function closeGuide(): Promise<void> {
  const tab = await browser.tabs.getCurrent().catch(() => undefined);
  if (tab?.id !== undefined) await browser.tabs.remove(tab.id);
  else window.close();
}

render(<GuideApp api={runtimeApi} t={browserTranslate} onClose={() => void closeGuide()} />, document.getElementById('root') ?? document.body);
