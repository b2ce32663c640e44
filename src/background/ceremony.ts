/**
 * One create() or get() from a page, from the bridge's port to the person's decision in the
 * extension-owned prompt and back.
 *
 * The flags tell the truth (SECURITY.md): UP is set only after the person pressed approve in
 * the prompt; UV only when the PIN was entered (or chosen) in this very ceremony.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { toBase64url } from '../core/base64url.js';
import { toCreationOptions } from '../core/creation-options.js';
import { CeremonyError, toWireError } from '../core/errors.js';
import { generateEs256KeyPair, signEs256 } from '../core/es256.js';
import { makeKeyAhead, type KeyAhead } from '../core/key-ahead.js';
import { makeCredential } from '../core/make-credential.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import { MAX_ENVELOPE_CHARS, MAX_REQUEST_CHARS, SIZE_ERROR } from '../core/limits.js';
import { prepareCreate, type PreparedCreate } from '../core/prepare-create.js';
import { prepareGet, type PreparedGet } from '../core/prepare-get.js';
import type { AccountChoice, ConsentOutcome, ConsentRequest, ConsentView } from '../core/protocol.js';
import { toRequestOptions } from '../core/request-options.js';
import { exceedsRequestSize } from '../core/request-size.js';
import { clientCapabilities, toBrowserCapabilities } from '../core/client-capabilities.js';
import { domString } from '../core/webidl.js';
import { requireImmediateActivation } from '../core/immediate-activation.js';
import type { WebAuthnErrorName } from '../core/protocol.js';
import type { WireValue } from '../core/wire-value.js';
import { checkPinShape } from '../vault/pin-rules.js';
import { pinFailureText } from '../vault/vault-errors.js';
import type { Vault } from '../vault/vault.js';
import type { Outcome } from '../../content-scripts/page-channel.js';
import { callerFromSender } from './caller-from-sender.js';
import { beginRecord, developerModeOn, endRecord, noteCaller, noteScenario } from './ceremony-recorder.js';
import { offeredScenarios, scenarioOfDecision } from './failure-scenarios.js';
import { scenarioId, type FailureScenario } from '../core/failure-scenario.js';
import { checkFramePolicy } from './frame-policy.js';
import { prfAnswerFrom } from './prf-answer.js';
import { promptPosition } from './prompt-position.js';
import { withRelatedOrigins } from './related-origin-check.js';
import { PromptRateLimit } from './prompt-rate-limit.js';
import { readDisabledSites } from './disabled-sites.js';
import { isSiteDisabled } from './settings-store.js';
import { acceptSignal } from './signals.js';
import { startAutofill } from './autofill.js';
import { signAhead, SIGN_AHEAD_AFTER_VIEW_MS, type ReadySignature } from './sign-ahead.js';
import { signInCountingBack, signInWith } from './sign-in-with.js';
import { candidates, toChoice } from './sign-in-candidates.js';
import { decideStepAside } from './step-aside.js';
import { getVault, persistLockState } from './vault-service.js';
import { answerVirtually, stepAsideUnlessAllowed } from '../testing/testing-background.js';

export type Prepared = { op: 'create'; prepared: PreparedCreate } | { op: 'get'; prepared: PreparedGet };

interface Session {
  id: string;
  port: Runtime.Port;
  tabId: number;
  /** the caller's host, to check the disabled sites once a locked vault is unlocked */
  host: string;
  work: Prepared;
  promptWindowId: number | null;
  timer: ReturnType<typeof setTimeout>;
  busy: boolean;
  settled: boolean;
  /** The prompt's first view, computed while its window opens; taken by the first consent:view. */
  viewAhead: Promise<ConsentView> | null;
  /** get(): the passkeys the prompt last offered, decrypted once; approve picks among them. */
  offered: PasskeyRecord[] | null;
  /** get(): the offered accounts' counters reserved and signatures made while the prompt is open (./sign-ahead.ts). */
  ready: Promise<Map<string, ReadySignature>> | null;
  /** create(): the key pair made while the prompt is open (../core/key-ahead.ts); dropped with the session. */
  keyAhead: Promise<KeyAhead | null> | null;
}

const sessions = new Map<string, Session>();

