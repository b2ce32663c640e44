/**
 * One browser harness interface for the end-to-end tests, implemented for Chromium (playwright-core,
 * CDP) and Firefox ESR (puppeteer-core, WebDriver BiDi), so that each e2e test is written once and
 * runs in both. See ./README.md.
 */

export type BrowserName = 'chromium' | 'firefox';

/**
 * A target inside a page:
 *  - `testid=approve` → the element with `data-testid="approve"` (the automation contract);
 *  - anything else is a CSS selector.
 * When several elements match, the first one is used unless `nth` says otherwise.
 */
export type Target = string;

export interface TimeoutOptions {
  /** Default: the harness's `timeoutMs` (10 s unless set at launch). */
  timeoutMs?: number;
}

export interface ElementOptions extends TimeoutOptions {
  /** Zero-based index among the elements the target matches, in document order. Default 0. */
  nth?: number;
}

export interface ClickOptions extends ElementOptions {
  /**
   * One trusted click as soon as the element is visible, even while it is disabled or not yet
   * armed, and no second one: for tests of what an early click does (SECURITY.md case 26).
   */
  immediate?: boolean;
}

export interface WaitForOptions extends ElementOptions {
  /**
   * `visible` (default): present and rendered; `attached`: present in the DOM;
   * `hidden`: absent or not rendered; `detached`: absent from the DOM.
   */
  state?: 'visible' | 'attached' | 'hidden' | 'detached';
}

export interface ConsentWaitOptions extends TimeoutOptions {
  /**
   * What must be visible before the consent page counts as ready for interaction.
   * Default `testid=approve` (the contract shows it always).
   */
  readyTarget?: Target;
}

export interface LaunchOptions {
  /** Unpacked extension directory (`dist/chrome` or `dist/firefox`). */
  extensionPath: string;
  /** Default true. Only Chromium can run headed, and only with a display. */
  headless?: boolean;
  /**
   * Chromium headless: the size of its one screen (default 800×600, too small for a browser
   * window with the consent prompt inside it). Ignored headed and in Firefox.
   */
  screen?: { width: number; height: number };
  /** Default timeout of every wait, in ms (default 10 000). */
  timeoutMs?: number;
  /** Viewport of pages opened with `newPage` (default 1280×720). Windows the extension opens keep their own size. */
  viewport?: { width: number; height: number };
  /**
   * Firefox: keep the browser's own password manager on, as it is by default for people
   * (puppeteer's profile turns `signon.rememberSignons` off). Chromium's is on already.
   */
  passwordManager?: boolean;
  /**
   * `prefers-color-scheme` for every page, extension pages included, from launch on (so also the
   * pages the extension opens itself). Default: the browser's own (light here).
   */
  colorScheme?: 'light' | 'dark';
  /**
   * Reach the https sites of `startTlsSites()` (./tls-sites.ts): non-loopback https goes through
   * its CONNECT proxy, and its one certificate is trusted (Chromium: that certificate only;
   * Firefox: `acceptInsecureCerts`, every certificate). Loopback test servers are unaffected.
   */
  httpsSites?: { proxy: string; spki: string };
  /**
   * A page to open, in a tab of its own, before the extension is installed (`Harness.pageBefore`):
   * a document that the manifest's content scripts never ran in.
   */
  openBefore?: string;
  /**
   * Firefox: report the toolbar button's panels (`action.openPopup()`) as pages, so that
   * `waitForConsent` finds a consent page there (./firefox-panel.ts). Off by default: Passkeep's
   * prompt is a window, and the watch is one more chrome-scope request loop per browser.
   */
  panels?: boolean;
}

export interface Harness {
  readonly browserName: BrowserName;
  /** Chromium: the 32-letter extension id. Firefox: the gecko id from the manifest. */
  readonly extensionId: string;
  /** `chrome-extension://ID` or `moz-extension://UUID`, no trailing slash. */
  readonly extensionOrigin: string;
  /** How long launching the browser with the extension ready took, in ms. */
  readonly launchMs: number;
  /**
   * Escape hatch: the playwright `BrowserContext` (Chromium) or puppeteer `Browser` (Firefox).
   * For tools such as the benchmark (init scripts, CDP sessions, service workers); avoid in tests.
   */
  readonly raw?: unknown;

