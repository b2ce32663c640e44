/** The popup's entry: renders the app at once, and again when the active tab's host is known. */
import { render } from 'preact';
import { activeTabHost } from './active-tab-host';
import { runtimeApi } from '../api/api';
import { ext } from '../api/ext';
import { withPrefetched } from '../api/with-prefetched';
import { App } from './app';
import { tabStoodBack } from './stood-back-tab';
import { FIRST_ROWS } from './list/passkey-list';
import { browserTranslate } from '../i18n/browser-translate';

const root = document.getElementById('root') ?? document.body;
// The language the browser's i18n picked, so screen readers pronounce the text right.
document.documentElement.lang = ext.i18n.getUILanguage();

// Held while the popup is open: when it closes, the background ends any undo window at once
// (src/background/pending-deletes.ts).
ext.runtime.connect({ name: 'popup' });

/** The guide in a tab of its own; the toolbar popup closes by itself as the new tab takes the focus. */
function openGuide() {
  void ext.tabs.create({ url: ext.runtime.getURL('guide.html') });
}

/** The ceremony inspector (developer mode), in a tab of its own. */
function openInspector() {
  void ext.tabs.create({ url: ext.runtime.getURL('inspector.html') });
}

const currentHost = activeTabHost();
// The state and the first rows are asked for now, in parallel, before anything is drawn: the
// popup shows its list as soon as both are back, instead of asking one after the other as the
// components mount (the list's rows are ordered for the active tab's site, so they wait for it).
const api = withPrefetched(runtimeApi, {
  'vault:status': { type: 'vault:status' },
  'vault:list-first': currentHost.then((host) => ({ type: 'vault:list-first', count: FIRST_ROWS, currentHost: host })),
});

let host: string | null = null;
let stoodBack = false;

function draw() {
  render(<App api={api} currentHost={host} stoodBack={stoodBack} t={browserTranslate} openGuide={openGuide} openInspector={openInspector} />, root);
}

draw();
void currentHost.then((h) => {
  host = h;
  if (h !== null) draw();
});
void tabStoodBack().then((yes) => {
  stoodBack = yes;
  if (yes) draw();
});