interface BridgeMessage {
  type: 'request' | 'abort';
  op?: unknown;
  mediation?: WireValue;
  options?: WireValue;
  /** signal only: which Signal API method */
  kind?: unknown;
  /** an error the page already knows the call ends with once the options are converted */
  stop?: unknown;
  /** the frame's permissions policy for this operation, as the bridge read it (null: not exposed) */
  policy?: unknown;
  /** Chrome's CredentialRequestOptions.uiMode (`immediate`) */
  uiMode?: WireValue;
  /** the frame had transient user activation, as the bridge read it in its own world */
  activation?: unknown;
}

/** What a port's request became; `gone` once the page aborted or went away. */
export interface PortState {
  session: Session | null;
  gone: boolean;
  /** an autofill offer waiting on this port: ended with the port (./autofill.ts) */
  autofill: { end(): void } | null;
}

const rateLimit = new PromptRateLimit();

/** A bridge opened a `ceremony` port: exactly one request follows, or an abort. */
export function onCeremonyPort(port: Runtime.Port): void {
  const state: PortState = { session: null, gone: false, autofill: null };
  let started = false;
  const end = () => {
    state.gone = true;
    state.autofill?.end();
    if (state.session) finish(state.session, null);
    // The inspector's entry, if the page was never answered (developer mode only).
    endRecord(port, null);
  };
  port.onMessage.addListener((raw: unknown) => {
    const message = raw as BridgeMessage;
    // The page aborted: close the prompt; the hook has already rejected with signal.reason.
    if (message?.type === 'abort') return end();
    if (message?.type !== 'request' || started) return;
    started = true;
    beginRecord(port, message);
    // SECURITY.md case 24: bounded before any conversion (the bridge refuses larger requests).
    if (exceedsRequestSize(raw, MAX_REQUEST_CHARS + MAX_ENVELOPE_CHARS)) {
      return safePost(port, { ok: false, error: { name: SIZE_ERROR, message: 'The request exceeds the maximum allowed size.' } });
    }
    start(port, message, state).catch((error: unknown) => safePost(port, { ok: false, error: toWireError(error) }));
  });
  // The page navigated away, aborted, or the frame went: close the prompt, answer no one.
  port.onDisconnect.addListener(end);
}

const STOPS: readonly string[] = ['AbortError', 'NotSupportedError', 'NotAllowedError'];
const STOP_MESSAGES: Record<string, string> = {
  AbortError: 'The operation was aborted.',
  NotSupportedError: 'Only one credential type may be requested at a time.',
  NotAllowedError: 'A request is already pending.',
};

/**
 * https://w3c.github.io/webappsec-credential-management/#enumdef-credentialmediationrequirement,
 * plus Chrome's `immediate` (https://developer.chrome.com/docs/identity/immediate-ui-mode).
 */
const MEDIATIONS: readonly string[] = ['silent', 'optional', 'conditional', 'required', 'immediate'];

/** The mediation, with Chrome's `uiMode: "immediate"` read as immediate mediation. */
function toMediation(value: WireValue | undefined, uiMode: WireValue | undefined): string | null {
  let text: string | null = null;
  if (value !== undefined && value !== null) {
    text = domString(value, 'mediation')!;
    // An enum member with an unknown value fails Web IDL conversion.
    if (!MEDIATIONS.includes(text)) throw new CeremonyError('TypeError', `"${text}" is not a valid CredentialMediationRequirement.`);
  }
  // uiMode is a newer member than the browser may know: other values are ignored, as an unknown
  // member would be, rather than made TypeErrors that the browser itself would not raise.
  return uiMode === 'immediate' && text !== 'conditional' ? 'immediate' : text;
}

/**
 * The order of checks is the browser's, but for one: the frame's permissions policy (WebAuthn
 * step 2) comes first, so that a document the policy refuses costs no work and takes no slot
 * in the tab's prompt rules (./frame-policy.ts). Then Web IDL conversion of the options
 * (TypeError), Credential Management's early exits (aborted signal, several credential types, a
 * request already pending in this document), then the WebAuthn algorithm's own steps in order:
 * timeout, user.id (TypeError), RP ID (SecurityError), algorithms (NotSupportedError); only
 * then the prompt.
 */
