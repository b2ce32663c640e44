/** Entry of scripts/bench-ceremony-compare.mjs: the bench server around ./ceremony-compare.ts. */
import type { BrowserName } from '../test/e2e/harness/index.js';
import { compare } from './ceremony-compare.js';
import { startBenchServer } from './server.js';

export async function run(browser: BrowserName, builds: Array<{ label: string; dir: string }>, runs: number, creates: boolean, steps = false): Promise<void> {
  const server = await startBenchServer();
  try {
    await compare(browser, builds, server, runs, creates, steps);
  } finally {
    await server.close();
  }
}
