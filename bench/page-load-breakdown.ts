/**
 * The page_load_ratio breakdown, per content script: copies of the built dist/chrome whose
 * manifest keeps only some content scripts (or moves the bridge to another run_at), each loaded
 * against a plain Chromium exactly as bench/chromium-bench.ts's page_load_ratio does (same
 * static page, alternating pairs, Navigation Timing's loadEventEnd). Investigation only: it
 * writes nothing, it prints one line per variant.
 *
 *   node bench/page-load-breakdown.mjs [pairs] [variant[@/path/to/unpacked/chrome/extension]…]
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../test/e2e/harness/chromium.js';
import { launch } from '../test/e2e/harness/index.js';
import { median, round } from './figures.js';
import { navigationLoadMs } from './in-page.js';
import { startBenchServer } from './server.js';

type Script = { js: string[]; run_at?: string; world?: string };
type Manifest = { content_scripts: Script[] };

/** Each variant rewrites the built manifest's content_scripts. */
const bridgeAt = (runAt: string) => (s: Script[]) => s.map((c) => (c.world === 'MAIN' ? c : { ...c, run_at: runAt }));
const VARIANTS: Record<string, (scripts: Script[]) => Script[]> = {
  'as-built': (s) => s,
  'no-content-scripts': () => [],
  'hook-only': (s) => s.filter((c) => c.world === 'MAIN'),
  'bridge-only': (s) => bridgeAt('document_start')(s.filter((c) => c.world !== 'MAIN')),
  'bridge-only-idle': (s) => bridgeAt('document_idle')(s.filter((c) => c.world !== 'MAIN')),
  'bridge-document_start': bridgeAt('document_start'),
  'bridge-document_end': bridgeAt('document_end'),
  'bridge-document_idle': bridgeAt('document_idle'),
};

/** `name` or `name@/path/to/an/unpacked/chrome/extension` (default: dist/chrome). */
async function variantCopy(root: string, source: string | undefined, rewrite: (scripts: Script[]) => Script[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'passkeep-bench-variant-'));
  await cp(source ?? join(root, 'dist', 'chrome'), dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  manifest.content_scripts = rewrite(manifest.content_scripts);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

async function loadOnce(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  const handle = await page.waitForFunction(navigationLoadMs, undefined, { timeout: 30_000, polling: 'raf' });
  return (await handle.jsonValue()) as number;
}

const range = (xs: number[]) => `${round(Math.min(...xs))}..${round(Math.max(...xs))}`;

export async function main(root: string, pairs: number, names: string[]): Promise<void> {
  const server = await startBenchServer();
  const plainDir = await mkdtemp(join(tmpdir(), 'passkeep-bench-plain-'));
  let plain: BrowserContext | null = null;
  try {
    plain = await chromium.launchPersistentContext(plainDir, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      viewport: null,
      args: CHROMIUM_ARGS,
    });
    const without = await plain.newPage();
    await without.setViewportSize({ width: 1280, height: 720 });
    // Copy every variant first, so that a rebuild meanwhile changes nothing.
    const dirs: string[] = [];
    for (const spec of names) {
      const [name, source] = spec.split('@') as [string, string | undefined];
      const rewrite = VARIANTS[name];
      if (!rewrite) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
      dirs.push(await variantCopy(root, source, rewrite));
    }
    for (const [index, name] of names.entries()) {
      const dir = dirs[index]!;
      const h = await launch('chromium', { extensionPath: dir, timeoutMs: 30_000 });
      try {
        const withExt = (await h.newPage()).raw as Page;
        const ratios: number[] = [];
        const w: number[] = [];
        const o: number[] = [];
        for (let i = -5; i < pairs; i++) {
          const url = `${server.originFor(null)}/static?${name}=${i}`;
          let a: number;
          let c: number;
          if (i % 2 === 0) {
            a = await loadOnce(withExt, url);
            c = await loadOnce(without, url);
          } else {
            c = await loadOnce(without, url);
            a = await loadOnce(withExt, url);
          }
          if (i < 0) continue;
          ratios.push(a / c);
          w.push(a);
          o.push(c);
        }
        console.log(
          `${name.padEnd(24)} ratio median ${round(median(ratios))} (${range(ratios)}), with ${round(median(w))} ms (${range(w)}), without ${round(median(o))} ms (${range(o)}), n=${pairs}`,
        );
        await withExt.close();
      } finally {
        await h.close();
      }
    }
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  } finally {
    await plain?.close().catch(() => undefined);
    await rm(plainDir, { recursive: true, force: true });
    await server.close();
  }
}