async function start(port: Runtime.Port, message: BridgeMessage, state: PortState): Promise<void> {
  const caller = await callerFromSender(port.sender!);
  noteCaller(port, caller);
  const op = message.op;
  // The testing build (npm run build:testing) answers only on its allowed origins; the store
  // build has none of this: the define makes the branch, and its module, vanish from the bundle.
  if (typeof __PASSKEEP_TESTING__ !== 'undefined' && __PASSKEEP_TESTING__) {
    const aside = await stepAsideUnlessAllowed(caller.origin, op);
    if (aside) return safePost(port, aside);
  }
  // getClientCapabilities() and isConditionalMediationAvailable(): on a site the person disabled
  // (below) Passkeep steps aside, so the browser's own record is the true answer there.
  if (op === 'caps') {
    if (await siteIsDisabled(caller.host)) return safePost(port, { ok: true, handoff: true });
    return safePost(port, { ok: true, caps: clientCapabilities(undefined, toBrowserCapabilities(message.options)) });
  }
  if (op === 'signal') {
    await acceptSignal(message.kind, message.options, caller);
    return safePost(port, { ok: true, none: true });
  }
  if (op !== 'create' && op !== 'get') throw new CeremonyError('NotSupportedError', 'Unknown operation.');
  // A site the person excluded in the settings (or any of its subdomains) gets the browser's
  // own implementation, untouched. The list is sealed under the vault key (SECURITY.md case 30):
  // while the vault is locked it is not known, so the request goes on to the prompt, which asks
  // for the PIN and then hands a disabled site's request to the browser (decide() below).
  if (await siteIsDisabled(caller.host)) {
    return safePost(port, { ok: true, handoff: true });
  }
  await checkFramePolicy(caller, op, message.policy);
  const mediation = toMediation(message.mediation, message.uiMode);
  const options = op === 'create' ? toCreationOptions(message.options) : null;
  const requestOptions = op === 'get' ? toRequestOptions(message.options) : null;
  if (typeof message.stop === 'string' && STOPS.includes(message.stop)) {
    throw new CeremonyError(message.stop as WebAuthnErrorName, STOP_MESSAGES[message.stop]!);
  }
  // Immediate mediation without the person's gesture: NotAllowedError now (../core/immediate-activation.ts).
  requireImmediateActivation(op, mediation, message.activation);
  // An RP ID the caller may not claim by suffix may still list it as related (the fetch is here).
  const work: Prepared = await withRelatedOrigins(caller.origin, (related) =>
    options ? { op: 'create', prepared: prepareCreate(options, caller, related) } : { op: 'get', prepared: prepareGet(requestOptions!, caller, related) },
  );
  // https://w3c.github.io/webappsec-credential-management/#dom-credentialmediationrequirement-silent:
  // a passkey always needs the person, so silent mediation finds nothing, and shows nothing.
  if (work.op === 'get' && mediation === 'silent') return safePost(port, { ok: true, none: true });
  if (state.gone) return;
  // Testing build only: its virtual authenticators, when a test added any, answer instead of
  // Passkeep's vault and prompt (src/testing/virtual-ceremony.ts).
  if (typeof __PASSKEEP_TESTING__ !== 'undefined' && __PASSKEEP_TESTING__) {
    const virtual = await answerVirtually(work, options);
    if (virtual) return safePost(port, virtual);
  }
  // Step in, or step aside for the browser's own WebAuthn (./step-aside.ts, README "When
  // Passkeep steps in and when it steps aside"): before the per-tab prompt rules, since a
  // request the browser answers opens no prompt of Passkeep's.
  const { verdict, found } = await decideStepAside(
    await getVault(),
    options ? { op: 'create', options } : { op: 'get', options: requestOptions!, prepared: work.prepared as PreparedGet, topOrigin: caller.topOrigin },
    mediation,
    Date.now(),
  );
  if (verdict.action === 'browser') return safePost(port, { ok: true, handoff: true });
  if (verdict.action === 'reject') throw new CeremonyError('NotAllowedError', 'No passkey is immediately available.');
  if (state.gone) return;
  // Passkey autofill waits for the person at the field, not in a prompt (./autofill.ts).
  if (work.op === 'get' && mediation === 'conditional') {
    return startAutofill(port, work.prepared, caller, state, (chosen) => openPrompt(port, caller.tabId, caller.host, { op: 'get', prepared: chosen }, state));
  }
  return openPrompt(port, caller.tabId, caller.host, work, state, found);
}

