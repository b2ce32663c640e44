/**
 * The ceremony inspector's entry (inspector.html), developer mode only: opened in a tab from the
 * toolbar popup's "Developer mode" badge. It reads the background's in-memory log
 * (src/background/ceremony-log.ts) and decodes each entry here, with the pure core
 * (src/core/inspect-ceremony.ts).
 */
import { render } from 'preact';
import browser from 'webextension-polyfill';
import { runtimeApi } from '../api/api';
import { browserTranslate } from '../i18n/browser-translate';
import { InspectorApp } from './inspector-app';

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = browserTranslate('inspectorTitle');

render(<InspectorApp api={runtimeApi} t={browserTranslate} />, document.getElementById('root') ?? document.body);
