import { resolve } from 'node:path';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, Harness, LaunchOptions } from './types';

export type * from './types';
export { launchChromium } from './chromium';
export { launchFirefox } from './firefox';
export { startServer, type Routes, type TestServer } from './server';
export { startTlsSites, type SiteRequest, type TlsSites } from './tls-sites';

export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

/** The built extension for a browser: `dist/chrome` or `dist/firefox` under the repo root. */
export function builtExtensionPath(browser: BrowserName, repoRoot = process.cwd()): string {
  return resolve(repoRoot, 'dist', browser === 'chromium' ? 'chrome' : 'firefox');
}

/** Launches `browser` with `extensionPath` (default: the built extension for that browser). */
export function launch(browser: BrowserName, options: Partial<LaunchOptions> = {}): Promise<Harness> {
  const opts: LaunchOptions = { ...options, extensionPath: options.extensionPath ?? builtExtensionPath(browser) };
  return browser === 'chromium' ? launchChromium(opts) : launchFirefox(opts);
}
