/**
 * Chromium (Debian's /usr/bin/chromium, or $CHROMIUM) with the unpacked extension, driven by
 * playwright-core over CDP. Headless is Chromium's new headless (`--headless`), which loads
 * extensions, service worker included.
 */
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clickWhenArmed, ConsentQueue, DEFAULT_TIMEOUT_MS, DEFAULT_VIEWPORT, ExtensionPageQueues, extensionPagePath, isConsentUrl } from './common';
import {
  type PredicateArg,
  pageActionable,
  pageArmPressProbe,
  pageCount,
  pageElementState,
  pageHasArming,
  pageReadPressProbe,
  pageTextMatches,
  pageTexts,
  toCss,
  toMatcher,
} from './selectors';
import type {
  ClickOptions,
  ConsentWaitOptions,
  ElementOptions,
  Harness,
  LaunchOptions,
  Target,
  TestPage,
  TimeoutOptions,
  WaitForOptions,
} from './types';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

class ChromiumPage implements TestPage {
  readonly browserName = 'chromium' as const;
  constructor(
    readonly raw: Page,
    private readonly timeoutMs: number,
  ) {}

  private t(opts?: TimeoutOptions): number {
    return opts?.timeoutMs ?? this.timeoutMs;
  }

  private loc(target: Target, nth = 0) {
    return this.raw.locator(toCss(target)).nth(nth);
  }

  async url(): Promise<string> {
    return this.raw.url();
  }

  async goto(url: string, opts?: TimeoutOptions): Promise<void> {
    await this.raw.goto(url, { waitUntil: 'load', timeout: this.t(opts) });
  }

  async click(target: Target, opts?: ClickOptions): Promise<void> {
    const arg: PredicateArg = { css: toCss(target), nth: opts?.nth ?? 0, armed: true };
    if (!opts?.immediate) {
      await this.loc(target, opts?.nth).waitFor({ state: 'attached', timeout: this.t(opts) });
      if (await this.raw.evaluate(pageHasArming, arg)) {
        await clickWhenArmed(
          {
            waitArmed: async (timeout) => {
              await this.raw.waitForFunction(pageActionable, arg, { timeout, polling: 50 });
            },
            armProbe: () => this.raw.evaluate(pageArmPressProbe, arg),
            clickOnce: () => this.clickOnce(target, opts),
            readProbe: () => this.raw.evaluate(pageReadPressProbe),
            isClosed: async () => this.raw.isClosed(),
          },
          this.t(opts),
          `click(${target})`,
        );
        return;
      }
    }
    await this.clickOnce(target, opts);
  }

  private async clickOnce(target: Target, opts?: ClickOptions): Promise<void> {
    // Playwright's click waits for visible, stable, enabled and receiving events, then sends
    // real mouse events through CDP (Input.dispatchMouseEvent): isTrusted is true. `force`
    // skips those checks (an early click on a control that is not armed yet).
    try {
      await this.loc(target, opts?.nth).click({ timeout: this.t(opts), force: opts?.immediate ?? false });
    } catch (e) {
      // A button that closes its own window (approve/cancel in the consent popup) takes the page
      // down while CDP still answers the mouse events: the click was delivered, not a failure.
      const msg = (e as Error).message;
      if (this.raw.isClosed() && /has been closed/.test(msg) && /performing click action/.test(msg)) return;
      throw e;
    }
  }

  async fill(target: Target, text: string, opts?: ElementOptions): Promise<void> {
    await this.loc(target, opts?.nth).fill(text, { timeout: this.t(opts) });
  }

  async select(target: Target, value: string, opts?: ElementOptions): Promise<void> {
    await this.loc(target, opts?.nth).selectOption(value, { timeout: this.t(opts) });
  }

  async press(key: string): Promise<void> {
    try {
      await this.raw.keyboard.press(key);
    } catch (e) {
      // Enter on a button that closes its own tab takes the page down between keydown and keyup.
      if (this.raw.isClosed() && /has been closed/.test((e as Error).message)) return;
      throw e;
    }
  }

