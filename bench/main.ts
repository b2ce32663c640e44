/**
 * `npm run bench` (through scripts/bench.mjs, which builds the extension and bundles this file):
 * runs every figure of the benchmark issue in real Chromium and Firefox with the built
 * extension, prints a table, and writes bench/latest.json (docs/contracts.md).
 * Any figure that cannot be measured fails the whole run: no number is ever made up.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { benchChromium, type BenchContext } from './chromium-bench.js';
import { benchFirefox } from './firefox-bench.js';
import { checkComplete, formatTable, round, type Figures } from './figures.js';
import { startBenchServer } from './server.js';

async function seedScript(root: string): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [join(root, 'bench', 'seed-vault.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__passkeepBenchSeed',
    platform: 'browser',
    target: ['chrome120'],
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

export async function main(root: string, only: Set<string>): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg()[0]!;
  const figures: Figures = {};
  const log = (m: string) => console.log(`[bench ${Math.round((performance.now() - started) / 1000)}s] ${m}`);

  const hook = await stat(join(root, 'dist', 'chrome', 'page-hook.js'));
  const hookFirefox = await stat(join(root, 'dist', 'firefox', 'page-hook.js'));
  const gzipped = (await import('node:zlib')).gzipSync(await readFile(join(root, 'dist', 'chrome', 'page-hook.js'))).length;
  figures.page_hook_bytes = {
    value: hook.size,
    unit: 'bytes',
    note: `dist/chrome/page-hook.js as built (esbuild, minified, IIFE; n=1, min = max = ${hook.size}); dist/firefox/page-hook.js ${hookFirefox.size} bytes; ${gzipped} bytes gzipped`,
  };

  const server = await startBenchServer();
  const b: BenchContext = {
    root,
    server,
    figures,
    pin: 'bench-pin-4921',
    seedScript: await seedScript(root),
    reps: Number(process.env.BENCH_REPS ?? 30),
    log,
  };
  if (b.reps < 30) throw new Error('BENCH_REPS below 30 would not give the figures the issue asks for');
  try {
    if (only.size === 0 || only.has('chromium')) await benchChromium(b);
    if (only.size === 0 || only.has('firefox')) await benchFirefox(b);
  } finally {
    await server.close();
  }
  if (figures.get_approve_ms && figures.va_get_ms) {
    figures.get_approve_vs_va_ratio = {
      value: round(figures.get_approve_ms.value / figures.va_get_ms.value),
      unit: 'ratio',
      note: `get_approve_ms median (${figures.get_approve_ms.value} ms) / va_get_ms median (${figures.va_get_ms.value} ms), same run, same page origin`,
    };
  }

  console.log('\n' + formatTable(figures) + '\n');
  if (only.size > 0) {
    console.log(`partial run (${[...only].join(', ')}): bench/latest.json not written`);
    return;
  }
  checkComplete(figures);
  // Other processes weigh on every figure: say how busy the machine was (1-minute load average).
  const load = `machine: ${cpus().length} CPUs, load average ${loadAtStart.toFixed(1)} at the start of the run, ${loadavg()[0]!.toFixed(1)} at its end`;
  const ordered: Figures = {};
  for (const name of Object.keys(figures).sort()) ordered[name] = { ...figures[name]!, note: `${figures[name]!.note}; ${load}` };
  await writeFile(join(root, 'bench', 'latest.json'), JSON.stringify(ordered, null, 2) + '\n');
  log(`wrote bench/latest.json (${Object.keys(figures).length} figures)`);
}
