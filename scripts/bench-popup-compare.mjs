#!/usr/bin/env node
/**
 * The popup with 10,000 passkeys in several builds side by side, in one run (bench/popup-compare.ts):
 *
 *   node scripts/bench-popup-compare.mjs [--runs 20] [--count 10000] LABEL=DIR [LABEL=DIR …]
 *
 * Each DIR is an unpacked Chromium build (dist/chrome of some checkout). Without a DIR it compares
 * dist/chrome with itself. A measurement, never a test.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { compareArgs } from './bench-compare-args.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { options, builds } = compareArgs(root, process.argv.slice(2), { runs: 20, count: 10_000 });
const { runs, count } = options;

const outDir = join(root, '.tmp', 'bench');
await mkdir(outDir, { recursive: true });
const outfile = join(outDir, `popup-compare-${process.pid}.mjs`);
const bundle = (entry, options) => esbuild.build({ entryPoints: [join(root, 'bench', entry)], bundle: true, logLevel: 'warning', ...options });
await bundle('popup-compare.ts', { outfile, format: 'esm', platform: 'node', target: ['node20'], packages: 'external' });
const seed = await bundle('seed-vault.ts', { write: false, format: 'iife', globalName: '__passkeepBenchSeed', platform: 'browser', target: ['chrome120'] });
try {
  const { compare } = await import(pathToFileURL(outfile).href);
  await compare(builds, seed.outputFiles[0].text, runs, count);
} finally {
  await rm(outfile, { force: true });
}
