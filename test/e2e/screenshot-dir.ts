/**
 * Where the end-to-end tests write their screenshots: `test-results/screenshots` (git-ignored)
 * on every run, or `docs/screenshots` (the README's pictures) with UPDATE_SCREENSHOTS=1, so a
 * test run leaves the working tree clean.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export function screenshotDir(): string {
  const dir = resolve(process.cwd(), process.env.UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
