#!/usr/bin/env node
/**
 * Builds the unpacked extensions into dist/chrome and dist/firefox, each with its own
 * manifest, and store packages into dist/packages (web-ext build).
 *
 *   node scripts/build.mjs [--no-packages] [--testing] [--out-dir DIR]
 *
 * One explicit entry per extension context; the build fails on any unresolved import.
 * `--testing` writes the testing build instead (dist/testing-chrome, dist/testing-firefox; never
 * packaged): what it adds is in scripts/build-testing.mjs.
 */
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { testingEntries, testingHtml, testingManifest, testingStatics } from './build-testing.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDirArg = process.argv.indexOf('--out-dir');
const dist = outDirArg > 0 ? resolve(process.argv[outDirArg + 1]) : join(root, 'dist');
const testing = process.argv.includes('--testing');
const withPackages = !process.argv.includes('--no-packages') && !testing;

/** Output file → source, per context. */
const entries = {
  'page-hook': { src: 'content-scripts/page-hook.ts', minify: true }, // main world, every page
  bridge: { src: 'content-scripts/bridge.ts', minify: true }, // isolated world, every page
  background: { src: 'src/background/main.ts', minify: false },
  popup: { src: 'popup/toolbar/popup.tsx', minify: false },
  consent: { src: 'popup/consent/consent.tsx', minify: false },
  guide: { src: 'popup/guide/guide.tsx', minify: false },
  inspector: { src: 'popup/inspector/inspector.tsx', minify: false }, // developer mode's ceremony inspector
  autofill: { src: 'popup/autofill/autofill.tsx', minify: false },
};

/** Files copied as they are. */
const statics = [
  ['popup/ui/controls.css', 'ui.css'],
  ['popup/toolbar/popup.html', 'popup.html'],
  ['popup/toolbar/popup.css', 'popup.css'],
  ['popup/consent/consent.html', 'consent.html'],
  ['popup/consent/consent.css', 'consent.css'],
  ['popup/guide/guide.html', 'guide.html'],
  ['popup/guide/guide.css', 'guide.css'],
  ['popup/inspector/inspector.html', 'inspector.html'],
  ['popup/inspector/inspector.css', 'inspector.css'],
  ['popup/autofill/autofill.html', 'autofill.html'],
  ['popup/autofill/autofill.css', 'autofill.css'],
  ['icons/icon-16.png', 'icons/icon-16.png'],
  ['icons/icon-32.png', 'icons/icon-32.png'],
  ['icons/icon-48.png', 'icons/icon-48.png'],
  ['icons/icon-128.png', 'icons/icon-128.png'],
  ['_locales', '_locales'],
];

const targets = {
  chrome: { esbuildTarget: ['chrome120'], manifest: (m) => m },
  firefox: {
    esbuildTarget: ['firefox140'],
    manifest: (m) => {
      const { service_worker: worker, ...background } = m.background;
      return {
        ...m,
        background: { ...background, scripts: [worker] },
        // Firefox exposes no permissions-policy object: the background reads each frame's
        // Permissions-Policy response header itself (src/background/header-policies.ts).
        // Chromium's bridge reads the browser's own verdict and needs no such permission.
        permissions: [...m.permissions, 'webRequest'],
        // Firefox has no dynamic extension URLs; its moz-extension host is already random per
        // install, so the autofill list's URL names no install a page could recognise.
        web_accessible_resources: m.web_accessible_resources.map(({ use_dynamic_url: _, ...rest }) => rest),
        browser_specific_settings: {
          // Main-world content scripts ("world": "MAIN") need Firefox 128; the data-collection
          // declaration the store asks for needs 140 (the ESR after 128), 142 on Android.
          // Declaring those minimums keeps `web-ext lint` free of "unsupported key" warnings.
          gecko: {
            id: 'passkeep@passkeep.dev',
            strict_min_version: '140.0',
            // Passkeep sends nothing anywhere.
            data_collection_permissions: { required: ['none'] },
          },
          gecko_android: { strict_min_version: '142.0' },
        },
      };
    },
  },
};

async function buildTarget(name, target, baseManifest) {
  const out = join(dist, testing ? `testing-${name}` : name);
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const [file, { src, minify }] of Object.entries(testing ? { ...entries, ...testingEntries } : entries)) {
    await esbuild.build({
      entryPoints: [join(root, src)],
      outfile: join(out, `${file}.js`),
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: target.esbuildTarget,
      minify,
      legalComments: 'none',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      logLevel: 'warning',
      // The testing build's code sits behind this define; syntax minification then drops the
      // dead branches, and the modules only they import, from the store build.
      define: { 'process.env.NODE_ENV': '"production"', __PASSKEEP_TESTING__: String(testing) },
      minifySyntax: true,
    });
  }
  for (const [from, to] of testing ? [...statics, ...testingStatics] : statics) {
    await cp(join(root, from), join(out, to), { recursive: true });
  }
  if (testing) {
    // Every page a person opens (the inspector too, in developer mode); not autofill.html, a
    // frame inside web pages' own fields.
    for (const page of ['popup.html', 'consent.html', 'guide.html', 'inspector.html', 'testing.html']) {
      await writeFile(join(out, page), testingHtml(await readFile(join(out, page), 'utf8')));
    }
  }
  const storeManifest = target.manifest(structuredClone(baseManifest));
  const manifest = testing ? testingManifest(storeManifest, name) : storeManifest;
  await writeFile(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return out;
}

async function main() {
  const started = performance.now();
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const baseManifest = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8'));
  baseManifest.version = pkg.version;
  const outs = {};
  for (const [name, target] of Object.entries(targets)) outs[name] = await buildTarget(name, target, baseManifest);
  if (withPackages) {
    const { default: webExt } = await import('web-ext');
    const artifactsDir = join(dist, 'packages');
    for (const [name, sourceDir] of Object.entries(outs)) {
      await webExt.cmd.build(
        { sourceDir, artifactsDir, filename: `passkeep-${name}-${pkg.version}.zip`, overwriteDest: true },
        { shouldExitProgram: false },
      );
    }
  }
  const hook = await readFile(join(outs.chrome, 'page-hook.js'));
  const written = testing ? 'dist/testing-chrome, dist/testing-firefox' : 'dist/chrome, dist/firefox';
  console.log(`built ${written}${withPackages ? ', dist/packages' : ''} in ${Math.round(performance.now() - started)} ms (page hook ${hook.length} bytes)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
