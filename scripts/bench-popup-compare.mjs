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
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(args.splice(i, 2)[1]);
};
const runs = option('runs', 20);
const count = option('count', 10_000);
const builds = args.map((a) => {
  const [label, dir] = a.includes('=') ? a.split('=') : [a, a];
  return { label, dir: resolve(dir) };
});
if (builds.length === 0) builds.push({ label: 'dist', dir: join(root, 'dist', 'chrome') });

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
