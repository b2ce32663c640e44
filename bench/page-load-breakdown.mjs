#!/usr/bin/env node
/**
 * Runs bench/page-load-breakdown.ts on the current dist/chrome (build first:
 * `node scripts/build.mjs --no-packages`).
 *
 *   node bench/page-load-breakdown.mjs [pairs=80] [variant…]   (default: every variant)
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [pairs = '80', ...names] = process.argv.slice(2);
const outDir = join(root, '.tmp', 'bench');
await mkdir(outDir, { recursive: true });
const outfile = join(outDir, `page-load-breakdown-${process.pid}.mjs`);
await esbuild.build({
  entryPoints: [join(root, 'bench', 'page-load-breakdown.ts')],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: ['node20'],
  packages: 'external',
  logLevel: 'warning',
});
const { main } = await import(pathToFileURL(outfile).href);
try {
  await main(
    root,
    Number(pairs),
    names.length ? names : ['no-content-scripts', 'hook-only', 'bridge-only', 'bridge-document_start', 'bridge-document_end', 'bridge-document_idle'],
  );
} finally {
  await rm(outfile, { force: true });
}
