import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/demo-rp/**/*.test.ts'],
    setupFiles: ['test/unit/no-network.setup.ts'],
    // One fork per core (vitest's default leaves one core to its main process, which is mostly
    // idle during a run: on a 2-core machine that halved the suite's speed).
    maxWorkers: availableParallelism(),
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
