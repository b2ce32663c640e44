import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * How many test files run at once, each in its own fork with its own browsers. Two by default
 * (one browser waits on the prompt's arming delay, a PIN derivation or a launch much of the time,
 * so a second file fills a 2-core machine; more only adds contention there). One on a single
 * core. PASSKEEP_E2E_WORKERS=N overrides (1 = the old one-file-at-a-time run, for debugging).
 * Test files therefore share nothing: every port, profile and temp path is per file (see
 * test/e2e/harness/README.md, "Files run in parallel").
 */
function e2eWorkers(): number {
  const asked = Number(process.env.PASSKEEP_E2E_WORKERS);
  if (Number.isInteger(asked) && asked >= 1) return asked;
  return Math.min(2, availableParallelism());
}

const workers = e2eWorkers();

// End-to-end tests in real browsers, in forks (each file launches its own browsers).
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: workers > 1,
    maxWorkers: workers,
    minWorkers: 1,
    pool: 'forks',
  },
});