  async text(target: Target, opts?: ElementOptions): Promise<string> {
    return this.loc(target, opts?.nth).innerText({ timeout: this.t(opts) });
  }

  async texts(target: Target): Promise<string[]> {
    return this.raw.evaluate(pageTexts, toCss(target));
  }

  async count(target: Target): Promise<number> {
    return this.raw.evaluate(pageCount, toCss(target));
  }

  async isVisible(target: Target, opts?: { nth?: number }): Promise<boolean> {
    const arg: PredicateArg = { css: toCss(target), nth: opts?.nth ?? 0, state: 'visible' };
    return this.raw.evaluate(pageElementState, arg);
  }

  async waitFor(target: Target, opts?: WaitForOptions): Promise<void> {
    await this.loc(target, opts?.nth).waitFor({ state: opts?.state ?? 'visible', timeout: this.t(opts) });
  }

  async waitForText(target: Target, text: string | RegExp, opts?: ElementOptions): Promise<void> {
    const arg = { css: toCss(target), nth: opts?.nth ?? 0, matcher: toMatcher(text) };
    try {
      await this.raw.waitForFunction(pageTextMatches, arg, { timeout: this.t(opts), polling: 50 });
    } catch (e) {
      const now = await this.texts(target).catch(() => []);
      throw new Error(`waitForText(${target}, ${String(text)}): ${(e as Error).message}; texts now: ${JSON.stringify(now)}`);
    }
  }

  async waitForFunction<T>(fn: string | (() => T | Promise<T>), opts?: TimeoutOptions): Promise<T> {
    const handle = await this.raw.waitForFunction(fn as () => T, undefined, { timeout: this.t(opts), polling: 50 });
    return (await handle.jsonValue()) as T;
  }

  evaluate<T>(fn: string | (() => T | Promise<T>)): Promise<T>;
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  async evaluate<T, A>(fn: string | ((arg: A) => T | Promise<T>), arg?: A): Promise<T> {
    // The generic cast: playwright's own types unbox handles in `arg`; ours take plain JSON.
    return (await this.raw.evaluate(fn as unknown as (arg: unknown) => T, arg)) as T;
  }

  async screenshot(path: string): Promise<void> {
    await this.raw.screenshot({ path });
  }

  private cdp: CDPSession | null = null;

  async blurWindow(opts?: TimeoutOptions): Promise<void> {
    // Playwright emulates focus for every page (each says hasFocus() true), and headless windows
    // are all "focused": switch the emulation off and minimise the window for a real blur.
    this.cdp ??= await this.raw.context().newCDPSession(this.raw);
    await this.cdp.send('Emulation.setFocusEmulationEnabled', { enabled: false });
    const { windowId } = await this.cdp.send('Browser.getWindowForTarget');
    await this.cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
    await this.raw.waitForFunction(() => !document.hasFocus(), undefined, { timeout: this.t(opts), polling: 50 });
  }

  async focusWindow(opts?: TimeoutOptions): Promise<void> {
    this.cdp ??= await this.raw.context().newCDPSession(this.raw);
    const { windowId } = await this.cdp.send('Browser.getWindowForTarget');
    await this.cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
    await this.cdp.send('Page.bringToFront');
    await this.raw.waitForFunction(() => document.hasFocus() && document.visibilityState === 'visible', undefined, {
      timeout: this.t(opts),
      polling: 50,
    });
  }

  async isClosed(): Promise<boolean> {
    return this.raw.isClosed();
  }

  async waitForClose(opts?: TimeoutOptions): Promise<void> {
    if (this.raw.isClosed()) return;
    await this.raw.waitForEvent('close', { timeout: this.t(opts) });
  }

  async close(): Promise<void> {
    if (!this.raw.isClosed()) await this.raw.close();
  }
}

function readManifest(extensionPath: string): { background?: { service_worker?: string } } {
  return JSON.parse(readFileSync(join(extensionPath, 'manifest.json'), 'utf8'));
}

