/**
 * Passkey autofill: a get() with `mediation: "conditional"` opens no prompt. Passkeep offers the
 * site's passkeys in a list at the page's `autocomplete="… webauthn"` fields (the bridge anchors
 * an extension-origin frame there, popup/autofill/), and the request waits for the person there,
 * beside the browser's own conditional request that the page hook also starts.
 * https://w3c.github.io/webauthn/#sctn-discover-from-external-source (conditional mediation)
 *
 * Choosing a passkey in the list counts as user presence only when the list says it was
 * verifiably visible and unobscured (IntersectionObserver v2, Chromium) and no user
 * verification is wanted; otherwise, and while the vault is locked, the real prompt opens for
 * that passkey (PIN, approve). The list's messages are trusted only from the extension's own
 * `autofill.html?session=ID` page, in the requesting tab, framed by the requesting document.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { AutofillPortMessage, AutofillReplies, AutofillRequest, AutofillView } from '../core/autofill-protocol.js';
import { toBase64url } from '../core/base64url.js';
import { CeremonyError, toWireError } from '../core/errors.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { PreparedGet } from '../core/prepare-get.js';
import type { Outcome } from '../../content-scripts/page-channel.js';
import type { SenderCaller } from './caller-from-sender.js';
import { candidates, toChoice } from './sign-in-candidates.js';
import { signInWith } from './sign-in-with.js';
import { getVault } from './vault-service.js';

interface Offer {
  id: string;
  port: Runtime.Port;
  tabId: number;
  frameId: number;
  prepared: PreparedGet;
  /** the frame of the list that first asked for this offer: the only one answered */
  listFrameId?: number;
  /** the passkeys the list last showed, decrypted once */
  shown: PasskeyRecord[] | null;
  busy: boolean;
  ended: boolean;
  /** the prompt, for the passkey chosen (or for any of the site's, to unlock first) */
  toPrompt: (prepared: PreparedGet) => Promise<void>;
  onEnd: () => void;
}

const offers = new Map<string, Offer>();

/** Far more than there are frames a person looks at; a page cannot grow the map past it. */
const MAX_OFFERS = 64;

function post(port: Runtime.Port, message: Outcome | AutofillPortMessage): void {
  try {
    port.postMessage(message);
  } catch {
    // the page is gone
  }
}

/** Ends an offer once; answers the page when `outcome` is given. */
function end(offer: Offer, outcome: Outcome | null): void {
  if (offer.ended) return;
  offer.ended = true;
  offers.delete(offer.id);
  offer.onEnd();
  if (outcome) post(offer.port, outcome);
}

/** How many rows the list needs: the site's passkeys, one "unlock" row while locked, none without a PIN. */
async function rowsFor(offer: Offer): Promise<number> {
  const vault = await getVault();
  const state = await vault.state();
  if (state === 'locked') return 1;
  if (state !== 'unlocked') return 0;
  offer.shown = await candidates(vault, offer.prepared);
  return offer.shown.length;
}

export async function startAutofill(
  port: Runtime.Port,
  prepared: PreparedGet,
  caller: SenderCaller,
  state: { autofill: { end(): void } | null },
  toPrompt: (prepared: PreparedGet) => Promise<void>,
): Promise<void> {
  // One conditional request per document, as in the browser: a newer one replaces the older.
  for (const other of offers.values()) {
    if (other.tabId === caller.tabId && other.frameId === caller.frameId) {
      end(other, { ok: false, error: { name: 'AbortError', message: 'A newer request replaced this one.' } });
    }
  }
  if (offers.size >= MAX_OFFERS) throw new CeremonyError('NotAllowedError', 'Too many passkey requests are waiting.');
  const offer: Offer = {
    id: toBase64url(crypto.getRandomValues(new Uint8Array(16))),
    port,
    tabId: caller.tabId,
    frameId: caller.frameId,
    prepared,
    shown: null,
    busy: false,
    ended: false,
    toPrompt,
    onEnd: () => (state.autofill = null),
  };
  offers.set(offer.id, offer);
  state.autofill = { end: () => end(offer, null) };
  const rows = await rowsFor(offer);
  // rows 0, no passkey for the site: the bridge shows no list, and the browser's own
  // conditional request goes on alone.
  if (!offer.ended) post(port, { autofill: 'offer', session: offer.id, rows });
}

/**
 * The offer `session` names, if `sender` is its own list: the extension's page at the URL the
 * bridge framed, in the requesting tab, and the same frame every time. The session id is a
 * 128-bit secret that only the bridge and the list have seen (the frame sits in a closed shadow
 * root); Chromium's webNavigation does not report extension frames, so their parent cannot be
 * asked.
 */
function offerFor(session: unknown, sender: Runtime.MessageSender): Offer {
  const offer = typeof session === 'string' ? offers.get(session) : undefined;
  // The document's URL is on the extension's own origin; getURL() would answer with Chromium's
  // per-session dynamic origin for this web-accessible page (use_dynamic_url), which is only
  // the address the frame was loaded from.
  const expected = offer && `${browser.runtime.getURL('')}autofill.html?session=${offer.id}`;
  if (!offer || sender.url !== expected || sender.tab?.id !== offer.tabId || sender.frameId === undefined) {
    throw new CeremonyError('NotAllowedError', 'This request is no longer waiting.');
  }
  offer.listFrameId ??= sender.frameId;
  if (offer.listFrameId !== sender.frameId) throw new CeremonyError('NotAllowedError', 'This list does not belong to the request.');
  return offer;
}

export async function autofillView(session: unknown, sender: Runtime.MessageSender): Promise<AutofillView> {
  const offer = offerFor(session, sender);
  const vault = await getVault();
  const locked = (await vault.state()) !== 'unlocked';
  if (!locked) offer.shown = await candidates(vault, offer.prepared);
  return { rpId: offer.prepared.rpId, locked, accounts: locked ? [] : offer.shown!.map(toChoice) };
}

export async function autofillChoose(
  message: Extract<AutofillRequest, { type: 'autofill:choose' }>,
  sender: Runtime.MessageSender,
): Promise<AutofillReplies['autofill:choose']> {
  const offer = offerFor(message.session, sender);
  if (offer.busy) throw new CeremonyError('NotAllowedError', 'Already deciding.');
  offer.busy = true;
  try {
    const vault = await getVault();
    const chosen = typeof message.account === 'string' ? offer.shown?.find((r) => toBase64url(r.credentialId) === message.account) : undefined;
    // https://w3c.github.io/webauthn/#sctn-op-get-assertion step 7: user presence from a list
    // the person verifiably saw; no verification is asked here (the PIN lives in the prompt).
    if (chosen && message.visible === true && vault.isUnlocked() && !offer.prepared.wantsUserVerification) {
      const value = await signInWith(vault, offer.prepared, chosen.credentialId, { userPresent: true, userVerified: false });
      end(offer, { ok: true, value });
      return { status: 'signed' };
    }
    // Otherwise the real prompt finishes it: for the passkey chosen, or (locked) for any of the site's.
    const prepared = chosen ? { ...offer.prepared, allowCredentialIds: [chosen.credentialId] } : offer.prepared;
    post(offer.port, { autofill: 'hide' });
    end(offer, null);
    await offer.toPrompt(prepared).catch((error: unknown) => post(offer.port, { ok: false, error: toWireError(error) }));
    return { status: 'prompt' };
  } finally {
    offer.busy = false;
  }
}
