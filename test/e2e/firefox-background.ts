/**
 * Suspends Firefox's event page as its idle timeout does (see ./background-control.ts for why
 * and how). Its own file, free of the test runner, so that the benchmark can use it too.
 */
import type { Harness } from './harness/index.js';

/** Suspends Firefox's event page as its idle timeout does; returns the background's state afterwards. */
export async function suspendFirefoxBackground(h: Harness): Promise<string> {
  const connection = (h.raw as { connection?: { send(method: string, params: object): Promise<unknown> } }).connection;
  if (!connection) throw new Error('puppeteer internals changed: no BiDi connection');
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as {
    result: { contexts: { context: string }[] };
  };
  const context = tree.result.contexts[0]?.context;
  if (!context) throw new Error('no chrome-scope browsing context');
  const reply = (await connection.send('script.evaluate', {
    expression: `(async () => {
      const extension = WebExtensionPolicy.getByID(${JSON.stringify(h.extensionId)}).extension;
      await extension.terminateBackground({ ignoreDevToolsAttached: true, disableResetIdleForTest: true });
      return String(extension.backgroundState);
    })()`,
    target: { context },
    awaitPromise: true,
  })) as { result: { type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } } };
  if (reply.result.type !== 'success') throw new Error(`terminateBackground failed: ${reply.result.exceptionDetails?.text}`);
  return String(reply.result.result?.value);
}
