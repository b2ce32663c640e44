/**
 * The browser's own promise-based extension API for the popup: Firefox's `browser`, Chromium's
 * MV3 `chrome` (both return promises when no callback is given). Not webextension-polyfill: the
 * popup uses a handful of calls both browsers answer alike, and the polyfill was a sixth of the
 * popup's script, loaded and run (it wraps every namespace it is asked for) before the popup could
 * ask for its first rows (README "Benchmarks"). Only entry-side modules import this: components
 * reach the background through a `PopupApi` (./api-context.ts), so they render in tests.
 */
export const ext = (globalThis as { browser?: typeof chrome }).browser ?? chrome;
