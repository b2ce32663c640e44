#!/usr/bin/env node
/**
 * `npm run test:mutation [core|vault|background …] [-- stryker flags]`: Stryker (vitest runner)
 * over src/core, src/vault and src/background (or the folders named), in one run, so that the
 * unit tests' initial run and coverage are measured once. Ends with the mutation score of each
 * folder, read from the JSON report. Reports: reports/mutation/index.html and mutation.json;
 * reruns are incremental (reports/mutation/incremental.json: only changed code and tests are
 * mutated again; delete it for a full run). Extra Stryker flags follow `--`, e.g.
 * `-- --mutate src/core/rp-id.ts,src/background/ceremony.ts:318-360` to measure a few files
 * or line ranges (the per-folder scores then cover only those).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['core', 'vault', 'background'];
const argv = process.argv.slice(2);
const dashDash = argv.indexOf('--');
const names = dashDash === -1 ? argv : argv.slice(0, dashDash);
const extra = dashDash === -1 ? [] : argv.slice(dashDash + 1);
const unknown = names.filter((name) => !FOLDERS.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown folder(s): ${unknown.join(', ')}; choose from ${FOLDERS.join(', ')}`);
  process.exit(2);
}
const folders = names.length > 0 ? names : FOLDERS;

const result = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...extra], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, STRYKER_MUTATE: folders.map((folder) => `src/${folder}/**/*.ts`).join(',') },
});

/** Killed + timed out over all valid mutants (Stryker's mutation score), per src/ folder. */
const reportFile = join(root, 'reports', 'mutation', 'mutation.json');
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const byFolder = new Map();
  for (const [file, { mutants }] of Object.entries(report.files)) {
    const folder = relative(root, join(root, file)).split('/').slice(0, 2).join('/');
    const counts = byFolder.get(folder) ?? {};
    for (const mutant of mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
    byFolder.set(folder, counts);
  }
  console.log('\nMutation score per folder:');
  for (const [folder, counts] of [...byFolder].sort()) {
    const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
    const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
    const score = valid === 0 ? 100 : (100 * detected) / valid;
    console.log(`${folder}: ${score.toFixed(1)} % (${detected} of ${valid} detected) ${JSON.stringify(counts)}`);
  }
}
process.exit(result.status ?? 1);