  /** A new normal tab, navigated to `url` (until its `load` event) when given. */
  newPage(url?: string): Promise<TestPage>;
  /** A new tab showing an extension page, e.g. `popup.html`, ready when the document has loaded. */
  openExtensionPage(path: string): Promise<TestPage>;
  /**
   * The next consent page (an extension page whose URL contains `consent`, opened by the extension
   * as a window or a tab) that this call has not handed out yet, once `readyTarget` is visible.
   * Consent pages are recorded from launch on, so one that opened before this call is not missed.
   */
  waitForConsent(opts?: ConsentWaitOptions): Promise<TestPage>;
  /** How many consent pages the extension has opened since launch (handed out or not). */
  consentCount(): number;
  /**
   * Firefox: the browser's offers to save a password now attached to any tab, shown or
   * dismissed (its "password" doorhangers: "Save password for …?"), read from the browser's own
   * UI. Chromium: null, as its password manager does not run in extension pages and its bubble
   * cannot be read from here.
   */
  passwordSaveOffers(): Promise<string[] | null>;
  /**
   * The next page at `path` of the extension's origin (e.g. `guide.html`, which the extension
   * opens on install) that the extension or a link in one of its pages opened since launch, and
   * that this call has not handed out yet; ready when its document has loaded. Pages the test
   * opened itself (`newPage`, `openExtensionPage`) and consent pages are not counted.
   */
  waitForExtensionPage(path: string, opts?: TimeoutOptions): Promise<TestPage>;
  /** The tab opened with `LaunchOptions.openBefore`, loaded before the extension was installed. */
  readonly pageBefore?: TestPage;
  /**
   * Installs the same unpacked extension again, as an update does (and as `web-ext run` does
   * on every rebuild): the running instance is replaced, open pages stay. Resolves once the new
   * background runs. Chromium: CDP `Extensions.loadUnpacked`; Firefox: BiDi `webExtension.install`.
   */
  updateExtension(): Promise<void>;
  /** Uninstalls the extension (Chromium: CDP `Extensions.uninstall`; Firefox: BiDi `webExtension.uninstall`). */
  removeExtension(): Promise<void>;
  /** Closes the browser and removes its temporary profile. Safe to call twice. */
  close(): Promise<void>;
}

export interface TestPage {
  readonly browserName: BrowserName;
  /** The document's `location.href` (asked from the document: puppeteer's url() can be stale). */
  url(): Promise<string>;
  /** Navigates this tab and waits for `load`. Not for extension pages in Firefox (use openExtensionPage). */
  goto(url: string, opts?: TimeoutOptions): Promise<void>;
  /**
   * A trusted click (real input events) once the element is visible and enabled. An element
   * that carries `data-armed` (the prompt's approve, SECURITY.md case 26) is clicked once it
   * says `"true"`, and clicked again until a click lands while it is armed or the window closes.
   */
  click(target: Target, opts?: ClickOptions): Promise<void>;
  /** Replaces the field's value with `text` by trusted keyboard/text input. */
  fill(target: Target, text: string, opts?: ElementOptions): Promise<void>;
  /**
   * Chooses the `<select>`'s option whose value is `value`, once the select is visible and
   * enabled, as the drivers do (playwright `selectOption`, puppeteer `ElementHandle.select`: the
   * value is set from script, then `input` and `change` fire). Not trusted input: a choice made
   * this way must still be confirmed by a trusted `click`, as the prompt's failure scenario is by approve.
   */
  select(target: Target, value: string, opts?: ElementOptions): Promise<void>;
  /** Presses one key (e.g. 'Enter', 'Escape', 'Tab') on the focused element. */
  press(key: string): Promise<void>;
  /** The element's rendered text (`innerText`), once it exists. */
  text(target: Target, opts?: ElementOptions): Promise<string>;
  /** Rendered texts of all matching elements, in document order (no waiting). */
  texts(target: Target): Promise<string[]>;
  /** How many elements match now (no waiting). */
  count(target: Target): Promise<number>;
  /** Whether the element exists and is rendered now (no waiting). */
  isVisible(target: Target, opts?: { nth?: number }): Promise<boolean>;
  waitFor(target: Target, opts?: WaitForOptions): Promise<void>;
  /** Waits until the element's rendered text contains `text` (string) or matches it (RegExp). */
  waitForText(target: Target, text: string | RegExp, opts?: ElementOptions): Promise<void>;
  /** Waits until `fn` (run in the page) returns a truthy value, and returns that value. */
  waitForFunction<T>(fn: string | (() => T | Promise<T>), opts?: TimeoutOptions): Promise<T>;
  /**
   * Runs `fn` in the page's main world and returns its (awaited, JSON-serialisable) result.
   * A string is evaluated as an expression.
   */
  evaluate<T>(fn: string | (() => T | Promise<T>)): Promise<T>;
  evaluate<T, A>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** A PNG of the page's viewport. */
  screenshot(path: string): Promise<void>;
  /**
   * Takes the focus away from this page's window (trusted `blur`; Chromium: the window is
   * minimised, Firefox: another tab is brought to the front), and waits until the document has
   * lost it.
   */
  blurWindow(opts?: TimeoutOptions): Promise<void>;
  /** Gives the focus back to this page's window (trusted `focus`) and waits until it has it. */
  focusWindow(opts?: TimeoutOptions): Promise<void>;
  /** Whether the page (tab or window) has gone; asks the browser when it cannot be known locally. */
  isClosed(): Promise<boolean>;
  waitForClose(opts?: TimeoutOptions): Promise<void>;
  close(): Promise<void>;
  /** Escape hatch: the playwright `Page` (Chromium) or puppeteer `Page` (Firefox). Avoid in shared tests. */
  readonly raw: unknown;
}
