/**
 * Firefox ESR (/usr/bin/firefox-esr, or $FIREFOX) with the unpacked extension installed over
 * WebDriver BiDi (`webExtension.install`, a temporary add-on), driven by puppeteer-core.
 *
 * Firefox/BiDi facts this file works around (see ./README.md):
 *  - the toolbar button's panel (`action.openPopup()`) is no tab, and BiDi lists no context for
 *    it: ./firefox-panel.ts reports each one from the chrome scope and makes it a puppeteer Page.
 *  - for documents of the extension's origin Firefox emits no `domContentLoaded`, `load` or
 *    `contextDestroyed` events, so puppeteer's `page.url()` stays `about:blank`, `goto()` never
 *    resolves and `close` is never emitted for them. The harness asks the document instead
 *    (`location.href`, `document.readyState`) and detects a closed page by evaluating in it.
 *  - BiDi refuses to navigate to `moz-extension:` URLs unless Firefox runs with
 *    `--remote-allow-system-access` (an automation-side switch; the extension is unaffected).
 *  - the moz-extension UUID is random per profile; the harness fixes it with the pref
 *    `extensions.webextensions.uuids` so the extension's origin is known before install.
 */
import puppeteer, { type Browser, type ElementHandle, type Page, type Target as PTarget } from 'puppeteer-core';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { announcePanel, bidiSend, newPanels } from './firefox-panel';
import { clickWhenArmed, ConsentQueue, DEFAULT_TIMEOUT_MS, DEFAULT_VIEWPORT, ExtensionPageQueues, extensionPagePath, isConsentUrl, withTimeout } from './common';
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

/** Interval of in-page polling (waitForFunction), ms. */
const POLL_MS = 25;

