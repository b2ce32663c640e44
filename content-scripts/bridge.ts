/**
 * Isolated-world relay: page hook ⇄ background, one `runtime.connect` port per request.
 *
 * It adds a single message listener at document_start and does nothing else until the page
 * calls the API. It forwards only the page's own options; origin, tab and frame are taken by
 * the background from the port's `sender`. If the background goes away mid-ceremony, the port
 * disconnects and the page's promise settles with NotAllowedError instead of hanging.
 *
 * The one thing it adds is the frame's permissions policy (SECURITY.md case 23), read here and
 * never taken from the page: this world has its own wrappers of the DOM, so a page that
 * replaces `document.featurePolicy` or `allowsFeature` changes only its own view.
 */
import { allowAttributeAllows } from '../src/core/allow-attribute.js';
import { MAX_REQUEST_CHARS, SIZE_ERROR } from '../src/core/limits.js';
import type { Outcome } from './page-channel.js';
import { isAutofillPortMessage, type AutofillPortMessage } from '../src/core/autofill-protocol.js';
import { showAutofillList } from './autofill-anchor.js';
import { ABORT, PING, REQUEST, RESPONSE, STOOD_BACK, type PageAbort, type PageRequest, type PageStoodBack } from './page-channel.js';
import { aliveCheck, claimFrame } from './bridge-instance.js';

// Firefox exposes promise-based `browser`; Chrome's `chrome` has the same port API.
const runtime = ((globalThis as { browser?: typeof chrome }).browser ?? chrome).runtime;
const ports = new Map<string, chrome.runtime.Port>();
const OPS: readonly unknown[] = ['create', 'get', 'signal', 'caps'];
const alive = aliveCheck(runtime);

// https://w3c.github.io/webauthn/#sctn-createCredential step 2 and
// #sctn-discover-from-external-source step 2. Chromium exposes the document's policy (header,
// inherited policy and every ancestor's `allow` included) as document.featurePolicy (the newer
// name permissionsPolicy first, where it exists); Firefox exposes none, and the background
// decides from the frame tree (../src/background/frame-policy.ts).
type Policy = { allowsFeature(feature: string): boolean };
const policyObject = (document as unknown as { permissionsPolicy?: Policy; featurePolicy?: Policy }).permissionsPolicy ?? (document as unknown as { featurePolicy?: Policy }).featurePolicy;

/** This document's policy for `publickey-credentials-<op>`; null when the browser exposes none. */
function ownPolicy(op: unknown): boolean | null {
  if ((op !== 'create' && op !== 'get') || !policyObject) return null;
  try {
    return policyObject.allowsFeature(`publickey-credentials-${op}`) === true;
  } catch {
    return false; // a policy object that cannot answer allows nothing
  }
}
const STOPS: readonly unknown[] = ['AbortError', 'NotSupportedError', 'NotAllowedError'];

/** The autofill list of a waiting conditional request: its removal, and the port's keep-alive. */
const lists = new Map<string, () => void>();

function autofill(id: string, port: chrome.runtime.Port, message: AutofillPortMessage): void {
  endAutofill(id);
  if (message.autofill === 'hide' || !(message.rows > 0) || !ports.has(id)) return;
  const remove = showAutofillList(runtime.getURL(`autofill.html?session=${encodeURIComponent(message.session)}`), message.rows);
  // A service worker with no event for 30 s is stopped, which would end the request; the
  // person may come to the field much later.
  const ping = setInterval(() => port.postMessage({ type: 'ping' }), 20_000);
  lists.set(id, () => {
    clearInterval(ping);
    remove();
  });
}

function endAutofill(id: string): void {
  lists.get(id)?.();
  lists.delete(id);
}

function answer(id: string, outcome: Outcome): void {
  window.postMessage({ t: RESPONSE, id, ...outcome }, '*');
}

let reportedStandBack = false;

