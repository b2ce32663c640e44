/** The popup's entry: renders the app at once, and again when the active tab's host is known. */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { activeTabHost } from './active-tab-host';
import { runtimeApi } from '../api/api';
import { App } from './app';
import { browserTranslate } from '../i18n/browser-translate';

const root = document.getElementById('root') ?? document.body;
// The language the browser's i18n picked, so screen readers pronounce the text right.
document.documentElement.lang = browser.i18n.getUILanguage();

function draw(currentHost: string | null) {
  render(<App api={runtimeApi} currentHost={currentHost} t={browserTranslate} />, root);
}

draw(null);
void activeTabHost().then((host) => {
  if (host !== null) draw(host);
});
