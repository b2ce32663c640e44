#!/usr/bin/env node
/**
 * The cost of each form the prompt could take in Firefox ESR (bench/prompt-forms.ts):
 *
 *   node scripts/bench-prompt-forms.mjs [--runs 8] [--forms window,tab,…] [DIR]
 *
 * DIR: an unpacked Firefox build (default dist/firefox). A measurement, never a test.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at < 0 ? 8 : Number(args.splice(at, 2)[1]);
const formsAt = args.indexOf('--forms');
const forms = formsAt < 0 ? null : args.splice(formsAt, 2)[1].split(',');
const dir = resolve(args[0] ?? join(root, 'dist', 'firefox'));

const outDir = join(root, '.tmp', 'bench');
await mkdir(outDir, { recursive: true });
const outfile = join(outDir, `prompt-forms-${process.pid}.mjs`);
await esbuild.build({ entryPoints: [join(root, 'bench', 'prompt-forms.ts')], bundle: true, logLevel: 'warning', outfile, format: 'esm', platform: 'node', target: ['node20'], packages: 'external' });
try {
  const { run } = await import(pathToFileURL(outfile).href);
  await run(dir, runs, forms);
} finally {
  await rm(outfile, { force: true });
}
process.exit(0);
