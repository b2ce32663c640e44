/**
 * scripts/bench-prompt-forms.mjs: what each form the prompt could take costs to appear in
 * Firefox ESR, measured in one run with the built extension, the forms alternated: a popup
 * window (`windows.create`, what Passkeep does), a tab (`tabs.create`), and the toolbar button's
 * panel (`action.openPopup()`, which this ESR allows without a user gesture:
 * `extensions.openPopupWithoutUserGesture.enabled` is true in its greprefs.js). Each opens the
 * extension's popup.html, whose script sends its first runtime message as it starts; the time
 * is taken from the call to that message, in an extension tab's own clock (runtime messages
 * from one extension page reach the others). It also says whether the test harness (puppeteer
 * over WebDriver BiDi) sees each form as a page it could drive. A measurement, never a test.
 */
import { launch } from '../test/e2e/harness/index.js';
import { median, round } from './figures.js';

type Form = 'window' | 'tab' | 'action-popup';

interface Sample {
  form: Form;
  /** the create call's own promise resolved */
  resolvedMs: number;
  /** the opened page's first runtime message arrived */
  scriptMs: number;
}

/**
 * In an extension tab: opens `form` once and times it, leaving it open until closeOpened().
 * Self-contained (serialised into the page).
 */
async function openOnce(form: Form): Promise<Sample> {
  const api = (globalThis as unknown as { browser: typeof chrome }).browser;
  const firstMessage = new Promise<number>((resolve) => {
    const listener = () => {
      api.runtime.onMessage.removeListener(listener);
      resolve(performance.now());
    };
    api.runtime.onMessage.addListener(listener);
  });
  const url = api.runtime.getURL('popup.html');
  const state = globalThis as unknown as { __closeOpened?: () => Promise<unknown> };
  const t0 = performance.now();
  if (form === 'window') {
    const w = await api.windows.create({ url, type: 'popup', width: 440, height: 620, focused: true });
    state.__closeOpened = () => api.windows.remove(w!.id!);
  } else if (form === 'tab') {
    const t = await api.tabs.create({ url, active: true });
    state.__closeOpened = () => api.tabs.remove(t.id!);
  } else {
    await api.action.openPopup();
    state.__closeOpened = async () => {
      for (const view of (api.extension as unknown as { getViews(q: object): Window[] }).getViews({ type: 'popup' })) view.close();
    };
  }
  const resolvedMs = performance.now() - t0;
  const scriptMs = (await firstMessage) - t0;
  return { form, resolvedMs, scriptMs };
}

async function closeOpened(): Promise<boolean> {
  const state = globalThis as unknown as { __closeOpened?: () => Promise<unknown> };
  await state.__closeOpened?.();
  await new Promise((r) => setTimeout(r, 300));
  return true;
}

export async function run(extensionPath: string, runs: number): Promise<void> {
  const h = await launch('firefox', { extensionPath, timeoutMs: 60_000 });
  try {
    const reader = await h.openExtensionPage('popup.html');
    const browser = h.raw as { pages(): Promise<unknown[]> };
    const forms: Form[] = ['window', 'tab', 'action-popup'];
    const samples: Sample[] = [];
    const seen: Record<Form, number[]> = { window: [], tab: [], 'action-popup': [] };
    for (let i = -1; i < runs; i++) {
      for (const form of i % 2 === 0 ? forms : [...forms].reverse()) {
        const before = (await browser.pages()).length;
        const s = await reader.evaluate(openOnce, form);
        // Whether the harness lists the opened page (its script has run by now): what a test could drive.
        await new Promise((r) => setTimeout(r, 200));
        seen[form].push((await browser.pages()).length - before);
        await reader.evaluate(closeOpened);
        if (i >= 0) samples.push(s);
      }
    }
    for (const form of forms) {
      const of = samples.filter((s) => s.form === form);
      console.log(
        `${form}: n=${of.length}; call → its promise resolved median ${round(median(of.map((s) => s.resolvedMs)))} ms; ` +
          `call → the page's script running median ${round(median(of.map((s) => s.scriptMs)))} ms ` +
          `(min ${round(Math.min(...of.map((s) => s.scriptMs)))}, max ${round(Math.max(...of.map((s) => s.scriptMs)))}); ` +
          `new pages the harness listed while it was open: ${[...new Set(seen[form])].join('/')}`,
      );
    }
  } finally {
    await h.close();
  }
}
