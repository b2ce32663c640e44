// The layout of popup/: each extension page (the toolbar popup, the consent prompt, and pages to
// come) has a folder of its own, and what pages share lives in the shared folders. A page that
// imports another page's file would let a change to one page reach the other unseen, so this
// test reads every import under popup/ and fails on any that crosses from one page to another,
// or from a shared folder into a page.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const popupDir = resolve(__dirname, '../../popup');

/** The folders every page may import from; any other direct subfolder of popup/ is a page. */
const SHARED = new Set(['ui', 'i18n', 'api']);

const folders = readdirSync(popupDir).filter((name) => statSync(join(popupDir, name)).isDirectory());
const pages = folders.filter((name) => !SHARED.has(name));

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|tsx)$/.test(f))
    .map((f) => join(dir, f));
}

/** Relative module specifiers: static imports and exports, `import()` and `import type`. */
function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)) found.push(m[2]!);
  return found;
}

/** The top-level folder of popup/ a path lies in, or null outside popup/ (src/core, _locales…). */
function popupFolderOf(path: string): string | null {
  const rel = relative(popupDir, path);
  if (rel.startsWith('..')) return null;
  const [first, ...rest] = rel.split(sep);
  return rest.length === 0 ? '' : first!;
}

/** Every import under popup/ that leaves its page for another page (or a shared folder for a page). */
function crossings(): string[] {
  const bad: string[] = [];
  for (const file of sources(popupDir)) {
    const from = popupFolderOf(file)!;
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const to = popupFolderOf(resolve(dirname(file), spec));
      if (to === null || to === from || SHARED.has(to)) continue;
      bad.push(`${relative(popupDir, file)} imports ${spec} (page ${to}/)`);
    }
  }
  return bad;
}

describe('layout: popup/ has one folder per extension page', () => {
  it('finds the pages and the shared folders, and no file loose at the top', () => {
    expect(pages).toEqual(expect.arrayContaining(['toolbar', 'consent']));
    expect(folders).toEqual(expect.arrayContaining([...SHARED]));
    // A file directly in popup/ would belong to no page and to no shared folder.
    expect(readdirSync(popupDir).filter((name) => !folders.includes(name))).toEqual([]);
  });

  it('sees the imports it checks (a page imports the shared folders)', () => {
    const toolbarImports = sources(join(popupDir, 'toolbar')).flatMap((file) =>
      relativeImports(readFileSync(file, 'utf8')).map((spec) => popupFolderOf(resolve(dirname(file), spec))),
    );
    expect(toolbarImports).toEqual(expect.arrayContaining(['toolbar', 'ui', 'i18n', 'api', null]));
  });

  it('has no import from one page into another, nor from a shared folder into a page', () => {
    expect(crossings()).toEqual([]);
  });

  it('each page folder holds its entry and its HTML', () => {
    for (const page of pages) {
      const names = readdirSync(join(popupDir, page));
      expect(names.some((n) => n.endsWith('.html')), page).toBe(true);
      expect(names.some((n) => n.endsWith('.tsx')), page).toBe(true);
    }
  });
});