/**
 * The prompt for a request that passed every check (or the autofill list's fallback, ./autofill.ts):
 * the tab's one-prompt rule and rate limit, then the window.
 */
export async function openPrompt(
  port: Runtime.Port,
  tabId: number,
  host: string,
  work: Prepared,
  state: PortState,
  found: PasskeyRecord[] | null = null,
): Promise<void> {
  const caller = { tabId, host };
  // One prompt at a time per tab, and a few per minute: a page calling in a loop gets no stack
  // of windows (SECURITY.md case 6).
  // These per-tab checks stay after conversion and prepare, where the browser's order of errors
  // puts them (a TypeError, SecurityError or RangeError wins over "a request is pending"): moving
  // them first would change what a page sees. Instead everything before them is cheap whatever
  // the page sends (SECURITY.md case 24): the message is at most MAX_REQUEST_CHARS, every pass
  // over it is linear, and no vault work starts before these checks pass.
  for (const other of sessions.values()) {
    if (other.tabId === caller.tabId) throw new CeremonyError('NotAllowedError', 'Another passkey request is already waiting in this tab.');
  }
  if (!rateLimit.take(caller.tabId, Date.now())) {
    throw new CeremonyError('NotAllowedError', 'Too many passkey requests from this tab; try again in a minute.');
  }
  const id = toBase64url(crypto.getRandomValues(new Uint8Array(16)));
  const session: Session = {
    id,
    port,
    tabId: caller.tabId,
    host: caller.host,
    work,
    promptWindowId: null,
    busy: false,
    settled: false,
    viewAhead: null,
    offered: null,
    ready: null,
    keyAhead: null,
    // https://w3c.github.io/webauthn/#sctn-createCredential step 4 (timeout, clamped) and the
    // "lifetimeTimer" expiry: NotAllowedError, and the prompt closes.
    timer: setTimeout(() => {
      finish(session, { ok: false, error: { name: 'NotAllowedError', message: 'The request timed out.' } });
    }, work.prepared.timeoutMs),
  };
  sessions.set(id, session);
  state.session = session;
  // The vault work for the prompt's first view runs while the window opens, not after the
  // prompt asks for it (a failure here is reported by consent:view, which recomputes).
  session.viewAhead = viewOf(session, found);
  session.viewAhead.catch(() => undefined);
  const size = { width: 440, height: 620 };
  const window = await browser.windows.create({
    url: browser.runtime.getURL(`consent.html?request=${id}`),
    type: 'popup',
    ...size,
    // Over the requesting tab's window, where the person is looking (./prompt-position.ts).
    ...(await promptPosition(port.sender, size)),
    focused: true,
  });
  session.promptWindowId = window.id ?? null;
  // The page may have gone (or aborted) while the window opened.
  if (session.settled) void closeWindow(session.promptWindowId);
  // While the person reads the prompt: the first signature of a fresh background would
  // otherwise pay for the curve's precomputed tables and the signer's compilation.
  setTimeout(warmUpSigner, 0);
}

function safePost(port: Runtime.Port, outcome: Outcome): void {
  endRecord(port, outcome);
  try {
    port.postMessage(outcome);
  } catch {
    // the page is gone; nothing to tell
  }
}

function closeWindow(windowId: number | null): Promise<void> {
  if (windowId === null) return Promise.resolve();
  return browser.windows.remove(windowId).catch(() => undefined);
}

/** Ends a session once: answers the page (unless `outcome` is null) and closes the prompt. */
function finish(session: Session, outcome: Outcome | null): void {
  if (session.settled) return;
  session.settled = true;
  clearTimeout(session.timer);
  sessions.delete(session.id);
  // What was made ahead and not used goes with the session: a declined prompt's key pair too.
  session.ready = null;
  session.keyAhead = null;
  // A prompt the person approved is one they wanted: only unanswered or refused prompts count
  // towards the tab's limit.
  if (outcome?.ok) rateLimit.forget(session.tabId);
  if (outcome) safePost(session.port, outcome);
  void closeWindow(session.promptWindowId);
}

/** The person closed the prompt window. */
export function onWindowRemoved(windowId: number): void {
  for (const session of sessions.values()) {
    if (session.promptWindowId === windowId) {
      session.promptWindowId = null;
      finish(session, { ok: false, error: { name: 'NotAllowedError', message: 'The person closed the prompt.' } });
    }
  }
}

