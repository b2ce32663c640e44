import browser from 'webextension-polyfill';
import type { Translate } from './translate';

/**
 * The browser's own i18n. A key the locale lacks comes back as the empty string: show the key
 * instead, so a missing message is visible rather than a blank button.
 */
export const browserTranslate: Translate = (key, substitutions) =>
  browser.i18n.getMessage(key, substitutions === undefined ? undefined : [...substitutions]) || key;
