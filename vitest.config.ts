import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.{ts,tsx}', 'test/demo-rp/**/*.test.ts'],
    setupFiles: ['test/unit/no-network.setup.ts'],
    // One fork per core (vitest's default leaves one core to its main process, which is mostly
    // idle during a run: on a 2-core machine that halved the suite's speed).
    maxWorkers: availableParallelism(),
    // Several tests run Argon2id a few times (at MIN_KDF) on purpose; on a shared, loaded machine
    // vitest's 5 s default failed three of them that take ~1 s when the machine is idle.
    testTimeout: 30_000,
  },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
