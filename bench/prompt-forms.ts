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
import { bidiSend, openPanels } from '../test/e2e/harness/firefox-panel.js';
import { median, round } from './figures.js';

/**
 * `window`: what Passkeep does (a popup window of the prompt's size, centred over the asking
 * window, focused); the other `window-*` vary one option each, to tell Firefox's own cost of a
 * window from the options we pass.
 */
type Form = 'window' | 'window-unplaced' | 'window-normal' | 'window-unsized' | 'tab' | 'action-popup';
const FORMS: Form[] = ['window', 'window-unplaced', 'window-normal', 'window-unsized', 'tab', 'action-popup'];

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
  if (form.startsWith('window')) {
    const size = form === 'window-unsized' ? {} : { width: 440, height: 620 };
    let at = {};
    if (form !== 'window-unplaced') {
      // As src/core/prompt-placement.ts places it: centred, 80 px below the window's top.
      const around = await api.windows.getCurrent();
      at = { left: around.left! + Math.round((around.width! - 440) / 2), top: around.top! + 80 };
    }
    const w = await api.windows.create({ url, type: form === 'window-normal' ? 'normal' : 'popup', ...size, ...at, focused: true });
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

/** Whether a BiDi pointer click reaches the open panel's document as trusted input. */
async function trustedClickInPanel(raw: unknown): Promise<string> {
  const send = bidiSend(raw);
  const panel = (await openPanels(send))[0];
  if (!panel) return 'no panel found';
  const target = { context: panel.context };
  await send('script.evaluate', {
    expression: `window.__clicks = []; document.addEventListener('click', (e) => window.__clicks.push(e.isTrusted), true)`,
    target,
    awaitPromise: false,
  });
  await send('input.performActions', {
    context: panel.context,
    actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', x: 20, y: 20 }, { type: 'pointerDown', button: 0 }, { type: 'pointerUp', button: 0 }] }],
  });
  const clicks = ((await send('script.evaluate', { expression: 'JSON.stringify(window.__clicks)', target, awaitPromise: false })).result as { result: { value: string } }).result.value;
  return `${panel.url.replace(/^moz-extension:\/\/[^/]+/, '')}: clicks seen in the panel, isTrusted ${clicks}`;
}

export async function run(extensionPath: string, runs: number, only: string[] | null = null): Promise<void> {
  const unknown = only?.filter((f) => !(FORMS as string[]).includes(f)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown forms ${unknown.join(', ')}; known: ${FORMS.join(', ')}`);
  const h = await launch('firefox', { extensionPath, timeoutMs: 60_000 });
  try {
    const reader = await h.openExtensionPage('popup.html');
    const browser = h.raw as { pages(): Promise<unknown[]> };
    const forms = only ? FORMS.filter((f) => only.includes(f)) : FORMS;
    const samples: Sample[] = [];
    let panelDrivable = 'not tried';
    const seen = Object.fromEntries(FORMS.map((f) => [f, [] as number[]])) as Record<Form, number[]>;
    for (let i = -1; i < runs; i++) {
      for (const form of i % 2 === 0 ? forms : [...forms].reverse()) {
        const before = (await browser.pages()).length;
        const s = await reader.evaluate(openOnce, form);
        // Whether the harness lists the opened page (its script has run by now): what a test could drive.
        await new Promise((r) => setTimeout(r, 200));
        seen[form].push((await browser.pages()).length - before);
        if (form === 'action-popup' && i === -1) panelDrivable = await trustedClickInPanel(h.raw);
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
    console.log(`action-popup over BiDi with the harness's panel lookup (test/e2e/harness/firefox-panel.ts): ${panelDrivable}`);
  } finally {
    await h.close();
  }
}
