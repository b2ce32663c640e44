// Bundles measure-prepare-get.ts for Node (the project has no TypeScript runner) and runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const dir = mkdtempSync(join(tmpdir(), 'passkeep-measure-'));
const out = join(dir, 'measure.mjs');
await esbuild.build({ entryPoints: [new URL('./measure-prepare-get.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'warning' });
const run = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
process.exit(run.status ?? 1);
