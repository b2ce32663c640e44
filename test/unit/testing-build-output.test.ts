// The testing build (Passkeep Testing, docs/testing-build.md) and the store build, as written by
// scripts/build.mjs: the store files carry none of the testing build's code, files or names, and
// the testing build is a different extension (name, ids, icon). Both are built here, into a
// temporary directory, so that the check is about this source tree and not a stale dist/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TESTING_CHROME_ID, TESTING_CHROME_KEY, TESTING_GECKO_ID } from '../../scripts/build-testing.mjs';

const root = resolve(__dirname, '../..');
let out = '';

/** Strings that exist only in the testing build's code, files and manifest. */
const TESTING_ONLY = [
  'Passkeep Testing',
  'passkeepTesting',
  'testing:automation',
  'testing:origins',
  'addVirtualAuthenticator',
  'isUserConsenting',
  'testingAllowedOrigins',
  'testingVirtualAuthenticators',
  'testing-automation.js',
  'testing-banner.js',
  'testing-icon',
  'src/testing/',
  '__PASSKEEP_TESTING__',
  TESTING_GECKO_ID,
  TESTING_CHROME_KEY.slice(0, 40),
];

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8', withFileTypes: false })
    .map((f) => join(dir, f))
    .filter((f) => {
      try {
        readFileSync(f);
        return true;
      } catch {
        return false; // a directory
      }
    });
}

function found(dir: string): Map<string, string[]> {
  const hits = new Map<string, string[]>();
  for (const file of files(dir)) {
    const text = readFileSync(file, 'latin1');
    const names = TESTING_ONLY.filter((s) => text.includes(s) || relative(dir, file).includes(s));
    if (names.length > 0) hits.set(relative(dir, file), names);
  }
  return hits;
}

const manifest = (dir: string) => JSON.parse(readFileSync(join(out, dir, 'manifest.json'), 'utf8'));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'passkeep-builds-'));
  for (const flags of [[], ['--testing']]) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--no-packages', '--out-dir', out, ...flags], { cwd: root, stdio: 'pipe' });
  }
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the store build contains none of the testing build', () => {
  it.each(['chrome', 'firefox'])('dist/%s: no testing string in any file, no testing file', (browser) => {
    expect(Object.fromEntries(found(join(out, browser)))).toEqual({});
  });

  it.each(['chrome', 'firefox'])('dist/testing-%s holds every one of those strings (the check above can fail)', (browser) => {
    const all = new Set([...found(join(out, `testing-${browser}`)).values()].flat());
    // The Chrome key is only in the Chromium manifest, the gecko id only in Firefox's.
    const expected = TESTING_ONLY.filter((s) => (browser === 'chrome' ? s !== TESTING_GECKO_ID : !s.startsWith(TESTING_CHROME_KEY.slice(0, 40))));
    // The define's name is replaced by its value everywhere, in both builds.
    expect([...all].sort()).toEqual(expected.filter((s) => s !== '__PASSKEEP_TESTING__').sort());
  });
});

describe('the testing build is another extension', () => {
  it('its name, ids and icons differ from the store build’s', () => {
    const [chrome, firefox, testingChrome, testingFirefox] = ['chrome', 'firefox', 'testing-chrome', 'testing-firefox'].map(manifest);
    expect(testingChrome.name).toBe('Passkeep Testing');
    expect(testingFirefox.name).toBe('Passkeep Testing');
    expect(chrome.name).toBe('__MSG_extensionName__');
    // Firefox: another add-on id.
    expect(firefox.browser_specific_settings.gecko.id).toBe('passkeep@passkeep.dev');
    expect(testingFirefox.browser_specific_settings.gecko.id).toBe(TESTING_GECKO_ID);
    // Chromium: the key fixes the id (the first 32 hex digits of the key's SHA-256, as a–p);
    // the store build has no key, so Chromium derives its id otherwise.
    expect(chrome.key).toBeUndefined();
    const digest = createHash('sha256').update(Buffer.from(testingChrome.key, 'base64')).digest('hex').slice(0, 32);
    expect([...digest].map((h) => String.fromCharCode(97 + parseInt(h, 16))).join('')).toBe(TESTING_CHROME_ID);
    // Another icon, in the manifest and in the pixels.
    for (const size of ['16', '32', '48', '128']) {
      expect(testingChrome.icons[size]).not.toBe(chrome.icons[size]);
      expect(sha(join(out, 'testing-chrome', testingChrome.icons[size]))).not.toBe(sha(join(out, 'chrome', chrome.icons[size])));
    }
    expect(testingChrome.action.default_icon['16']).toBe(testingChrome.icons['16']);
  });

  it('every extension page of the testing build loads the banner; no store page does', () => {
    for (const page of ['popup.html', 'consent.html', 'guide.html', 'inspector.html', 'testing.html']) {
      expect(readFileSync(join(out, 'testing-chrome', page), 'utf8'), page).toContain('src="testing-banner.js"');
    }
    for (const page of ['popup.html', 'consent.html', 'guide.html', 'inspector.html']) {
      expect(readFileSync(join(out, 'chrome', page), 'utf8'), page).not.toContain('testing');
    }
  });

  it('the headers of its popup, prompt and guide name it: their bundles say Passkeep Testing (the store ones do not, above)', () => {
    for (const bundle of ['popup.js', 'consent.js', 'guide.js']) {
      expect(readFileSync(join(out, 'testing-chrome', bundle), 'utf8'), bundle).toContain('Passkeep Testing');
    }
  });
});
