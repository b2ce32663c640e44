import { defineConfig } from 'vitest/config';

// End-to-end tests in real browsers: one file at a time (each launches browsers), in forks.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