function sessionFor(request: string, sender: Runtime.MessageSender): Session {
  const session = sessions.get(request);
  // Only the prompt page opened for this very request may see or answer it.
  const expected = browser.runtime.getURL(`consent.html?request=${request}`);
  if (!session || sender.url !== expected) throw new CeremonyError('NotAllowedError', 'This request is no longer waiting.');
  return session;
}

/** Whether `host` is one of the disabled sites; false while the vault is locked and the list unknown. */
export async function siteIsDisabled(host: string): Promise<boolean> {
  const vault = await getVault();
  const sites = await readDisabledSites(browser.storage.local, vault.isUnlocked() ? vault : null);
  return sites !== null && isSiteDisabled(host, sites);
}

/** Whether the prompt must ask for a new PIN or the PIN: the vault's state alone, no records read. */
async function pinNeeds(vault: Vault, session: Session): Promise<{ needsNewPin: boolean; needsPin: boolean }> {
  const state = await vault.state();
  return {
    needsNewPin: state === 'no-pin',
    needsPin: state === 'locked' || (state === 'unlocked' && session.work.prepared.wantsUserVerification),
  };
}

/** `found`: the get()'s candidates when they were just read (./step-aside.ts), else read here. */
async function viewOf(session: Session, found: PasskeyRecord[] | null = null): Promise<ConsentView> {
  const vault = await getVault();
  const status = await vault.status();
  const { work } = session;
  const caller = work.prepared.caller;
  const unsupported = work.op === 'create' && work.prepared.alg === null;
  // The prompt says plainly when developer mode is on (the inspector records this ceremony), and
  // offers the failure scenarios then only.
  const developerMode = await developerModeOn().catch(() => false);
  return {
    op: work.op,
    origin: caller.origin,
    topOrigin: caller.sameOriginWithAncestors ? null : caller.topOrigin,
    rpId: work.prepared.rpId,
    rpName: work.op === 'create' ? work.prepared.rpName : null,
    user: work.op === 'create' ? { name: work.prepared.user.name, displayName: work.prepared.user.displayName } : null,
    // Nothing to unlock or verify for a passkey that cannot be made.
    needsNewPin: !unsupported && status.state === 'no-pin',
    needsPin: !unsupported && (status.state === 'locked' || (status.state === 'unlocked' && work.prepared.wantsUserVerification)),
    locked: status.state === 'locked',
    accounts: work.op === 'get' && status.state === 'unlocked' ? (session.offered = found ?? (await candidates(vault, work.prepared))).map(toChoice) : null,
    retryAfterSeconds: status.retryAfterSeconds,
    unsupportedAlgorithms: unsupported,
    developerMode,
    ...(developerMode && !unsupported ? { scenarios: offeredScenarios(work) } : {}),
    // Locked behind enrolled authenticators: the prompt asks one of them itself (issue 13).
    ...(status.state === 'locked' && status.unlockKeys ? { unlockKeys: status.unlockKeys, pinOnly: status.pinOnly === true } : {}),
  };
}

export async function consentView(request: string, sender: Runtime.MessageSender): Promise<ConsentView> {
  const session = sessionFor(request, sender);
  const ahead = session.viewAhead;
  session.viewAhead = null;
  const view = (ahead && (await ahead.catch(() => null))) || (await viewOf(session));
  // Once the prompt has its view (and, usually, has drawn it): approve cannot act for a second
  // after it shows it.
  setTimeout(() => prepareAhead(session, view), SIGN_AHEAD_AFTER_VIEW_MS);
  return view;
}

/** Starts the work approving would otherwise wait for: a create()'s key pair, a get()'s signatures. */
function prepareAhead(session: Session, view: ConsentView): void {
  if (session.settled) return;
  if (session.work.op === 'create') return prepareKeyPair(session, session.work.prepared, view);
  prepareSignatures(session, view);
}

/** ../core/key-ahead.ts, with UV as the prompt asks for it: a PIN entered, or chosen on first use. */
function prepareKeyPair(session: Session, prepared: PreparedCreate, view: ConsentView): void {
  if (session.keyAhead || view.unsupportedAlgorithms) return;
  session.keyAhead = makeKeyAhead(prepared, view.needsPin || view.needsNewPin);
  session.keyAhead.catch(() => undefined);
}

