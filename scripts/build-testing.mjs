/**
 * The testing build (npm run build:testing, docs/testing-build.md): Passkeep Testing, for
 * automated test suites, written to dist/testing-chrome and dist/testing-firefox. Never a store
 * package. scripts/build.mjs builds it from the same sources with `__PASSKEEP_TESTING__` true and
 * applies what this file adds; the store build gets none of it (test/unit/testing-build-output.test.ts).
 */

/** The testing build's own entries (output file → source). */
export const testingEntries = {
  'testing-automation': { src: 'content-scripts/testing-automation.ts', minify: true }, // isolated world, every page
  'testing-banner': { src: 'popup/testing/banner.ts', minify: false }, // on every extension page
  testing: { src: 'popup/testing/testing.tsx', minify: false }, // its settings page
};

export const testingStatics = [
  ['popup/testing/testing.html', 'testing.html'],
  ['popup/testing/testing.css', 'testing.css'],
  ['icons/testing-icon-16.png', 'icons/testing-icon-16.png'],
  ['icons/testing-icon-32.png', 'icons/testing-icon-32.png'],
  ['icons/testing-icon-48.png', 'icons/testing-icon-48.png'],
  ['icons/testing-icon-128.png', 'icons/testing-icon-128.png'],
];

export const TESTING_NAME = 'Passkeep Testing';
/** Firefox: its own add-on id, so that it never replaces (or is taken for) the store Passkeep. */
export const TESTING_GECKO_ID = 'passkeep-testing@passkeep.dev';
/**
 * Chromium: the public half of a key made for this build only, so that its extension id is
 * fixed wherever it is loaded (hbgcicfoedbknlmjjflpmefkgabkjcki) and never the store build's. The private half was
 * thrown away: the testing build is never packed for a store.
 */
export const TESTING_CHROME_KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA4xZ4FDsaNmSCHhZrdFaRUEUsVfbdwu11uKCIl7LZNgAqTDFWpPPF3mPs8QQhanCrHCk0Gbfob6A//GXIKEowQF9EHKtcTKNGJDhV3olNap1qXnQKWZrqM1n8JtPEKRsi5eo8hncn2mANsHB8UN6T0NiZm7/ozymDMi8q0dFBHTS1vuHNhKHJup+7NFPuzVCU/08rvK/GCWNZAc1fjPNqATdeZHktLrjKXnGSMFRZOdABiYERfE8QF+aVVsRe0bYGqKqcxzuD8faWry2znDGqBSJcRrnul13HyeoCK5l7mYaYJqDAnzOOKGqilTMy6aHtJKIGO7ez4Yd4kgGeLKCIiwIDAQAB';
export const TESTING_CHROME_ID = 'hbgcicfoedbknlmjjflpmefkgabkjcki';

const icons = (sizes) => Object.fromEntries(sizes.map((s) => [String(s), `icons/testing-icon-${s}.png`]));

/** The testing manifest from the browser's store manifest (the output of build.mjs's target). */
export function testingManifest(manifest, browserName) {
  const out = {
    ...manifest,
    name: TESTING_NAME,
    short_name: TESTING_NAME,
    description: 'Passkeep for automated WebAuthn tests: virtual authenticators driven by the page. Never for real passkeys.',
    icons: icons([16, 32, 48, 128]),
    action: { ...manifest.action, default_title: TESTING_NAME, default_icon: icons([16, 32]) },
    content_scripts: [
      ...manifest.content_scripts,
      {
        matches: manifest.content_scripts[0].matches,
        js: ['testing-automation.js'],
        run_at: 'document_start',
        all_frames: true,
      },
    ],
  };
  if (browserName === 'chrome') out.key = TESTING_CHROME_KEY;
  else out.browser_specific_settings = { ...manifest.browser_specific_settings, gecko: { ...manifest.browser_specific_settings.gecko, id: TESTING_GECKO_ID } };
  return out;
}

/** Every extension page of the testing build loads the banner (popup/testing/banner.ts). */
export function testingHtml(html) {
  if (!html.includes('</head>')) throw new Error('testing build: a page without </head>');
  return html.replace('</head>', '  <script defer src="testing-banner.js"></script>\n  </head>');
}
