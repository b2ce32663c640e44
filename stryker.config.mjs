// Mutation testing: `npm run test:mutation` (scripts/mutation.mjs runs Stryker once per folder,
// naming the folder in STRYKER_FOLDER). Not part of `npm test`: it reruns unit tests per mutant.
const folder = process.env.STRYKER_FOLDER ?? 'core';
const out = `reports/mutation/${folder}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [`src/${folder}/**/*.ts`],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) would rerun every test each; they are skipped and
  // listed as Ignored in the report.
  ignoreStatic: true,
  // The machine's two cores are shared with other work.
  concurrency: 1,
  // Reuses the last run's results for code and tests that did not change; delete the file for a
  // full run.
  incremental: true,
  incrementalFile: `${out}/incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `${out}/mutation.json` },
  htmlReporter: { fileName: `${out}/index.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 85, low: 70, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
