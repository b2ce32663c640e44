/**
 * The toolbar button's panel in Firefox (the document `action.openPopup()` opens), reached over
 * WebDriver BiDi. Test and benchmark side only: nothing of it is in the extension.
 *
 * Why it needs help: Firefox's BiDi addresses top-level documents through the tabs it lists, so
 * `browsingContext.getTree` never shows the panel's `<browser>` (it lives in the browser
 * window's chrome, not in a tab) and every command naming it fails with "no such frame".
 * `moz:scope: 'chrome'` reaches the browser window's own document, but input there is refused
 * ("does not support browsing contexts in privileged (chrome) scope"). So, in the chrome scope
 * (allowed by --remote-allow-system-access), the remote agent's navigable lookup is taught one
 * more kind of id, `panel-<BrowsingContext id>`, for the content document of an open extension
 * panel. With it the ordinary BiDi commands reach that document: `script.callFunction` in its
 * realm, `input.performActions` (real, trusted pointer and key events through the browser's
 * input path, as for a tab), `browsingContext.captureScreenshot`. Once the panel closes the
 * browsing context is discarded and the lookup answers "not found", as for a closed tab.
 */

/** puppeteer's BiDi connection: `send` answers `{ result }`, the command's result. */
export interface BidiSend {
  (method: string, params: object): Promise<{ result: unknown }>;
}

export function bidiSend(browser: unknown): BidiSend {
  const connection = (browser as { connection?: { send(m: string, p: object): Promise<{ result: unknown }> } }).connection;
  if (!connection) throw new Error('puppeteer internals changed: no BiDi connection');
  return connection.send.bind(connection);
}

/** Evaluates `expression` (awaited) in the browser window's chrome document; its value as a string. */
export async function evaluateInChrome(send: BidiSend, expression: string): Promise<string> {
  const tree = (await send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as { contexts: Array<{ context: string }> };
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error('Firefox: no chrome-scope browsing context');
  const reply = (await send('script.evaluate', { expression, target: { context }, awaitPromise: true })).result as {
    type: string;
    result?: { value?: unknown };
    exceptionDetails?: { text?: string };
  };
  if (reply.type !== 'success') throw new Error(`Firefox chrome scope: ${reply.exceptionDetails?.text ?? JSON.stringify(reply)}`);
  return String(reply.result?.value);
}

export interface OpenPanel {
  /** `panel-<BrowsingContext id>`: usable as a BiDi context id once the lookup is installed */
  context: string;
  url: string;
}

/**
 * The extension panels open now that `seenBy` has not been told about yet, with their URLs;
 * waits up to `waitMs` for one (the chrome document checks every 20 ms, one BiDi round trip in
 * all). Installs the lookup on first use. Each panel is reported once per `seenBy` key (null:
 * every panel open now).
 */
export async function newPanels(send: BidiSend, seenBy: string | null, waitMs: number): Promise<OpenPanel[]> {
  const value = await evaluateInChrome(
    send,
    `(async () => {
      const { NavigableManager } = ChromeUtils.importESModule('chrome://remote/content/shared/NavigableManager.sys.mjs');
      if (!NavigableManager.passkeepPanels) {
        const lookup = NavigableManager.getBrowsingContextById.bind(NavigableManager);
        NavigableManager.getBrowsingContextById = (id) => {
          const m = /^panel-(\\d+)$/.exec(String(id));
          if (!m) return lookup(id);
          const bc = BrowsingContext.get(Number(m[1]));
          return bc && !bc.isDiscarded && bc.isContent && !bc.parent ? bc : null;
        };
        NavigableManager.passkeepPanels = new Map();
      }
      const key = ${JSON.stringify(seenBy)};
      const seen = (key !== null && NavigableManager.passkeepPanels.get(key)) || new Set();
      if (key !== null) NavigableManager.passkeepPanels.set(key, seen);
      const scan = () => {
        const found = [];
        for (const w of Services.wm.getEnumerator('navigator:browser')) {
          for (const b of w.document.querySelectorAll('panel browser')) {
            const bc = b.browsingContext;
            const url = b.currentURI?.spec ?? '';
            if (!bc || seen.has(bc.id) || !url.startsWith('moz-extension:') || b.closest('panel')?.state === 'closed') continue;
            seen.add(bc.id);
            found.push({ context: 'panel-' + bc.id, url });
          }
        }
        return found;
      };
      const deadline = Date.now() + ${Math.max(0, Math.round(waitMs))};
      for (;;) {
        const found = scan();
        if (found.length > 0 || Date.now() >= deadline) return JSON.stringify(found);
        await new Promise((r) => setTimeout(r, 20));
      }
    })()`,
  );
  return JSON.parse(value) as OpenPanel[];
}

/** The extension panels open now, without waiting. */
export function openPanels(send: BidiSend): Promise<OpenPanel[]> {
  return newPanels(send, null, 0);
}

/**
 * Makes puppeteer treat an open panel as a page: the `browsingContext.contextCreated` event
 * Firefox's BiDi does not send for it, delivered to puppeteer's own session. puppeteer then
 * creates its Page (and `targetcreated`), whose every command names `panel.context`.
 */
export function announcePanel(browser: unknown, panel: OpenPanel): void {
  const connection = (browser as { connection?: { emit(type: string, event: object): boolean } }).connection;
  if (!connection) throw new Error('puppeteer internals changed: no BiDi connection');
  connection.emit('browsingContext.contextCreated', {
    context: panel.context,
    url: panel.url,
    parent: null,
    userContext: 'default',
    children: [],
    originalOpener: null,
    clientWindow: '',
  });
}
