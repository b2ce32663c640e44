/**
 * scripts/bench-popup-compare.mjs: the popup with 10,000 passkeys in two (or more) builds of the
 * extension side by side, in one run: one Chromium per build, each with its own PIN and its own
 * 10,000 seeded passkeys, and the popups opened in turn (A, B, A, B, …) so that whatever else
 * the machine is doing weighs on both alike. Prints each build's timeline (./popup-timeline.ts)
 * and the ratio of the medians.
 */
import type { BrowserContext } from 'playwright-core';
import { launch, type Harness } from '../test/e2e/harness/index.js';
import { POPUP_TIMELINE_MARKS, samplePopup, seedInWorker, setPinInPopup, summarise, type PopupSample } from './popup-timeline.js';
import { round } from './figures.js';

export async function compare(builds: Array<{ label: string; dir: string }>, seedScript: string, runs: number, count: number): Promise<void> {
  const pin = 'bench-pin-4921';
  const opened: Array<{ label: string; h: Harness; samples: PopupSample[] }> = [];
  try {
    for (const { label, dir } of builds) {
      const h = await launch('chromium', { extensionPath: dir, timeoutMs: 60_000 });
      opened.push({ label, h, samples: [] });
      await (h.raw as BrowserContext).addInitScript({ content: POPUP_TIMELINE_MARKS });
      await setPinInPopup(h, pin);
      const seeded = await seedInWorker(h, seedScript, count, pin);
      console.log(`${label}: seeded ${seeded.stored} passkeys in ${Math.round(seeded.ms)} ms`);
    }
    for (let i = -2; i < runs; i++) {
      for (const b of opened) {
        const s = await samplePopup(b.h);
        if (i >= 0) b.samples.push(s);
      }
    }
  } finally {
    for (const b of opened) await b.h.close().catch(() => undefined);
  }
  const sums = opened.map((b) => ({ label: b.label, ...summarise(b.samples) }));
  for (const s of sums) console.log(`\n${s.label}: ${s.text}`);
  const [first, ...rest] = sums;
  for (const s of rest) {
    console.log(`\n${s.label} / ${first!.label}: first rows painted ×${round(s.painted / first!.painted)}, search ×${round(s.search / first!.search)}`);
  }
}