/** Starts ./sign-ahead.ts for the accounts `view` offers (get() with an unlocked vault only). */
function prepareSignatures(session: Session, view: ConsentView): void {
  const { work, offered } = session;
  // Developer mode's failure scenarios (counter-back reports one below the last counter) take
  // the ordinary path: no counter is reserved for a prompt that offers them.
  if (session.settled || work.op !== 'get' || !offered || offered.length === 0 || session.ready || view.scenarios) return;
  session.ready = getVault().then((vault) => signAhead(vault, work.prepared, offered, view.needsPin));
  session.ready.catch(() => undefined);
}

let signerWarm = false;

/** One throwaway signature per background lifetime, with a random key that is then dropped. */
function warmUpSigner(): void {
  if (signerWarm) return;
  signerWarm = true;
  const { privateKey } = generateEs256KeyPair();
  signEs256(privateKey, crypto.getRandomValues(new Uint8Array(69)));
}

const DECISIONS: readonly unknown[] = ['approve', 'cancel', 'other-authenticator'];

export async function consentDecide(
  message: Extract<ConsentRequest, { type: 'consent:decide' }>,
  sender: Runtime.MessageSender,
): Promise<ConsentOutcome> {
  const session = sessionFor(message.request, sender);
  // Anything but the three decisions is no decision: above all, not an approve (found by the
  // adversarial fuzzing: any other value used to fall through to approving).
  if (!DECISIONS.includes(message.decision)) throw new CeremonyError('NotSupportedError', 'Unknown decision.');
  if (session.busy) throw new CeremonyError('NotAllowedError', 'Already deciding.');
  // A failure scenario only in developer mode, as the background's own settings say, and only
  // one this request offers; otherwise refused here, and the request waits as before.
  const scenario = message.decision === 'approve' ? await scenarioOfDecision(session.work, message.scenario) : null;
  if (session.settled) throw new CeremonyError('NotAllowedError', 'This request is no longer waiting.');
  if (session.busy) throw new CeremonyError('NotAllowedError', 'Already deciding.');
  session.busy = true;
  try {
    return await decide(session, message, scenario);
  } catch (error) {
    finish(session, { ok: false, error: toWireError(error) });
    return { status: 'done' };
  } finally {
    session.busy = false;
  }
}

async function retry(session: Session, text: string, retryAfterSeconds = 0): Promise<ConsentOutcome> {
  return { status: 'retry', message: text, retryAfterSeconds, view: await viewOf(session) };
}

