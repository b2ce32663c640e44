/**
 * A throwaway extension with the same shape as Passkeep, used to prove the harness on the same
 * mechanics without depending on the real build:
 *
 *  - MV3; a MAIN-world content script at document_start in all frames replaces
 *    `navigator.credentials.get` with a function that posts the request to
 *  - an ISOLATED-world content script (document_start, all frames), which opens
 *    `runtime.connect({ name: 'ceremony' })` to
 *  - the background (Chrome: service worker; Firefox: event page `background.scripts`), which opens
 *    `consent.html?request=ID` with `windows.create({ type: 'popup', width: 420, height: 560 })`;
 *  - the consent page has `approve`, `cancel` and `pin` test ids; it only honours trusted clicks
 *    (`event.isTrusted`), so a harness that clicks from page script would fail the smoke test.
 *
 * Approve resolves the page's promise with `{ credentialId, rpId, pin, request }`; cancel rejects
 * it with a `NotAllowedError` DOMException. After a decision the background closes the window.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_GECKO_ID = 'harness-fixture@passkeep.test';
export const FIXTURE_CREDENTIAL_ID = 'fixture-credential';

const MAIN_JS = String.raw`(() => {
  const TAG = 'passkeep-fixture';
  const pending = new Map();
  let seq = 0;
  window.addEventListener('message', (e) => {
    const d = e.data;
    if (e.source !== window || !d || d.tag !== TAG || d.dir !== 'to-page') return;
    const p = pending.get(d.id);
    if (!p) return;
    pending.delete(d.id);
    if (d.ok) p.resolve(d.value);
    else p.reject(new DOMException(d.error.message, d.error.name));
  });
  const get = function get(options) {
    return new Promise((resolve, reject) => {
      const id = 'r' + Date.now().toString(36) + '-' + ++seq;
      pending.set(id, { resolve, reject });
      const hasPublicKey = !!(options && options.publicKey);
      window.postMessage({ tag: TAG, dir: 'to-ext', id, kind: 'get', hasPublicKey }, location.origin);
    });
  };
  Object.defineProperty(navigator.credentials, 'get', { value: get, configurable: true, writable: true });
  Object.defineProperty(window, '__passkeepFixtureHooked', { value: true });
})();
`;

const ISOLATED_JS = String.raw`(() => {
  const TAG = 'passkeep-fixture';
  const api = globalThis.browser ?? globalThis.chrome;
  window.addEventListener('message', (e) => {
    const d = e.data;
    if (e.source !== window || !d || d.tag !== TAG || d.dir !== 'to-ext') return;
    const reply = (msg) => window.postMessage({ tag: TAG, dir: 'to-page', id: d.id, ...msg }, location.origin);
    const port = api.runtime.connect({ name: 'ceremony' });
    let answered = false;
    port.onMessage.addListener((msg) => {
      answered = true;
      reply(msg);
      port.disconnect();
    });
    port.onDisconnect.addListener(() => {
      if (!answered) reply({ ok: false, error: { name: 'NotAllowedError', message: 'The request ended.' } });
    });
    port.postMessage({ kind: d.kind, hasPublicKey: d.hasPublicKey });
  });
})();
`;

const BACKGROUND_JS = String.raw`const api = globalThis.browser ?? globalThis.chrome;
const requests = new Map();

function finish(id, answer) {
  const r = requests.get(id);
  if (!r) return;
  requests.delete(id);
  try { r.port.postMessage(answer); } catch {}
  if (r.windowId !== undefined) api.windows.remove(r.windowId).catch(() => {});
}

api.runtime.onConnect.addListener((port) => {
  if (port.name !== 'ceremony') return;
  port.onMessage.addListener(async (msg) => {
    const id = crypto.randomUUID();
    const origin = port.sender && port.sender.origin ? port.sender.origin : new URL(port.sender.url).origin;
    const r = { port, origin, windowId: undefined, closed: false };
    requests.set(id, r);
    port.onDisconnect.addListener(() => {
      r.closed = true;
      if (requests.get(id) === r) {
        requests.delete(id);
        if (r.windowId !== undefined) api.windows.remove(r.windowId).catch(() => {});
      }
    });
    const url = api.runtime.getURL('consent.html?request=' + encodeURIComponent(id));
    if (PROMPT_FORM === 'panel') {
      // The toolbar button's panel; the page closes it after the decision.
      await api.action.setPopup({ popup: url });
      await api.action.openPopup();
      await api.action.setPopup({ popup: 'popup.html' });
      return;
    }
    const win = await api.windows.create({ url, type: 'popup', width: 420, height: 560 });
    r.windowId = win.id;
    if (r.closed) api.windows.remove(win.id).catch(() => {});
  });
});

api.windows.onRemoved.addListener((windowId) => {
  for (const [id, r] of requests) {
    if (r.windowId === windowId) finish(id, { ok: false, error: { name: 'NotAllowedError', message: 'The prompt was closed.' } });
  }
});

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (sender.id !== api.runtime.id || !sender.url || !sender.url.startsWith(api.runtime.getURL(''))) return;
  if (msg && msg.type === 'consent:details') {
    const r = requests.get(msg.request);
    sendResponse(r ? { ok: true, origin: r.origin } : { ok: false });
    return;
  }
  if (msg && msg.type === 'consent:decision') {
    const r = requests.get(msg.request);
    if (!r) { sendResponse({ ok: false }); return; }
    if (msg.approve) {
      finish(msg.request, { ok: true, value: { credentialId: '${FIXTURE_CREDENTIAL_ID}', rpId: new URL(r.origin).hostname, pin: msg.pin, request: msg.request } });
    } else {
      finish(msg.request, { ok: false, error: { name: 'NotAllowedError', message: 'The user cancelled.' } });
    }
    sendResponse({ ok: true });
  }
});
`;

const CONSENT_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Fixture consent</title></head>
<body>
  <h1>Sign in?</h1>
  <p data-testid="origin">…</p>
  <label>PIN <input data-testid="pin" type="password" autocomplete="off"></label>
  <button data-testid="approve" type="button" disabled>Approve</button>
  <button data-testid="cancel" type="button" disabled>Cancel</button>
  <p data-testid="error" hidden></p>
  <script src="consent.js"></script>
</body>
</html>
`;

const CONSENT_JS = String.raw`(async () => {
  const api = globalThis.browser ?? globalThis.chrome;
  const request = new URLSearchParams(location.search).get('request');
  const $ = (id) => document.querySelector('[data-testid="' + id + '"]');
  const details = await api.runtime.sendMessage({ type: 'consent:details', request });
  if (!details || !details.ok) {
    $('error').hidden = false;
    $('error').textContent = 'Unknown request';
    return;
  }
  $('origin').textContent = details.origin;
  const decide = (approve) => (e) => {
    if (!e.isTrusted) {
      $('error').hidden = false;
      $('error').textContent = 'untrusted click ignored';
      return;
    }
    $('approve').disabled = $('cancel').disabled = true;
    // Like Passkeep's prompt: once the background has taken the decision, the page closes its own
    // window (and the background removes it too), so the click can take its page down under the
    // harness's feet.
    api.runtime.sendMessage({ type: 'consent:decision', request, approve, pin: $('pin').value }).then(() => window.close());
  };
  $('approve').addEventListener('click', decide(true));
  $('cancel').addEventListener('click', decide(false));
  $('approve').disabled = $('cancel').disabled = false;
  document.body.dataset.ready = '1';
})();
`;

const POPUP_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fixture popup</title></head>
<body><p data-testid="popup-title">Fixture popup</p></body></html>
`;

function manifest(target: 'chrome' | 'firefox', matches: string[]): object {
  const contentScripts = [
    { matches, js: ['main.js'], run_at: 'document_start', all_frames: true, world: 'MAIN' },
    { matches, js: ['isolated.js'], run_at: 'document_start', all_frames: true },
  ];
  const common = {
    manifest_version: 3,
    name: 'Passkeep harness fixture',
    version: '0.0.1',
    description: 'Throwaway extension used to prove the e2e harness.',
    action: { default_popup: 'popup.html' },
    content_scripts: contentScripts,
  };
  if (target === 'chrome') {
    return { ...common, background: { service_worker: 'background.js' } };
  }
  return {
    ...common,
    background: { scripts: ['background.js'] },
    browser_specific_settings: { gecko: { id: FIXTURE_GECKO_ID, strict_min_version: '128.0' } },
  };
}

export interface FixtureExtension {
  chrome: string;
  firefox: string;
}

/**
 * Writes the fixture extension's two variants under `dir` (`dir/chrome`, `dir/firefox`).
 * `matches` are the content scripts' match patterns (default: `http://localhost/*`, every port).
 * `promptForm: 'panel'` opens the consent page in the toolbar button's panel
 * (`action.openPopup()`, Firefox) instead of a popup window.
 */
export function writeFixtureExtension(
  dir: string,
  matches: string[] = ['http://localhost/*'],
  promptForm: 'window' | 'panel' = 'window',
): FixtureExtension {
  const out = { chrome: join(dir, 'chrome'), firefox: join(dir, 'firefox') };
  for (const target of ['chrome', 'firefox'] as const) {
    const d = out[target];
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(manifest(target, matches), null, 2));
    writeFileSync(join(d, 'main.js'), MAIN_JS);
    writeFileSync(join(d, 'isolated.js'), ISOLATED_JS);
    writeFileSync(join(d, 'background.js'), `const PROMPT_FORM = ${JSON.stringify(promptForm)};\n${BACKGROUND_JS}`);
    writeFileSync(join(d, 'consent.html'), CONSENT_HTML);
    writeFileSync(join(d, 'consent.js'), CONSENT_JS);
    writeFileSync(join(d, 'popup.html'), POPUP_HTML);
  }
  return out;
}
