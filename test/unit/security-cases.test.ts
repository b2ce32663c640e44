// A meta-test of the repository's own convention (refined-github's habit): every numbered case of
// the threat model (SECURITY.md, "Cases the tests must show") is an automated test whose
// title names it as `case N:`, so a case cannot quietly lose its test.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The cases that must each have a test titled `case N:` (all of SECURITY.md's). */
export const REQUIRED_SECURITY_CASES = 30;

const TEST_ROOT = join(import.meta.dirname, '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testFiles(path);
    return /\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * `case N:` inside the title of an `it`/`test`/`describe` call (plain, `.each(…)`, or `.skip`/
 * `.todo`, which are reported separately): a comment mentioning the case does not count.
 */
const TITLE = /\b(it|test|describe)(\.each\([^)]*\))?(\.(skip|todo|only))?\(\s*(['"`])((?:(?!\5)[^\\]|\\.)*)\5/g;

/** `case 8:` → [8]; `case 11/12:` (one test for two cases) → [11, 12]. */
function caseNumbers(title: string): number[] {
  return [...title.matchAll(/\bcase ((?:\d+\/)*\d+):/g)].flatMap((m) => m[1]!.split('/').map(Number));
}

interface Found {
  file: string;
  title: string;
  modifier: string | undefined;
}

function casesInTitles(): Map<number, Found[]> {
  const cases = new Map<number, Found[]>();
  for (const path of testFiles(TEST_ROOT)) {
    const source = readFileSync(path, 'utf8');
    for (const match of source.matchAll(TITLE)) {
      const title = match[6]!;
      for (const n of caseNumbers(title)) {
        const list = cases.get(n) ?? [];
        list.push({ file: relative(TEST_ROOT, path), title, modifier: match[4] });
        cases.set(n, list);
      }
    }
  }
  return cases;
}

describe('SECURITY.md cases as tests', () => {
  const cases = casesInTitles();

  it(`every case 1–${REQUIRED_SECURITY_CASES} has a test titled "case N:"`, () => {
    const missing = Array.from({ length: REQUIRED_SECURITY_CASES }, (_, i) => i + 1).filter((n) => !cases.has(n));
    expect(missing).toEqual([]);
  });

  it('no case is carried only by a skipped, todo or focused test', () => {
    const weak = [...cases].filter(([, found]) => found.every((f) => f.modifier !== undefined)).map(([n]) => n);
    expect(weak).toEqual([]);
  });

  it("SECURITY.md's table names, for each case, test files that really carry it", () => {
    const table = readFileSync(join(TEST_ROOT, '..', 'SECURITY.md'), 'utf8');
    const rows = [...table.matchAll(/^\| (\d+) \|[^\n]*\|([^\n]*)\|$/gm)];
    expect(rows.map((r) => Number(r[1]))).toEqual(Array.from({ length: REQUIRED_SECURITY_CASES }, (_, i) => i + 1));
    const wrong = rows.flatMap((r) => {
      const n = Number(r[1]);
      const carriers = new Set((cases.get(n) ?? []).map((f) => f.file));
      return [...r[2]!.matchAll(/\]\(test\/([^)]+)\)/g)].map((m) => m[1]!).filter((file) => !carriers.has(file)).map((file) => `case ${n}: ${file}`);
    });
    expect(wrong).toEqual([]);
  });

  it('the scan finds titles, not comments (a check on the check)', () => {
    const sample = `// case 99: in a comment\nit('case 98: in a title', () => {});\ndescribe.each(['a'])('%s: case 97/96: each', () => {});`;
    const numbers = [...sample.matchAll(TITLE)].flatMap((m) => caseNumbers(m[6]!));
    expect(numbers).toEqual([98, 97, 96]);
  });
});
