import { defineConfig } from 'vitest/config';

/**
 * The unit tests Stryker runs against each mutant (`npm run test:mutation`). The same tests as
 * `vitest.config.ts` minus those that measure time or scale (perf-*, vault-scale) and the popup's
 * DOM tests: they guard no line of src/core, src/vault or src/background that a faster test does
 * not, and with perTest coverage they would only slow the initial run.
 */
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    exclude: ['test/unit/perf-*.test.ts', 'test/unit/vault-scale.test.ts', 'test/unit/popup*.test.*'],
    // Stryker's own timeout (timeoutMS over the measured time) catches a mutant that hangs; this
    // one only keeps a loaded machine from failing the initial run.
    testTimeout: 60_000,
  },
});
