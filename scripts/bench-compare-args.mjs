/**
 * The command line of the side-by-side benchmarks (scripts/bench-popup-compare.mjs,
 * scripts/bench-hook-compare.mjs): numeric `--NAME N` options, then `LABEL=DIR` builds, each DIR
 * an unpacked Chromium build; none given means dist/chrome alone.
 */
import { join, resolve } from 'node:path';

export function compareArgs(root, argv, defaults) {
  const args = [...argv];
  const options = {};
  for (const [name, fallback] of Object.entries(defaults)) {
    const i = args.indexOf(`--${name}`);
    options[name] = i < 0 ? fallback : Number(args.splice(i, 2)[1]);
  }
  const builds = args.map((a) => {
    const [label, dir] = a.includes('=') ? a.split('=') : [a, a];
    return { label, dir: resolve(dir) };
  });
  if (builds.length === 0) builds.push({ label: 'dist', dir: join(root, 'dist', 'chrome') });
  return { options, builds };
}
