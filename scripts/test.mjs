#!/usr/bin/env node
/**
 * `npm test`: every test, in order, stopping at nothing silently.
 *
 *   1. the browsers: Debian's chromium and firefox-esr (installed with apt when missing and we
 *      are root; otherwise a failure that prints the exact line to run);
 *   2. the type check (tsc, strict);
 *   3. the build (dist/chrome, dist/firefox, dist/packages);
 *   4. unit tests (vitest, Node);
 *   5. end-to-end tests in real Chromium and real Firefox ESR with the built extension, two
 *      test files at a time (vitest.e2e.config.ts; PASSKEEP_E2E_WORKERS=1 for one at a time).
 *
 * Flags: --unit-only, --e2e-only (skips 4, or 2 and 4). Ends with one line
 * "N passed, N failed" over all vitest tests.
 *
 * --adversarial (`npm run test:adversarial`): the same steps over the adversarial suite only
 * (ADVERSARIAL_FILES), with every fuzz property at its full count (ADVERSARIAL_RUNS=full,
 * 100,000+ background messages); `npm test` runs those files too, at a share of the count.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const unitOnly = args.has('--unit-only');
const e2eOnly = args.has('--e2e-only');
const adversarial = args.has('--adversarial');
/** The adversarial suite: the attack, fault and fuzz tests, and the SECURITY.md cases. */
const ADVERSARIAL_FILES = {
  unit: ['test/unit/adversarial-', 'test/unit/fuzz-options', 'test/unit/security-cases'],
  e2e: ['test/e2e/adversarial-', 'test/e2e/security-'],
};
if (adversarial) process.env.ADVERSARIAL_RUNS = 'full';
const APT_LINE = 'sudo apt-get update && sudo apt-get install -y chromium firefox-esr';

function run(label, command, commandArgs, options = {}) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`✖ ${label} failed (${seconds} s)`);
    return false;
  }
  console.log(`✔ ${label} (${seconds} s)`);
  return true;
}

function browsersMissing() {
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const firefox = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
  return [
    ...(existsSync(chromium) ? [] : ['chromium']),
    ...(existsSync(firefox) ? [] : ['firefox-esr']),
  ];
}

function ensureBrowsers() {
  const missing = browsersMissing();
  if (missing.length === 0) return true;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(`✖ Missing browser(s): ${missing.join(', ')}. Install them with:\n\n    ${APT_LINE}\n`);
    return false;
  }
  console.log(`Installing ${missing.join(', ')} from Debian's packages…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const ok =
    run('apt-get update', 'apt-get', ['update', '-qq'], { env }) &&
    run(`apt-get install ${missing.join(' ')}`, 'apt-get', ['install', '-y', '-qq', ...missing], { env });
  if (!ok || browsersMissing().length > 0) {
    console.error(`✖ Could not install the browsers. Run:\n\n    ${APT_LINE}\n`);
    return false;
  }
  return true;
}

const counts = { passed: 0, failed: 0 };

function vitest(label, config, reportName, filters = []) {
  const report = join(root, '.tmp', `${reportName}.json`);
  mkdirSync(dirname(report), { recursive: true });
  const ok = run(label, process.execPath, [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    config,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...filters,
  ]);
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts.passed += json.numPassedTests ?? 0;
    counts.failed += json.numFailedTests ?? 0;
    // A file that failed to load has no failed test but still fails the run.
    if (!ok && !json.numFailedTests) counts.failed += 1;
    if ((json.numTotalTests ?? 0) === 0) {
      console.error(`✖ ${label}: no test ran`);
      return false;
    }
  } else {
    counts.failed += 1;
  }
  return ok;
}

function main() {
  const started = Date.now();
  let ok = true;
  if (!unitOnly) ok = ensureBrowsers() && ok;
  if (!ok) return finish(false, started);
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  if (!e2eOnly) ok = run('type check (tsc)', process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json']) && ok;
  if (!e2eOnly) ok = run('type check of the benchmarks (tsc)', process.execPath, [tsc, '--noEmit', '-p', 'bench/tsconfig.json']) && ok;
  ok = run('build', process.execPath, [join(root, 'scripts/build.mjs')]) && ok;
  // Passkeep Testing (dist/testing-*), for its end-to-end tests and examples/.
  if (!unitOnly) ok = run('testing build', process.execPath, [join(root, 'scripts/build.mjs'), '--testing']) && ok;
  const suite = adversarial ? ' (adversarial suite, full fuzz count)' : '';
  if (!e2eOnly) ok = vitest(`unit tests (vitest)${suite}`, 'vitest.config.ts', 'unit', adversarial ? ADVERSARIAL_FILES.unit : []) && ok;
  if (!unitOnly) ok = vitest(`end-to-end tests (Chromium, Firefox ESR)${suite}`, 'vitest.e2e.config.ts', 'e2e', adversarial ? ADVERSARIAL_FILES.e2e : []) && ok;
  return finish(ok, started);
}

function finish(ok, started) {
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  console.log(`\n${ok ? 'All tests passed' : 'Tests FAILED'} in ${minutes} min`);
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(ok ? 0 : 1);
}

main();
