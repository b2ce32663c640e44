#!/usr/bin/env node
/**
 * Popup first render with 10,000 passkeys, measured in real Chromium with the real popup code
 * (popup/toolbar/app.tsx and everything under it, ui.css and popup.css) and a fake background: the vault lives in
 * the extension's background, which cannot be filled with 10,000 passkeys quickly through the UI,
 * so the fake api answers `vault:status` and `vault:list` at once. Its list is parsed from a JSON
 * string on every call, standing in for the message's deserialisation (the extension's messaging
 * itself is not included).
 *
 *   node scripts/bench-popup-render.mjs [--runs 40] [--count 10000]
 *
 * Each run loads a fresh page, then times from `render(<App>)` to the first frame painted after
 * the first passkey row is in the DOM (two requestAnimationFrames), and one search keystroke from
 * the input event to the frame after the list changed. Prints median, p90, min, max.
 */
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const RUNS = arg('runs', 40);
const COUNT = arg('count', 10_000);

const entry = `
import { render } from 'preact';
import { App } from './popup/toolbar/app';
import { translatorFrom } from './popup/i18n/translate';
import messages from './_locales/en/messages.json';

const count = Number(new URLSearchParams(location.search).get('count'));
const sites = Math.max(1, Math.floor(count / 20));
const passkeys = Array.from({ length: count }, (_, i) => ({
  id: 'cred' + i.toString(36).padStart(8, '0') + 'xxxxxxxxxxxxxxxxxxxxxxxx',
  rpId: 'site' + String(i % sites).padStart(4, '0') + '.example',
  userName: 'user' + String(i).padStart(5, '0') + '@mail.example',
  userDisplayName: 'User ' + i,
  alg: -7,
  createdAt: 1735689600000 + i * 1000,
  lastUsedAt: i % 3 === 0 ? null : 1738368000000 + i * 1000,
}));
const json = JSON.stringify({ passkeys });
const memory = new Set();
const journal = { add: (id) => memory.add(id), remove: (id) => memory.delete(id), ids: () => [...memory] };
const api = {
  send: async (request) => {
    if (request.type === 'vault:status') return { state: 'unlocked', retryAfterSeconds: 0 };
    if (request.type === 'vault:list') return JSON.parse(json);
    throw new Error('not in this benchmark: ' + request.type);
  },
};
const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
const until = (test) =>
  new Promise((resolve) => {
    if (test()) return resolve();
    const observer = new MutationObserver(() => test() && (observer.disconnect(), resolve()));
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });

window.bench = async () => {
  const root = document.getElementById('root');
  const started = performance.now();
  render(<App api={api} t={translatorFrom(messages)} journal={journal} currentHost="site0042.example" />, root);
  await until(() => document.querySelector('[data-testid="passkey"]') !== null);
  await frame();
  const firstRender = performance.now() - started;
  const rows = document.querySelectorAll('[data-testid="passkey"]').length;
  const countText = document.querySelector('.list-count').textContent;

  const search = document.querySelector('[data-testid="search"]');
  const before = countText;
  const typed = performance.now();
  search.value = 'user0999';
  search.dispatchEvent(new Event('input', { bubbles: true }));
  await until(() => document.querySelector('.list-count').textContent !== before);
  await frame();
  const keystroke = performance.now() - typed;
  return { firstRender, keystroke, rows, countText, afterSearch: document.querySelector('.list-count').textContent };
};
`;

const dir = await mkdtemp(join(tmpdir(), 'passkeep-bench-'));
try {
  await esbuild.build({
    stdin: { contents: entry, resolveDir: root, loader: 'tsx', sourcefile: 'bench-entry.tsx' },
    outfile: join(dir, 'bench.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome120'],
    minify: false,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  await copyFile(join(root, 'popup/ui/controls.css'), join(dir, 'ui.css'));
  await copyFile(join(root, 'popup/toolbar/popup.css'), join(dir, 'popup.css'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="stylesheet" href="ui.css"><link rel="stylesheet" href="popup.css"><script src="bench.js"></script></head><body><div id="root"></div></body></html>',
  );

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const version = browser.version();
  const page = await browser.newPage({ viewport: { width: 360, height: 520 } });
  const url = `${pathToFileURL(join(dir, 'index.html')).href}?count=${COUNT}`;
  const results = [];
  for (let i = 0; i < RUNS + 2; i++) {
    await page.goto(url, { waitUntil: 'load' });
    const result = await page.evaluate(() => window.bench());
    if (i >= 2) results.push(result); // two warm-up loads (disk cache, code cache)
  }
  await browser.close();

  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { median: at(0.5), p90: at(0.9), min: sorted[0], max: sorted.at(-1) };
  };
  const fmt = (s) => `median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms, min ${s.min.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
  const sample = results[0];
  console.log(`Chromium ${version}, ${COUNT.toLocaleString('en')} passkeys, ${RUNS} runs (after 2 warm-up loads)`);
  console.log(`  rows in the DOM: ${sample.rows}; count line: "${sample.countText}" → after search: "${sample.afterSearch}"`);
  console.log(`  first render (render() → first frame with rows): ${fmt(stats(results.map((r) => r.firstRender)))}`);
  console.log(`  search keystroke (input → frame with the new list): ${fmt(stats(results.map((r) => r.keystroke)))}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
