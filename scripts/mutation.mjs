#!/usr/bin/env node
/**
 * `npm run test:mutation [core|vault|background …]`: Stryker over src/core, src/vault and
 * src/background, one run per folder so that each folder gets its own score and report:
 *   reports/mutation/<folder>/index.html and mutation.json, and the incremental file
 *   reports/mutation/<folder>/incremental.json (reused by the next run: only changed code and
 *   tests are mutated again; delete it for a full run). Ends with one line per folder.
 * Extra Stryker flags may follow `--` (e.g. `-- --mutate src/core/rp-id.ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** The mutation score (killed + timeout over all valid mutants), as Stryker computes it. */
function score(reportFile) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const counts = {};
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
  }
  const detected = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
  const valid = detected + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
  return { percent: valid === 0 ? 100 : (100 * detected) / valid, counts };
}

const lines = [];
let failed = false;
for (const folder of folders) {
  const out = join('reports', 'mutation', folder);
  const result = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...extra], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STRYKER_FOLDER: folder },
  });
  if (result.status !== 0) failed = true;
  const reportFile = join(root, out, 'mutation.json');
  if (existsSync(reportFile)) {
    const { percent, counts } = score(reportFile);
    lines.push(`src/${folder}: ${percent.toFixed(2)} % ${JSON.stringify(counts)}`);
  } else {
    lines.push(`src/${folder}: no report`);
  }
}
console.log(`\nMutation score per folder:\n${lines.join('\n')}`);
process.exit(failed ? 1 : 0);
