/**
 * The page_load_ratio breakdown, per content script: copies of the built dist/chrome whose
 * manifest keeps only some content scripts (or moves the bridge to another run_at), each loaded
 * against a plain Chromium exactly as bench/chromium-bench.ts's page_load_ratio does (same
 * static page, alternating pairs, Navigation Timing's loadEventEnd). Investigation only: it
 * writes nothing, it prints one line per variant.
 *
 * Found (80 pairs, quiet machine): the ratio is ~0.96 with no content scripts, ~1.02 with the
 * hook alone, 1.10–1.15 with the bridge alone, whether it starts at document_start or
 * document_idle. On this page document_idle runs right after DOMContentLoaded, before the load
 * event (`+timed`), and the bridge's own run is only 0.3–0.5 ms: most of its ~3 ms is the
 * browser's set-up of an isolated-world content script, paid whenever one is injected.
 *
 *   node bench/page-load-breakdown.mjs [pairs] [variant[+timed][@/path/to/unpacked/chrome/extension]…]
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

/**
 * The `+timed` variants: page-hook.js and bridge.js each wrapped in two performance.now() reads
 * (one timeline: both worlds share the document's Performance) written to a data attribute, so
 * that each load also says when each script ran relative to the page's own load events.
 */
async function instrument(dir: string): Promise<void> {
  for (const [file, key] of [['page-hook.js', 'pkHook'], ['bridge.js', 'pkBridge']] as const) {
    const code = await readFile(join(dir, file), 'utf8');
    const strict = /^\s*(["'])use strict\1;?/.exec(code);
    const body = strict ? code.slice(strict[0].length) : code;
    await writeFile(
      join(dir, file),
      `${strict ? '"use strict";' : ''}var __pkT0=performance.now();\n${body}\n;document.documentElement.dataset.${key}=__pkT0+","+performance.now();\n`,
    );
  }
}

interface Timed {
  hook: [number, number] | null;
  bridge: [number, number] | null;
  dcl: number;
  loadStart: number;
  load: number;
}

/** After load: when each script ran, waiting for a bridge that starts after the load event. */
async function readTimed(page: Page, bridge: boolean): Promise<Timed> {
  const handle = await page.waitForFunction(
    (needBridge: boolean) => {
      const d = document.documentElement.dataset;
      if (needBridge && !d.pkBridge) return null;
      const pair = (v?: string) => (v ? (v.split(',').map(Number) as [number, number]) : null);
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { hook: pair(d.pkHook), bridge: pair(d.pkBridge), dcl: nav.domContentLoadedEventEnd, loadStart: nav.loadEventStart, load: nav.loadEventEnd };
    },
    bridge,
    { timeout: 30_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as Timed;
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
      const [full, source] = spec.split('@') as [string, string | undefined];
      const name = full.replace(/\+timed$/, '');
      const rewrite = VARIANTS[name];
      if (!rewrite) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')} (each also +timed)`);
      const dir = await variantCopy(root, source, rewrite);
      if (full !== name) await instrument(dir);
      dirs.push(dir);
    }
    for (const [index, name] of names.entries()) {
      const dir = dirs[index]!;
      const h = await launch('chromium', { extensionPath: dir, timeoutMs: 30_000 });
      try {
        const withExt = (await h.newPage()).raw as Page;
        const ratios: number[] = [];
        const w: number[] = [];
        const o: number[] = [];
        const timed: Timed[] = [];
        const isTimed = name.includes('+timed');
        const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
        const hasBridge = manifest.content_scripts.some((c) => c.js.includes('bridge.js'));
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
          if (isTimed) timed.push(await readTimed(withExt, hasBridge));
          ratios.push(a / c);
          w.push(a);
          o.push(c);
        }
        console.log(
          `${name.padEnd(24)} ratio median ${round(median(ratios))} (${range(ratios)}), with ${round(median(w))} ms (${range(w)}), without ${round(median(o))} ms (${range(o)}), n=${pairs}`,
        );
        if (timed.length) {
          const stat = (xs: number[]) => `median ${round(median(xs))} ms (${range(xs)})`;
          const hooks = timed.flatMap((t) => (t.hook ? [t.hook] : []));
          const bridges = timed.flatMap((t) => (t.bridge ? [t] : []));
          if (hooks.length) console.log(`  hook: runs ${stat(hooks.map((x) => x[1] - x[0]))}`);
          if (bridges.length) {
            console.log(`  bridge: runs ${stat(bridges.map((t) => t.bridge![1] - t.bridge![0]))}; starts − loadEventStart ${stat(bridges.map((t) => t.bridge![0] - t.loadStart))}; ends − loadEventEnd ${stat(bridges.map((t) => t.bridge![1] - t.load))}; ` +
                `starts − domContentLoadedEventEnd ${stat(bridges.map((t) => t.bridge![0] - t.dcl))}`);
            const both = bridges.filter((t) => t.hook);
            if (both.length) console.log(`  hook end → bridge start (isolated world set-up when both at document_start): ${stat(both.map((t) => t.bridge![0] - t.hook![1]))}`);
          }
        }
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
