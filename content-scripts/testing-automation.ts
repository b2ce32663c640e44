/**
 * Testing build only (docs/testing-build.md): the page-level door to the virtual
 * authenticators, for test suites driven over WebDriver, CDP or BiDi. A page posts
 *
 *   window.postMessage({ passkeepTesting: 'command', id, command, params }, location.origin)
 *
 * and gets back, on the same window, `{ passkeepTesting: 'result', id, ok, value | error }`.
 * This script only relays: the background decides from the browser's `sender` whether the page's
 * origin is one of the allowed ones, and answers an error otherwise. It is in no store build.
 */
const runtime = ((globalThis as { browser?: typeof chrome }).browser ?? chrome).runtime;

interface CommandMessage {
  passkeepTesting: 'command';
  id: string;
  command: string;
  params?: unknown;
}

window.addEventListener('message', (event: MessageEvent) => {
  // Only messages the frame posted to itself.
  if (event.source !== window) return;
  const data = event.data as CommandMessage | null;
  if (!data || typeof data !== 'object' || data.passkeepTesting !== 'command' || typeof data.id !== 'string' || typeof data.command !== 'string') return;
  const { id } = data;
  // Re-serialised with this world's JSON: a plain copy, free of page wrappers.
  const params: unknown = JSON.parse(JSON.stringify(data.params ?? {}));
  const answer = (reply: unknown) => window.postMessage({ passkeepTesting: 'result', id, ...(reply as object) }, '*');
  Promise.resolve(runtime.sendMessage({ type: 'testing:automation', command: data.command, params })).then(
    (reply) => answer(reply ?? { ok: false, error: { name: 'unknown error', message: 'Passkeep Testing did not answer.' } }),
    (error: Error) => answer({ ok: false, error: { name: 'unknown error', message: String(error?.message ?? error) } }),
  );
});
