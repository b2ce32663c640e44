#!/usr/bin/env node
/**
 * npm run bench: builds the extension (`scripts/build.mjs --no-packages`), bundles the benchmark
 * (bench/main.ts and the e2e harness it uses) with esbuild into .tmp/, and runs it in real
 * Chromium and Firefox ESR. Prints a table and writes bench/latest.json.
 *
 *   node scripts/bench.mjs [--skip-build] [--only chromium|firefox]
 *
 * Exits non-zero, with the reason, when any figure cannot be measured.
 */
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = new Set();
for (let i = 0; i < args.length; i++) if (args[i] === '--only') only.add(args[++i]);

async function run() {
  if (!args.includes('--skip-build')) {
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--no-packages'], { stdio: 'inherit', cwd: root });
    if (built.status !== 0) throw new Error(`the build failed (exit ${built.status})`);
  }
  const outDir = join(root, '.tmp', 'bench');
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `main-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [join(root, 'bench', 'main.ts')],
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
    await main(root, only);
  } finally {
    (await import('node:fs')).rmSync(outfile, { force: true });
  }
}

run().then(
  () => process.exit(0),
  (error) => {
    console.error(`\nnpm run bench FAILED: ${error?.stack ?? error}`);
    console.error('No figures were written (bench/latest.json is left as it was).');
    process.exit(1);
  },
);