function onPageMessage(event: MessageEvent): void {
  // Only messages the frame posted to itself (SECURITY.md case 10); and nothing at all once the
  // extension is gone: the bridge injected after the reload answers instead (./bridge-instance.ts).
  if (event.source !== window || !alive()) return;
  const data = event.data as PageRequest | PageAbort | PageStoodBack | null;
  if (!data || typeof data !== 'object') return;
  // The hook stood back (./stand-back.ts): the background shows it on this tab's badge, once.
  if (data.t === STOOD_BACK) {
    if (!reportedStandBack) runtime.sendMessage({ type: 'passkeep:stood-back', reason: data.reason === 'locked' ? 'locked' : 'replaced' }).catch(() => undefined);
    reportedStandBack = true;
    return;
  }
  if (typeof data.id !== 'string' || data.id.length > 64) return;
  if (data.t === ABORT) {
    const port = ports.get(data.id);
    endAutofill(data.id);
    if (port) {
      port.postMessage({ type: 'abort' });
      ports.delete(data.id);
      port.disconnect();
    }
    return;
  }
  // https://w3c.github.io/webauthn/#sctn-api: [SecureContext]; the hook does not install itself
  // elsewhere, so only a forged message could come from an insecure context.
  if (data.t !== REQUEST || !OPS.includes(data.op) || ports.has(data.id) || !window.isSecureContext) return;
  const id = data.id;
  // Re-serialized with this world's own JSON: a plain copy, free of page wrappers (Firefox Xrays).
  // Only these members cross; the background validates every one of them.
  let request: unknown;
  try {
    // SECURITY.md case 24: a request larger than any real one (src/core/limits.ts) is answered
    // here, in the page's own process, and never reaches the background. The JSON is written
    // anyway for the copy, so measuring it costs nothing more.
    const mediation = JSON.stringify(data.mediation ?? null);
    const options = JSON.stringify(data.options ?? null);
    if (mediation.length + options.length > MAX_REQUEST_CHARS) {
      answer(id, { ok: false, error: { name: SIZE_ERROR, message: 'The request exceeds the maximum allowed size.' } });
      return;
    }
    request = {
      type: 'request',
      op: data.op,
      mediation: JSON.parse(mediation),
      // Chrome's uiMode ("immediate"); anything but a short string is no mode
      uiMode: typeof data.uiMode === 'string' && data.uiMode.length <= 16 ? data.uiMode : null,
      options: JSON.parse(options),
      // a Signal API method name; anything longer than any of them is no method
      kind: typeof data.kind === 'string' && data.kind.length <= 64 ? data.kind : null,
      stop: STOPS.includes(data.stop) ? data.stop : null,
      policy: ownPolicy(data.op),
      // Immediate mediation needs it (../src/core/immediate-activation.ts): this frame's own
      // state, read in this world, where the page cannot fake it.
      activation: navigator.userActivation?.isActive === true,
    };
  } catch {
    // Only a forged message can be cyclic: the hook's snapshot is a tree.
    answer(id, { ok: false, error: { name: 'TypeError', message: 'The options could not be copied.' } });
    return;
  }
  let port: chrome.runtime.Port;
  try {
    port = runtime.connect({ name: 'ceremony' });
  } catch {
    // The extension was reloaded or removed under this page: the browser's own implementation
    // answers instead (a person is never worse off for having Passkeep installed).
    answer(id, { ok: true, handoff: true });
    return;
  }
  ports.set(id, port);
  port.onMessage.addListener((message: Outcome | AutofillPortMessage) => {
    // Passkey autofill: the list at the field, until the request ends (./autofill-anchor.ts).
    if (isAutofillPortMessage(message)) return autofill(id, port, message);
    if (!ports.delete(id)) return;
    endAutofill(id);
    answer(id, message);
    port.disconnect();
  });
  port.onDisconnect.addListener(() => {
    endAutofill(id);
    if (!ports.delete(id)) return;
    answer(id, { ok: false, error: { name: 'NotAllowedError', message: 'The request ended before it was answered.' } });
  });
  port.postMessage(request);
}

/** The hook asks, synchronously, whether a bridge will answer (./page-channel.ts PING). */
function onPing(event: Event): void {
  if (alive()) event.preventDefault();
}

/**
 * Where the browser exposes no permissions-policy object (Firefox), the background walks the
 * frame tree and asks each embedding document's bridge what its `<iframe allow>` says about the
 * child frame (see ../src/background/embedder-policy.ts). Only the extension itself can send
 * this (runtime messages from a content script carry a tab; the background's do not), and the
 * attribute and this document's origin are read in this isolated world, out of the page's reach.
 */
export interface EmbedderQuery {
  type: 'passkeep:embedder-allows';
  childFrameId: number;
  feature: string;
  childOrigin: string;
}

/**
 * `origin`: this (embedding) document's origin; `allows`: what its container for the child says
 * about the feature for `childOrigin` (null: the attribute does not name it). Null when no
 * `<iframe>`/`<frame>` here holds that child.
 */
export type EmbedderAnswer = { origin: string; allows: boolean | null } | null;

const getFrameId = (runtime as { getFrameId?: (target: Element) => number }).getFrameId;

/** https://w3c.github.io/webappsec-permissions-policy/#declared-origin: what 'src' means. */
function declaredOrigin(element: Element): string | null {
  if (element.hasAttribute('srcdoc')) return location.origin;
  const src = element.getAttribute('src');
  if (src === null || src === '') return location.origin;
  try {
    const origin = new URL(src, document.baseURI).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return location.origin;
  }
}

function embedderAnswer(query: EmbedderQuery): EmbedderAnswer {
  if (!getFrameId) return null;
  for (const element of document.querySelectorAll('iframe, frame')) {
    let id: number;
    try {
      id = getFrameId(element);
    } catch {
      continue;
    }
    if (id !== query.childFrameId) continue;
    const allow = element.getAttribute('allow') ?? '';
    return { origin: location.origin, allows: allowAttributeAllows(allow, query.feature, query.childOrigin, declaredOrigin(element), location.origin) };
  }
  return null;
}

function onEmbedderQuery(raw: unknown, sender: chrome.runtime.MessageSender, sendResponse: (answer: EmbedderAnswer) => void): boolean {
  const query = raw as EmbedderQuery | null;
  if (!query || query.type !== 'passkeep:embedder-allows' || sender.id !== runtime.id || sender.tab) return false;
  sendResponse(embedderAnswer(query));
  return false;
}

// A second copy in a frame that a live one serves already does nothing (./bridge-instance.ts).
if (claimFrame(alive)) {
  window.addEventListener('message', onPageMessage);
  window.addEventListener(PING, onPing);
  runtime.onMessage.addListener(onEmbedderQuery);
}
