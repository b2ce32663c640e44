// The adversarial suite (issue 9 item 10): property-based fuzzing of every message the background
// accepts, through its real listeners (src/background/main.ts) with a fake webextension-polyfill
// and fake-indexeddb. A malicious page controls everything the bridge sends on its `ceremony`
// port (request/abort, op, mediation, options, kind, stop, allow, and any claim it likes); the
// popup's and the prompt's messages (src/core/protocol.ts) are fuzzed too, from the right
// sender and from the wrong ones.
//
// Oracles, for every case: nothing throws out of a listener; every answer arrives within a
// bound; nothing is rejected unhandled; every answer is a success or a spec error name; every
// page request that was taken ends with exactly one answer, and no prompt window is left
// behind; a credential (or assertion) reaches the page only after the prompt of that very
// request sent approve, and its clientDataJSON names the origin the browser reported.
//
// `ADVERSARIAL_RUNS=full` (npm run test:adversarial) runs 100,000+ cases; `npm test` a share.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromBase64url, toBase64url } from '../../src/core/base64url';
import { RESET_CONFIRMATION, type WebAuthnErrorName } from '../../src/core/protocol';
import { BYTES_TAG, type WireValue } from '../../src/core/wire-value';
import { isAutofillPortMessage } from '../../src/core/autofill-protocol';
import { creationWire, requestWire } from './support/ceremony-fixtures';
import {
  connect,
  extensionSender,
  fakeBrowser,
  pageSender,
  sendMessage,
  type FakePort,
} from './support/fake-browser';
import { applyAll, fuzzRuns, mutationsArb, scalarArb, wireArb } from './support/wire-arbitraries';

vi.mock('webextension-polyfill', async () => ({ default: (await import('./support/fake-browser')).fakeBrowser }));

// Argon2id at the real cost would make each PIN check take most of a second: only the cost changes.
vi.mock('hash-wasm', () => import('./support/fast-argon2'));

const SPEC_ERRORS: ReadonlySet<WebAuthnErrorName | string> = new Set<WebAuthnErrorName>([
  'NotAllowedError',
  'SecurityError',
  'NotSupportedError',
  'InvalidStateError',
  'TypeError',
  'AbortError',
  'ConstraintError',
  'UnknownError',
  'SyntaxError',
]);

/** No single message may keep the background busier than this (fake-indexeddb, no real KDF). */
const BOUND_MS = 5_000;
const PIN = '1234';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  await import('../../src/background/main');
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Tallies of what the generators reached, to show each property explores both sides. */
const seen = new Map<string, number>();
const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);

/** Resolves once `done()` holds; fails the case if it does not within BOUND_MS. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + BOUND_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`hang: ${what} did not happen within ${BOUND_MS} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

/** Lets pending work run: a few macrotask turns (fake-indexeddb schedules with setImmediate). */
async function idle(turns = 4): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}

