import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/unit/**/*.test.{ts,tsx}', 'test/demo-rp/**/*.test.ts'], setupFiles: ['test/unit/no-network.setup.ts'] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
});
