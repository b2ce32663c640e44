#!/usr/bin/env node
/**
 * Prompt and approve times of several builds side by side, in one run (bench/ceremony-compare.ts):
 *
 *   node scripts/bench-ceremony-compare.mjs [--browser chromium|firefox] [--runs 20] [--creates] [--steps] LABEL=DIR [LABEL=DIR …]
 *
 * `--steps` (Chromium): also the prompt's steps, from any build (bench/prompt-timeline.ts):
 * windows.create, the prompt document's load, its script's first message, paints.
 * Each DIR is an unpacked build for that browser (dist/chrome or dist/firefox of some checkout,
 * or `node scripts/build.mjs --no-packages --out-dir DIR`). Without a DIR it compares dist with
 * itself. A measurement, never a test.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const take = (name) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? null : args.splice(i, 2)[1];
};
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args.splice(i, 1).length > 0;
};
const browser = take('browser') ?? 'chromium';
const runs = Number(take('runs') ?? 20);
const creates = flag('creates');
const steps = flag('steps');
const builds = args.map((a) => {
  const [label, dir] = a.includes('=') ? a.split('=') : [a, a];
  return { label, dir: resolve(dir) };
});
if (builds.length === 0) builds.push({ label: 'dist', dir: join(root, 'dist', browser === 'firefox' ? 'firefox' : 'chrome') });

const outDir = join(root, '.tmp', 'bench');
await mkdir(outDir, { recursive: true });
const outfile = join(outDir, `ceremony-compare-${process.pid}.mjs`);
await esbuild.build({
  entryPoints: [join(root, 'bench', 'ceremony-compare-main.ts')],
  bundle: true,
  logLevel: 'warning',
  outfile,
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  packages: 'external',
});
try {
  const { run } = await import(pathToFileURL(outfile).href);
  await run(browser, builds, runs, creates, steps);
} finally {
  await rm(outfile, { force: true });
}
process.exit(0);
