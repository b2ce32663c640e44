import type { Translate } from './translate';

/**
 * The browser's own i18n. A key the locale lacks comes back as the empty string: show the key
 * instead, so a missing message is visible rather than a blank button.
 */
export const browserTranslate: Translate = (key, substitutions) => {
  // The browser's own API (Firefox's `browser`, Chromium's `chrome`), not webextension-polyfill:
  // the prompt needs nothing else of the polyfill, and loads faster without it (README "Benchmarks").
  const { i18n } = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
  return i18n.getMessage(key, substitutions === undefined ? undefined : [...substitutions]) || key;
};