function isGoneError(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /no such frame|browsing context with id .* not found|target closed|session closed|detached|has been closed|no such window/i.test(
    msg,
  );
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

class FirefoxPage implements TestPage {
  readonly browserName = 'firefox' as const;
  private closed = false;

  constructor(
    readonly raw: Page,
    private readonly timeoutMs: number,
  ) {}

  private t(opts?: TimeoutOptions): number {
    return opts?.timeoutMs ?? this.timeoutMs;
  }

  private arg(target: Target, nth?: number, extra?: Partial<PredicateArg>): PredicateArg {
    return { css: toCss(target), nth: nth ?? 0, ...extra };
  }

  /** The nth element once it is visible and enabled (and armed / editable when asked). */
  private async actionable(
    target: Target,
    opts?: ElementOptions,
    extra?: Partial<PredicateArg>,
    predicate: (arg: PredicateArg) => unknown = pageActionable,
  ): Promise<ElementHandle<Element>> {
    const arg = this.arg(target, opts?.nth, extra);
    let handle;
    try {
      handle = await this.raw.waitForFunction(predicate, { polling: POLL_MS, timeout: this.t(opts) }, arg);
    } catch (e) {
      throw new Error(`${target}${opts?.nth ? ` (nth=${opts.nth})` : ''} not visible and enabled: ${(e as Error).message}`);
    }
    const el = handle.asElement() as ElementHandle<Element> | null;
    if (!el) throw new Error(`${target}: not an element`);
    return el;
  }

  async url(): Promise<string> {
    return this.raw.evaluate(() => location.href);
  }

  async goto(url: string, opts?: TimeoutOptions): Promise<void> {
    await this.raw.goto(url, { waitUntil: 'load', timeout: this.t(opts) });
  }

  async click(target: Target, opts?: ClickOptions): Promise<void> {
    if (opts?.immediate) {
      // Visible is enough, and as few round trips as possible: the point is a click that lands
      // before the control would take one. One evaluation for the centre, one pointer sequence.
      const centre = (a: PredicateArg) => {
        const r = (document.querySelectorAll(a.css)[a.nth] as HTMLElement | undefined)?.getBoundingClientRect();
        return r && r.width > 0 && r.height > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
      };
      const handle = await this.raw.waitForFunction(centre, { polling: POLL_MS, timeout: this.t(opts) }, this.arg(target, opts?.nth));
      const { x, y } = (await handle.jsonValue()) as { x: number; y: number };
      try {
        await this.raw.mouse.click(x, y);
      } catch (e) {
        if (!isGoneError(e)) throw e;
        this.closed = true;
      }
      return;
    }
    await this.waitFor(target, { ...opts, state: 'attached' });
    const arg = this.arg(target, opts?.nth);
    if (await this.raw.evaluate(pageHasArming, arg)) {
      // A control that arms only with the window's attention: as a person would, bring its window
      // to the front first (with several prompts open, Firefox focuses only the newest).
      if (!(await this.raw.evaluate(() => document.hasFocus() && document.visibilityState === 'visible'))) await this.raw.bringToFront();
      await clickWhenArmed(
        {
          waitArmed: async (timeoutMs) => {
            await (await this.actionable(target, { ...opts, timeoutMs }, { armed: true })).dispose();
          },
          armProbe: () => this.raw.evaluate(pageArmPressProbe, arg),
          clickOnce: async () => this.clickOnce(await this.actionable(target, opts, { armed: true })),
          readProbe: () => this.raw.evaluate(pageReadPressProbe),
          isClosed: () => this.isClosed(),
        },
        this.t(opts),
        `click(${target})`,
      );
      return;
    }
    await this.clickOnce(await this.actionable(target, opts));
  }

  private async clickOnce(el: ElementHandle<Element>): Promise<void> {
    try {
      // Scrolls into view and clicks the element's centre with BiDi input.performActions: a real
      // (trusted) pointer event sequence.
      await el.click();
    } catch (e) {
      // A button that closes its own window takes the browsing context down under the click.
      if (isGoneError(e)) {
        this.closed = true;
        return;
      }
      throw e;
    } finally {
      await el.dispose().catch(() => {});
    }
  }

  async fill(target: Target, text: string, opts?: ElementOptions): Promise<void> {
    const el = await this.actionable(target, opts, { editable: true });
    try {
      await el.evaluate((e) => {
        (e as HTMLElement).focus();
        if (e instanceof HTMLInputElement || e instanceof HTMLTextAreaElement) e.select();
      });
      // Trusted keystrokes; typing replaces the selection, Backspace clears it.
      if (text) await this.raw.keyboard.type(text);
      else await this.raw.keyboard.press('Backspace');
      const value = await el.evaluate((e) => (e as HTMLInputElement).value ?? (e as HTMLElement).innerText);
      if (value !== text) throw new Error(`fill(${target}): the field holds ${JSON.stringify(value)}, not ${JSON.stringify(text)}`);
    } finally {
      await el.dispose().catch(() => {});
    }
  }

  async select(target: Target, value: string, opts?: ElementOptions): Promise<void> {
    const el = (await this.actionable(target, opts)) as ElementHandle<HTMLSelectElement>;
    try {
      const chosen = await el.select(value);
      if (!chosen.includes(value)) throw new Error(`select(${target}): no option has the value ${JSON.stringify(value)}`);
    } finally {
      await el.dispose().catch(() => {});
    }
  }

  async press(key: string): Promise<void> {
    try {
      await this.raw.keyboard.press(key as Parameters<Page['keyboard']['press']>[0]);
    } catch (e) {
      // Enter on a button that closes its own tab takes the browsing context down under the key.
      if (isGoneError(e)) {
        this.closed = true;
        return;
      }
      throw e;
    }
  }

  async text(target: Target, opts?: ElementOptions): Promise<string> {
    const handle = await this.raw.waitForFunction(
      (a: PredicateArg) => {
        const el = document.querySelectorAll(a.css)[a.nth] as HTMLElement | undefined;
        return el ? { text: el.innerText ?? el.textContent ?? '' } : null;
      },
      { polling: POLL_MS, timeout: this.t(opts) },
      this.arg(target, opts?.nth),
    );
    return ((await handle.jsonValue()) as { text: string }).text;
  }

  async texts(target: Target): Promise<string[]> {
    return this.raw.evaluate(pageTexts, toCss(target));
  }

  async count(target: Target): Promise<number> {
    return this.raw.evaluate(pageCount, toCss(target));
  }

  async isVisible(target: Target, opts?: { nth?: number }): Promise<boolean> {
    return this.raw.evaluate(pageElementState, this.arg(target, opts?.nth, { state: 'visible' }));
  }

  async waitFor(target: Target, opts?: WaitForOptions): Promise<void> {
    const arg = this.arg(target, opts?.nth, { state: opts?.state ?? 'visible' });
    try {
      await this.raw.waitForFunction(pageElementState, { polling: POLL_MS, timeout: this.t(opts) }, arg);
    } catch (e) {
      throw new Error(`waitFor(${target}, ${arg.state}): ${(e as Error).message}`);
    }
  }

  async waitForText(target: Target, text: string | RegExp, opts?: ElementOptions): Promise<void> {
    const arg = this.arg(target, opts?.nth, { matcher: toMatcher(text) });
    try {
      await this.raw.waitForFunction(pageTextMatches, { polling: POLL_MS, timeout: this.t(opts) }, arg);
    } catch (e) {
      const now = await this.texts(target).catch(() => []);
      throw new Error(`waitForText(${target}, ${String(text)}): ${(e as Error).message}; texts now: ${JSON.stringify(now)}`);
    }
  }

  async waitForFunction<T>(fn: string | (() => T | Promise<T>), opts?: TimeoutOptions): Promise<T> {
    const handle = await this.raw.waitForFunction(fn, { polling: POLL_MS, timeout: this.t(opts) });
    return (await handle.jsonValue()) as T;
  }

  evaluate<T>(fn: string | (() => T | Promise<T>)): Promise<T>;
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  async evaluate<T, A>(fn: string | ((arg: A) => T | Promise<T>), arg?: A): Promise<T> {
    if (typeof fn === 'string') return (await this.raw.evaluate(fn)) as T;
    return (await this.raw.evaluate(fn as unknown as (arg: unknown) => T, arg)) as T;
  }

  async screenshot(path: string): Promise<void> {
    await this.raw.screenshot({ path });
  }

  /** The tab brought to the front by blurWindow, closed again by focusWindow. */
  private cover: Page | null = null;

  async blurWindow(opts?: TimeoutOptions): Promise<void> {
    this.cover ??= await this.raw.browser().newPage();
    await this.cover.bringToFront();
    await this.waitForFunction(() => !document.hasFocus(), opts);
  }

  async focusWindow(opts?: TimeoutOptions): Promise<void> {
    await this.raw.bringToFront();
    // The covering tab goes in the background: a test may need to act right after the focus.
    void this.cover?.close().catch(() => undefined);
    this.cover = null;
    await this.waitForFunction(() => document.hasFocus() && document.visibilityState === 'visible', opts);
  }

  async isClosed(): Promise<boolean> {
    if (this.closed || this.raw.isClosed()) return true;
    try {
      await withTimeout(this.raw.evaluate('0'), 2_000, 'probe');
      return false;
    } catch (e) {
      if (isGoneError(e)) {
        this.closed = true;
        return true;
      }
      return false;
    }
  }

  async waitForClose(opts?: TimeoutOptions): Promise<void> {
    // No close event reaches puppeteer for extension pages in Firefox: probe the document
    // until the browser says the browsing context is gone.
    const deadline = Date.now() + this.t(opts);
    while (!(await this.isClosed())) {
      if (Date.now() > deadline) throw new Error(`Firefox: the page did not close within ${this.t(opts)} ms`);
      await delay(POLL_MS);
    }
  }

  async close(): Promise<void> {
    if (await this.isClosed()) return;
    await this.raw.close().catch((e) => {
      if (!isGoneError(e)) throw e;
    });
    this.closed = true;
  }

  /** Navigates to a moz-extension: URL (needs --remote-allow-system-access) and waits for `load`. */
  async gotoExtension(browser: Browser, url: string, timeoutMs: number): Promise<void> {
    const connection = (browser as unknown as { connection?: { send(m: string, p: object): Promise<unknown> } }).connection;
    const context = (this.raw.mainFrame() as unknown as { _id?: string })._id;
    if (!connection || !context) throw new Error('puppeteer internals changed: no BiDi connection or context id');
    // wait: 'none' because Firefox emits no load event for extension documents over BiDi.
    await connection.send('browsingContext.navigate', { context, url, wait: 'none' });
    await this.raw.waitForFunction(
      (u: string) => location.href === u && document.readyState === 'complete',
      { polling: POLL_MS, timeout: timeoutMs },
      url,
    );
  }
}

interface FirefoxManifest {
  browser_specific_settings?: { gecko?: { id?: string } };
}

function proxyPrefs(proxy: string): Record<string, string | number> {
  const [host, port] = proxy.split(':');
  return { 'network.proxy.type': 1, 'network.proxy.ssl': host!, 'network.proxy.ssl_port': Number(port) };
}

export async function launchFirefox(options: LaunchOptions): Promise<Harness> {
  const started = performance.now();
  if (options.headless === false) throw new Error('launchFirefox: only headless is supported here (no display)');
  const extensionPath = resolve(options.extensionPath);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const viewport = options.viewport ?? DEFAULT_VIEWPORT;
  const manifest = JSON.parse(readFileSync(join(extensionPath, 'manifest.json'), 'utf8')) as FirefoxManifest;
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${extensionPath}/manifest.json has no browser_specific_settings.gecko.id`);
  const uuid = randomUUID();
  const extensionOrigin = `moz-extension://${uuid}`;

  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    enableExtensions: true,
    // Windows the extension opens keep their own size; newPage() sets a viewport per tab.
    defaultViewport: null,
    // Lets BiDi navigate a tab to moz-extension: pages (openExtensionPage). Automation-side only.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // Fixed moz-extension UUID for this run, so the extension's origin is known up front.
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      // Firefox's shipped default (MV3 host permissions requested by the manifest are granted at
      // install); pinned so a changed default cannot silently stop the content scripts.
      'extensions.originControls.grantByDefault': true,
      // Firefox's shipped defaults, which puppeteer's profile turns off.
      ...(options.passwordManager ? { 'signon.rememberSignons': true, 'signon.autofillForms': true } : {}),
      // prefers-color-scheme of web content, extension pages included: 0 dark, 1 light.
      ...(options.colorScheme ? { 'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1 } : {}),
      // https to non-loopback hosts through the test sites' CONNECT proxy (./tls-sites.ts).
      ...(options.httpsSites ? proxyPrefs(options.httpsSites.proxy) : {}),
    },
    // Firefox has no per-certificate switch: the test sites' self-signed certificate is accepted
    // as every other one is, for this automated profile only.
    ...(options.httpsSites ? { acceptInsecureCerts: true } : {}),
    protocolTimeout: 30_000,
  });
  const proc = browser.process();

  const consents = new ConsentQueue<FirefoxPage>();
  const others = new ExtensionPageQueues<FirefoxPage>();
  /** Pages the test opened itself (newPage, openExtensionPage): not the extension's doing. */
  const own = new WeakSet<Page>();
  const classify = async (target: PTarget): Promise<void> => {
    if (target.type() !== 'page') return;
    let page: Page | null;
    try {
      page = await target.page();
      if (!page) return;
      // page.url() is not reliable here (stays about:blank for extension pages): ask the document.
      const handle = await page.waitForFunction(() => location.href !== 'about:blank' && location.href, {
        polling: POLL_MS,
        timeout: 0,
      });
      const href = (await handle.jsonValue()) as string;
      if (isConsentUrl(href, extensionOrigin)) {
        consents.push(new FirefoxPage(page, timeoutMs));
        return;
      }
      const path = extensionPagePath(href, extensionOrigin);
      if (path === null || own.has(page)) return;
      // No load event reaches puppeteer for extension documents: ask the document.
      await page.waitForFunction(() => document.readyState === 'complete', { polling: POLL_MS, timeout: 0 });
      others.queue(path).push(new FirefoxPage(page, timeoutMs));
    } catch {
      // closed before it navigated anywhere, or the browser is closing
    }
  };
  browser.on('targetcreated', (t: PTarget) => void classify(t));

  let closed = false;
  // Extension panels (the toolbar button's, `action.openPopup()`): Firefox's BiDi lists no
  // context for them, so the chrome scope reports each new one and puppeteer is told of it as of
  // a new tab; it then goes through classify() like any page (./firefox-panel.ts).
  const send = bidiSend(browser);
  if (options.panels) void (async () => {
    while (!closed) {
      try {
        for (const panel of await newPanels(send, 'harness', 5_000)) if (!closed) announcePanel(browser, panel);
      } catch {
        // the browser is closing, or a window was being made: look again
        if (!closed) await delay(POLL_MS);
      }
    }
  })();
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    consents.close();
    others.close();
    try {
      await withTimeout(browser.close(), 15_000, 'Firefox close');
    } catch (e) {
      // Our own child: make sure it does not outlive the test.
      if (proc && proc.exitCode === null) proc.kill('SIGKILL');
      if (!/timed out/.test((e as Error).message)) throw e;
    }
  };

  let pageBefore: FirefoxPage | undefined;
  try {
    if (options.openBefore) {
      const page = await browser.newPage();
      own.add(page);
      await page.setViewport(viewport);
      pageBefore = new FirefoxPage(page, timeoutMs);
      await pageBefore.goto(options.openBefore);
    }
    const installedId = await browser.installExtension(extensionPath);
    if (installedId !== geckoId) throw new Error(`installed ${installedId}, expected ${geckoId}`);
    // Passkeep opens its guide in a new tab on install. Creating a tab while that one is still
    // being made fails in Firefox's BiDi now and then ("browsingContext is null"), so the
    // harness is ready only once the guide's tab exists (it stays in the queue for the tests).
    if (existsSync(join(extensionPath, 'guide.html'))) {
      await others.queue('guide.html').seen(timeoutMs, 'Firefox: the guide did not open on install');
    }
  } catch (e) {
    await close().catch(() => {});
    throw e;
  }

  const harness: Harness = {
    browserName: 'firefox',
    extensionId: geckoId,
    extensionOrigin,
    launchMs: performance.now() - started,
    raw: browser,
    pageBefore,
    async updateExtension() {
      // Installing a temporary add-on with the same id replaces the running one, as an update
      // does; the promise settles once the new instance has started (its background included).
      const installedId = await browser.installExtension(extensionPath);
      if (installedId !== geckoId) throw new Error(`updated ${installedId}, expected ${geckoId}`);
    },
    async removeExtension() {
      await browser.uninstallExtension(geckoId);
    },
    async newPage(url?: string) {
      const page = await browser.newPage();
      own.add(page);
      await page.setViewport(viewport);
      const tp = new FirefoxPage(page, timeoutMs);
      if (url) await tp.goto(url);
      return tp;
    },
    async openExtensionPage(path: string) {
      const page = await browser.newPage();
      own.add(page);
      await page.setViewport(viewport);
      const tp = new FirefoxPage(page, timeoutMs);
      await tp.gotoExtension(browser, `${extensionOrigin}/${path.replace(/^\//, '')}`, timeoutMs);
      return tp;
    },
    async waitForConsent(opts?: ConsentWaitOptions) {
      const t = opts?.timeoutMs ?? timeoutMs;
      const page = await consents.next(t, 'Firefox: no consent page opened');
      await page.waitFor(opts?.readyTarget ?? 'testid=approve', { timeoutMs: t });
      return page;
    },
    consentCount: () => consents.total,
    async passwordSaveOffers() {
      // The browser window's own document (BiDi's chrome scope, allowed by
      // --remote-allow-system-access): PopupNotifications holds the login manager's doorhangers.
      // puppeteer's raw send answers `{ result }`, the BiDi command's result.
      const send = (browser as unknown as { connection: { send(m: string, p: object): Promise<{ result: unknown }> } }).connection.send.bind(
        (browser as unknown as { connection: object }).connection,
      );
      const tree = (await send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as { contexts: Array<{ context: string }> };
      const offers: string[] = [];
      for (const { context } of tree.contexts) {
        const evaluated = (
          await send('script.evaluate', {
            expression: `JSON.stringify(Array.from(Services.wm.getEnumerator('navigator:browser')).flatMap((w) =>
              w.gBrowser.browsers.map((b) => w.PopupNotifications.getNotification('password', b)).filter(Boolean)
                .map((n) => (n.dismissed ? 'dismissed: ' : 'shown: ') + n.message)))`,
            target: { context },
            awaitPromise: false,
          })
        ).result as { type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } };
        if (evaluated.type !== 'success' || typeof evaluated.result?.value !== 'string') {
          throw new Error(`Firefox chrome scope: ${evaluated.exceptionDetails?.text ?? JSON.stringify(evaluated)}`);
        }
        offers.push(...(JSON.parse(evaluated.result.value) as string[]));
      }
      return [...new Set(offers)];
    },
    async waitForExtensionPage(path: string, opts?: TimeoutOptions) {
      return others.queue(path).next(opts?.timeoutMs ?? timeoutMs, `Firefox: the extension opened no ${path}`);
    },
    close,
  };
  return harness;
}