/** New headless's one screen is 800×600 unless told otherwise (`--screen-info`); headed uses the display's. */
function screenArgs(options: LaunchOptions): string[] {
  return options.screen && (options.headless ?? true) ? [`--screen-info={${options.screen.width}x${options.screen.height}}`] : [];
}

export async function launchChromium(options: LaunchOptions): Promise<Harness> {
  const started = performance.now();
  const extensionPath = resolve(options.extensionPath);
  const manifest = readManifest(extensionPath);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  const userDataDir = mkdtempSync(join(tmpdir(), 'passkeep-chromium-'));

  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      // playwright's `headless: true` passes `--headless`, which is Chromium's new headless
      // (the old one was split out into chrome-headless-shell): extensions load.
      headless: options.headless ?? true,
      // No viewport emulation: windows the extension opens (the consent popup) keep the size the
      // extension asked for. newPage() sets its own viewport instead.
      viewport: null,
      // Emulated in every page of the context, including those the extension opens.
      ...(options.colorScheme ? { colorScheme: options.colorScheme } : {}),
      // `openBefore`: no extension at launch; it is installed over CDP once that page has loaded
      // (playwright's --disable-extensions would refuse it then). --enable-unsafe-extension-debugging
      // opens CDP's Extensions domain (install, update, uninstall) to this automation client only.
      ...(options.openBefore ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
      args: [
        ...(options.openBefore ? [] : [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`]),
        '--enable-unsafe-extension-debugging',
        ...CHROMIUM_ARGS,
        ...screenArgs(options),
        // https only through the test sites' proxy (not playwright's `proxy` option, whose
        // `<-loopback>` would send the loopback test servers through it too), and their one
        // certificate trusted (honoured with a --user-data-dir, as here).
        ...(options.httpsSites
          ? [`--proxy-server=https=${options.httpsSites.proxy}`, `--ignore-certificate-errors-spki-list=${options.httpsSites.spki}`]
          : []),
      ],
      timeout: 30_000,
    });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }

  const consents = new ConsentQueue<ChromiumPage>();
  const others = new ExtensionPageQueues<ChromiumPage>();
  let extensionOrigin = '';
  /** Pages the test opened itself (newPage, openExtensionPage): not the extension's doing. */
  const own = new WeakSet<Page>();
  const seen = new WeakSet<Page>();
  let knowOrigin: (origin: string) => void = () => undefined;
  const originKnown = new Promise<string>((resolve) => (knowOrigin = resolve));

  // Record every page the browser opens from now on; the ones at the extension origin whose URL
  // contains "consent" go to the queue that waitForConsent() reads, the extension's other pages
  // to the queues that waitForExtensionPage() reads.
  const classify = async (page: Page): Promise<void> => {
    if (seen.has(page)) return;
    seen.add(page);
    if (page.url() === 'about:blank' || page.url() === '') {
      try {
        await page.waitForURL((u) => u.href !== 'about:blank', { waitUntil: 'commit', timeout: 0 });
      } catch {
        return; // closed before navigating anywhere
      }
    }
    // A page can commit before the service worker told us the extension's id (the guide opens on install).
    const origin = await originKnown;
    if (isConsentUrl(page.url(), origin)) {
      consents.push(new ChromiumPage(page, timeoutMs));
      return;
    }
    const path = extensionPagePath(page.url(), origin);
    if (path !== null && !own.has(page)) {
      await page.waitForLoadState('load').catch(() => undefined);
      others.queue(path).push(new ChromiumPage(page, timeoutMs));
    }
  };
  context.on('page', (page) => void classify(page));

  const extensionsDomain = async () => {
    const session = await context.browser()!.newBrowserCDPSession();
    return {
      send: (method: 'Extensions.loadUnpacked' | 'Extensions.uninstall', params: object) =>
        (session.send as (m: string, p: object) => Promise<unknown>)(method, params),
      detach: () => session.detach().catch(() => undefined),
    };
  };
  /** The extension's service worker targets now (CDP), to see a new one start. */
  const workerIds = async (origin: string): Promise<string[]> => {
    const page = context.pages()[0] ?? (await context.newPage());
    const cdp = await context.newCDPSession(page);
    try {
      const { targetInfos } = await cdp.send('Target.getTargets');
      return targetInfos.filter((t) => t.type === 'service_worker' && t.url.startsWith(`${origin}/`)).map((t) => t.targetId);
    } finally {
      await cdp.detach().catch(() => undefined);
    }
  };

  try {
    let pageBefore: ChromiumPage | undefined;
    if (options.openBefore) {
      const page = await context.newPage();
      own.add(page);
      await page.setViewportSize(viewport);
      pageBefore = new ChromiumPage(page, timeoutMs);
      await pageBefore.goto(options.openBefore);
      const domain = await extensionsDomain();
      await domain.send('Extensions.loadUnpacked', { path: extensionPath });
      await domain.detach();
    }
    let extensionId: string;
    if (manifest.background?.service_worker) {
      const isExt = (u: string) => u.startsWith('chrome-extension://');
      const sw =
        context.serviceWorkers().find((w) => isExt(w.url())) ??
        (await context.waitForEvent('serviceworker', { predicate: (w) => isExt(w.url()), timeout: timeoutMs }));
      extensionId = new URL(sw.url()).host; // URL.origin is "null" for chrome-extension: in Node
    } else {
      throw new Error(`${extensionPath}/manifest.json has no background.service_worker: cannot learn the extension id`);
    }
    extensionOrigin = `chrome-extension://${extensionId}`;
    knowOrigin(extensionOrigin);
    // Pages that opened before the listener was attached are classified now (each page once).
    for (const p of context.pages()) void classify(p);

    let closed = false;
    const harness: Harness = {
      browserName: 'chromium',
      extensionId,
      extensionOrigin,
      launchMs: performance.now() - started,
      raw: context,
      pageBefore,
      async updateExtension() {
        const before = await workerIds(extensionOrigin);
        const domain = await extensionsDomain();
        await domain.send('Extensions.loadUnpacked', { path: extensionPath });
        await domain.detach();
        const deadline = Date.now() + timeoutMs;
        // The old worker goes, the new one starts: wait for a worker target we have not seen.
        while (!(await workerIds(extensionOrigin)).some((id) => !before.includes(id))) {
          if (Date.now() > deadline) throw new Error('Chromium: no new service worker after the update');
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      async removeExtension() {
        const domain = await extensionsDomain();
        await domain.send('Extensions.uninstall', { id: extensionId });
        await domain.detach();
      },
      async newPage(url?: string) {
        const page = await context.newPage();
        own.add(page);
        await page.setViewportSize(viewport);
        const tp = new ChromiumPage(page, timeoutMs);
        if (url) await tp.goto(url);
        return tp;
      },
      async openExtensionPage(path: string) {
        const page = await context.newPage();
        own.add(page);
        await page.setViewportSize(viewport);
        await page.goto(`${extensionOrigin}/${path.replace(/^\//, '')}`, { waitUntil: 'load', timeout: timeoutMs });
        return new ChromiumPage(page, timeoutMs);
      },
      async waitForConsent(opts?: ConsentWaitOptions) {
        const t = opts?.timeoutMs ?? timeoutMs;
        const page = await consents.next(t, 'Chromium: no consent page opened');
        await page.waitFor(opts?.readyTarget ?? 'testid=approve', { timeoutMs: t });
        return page;
      },
      consentCount: () => consents.total,
      passwordSaveOffers: async () => null,
      async waitForExtensionPage(path: string, opts?: TimeoutOptions) {
        return others.queue(path).next(opts?.timeoutMs ?? timeoutMs, `Chromium: the extension opened no ${path}`);
      },
      async close() {
        if (closed) return;
        closed = true;
        consents.close();
        others.close();
        try {
          await context.close();
        } finally {
          rmSync(userDataDir, { recursive: true, force: true });
        }
      },
    };
    return harness;
  } catch (e) {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
}
