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
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { compareArgs } from './bench-compare-args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { options, builds } = compareArgs(root, process.argv.slice(2), { loads: 55 });

const outDir = join(root, '.tmp', 'bench');
await mkdir(outDir, { recursive: true });
const outfile = join(outDir, `hook-compare-${process.pid}.mjs`);
await esbuild.build({ entryPoints: [join(root, 'bench', 'hook-compare.ts')], outfile, bundle: true, logLevel: 'warning', format: 'esm', platform: 'node', target: ['node20'], packages: 'external' });
try {
  const { compare } = await import(pathToFileURL(outfile).href);
  await compare(builds, options.loads);
} finally {
  await rm(outfile, { force: true });
}