async function decide(
  session: Session,
  message: Extract<ConsentRequest, { type: 'consent:decide' }>,
  scenario: FailureScenario | null,
): Promise<ConsentOutcome> {
  if (message.decision === 'cancel') {
    finish(session, { ok: false, error: { name: 'NotAllowedError', message: 'The person declined.' } });
    return { status: 'done' };
  }
  if (message.decision === 'other-authenticator') {
    finish(session, { ok: true, handoff: 'after-prompt' });
    return { status: 'done' };
  }
  // https://w3c.github.io/webauthn/#sctn-op-make-cred step 2: the authenticator's
  // NotSupportedError; the client reports a failed authenticator as NotAllowedError.
  if (session.work.op === 'create' && session.work.prepared.alg === null) {
    finish(session, { ok: false, error: { name: 'NotAllowedError', message: 'The site accepts no key type Passkeep can make.' } });
    return { status: 'done' };
  }
  const vault = await getVault();
  // Not viewOf(): that would decrypt the candidates once more only to be thrown away.
  const view = await pinNeeds(vault, session);
  let userVerified = false;
  if (view.needsNewPin) {
    const pin = message.newPin ?? '';
    const problem = checkPinShape(pin);
    if (problem) return retry(session, problem);
    await vault.setPin(pin);
    await persistLockState(vault);
    userVerified = true;
  } else if (view.needsPin) {
    if (!message.pin) return retry(session, 'Enter your PIN.');
    // The prompt asked the enrolled authenticator itself (an extension page); its PRF output
    // reaches here over runtime messaging from that page only (./extension-pages.ts).
    const result = await vault.unlock(message.pin, Date.now(), prfAnswerFrom(message.authenticator));
    if (!result.ok) return retry(session, pinFailureText(result.reason, result.retryAfterSeconds), result.retryAfterSeconds);
    await persistLockState(vault);
    userVerified = true;
    // The disabled sites were not known while the vault was locked: now they are.
    if (view.needsPin && (await siteIsDisabled(session.host))) {
      finish(session, { ok: true, handoff: 'after-prompt' });
      return { status: 'done' };
    }
  }
  const consent = { userPresent: true as const, userVerified };
  const { work } = session;
  if (scenario?.kind === 'timeout') return answerNever(session);

  if (work.op === 'create') {
    const { prepared } = work;
    // https://w3c.github.io/webauthn/#sctn-op-make-cred step 3: an excluded credential held
    // here ends in InvalidStateError, and only after consent so its existence is not leaked.
    // A hidden passkey does not count: the site said it no longer knows it, and a hidden
    // passkey behaves as if it were gone (src/core/passkey-record.ts, PasskeyHidden).
    for (const id of prepared.excludeCredentialIds) {
      if (await vault.findById(prepared.rpId, id)) {
        finish(session, { ok: false, error: { name: 'InvalidStateError', message: 'A passkey for this account already exists in Passkeep.' } });
        return { status: 'done' };
      }
    }
    if (scenario) noteScenario(session.port, scenarioId(scenario));
    // Taken once: a key pair made ahead serves one credential at most.
    const made = session.keyAhead;
    session.keyAhead = null;
    const ahead = scenario ? null : ((await made?.catch(() => null)) ?? null);
    const { record, result } = await makeCredential(prepared, consent, Date.now(), scenario, ahead);
    // Stored in the credentials map, replacing any passkey of the same RP ID and user handle in
    // the same transaction (https://w3c.github.io/webauthn/#credentials-map, SECURITY.md case 30).
    await vault.add(record);
    finish(session, { ok: true, value: result });
    return { status: 'done' };
  }

  // The accounts the person was shown (already decrypted for the prompt); recordUse below reads
  // the chosen one again under the vault's lock, so a passkey deleted meanwhile is not signed with.
  const found = session.offered ?? (await candidates(vault, work.prepared));
  // Unlocked now, and nothing matches: the rule for an unlocked vault (../core/step-aside.ts)
  // hands the request to the browser's own authenticator, where the person's passkey may be.
  if (found.length === 0) {
    finish(session, { ok: true, handoff: 'after-prompt' });
    return { status: 'done' };
  }
  let chosen: PasskeyRecord | undefined;
  if (message.account) chosen = found.find((r) => toBase64url(r.credentialId) === message.account);
  else if (found.length === 1) chosen = found[0];
  if (!chosen) return retry(session, 'Choose the account to sign in with.');
  if (scenario?.kind === 'counter-back') {
    // Nothing to go back from: say so, and let the person choose again (another scenario, or none).
    if (chosen.signCount < 1 || chosen.counterless) return retry(session, 'This passkey’s counter is 0, so it cannot go back. Sign in once without the scenario first.');
    noteScenario(session.port, scenarioId(scenario));
    finish(session, { ok: true, value: await signInCountingBack(vault, work.prepared, chosen.credentialId, consent) });
    return { status: 'done' };
  }
  if (scenario) noteScenario(session.port, scenarioId(scenario));
  // A failure scenario signs on the ordinary path; otherwise the signature made ahead, if ready.
  const ready = scenario ? null : ((await session.ready?.catch(() => null))?.get(toBase64url(chosen.credentialId)) ?? null);
  finish(session, { ok: true, value: await signInWith(vault, work.prepared, chosen.credentialId, consent, scenario, ready) });
  return { status: 'done' };
}

/**
 * The `timeout` failure scenario: an authenticator that never answers. The prompt closes (its
 * window is no longer this session's, so closing it is not a refusal) and the page is answered
 * only by the session's own timer, with the NotAllowedError of
 * https://w3c.github.io/webauthn/#sctn-createCredential's lifetimeTimer, as for any request the
 * person left unanswered. The page may still abort meanwhile.
 */
function answerNever(session: Session): ConsentOutcome {
  noteScenario(session.port, 'timeout');
  const windowId = session.promptWindowId;
  session.promptWindowId = null;
  void closeWindow(windowId);
  return { status: 'done' };
}
