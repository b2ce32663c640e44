#!/usr/bin/env node
// Renders icons/icon.svg to icons/icon-{16,32,48,128}.png with headless Chromium (playwright-core),
// on a transparent background. Rerun after editing the SVG:  node scripts/render-icons.mjs
// The testing build's icon (icons/testing-icon.svg → testing-icon-*.png) is rendered the same way:
//   node scripts/render-icons.mjs testing-icon      (names as arguments; default: icon testing-icon)
//
// Chromium: $CHROMIUM, else /usr/bin/chromium (Debian: sudo apt-get install -y chromium).
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const iconsDir = path.join(root, 'icons');
const sizes = [16, 32, 48, 128];
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

if (!existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath}. Run: sudo apt-get install -y chromium  (or set $CHROMIUM)`);
  process.exit(1);
}

const names = process.argv.length > 2 ? process.argv.slice(2) : ['icon', 'testing-icon'];

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const name of names) {
  const svg = await readFile(path.join(iconsDir, `${name}.svg`), 'utf8');
  const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(
      `<!doctype html><html><head><style>
        html, body { margin: 0; padding: 0; background: transparent; overflow: hidden; }
        img { display: block; width: ${size}px; height: ${size}px; }
      </style></head><body><img alt="" src="${dataUrl}"></body></html>`,
    );
    await page.waitForFunction(() => {
      const img = document.querySelector('img');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    const out = path.join(iconsDir, `${name}-${size}.png`);
    await writeFile(out, png);
    console.log(`wrote ${path.relative(root, out)} (${png.length} bytes)`);
    await page.close();
  }
  }
} finally {
  await browser.close();
}
