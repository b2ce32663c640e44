#!/usr/bin/env node
/**
 * page_hook_exec_ms of several builds side by side, in one run (bench/hook-compare.ts):
 *
 *   node scripts/bench-hook-compare.mjs [--loads 55] LABEL=DIR [LABEL=DIR …]
 *
 * Each DIR is an unpacked Chromium build (dist/chrome of some checkout, or
 * `node scripts/build.mjs --no-packages --out-dir X` → X/chrome). Without a DIR it measures
 * dist/chrome alone. A measurement, never a test.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--loads');
const loads = at < 0 ? 55 : Number(args.splice(at, 2)[1]);
const builds = args.map((a) => {
  const [label, dir] = a.includes('=') ? a.split('=') : [a, a];
  return { label, dir: resolve(dir) };
});
if (builds.length === 0) builds.push({ label: 'dist', dir: join(root, 'dist', 'chrome') });

const outDir = join(root, '.tmp', 'bench');
await mkdir(outDir, { recursive: true });
const outfile = join(outDir, `hook-compare-${process.pid}.mjs`);
await esbuild.build({ entryPoints: [join(root, 'bench', 'hook-compare.ts')], outfile, bundle: true, logLevel: 'warning', format: 'esm', platform: 'node', target: ['node20'], packages: 'external' });
try {
  const { compare } = await import(pathToFileURL(outfile).href);
  await compare(builds, loads);
} finally {
  await rm(outfile, { force: true });
}
