// Mutation testing: `npm run test:mutation` (scripts/mutation.mjs names the folders to mutate in
// STRYKER_MUTATE and prints a score per folder). Not part of `npm test`: it reruns unit tests
// for every mutant.
const mutate = (process.env.STRYKER_MUTATE ?? 'src/core/**/*.ts,src/vault/**/*.ts,src/background/**/*.ts').split(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate,
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // The first run of the whole unit suite, on a loaded machine.
  dryRunTimeoutMinutes: 30,
  // Static mutants (module-level constants) would rerun every test each; they are skipped and
  // listed as Ignored in the report.
  ignoreStatic: true,
  // The machine's two cores are shared with other work.
  concurrency: 1,
  // Reuses the last run's results for code and tests that did not change; delete the file for a
  // full run.
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
