// The one web-ext lint warning left (README, "Store checks") is Preact's `innerHTML` write for
// `dangerouslySetInnerHTML`. It is safe only while no source of ours uses that prop or writes
// HTML strings itself: this test reads every source and fails on the first that does.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const folders = ['popup', 'src', 'content-scripts'];
const htmlSinks = /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write\b/;

describe('no HTML strings reach the DOM', () => {
  it('no source under popup/, src/ or content-scripts/ uses dangerouslySetInnerHTML or an HTML sink', () => {
    const files = folders.flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(ts|tsx)$/.test(f))
        .map((f) => join(folder, f)),
    );
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((file) => htmlSinks.test(readFileSync(join(root, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