function withBound<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} unanswered after ${BOUND_MS} ms`)), BOUND_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A printable label for any value (String() throws on objects without a prototype). */
function label(value: unknown): string {
  return typeof value === 'string' ? value : typeof value;
}

function expectSpecError(error: unknown, where: string): void {
  const name = (error as { name?: unknown } | null)?.name;
  expect(SPEC_ERRORS.has(label(name)), `${where}: error name ${label(name)}`).toBe(true);
  expect(typeof (error as { message?: unknown }).message, `${where}: error message`).toBe('string');
}

/** An extension-page reply: `{ ok: true, value }` or `{ ok: false, error }` with a spec name. */
function checkReply(reply: unknown, where: string): void {
  expect(reply, where).toBeTypeOf('object');
  const r = reply as { ok?: unknown; value?: unknown; error?: unknown };
  if (r.ok === true) {
    expect('value' in r, where).toBe(true);
    count('reply:ok');
  } else {
    expect(r.ok, where).toBe(false);
    expectSpecError(r.error, where);
    count(`reply:${(r.error as { name: string }).name}`);
  }
}

// ---- the hostile page's side ----------------------------------------------------------------

interface Scene {
  /** how the browser reports the bridge's frame */
  /** origin: the one a credential may name (null: none may be produced); port: kept or closed at once */
  sender: () => { sender: ReturnType<typeof pageSender>; tabId: number; origin: string | null; port: 'kept' | 'refused' };
  label: string;
}

let nextTab = 1;
const TOP = 'https://example.org/login';

function tabWith(frames: { frameId: number; parentFrameId: number; url: string }[]): number {
  const tabId = nextTab++;
  fakeBrowser.webNavigation.trees.set(tabId, frames);
  return tabId;
}

/** A web page's frame `url` (frame `frameId`, below the top page TOP unless it is the top). */
function framed(label: string, url: string, frameId: number, origin: string): Scene {
  return {
    label,
    sender: () => {
      const frames = frameId === 0 ? [{ frameId: 0, parentFrameId: -1, url }] : [{ frameId: 0, parentFrameId: -1, url: TOP }, { frameId, parentFrameId: 0, url }];
      const tabId = tabWith(frames);
      return { sender: pageSender(url, tabId, frameId), tabId, origin, port: 'kept' };
    },
  };
}

/** Who opens the port: web pages (one with an opaque origin), and strangers. */
const SCENES: Scene[] = [
  framed('top frame', TOP, 0, 'https://example.org'),
  framed('subdomain', 'https://login.example.org/', 0, 'https://login.example.org'),
  framed('cross-origin frame', 'https://evil.example/frame', 3, 'https://evil.example'),
  framed('same-origin frame', 'https://example.org/inner', 5, 'https://example.org'),
  {
    label: 'opaque origin',
    sender: () => {
      const tabId = tabWith([{ frameId: 0, parentFrameId: -1, url: 'data:text/html,x' }]);
      return { sender: { ...pageSender('https://x.invalid/', tabId), url: 'data:text/html,x', origin: 'null' }, tabId, origin: null, port: 'kept' };
    },
  },
  {
    label: 'no tab',
    sender: () => ({ sender: { ...pageSender(TOP, 0), tab: undefined }, tabId: -1, origin: null, port: 'refused' }),
  },
  {
    label: 'another extension',
    sender: () => {
      const tabId = tabWith([{ frameId: 0, parentFrameId: -1, url: TOP }]);
      return { sender: { ...pageSender(TOP, tabId), id: 'someone-else' }, tabId, origin: null, port: 'refused' };
    },
  },
];

const CLAIMS = ['origin', 'frameId', 'tabId', 'sameOriginWithAncestors', 'topOrigin', 'sender', 'url', 'caller', 'userVerified', 'approved'];

/** The request's options: random, mutated valid ones, or valid ones for the page's own RP. */
const optionsArb: fc.Arbitrary<WireValue | undefined> = fc.oneof(
  fc.constant(undefined),
  wireArb,
  mutationsArb.map((m) => applyAll(creationWire(), m)),
  mutationsArb.map((m) => applyAll(requestWire(), m)),
  { weight: 3, arbitrary: fc.constantFrom<WireValue>(
    creationWire(),
    creationWire({ rp: { name: 'Example' }, authenticatorSelection: { userVerification: 'discouraged' } }),
    requestWire(),
    requestWire({ rpId: null, userVerification: 'discouraged' }),
    requestWire({ rpId: 'bank.example' }),
    { rpId: 'example.org', credentialId: { [BYTES_TAG]: 'AQID' } },
    { rpId: 'example.org', userId: { [BYTES_TAG]: 'AQID' }, allAcceptedCredentialIds: [] },
  ) },
);

/** A request as the real hook sends it (some valid, some mutated), with claims added. */
const wellFormedArb: fc.Arbitrary<WireValue> = fc
  .tuple(
    fc.oneof(
      fc.record({ op: fc.constant('create'), options: fc.oneof(fc.constant<WireValue>(creationWire()), mutationsArb.map((m) => applyAll(creationWire(), m))) }),
      fc.record({ op: fc.constant('get'), options: fc.oneof(fc.constant<WireValue>(requestWire()), fc.constant<WireValue>(requestWire({ rpId: null })), mutationsArb.map((m) => applyAll(requestWire(), m))) }),
    ),
    fc.constantFrom(null, true, false),
    fc.constantFrom(null, null, null, 'silent'),
    fc.dictionary(fc.constantFrom(...CLAIMS), wireArb, { maxKeys: 2 }),
  )
  .map(([request, allow, mediation, claims]) => ({ ...claims, type: 'request', mediation, stop: null, allow, ...request }) as WireValue);

const bridgeMessageArb: fc.Arbitrary<WireValue> = fc.oneof(
  { weight: 1, arbitrary: wireArb },
  { weight: 4, arbitrary: wellFormedArb },
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.record(
          {
            type: fc.oneof({ weight: 6, arbitrary: fc.constant('request') }, { weight: 1, arbitrary: fc.constant('abort') }, { weight: 1, arbitrary: scalarArb }),
            op: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('create', 'get', 'signal', 'caps') }, { weight: 1, arbitrary: scalarArb }),
            mediation: fc.oneof(fc.constant(null), fc.constantFrom('silent', 'optional', 'conditional', 'required', 'immediate'), scalarArb),
            options: optionsArb,
            kind: fc.oneof(fc.constantFrom('unknown', 'accepted', 'details'), scalarArb),
            stop: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('AbortError', 'NotSupportedError', 'NotAllowedError', 'SecurityError', 'toString') }, { weight: 1, arbitrary: scalarArb }),
            allow: fc.oneof(fc.constant(null), fc.boolean(), scalarArb),
          },
          { requiredKeys: ['type'] },
        ),
        // claims about itself the page adds: the background must take none of them
        fc.dictionary(fc.constantFrom(...CLAIMS), wireArb, { maxKeys: 3 }),
      )
      .map(([message, claims]) => ({ ...claims, ...message }) as WireValue),
  },
);

type PromptSender = 'prompt' | 'other-prompt' | 'popup' | 'page';

const promptMessageArb = fc.record({
  type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('consent:view', 'consent:decide') }, { weight: 1, arbitrary: scalarArb }),
  request: fc.oneof({ weight: 6, arbitrary: fc.constant('real') }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 24 }), scalarArb) }),
  from: fc.constantFrom<PromptSender>('prompt', 'prompt', 'prompt', 'other-prompt', 'popup', 'page'),
  decision: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('approve', 'cancel', 'other-authenticator') }, { weight: 1, arbitrary: scalarArb }),
  pin: fc.oneof(fc.constant(PIN), fc.constant(undefined), fc.constantFrom('', '0000', '12345'), scalarArb),
  newPin: fc.oneof(fc.constant(PIN), fc.constant(undefined), fc.constantFrom('', '12', 'x'.repeat(64)), scalarArb),
  account: fc.oneof(fc.constant(undefined), fc.constant('first'), fc.string({ maxLength: 12 }), scalarArb),
});

type PromptMessage = typeof promptMessageArb extends fc.Arbitrary<infer T> ? T : never;

type Action =
  | { kind: 'prompt'; message: PromptMessage }
  | { kind: 'abort' }
  | { kind: 'drop' }
  | { kind: 'again'; message: WireValue }
  | { kind: 'close-window' };

/** What the person does most often: approve in the prompt, with the PIN. */
const personApproves: Extract<Action, { kind: 'prompt' }> = {
  kind: 'prompt',
  message: { type: 'consent:decide', request: 'real', from: 'prompt', decision: 'approve', pin: PIN, newPin: PIN, account: 'first' },
};

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(personApproves) },
  { weight: 1, arbitrary: fc.constant<Action>({ kind: 'prompt', message: { ...personApproves.message, decision: 'other-authenticator' } }) },
  { weight: 8, arbitrary: promptMessageArb.map((message) => ({ kind: 'prompt' as const, message })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'abort' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: bridgeMessageArb.map((message) => ({ kind: 'again' as const, message })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'close-window' as const }) },
);

/** The session id of the prompt a window shows. */
const requestOf = (url: string) => new URL(url).searchParams.get('request') ?? '';

/** Approves sent by the right prompt, by request id: the only way to a credential. */
const approved = new Set<string>();

function senderFor(from: PromptSender, request: string) {
  switch (from) {
    case 'prompt':
      return extensionSender(`consent.html?request=${request}`);
    case 'other-prompt':
      return extensionSender(`consent.html?request=${toBase64url(crypto.getRandomValues(new Uint8Array(16)))}`);
    case 'popup':
      return extensionSender('popup.html');
    case 'page':
      return pageSender(TOP, 999_999);
  }
}

async function promptSends(action: Extract<Action, { kind: 'prompt' }>, real: string | null): Promise<void> {
  const m = action.message;
  const request = m.request === 'real' ? (real ?? 'no-window-yet') : m.request;
  let account: unknown = m.account;
  if (account === 'first' && typeof request === 'string') {
    const view = (await sendMessage({ type: 'consent:view', request }, senderFor('prompt', request))) as { ok: boolean; value?: { accounts?: { id: string }[] | null } } | undefined;
    account = view?.value?.accounts?.[0]?.id;
  }
  const message = { type: m.type, request, decision: m.decision, pin: m.pin, newPin: m.newPin, account };
  const sender = senderFor(m.from, label(request));
  if (m.type === 'consent:decide' && m.decision === 'approve' && m.from === 'prompt' && typeof request === 'string') {
    approved.add(request);
    count('approve sent');
  }
  const reply = await withBound(sendMessage(message, sender), `${label(m.type)} from ${m.from}`);
  if (m.from === 'page' || typeof m.type !== 'string') {
    // A web page's sender is no extension page, and a message without a type is no request:
    // no answer at all.
    expect(reply).toBeUndefined();
    return;
  }
  checkReply(reply, `${label(m.type)} from ${m.from}`);
}

/** Checks a port's one answer to the page. */
function checkOutcome(received: unknown[], origin: string | null, sessionId: string | null, op: unknown): void {
  expect(received.length, 'one answer per request').toBeLessThanOrEqual(1);
  const outcome = received[0] as Record<string, unknown> | undefined;
  if (!outcome) return;
  if (outcome.ok === false) {
    expectSpecError(outcome.error, 'page outcome');
    count(`page:${(outcome.error as { name: string }).name}`);
    return;
  }
  expect(outcome.ok).toBe(true);
  const keys = Object.keys(outcome).filter((k) => k !== 'ok');
  expect(keys.length).toBe(1);
  expect(['value', 'handoff', 'none', 'caps']).toContain(keys[0]);
  count(`page:${keys[0]}`);
  if ('value' in outcome) {
    // A signature or a new credential: only after this request's own prompt approved.
    expect(sessionId, 'a credential without a prompt').not.toBeNull();
    expect(approved.has(sessionId!), 'a credential without approve').toBe(true);
    const value = outcome.value as { clientDataJSON: string };
    const clientData = JSON.parse(new TextDecoder().decode(fromBase64url(value.clientDataJSON))) as { type: string; origin: string };
    expect(clientData.origin).toBe(origin);
    expect(clientData.type).toBe(op === 'create' ? 'webauthn.create' : 'webauthn.get');
  }
}

let bridgeCases = 0;

async function runBridgeCase(sceneIndex: number, portName: string, first: WireValue, actions: Action[]): Promise<void> {
  // Approved creates add passkeys for example.org case after case; a get prompt decrypts every
  // one of them. The person starts over now and then ("Forgot PIN"), so that the bound below
  // measures one request's work, not the history of the run (and first use is fuzzed again).
  if (++bridgeCases % 250 === 0) {
    const reset = (await sendMessage({ type: 'vault:reset', confirm: RESET_CONFIRMATION }, extensionSender('popup.html'))) as { ok: boolean };
    expect(reset.ok).toBe(true);
  }
  const scene = SCENES[sceneIndex]!;
  const { sender, origin, port: expected } = scene.sender();
  const windowsBefore = new Set(fakeBrowser.windows.all.keys());
  const port = connect(portName, sender);
  if (portName !== 'ceremony' || expected === 'refused') {
    // Not a bridge of this extension in a web page: the port is closed at once.
    expect(port.disconnectedByBackground, `${scene.label} / ${portName}`).toBe(true);
    count('port:refused');
    return;
  }
  expect(port.disconnectedByBackground).toBe(false);
  const newWindows = () => [...fakeBrowser.windows.all.values()].filter((w) => !windowsBefore.has(w.id));
  // A conditional get() waits at the page's field: the background tells the bridge whether to
  // show the autofill list; only the rest is the page's answer.
  const answers = () => port.received.filter((m) => !isAutofillPortMessage(m));
  const waitsAtField = () => answers().length === 0 && port.received.some(isAutofillPortMessage);
  /** The one request the background takes: the first message of type "request" on the port. */
  let taken: WireValue | undefined;
  let dropped = false;
  const typeOf = (m: WireValue) => (m as { type?: unknown } | null)?.type;
  const fromPage = async (message: WireValue) => {
    const takes = typeOf(message) === 'request' && taken === undefined;
    if (takes) taken = message;
    // An abort ends the request without an answer: the hook has already answered itself.
    if (typeOf(message) === 'abort') dropped = true;
    const received = answers().length;
    port.send(message);
    // Taken (and not already aborted): an answer, or a prompt waiting for the person.
    if (takes && !dropped) await until(() => port.received.length > 0 || newWindows().length > 0, 'an answer or a prompt');
    else {
      await idle();
      if (!takes) expect(answers().length, 'an answer to a message that was no request').toBe(received);
    }
  };
  await fromPage(first);
  for (const action of actions) {
    const window = newWindows()[0];
    const real = window ? requestOf(window.url) : null;
    if (action.kind === 'prompt') await promptSends(action, real);
    else if (action.kind === 'abort') await fromPage({ type: 'abort' });
    else if (action.kind === 'drop') {
      port.drop();
      dropped = true;
    } else if (action.kind === 'again') await fromPage(action.message);
    else if (window?.open) await fakeBrowser.windows.remove(window.id);
    await idle();
  }
  // The person closes whatever prompt is still open; then every taken request has its answer.
  for (const window of newWindows()) if (window.open) await fakeBrowser.windows.remove(window.id);
  const window = newWindows()[0];
  const sessionId = window ? requestOf(window.url) : null;
  // An autofill request still waiting ends as the page's hook ends it when the browser's own
  // request wins: with an abort.
  if (taken !== undefined && !dropped && waitsAtField()) {
    await fromPage({ type: 'abort' });
    count('page:autofill');
  }
  if (taken !== undefined && !dropped) await until(() => answers().length > 0, 'the page’s answer');
  // No prompt is left behind once the request has ended.
  await until(() => newWindows().every((w) => !w.open), 'the prompt closing');
  expect(newWindows().length, 'one prompt per request').toBeLessThanOrEqual(1);
  checkOutcome(answers(), origin, sessionId, (taken as { op?: unknown } | null | undefined)?.op);
  if (dropped) count('page:gone');
  port.drop();
}

// ---- the popup's side -----------------------------------------------------------------------

const popupMessageArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    type: fc.oneof(
      {
        weight: 8,
        arbitrary: fc.constantFrom(
          'vault:status', 'vault:set-pin', 'vault:unlock', 'vault:lock', 'vault:list', 'vault:list-first', 'vault:delete', 'vault:restore', 'settings:get',
          'settings:set', 'vault:change-pin', 'vault:reset', 'vault:export', 'vault:import', 'about:get', 'consent:view', 'consent:decide',
          'autofill:view', 'autofill:choose',
        ),
      },
      { weight: 1, arbitrary: scalarArb },
    ),
    pin: fc.oneof(fc.constant(PIN), fc.constantFrom('', '0000', 'x'.repeat(70)), scalarArb),
    oldPin: fc.oneof(fc.constant(PIN), scalarArb),
    newPin: fc.oneof(fc.constant(PIN), fc.constantFrom('', '12'), scalarArb),
    id: fc.oneof(fc.string({ maxLength: 44 }), scalarArb),
    rpId: fc.oneof(fc.constantFrom('localhost', 'example.com', ''), scalarArb),
    // a real reset is rare: most cases then work on a vault with passkeys in it
    confirm: fc.oneof({ weight: 10, arbitrary: fc.constant(RESET_CONFIRMATION.toLowerCase()) }, { weight: 1, arbitrary: fc.constant(RESET_CONFIRMATION) }, { weight: 10, arbitrary: scalarArb }),
    settings: fc.oneof(
      fc.constantFrom<WireValue>({ autoLockMinutes: 5 }, { disabledSites: [] }, { autoLockMinutes: -1 }, { disabledSites: ['not a site!'] }, { nope: 1 }),
      wireArb,
    ),
    format: fc.oneof(fc.constantFrom('passkeep-backup', 'cxf', 'bitwarden-json', 'keepassxc-passkey'), scalarArb),
    data: fc.oneof(fc.string({ maxLength: 60 }), fc.json({ maxDepth: 3 }), scalarArb),
    passphrase: fc.oneof(fc.constant(undefined), fc.constantFrom('passphrase 1', ''), scalarArb),
    request: fc.oneof(fc.string({ maxLength: 24 }), scalarArb),
    decision: fc.oneof(fc.constantFrom('approve', 'cancel'), scalarArb),
    count: fc.oneof(fc.integer({ min: -2, max: 210 }), scalarArb),
    currentHost: fc.oneof(fc.constantFrom('example.com', 'localhost', null), scalarArb),
  },
  { requiredKeys: ['type'] },
);

const popupSenderArb = fc.constantFrom('popup.html', 'popup.html', 'popup.html', 'consent.html?request=x', 'page', 'other-extension');

async function runPopupCase(message: Record<string, unknown> | WireValue, from: string): Promise<void> {
  const sender =
    from === 'page'
      ? pageSender(TOP, 999_998)
      : from === 'other-extension'
        ? { ...extensionSender('popup.html'), id: 'someone-else', url: 'chrome-extension://someone-else/popup.html' }
        : extensionSender(from);
  const reply = await withBound(sendMessage(message, sender), `popup ${label((message as { type?: unknown } | null)?.type)}`);
  if (from === 'page' || from === 'other-extension') {
    expect(reply).toBeUndefined();
    count('popup:ignored');
    return;
  }
  const typed = message !== null && typeof message === 'object' && typeof (message as { type?: unknown }).type === 'string';
  if (!typed) {
    expect(reply).toBeUndefined();
    return;
  }
  checkReply(reply, `popup ${label((message as { type: string }).type)}`);
}

describe('case 22: adversarial: every message the background accepts, fuzzed (issue 9 item 10)', () => {
  it('a hostile page’s ceremony port, with the prompt’s answers: spec outcomes only, one answer, no prompt left, no credential without approve', async () => {
    await fc.assert(
      fc.asyncProperty(
        // mostly pages the background serves, the top frame most
        fc.constantFrom(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6),
        fc.oneof({ weight: 12, arbitrary: fc.constant('ceremony') }, { weight: 1, arbitrary: fc.constantFrom('consent', 'Ceremony', '') }),
        bridgeMessageArb,
        fc.array(actionArb, { maxLength: 4 }),
        async (scene, portName, first, actions) => {
          await runBridgeCase(scene, portName, first, actions);
          expect(unhandled).toEqual([]);
        },
      ),
      { numRuns: fuzzRuns(70_000) },
    );
    if (process.env.ADVERSARIAL_RUNS) console.log(`outcomes reached: ${JSON.stringify(Object.fromEntries(seen))}`);
    // Nothing the fuzzing did corrupted a stored passkey.
    const list = (await sendMessage({ type: 'vault:list' }, extensionSender('popup.html'))) as { ok: boolean; value?: { unreadable?: number } };
    if (list.ok) expect(list.value?.unreadable).toBeUndefined();
    for (const what of ['page:value', 'page:none', 'page:caps', 'page:handoff', 'page:NotAllowedError', 'page:TypeError', 'page:SecurityError', 'page:gone', 'port:refused', 'reply:ok']) {
      expect(seen.get(what) ?? 0, what).toBeGreaterThan(0);
    }
  }, 3_600_000);

  it('the popup’s and the prompt’s requests, from the right and the wrong senders: a Reply with a spec error name, or no answer to strangers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 9, arbitrary: popupMessageArb }, { weight: 1, arbitrary: wireArb }), popupSenderArb, async (message, from) => {
        await runPopupCase(message, from);
        expect(unhandled).toEqual([]);
      }),
      { numRuns: fuzzRuns(40_000) },
    );
    for (const what of ['popup:ignored', 'reply:ok', 'reply:NotAllowedError', 'reply:NotSupportedError']) {
      expect(seen.get(what) ?? 0, what).toBeGreaterThan(0);
    }
  }, 3_600_000);
});
