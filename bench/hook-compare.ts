/**
 * scripts/bench-hook-compare.mjs: page_hook_exec_ms of two (or more) builds side by side, in
 * one run. Each build gets the instrumented copy that bench/chromium-bench.ts measures
 * (./chromium-bench.ts instrumentedHookCopy), one Chromium per build, and the static page is
 * loaded in each in turn (A, B, A, B, …) so that whatever else the machine does weighs on both
 * alike. Prints each build's median, min and max and the hook's size. A measurement, never a test.
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch, type Harness } from '../test/e2e/harness/index.js';
import { instrumentedHookCopy } from './chromium-bench.js';
import { median, round } from './figures.js';
import { startBenchServer } from './server.js';

export async function compare(builds: Array<{ label: string; dir: string }>, loads: number): Promise<void> {
  const server = await startBenchServer();
  const opened: Array<{ label: string; dir: string; h: Harness; page: Page; samples: number[]; bytes: number }> = [];
  try {
    for (const { label, dir } of builds) {
      const copy = await instrumentedHookCopy(dir);
      const h = await launch('chromium', { extensionPath: copy, timeoutMs: 60_000 });
      const bytes = (await stat(join(dir, 'page-hook.js'))).size;
      opened.push({ label, dir: copy, h, page: (await h.newPage()).raw as Page, samples: [], bytes });
    }
    for (let i = -3; i < loads; i++) {
      for (const b of opened) {
        await b.page.goto(`${server.originFor(null)}/static?hook=${i}`);
        const ms = await b.page.evaluate(() => (window as unknown as { __passkeepBenchHookMs?: number }).__passkeepBenchHookMs);
        if (typeof ms !== 'number') throw new Error(`${b.label}: the instrumented hook did not run on the page`);
        if (i >= 0) b.samples.push(ms);
      }
    }
  } finally {
    for (const b of opened) {
      await b.h.close().catch(() => undefined);
      await rm(b.dir, { recursive: true, force: true });
    }
    await server.close();
  }
  for (const b of opened) {
    const text = await readFile(join(builds.find((x) => x.label === b.label)!.dir, 'page-hook.js'));
    const gz = (await import('node:zlib')).gzipSync(text).length;
    console.log(
      `${b.label}: page-hook.js ${b.bytes} bytes (${gz} gzipped); exec median ${round(median(b.samples))} ms, ` +
        `min ${round(Math.min(...b.samples))}, max ${round(Math.max(...b.samples))} (n=${b.samples.length})`,
    );
  }
}
