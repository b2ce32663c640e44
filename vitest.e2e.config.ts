import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * How many test files run at once, each in its own fork with its own browsers. Two by default
 * (a file's browsers wait on the prompt's arming delay, a PIN derivation or a launch much of the
 * time, so a second file fills a 2-core machine; more only adds contention there). One on a
 * single core. PASSKEEP_E2E_WORKERS=N overrides (1: one file at a time, as before).
 * Test files therefore share nothing: every port, profile and temp path is per file (see
 * test/e2e/harness/README.md, "Files run in parallel").
 */
function e2eWorkers(): number {
  const asked = Number(process.env.PASSKEEP_E2E_WORKERS);
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return Math.min(2, availableParallelism());
}

/**
 * Files whose assertions compare the extension's timings (a latency bound against a control
 * measured in the same run; an early click that must land within the prompt's arming delay).
 * They run after the others, one at a time, with no other test file beside them, so that what
 * they measure is the extension and not a neighbouring test's browsers.
 */
const SOLO = ['test/e2e/security-size.test.ts', 'test/e2e/consent-arming.test.ts'];

const workers = e2eWorkers();

// End-to-end tests in real browsers, in forks (each file launches its own browsers).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    // A describe's set-up launches a browser and chooses a PIN (Argon2id at full cost): with two
    // files at once on a loaded shared machine, Firefox's took over a minute once.
    hookTimeout: 120_000,
    fileParallelism: workers > 1,
    maxWorkers: workers,
    minWorkers: 1,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts', 'examples/**/*.test.ts'], exclude: [...configDefaults.exclude, ...SOLO] },
      },
      {
        // singleFork: the pool runs these after every multi-fork file, in one fork, in turn.
        extends: true,
        test: { name: 'e2e-solo', include: SOLO, poolOptions: { forks: { singleFork: true } } },
      },
    ],
  },
});
