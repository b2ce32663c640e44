/**
 * Defined by scripts/build.mjs (esbuild `define`): true in the testing build
 * (`npm run build:testing`), false in the store build, where every `if` guarded by it and every
 * module only such a branch imports are removed from the output. Undefined under vitest, so
 * call sites read it as `typeof __PASSKEEP_TESTING__ !== 'undefined' && __PASSKEEP_TESTING__`.
 */
declare const __PASSKEEP_TESTING__: boolean;
