/** The popup's entry: renders the app at once, and again when the active tab's host is known. */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { activeTabHost } from './active-tab-host';
import { runtimeApi } from '../api/api';
import { App } from './app';
import { tabStoodBack } from './stood-back-tab';
import { browserTranslate } from '../i18n/browser-translate';

const root = document.getElementById('root') ?? document.body;
// The language the browser's i18n picked, so screen readers pronounce the text right.
document.documentElement.lang = browser.i18n.getUILanguage();

// Held while the popup is open: when it closes, the background ends any undo window at once
// (src/background/pending-deletes.ts).
browser.runtime.connect({ name: 'popup' });

/** The guide in a tab of its own; the toolbar popup closes by itself as the new tab takes the focus. */
function openGuide() {
  void browser.tabs.create({ url: browser.runtime.getURL('guide.html') });
}

let currentHost: string | null = null;
let stoodBack = false;

function draw() {
  render(<App api={runtimeApi} currentHost={currentHost} stoodBack={stoodBack} t={browserTranslate} openGuide={openGuide} />, root);
}

draw();
void activeTabHost().then((host) => {
  currentHost = host;
  if (host !== null) draw();
});
void tabStoodBack().then((yes) => {
  stoodBack = yes;
  if (yes) draw();
});
