/**
 * The typed message protocol between the extension's contexts.
 *
 * Three channels, each with its own trust level (decided from the browser's `sender`, never
 * from the body; see ../background/router.ts):
 *  - page hook ⇄ bridge: `window.postMessage`, untrusted, carries only the page's own request;
 *  - bridge ⇄ background: a `runtime.connect` port named `ceremony`, one per request; the
 *    background takes origin, tab and frame from the port's `sender`;
 *  - extension pages (popup, consent) → background: `runtime.sendMessage`, privileged, accepted
 *    only from documents of the extension's own origin.
 *
 * Bytes always cross as base64url strings: extension messaging is JSON in Chrome.
 */
import type { PasskeyHidden } from './passkey-record.js';
import type { CeremonyResult } from './results.js';
import type { WireValue } from './wire-value.js';

/** The DOMException (or TypeError) names a ceremony may end with, as the spec names them. */
export type WebAuthnErrorName =
  | 'NotAllowedError'
  | 'SecurityError'
  | 'NotSupportedError'
  | 'InvalidStateError'
  | 'TypeError'
  | 'AbortError'
  | 'ConstraintError'
  | 'UnknownError'
  /** https://w3c.github.io/webauthn/#prf-extension: a bad evalByCredential key */
  | 'SyntaxError'
  /** a request over one of Passkeep's size bounds, named as Chromium names it (src/core/limits.ts) */
  | 'RangeError';

export interface WireError {
  name: WebAuthnErrorName;
  message: string;
}

/** One passkey as the popup lists it. Never contains key material. */
export interface PasskeySummary {
  /** base64url credential id */
  id: string;
  rpId: string;
  userName: string;
  userDisplayName: string;
  /** COSE algorithm identifier (-7 = ES256). */
  alg: number;
  /** epoch milliseconds */
  createdAt: number;
  /** epoch milliseconds, or null if never used to sign in */
  lastUsedAt: number | null;
  /** present while a site's signal keeps the passkey hidden (restorable in the popup) */
  hidden?: PasskeyHidden;
}

export type VaultState = 'no-pin' | 'locked' | 'unlocked';

/** The most rows `vault:list-first` answers: a few screens of the popup. */
export const MAX_FIRST_ROWS = 200;

/** Requests the popup (and other extension pages) may send with `runtime.sendMessage`. */
export type PopupRequest =
  | { type: 'vault:status' }
  | { type: 'vault:set-pin'; pin: string }
  | { type: 'vault:unlock'; pin: string }
  | { type: 'vault:lock' }
  | { type: 'vault:list' }
  /**
   * The first `count` rows of the list in display order for `currentHost` (its passkeys first),
   * answered from what the background already decrypted, so that the popup can draw them at
   * once and ask for the whole list (`vault:list`) meanwhile. `count` is 1 to MAX_FIRST_ROWS.
   */
  | { type: 'vault:list-first'; count: number; currentHost?: string | null }
  | { type: 'vault:delete'; id: string }
  /** Delete after the undo window unless undone; the background holds it (src/background/pending-deletes.ts). */
  | { type: 'vault:delete-later'; id: string; undoMs: number }
  | { type: 'vault:undo-delete'; id: string }
  /** Shows a passkey a site's signal hid (SECURITY.md case 25): only the person restores. */
  | { type: 'vault:restore'; id: string; rpId: string };

export interface VaultStatus {
  state: VaultState;
  /** Seconds to wait before the next PIN attempt is accepted (0 when none). */
  retryAfterSeconds: number;
}

/** Each popup request's successful reply. */
export interface PopupReplies {
  'vault:status': VaultStatus;
  'vault:set-pin': VaultStatus;
  'vault:unlock': VaultStatus;
  'vault:lock': VaultStatus;
  /** `unreadable`: how many stored passkeys failed their integrity check (absent when none) */
  'vault:list': { passkeys: PasskeySummary[]; unreadable?: number };
  /** `total`: how many passkeys the whole list held when last read (the whole list says for sure) */
  'vault:list-first': { passkeys: PasskeySummary[]; total: number };
  'vault:delete': { deleted: boolean };
  /** `due`: epoch ms when the background deletes it */
  'vault:delete-later': { due: number };
  /** false: the delete was no longer waiting (already done) */
  'vault:undo-delete': { undone: boolean };
  /** false: it was not hidden (or is gone) */
  'vault:restore': { restored: boolean };
}

/** Every reply to an extension-page request: the value, or an error carried as data. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: WireError };

/** What the consent prompt shows; built by the background from the browser-reported caller. */
export interface ConsentView {
  op: 'create' | 'get';
  /** the requesting frame's origin */
  origin: string;
  /** the top-level origin when the request comes from a cross-origin frame */
  topOrigin: string | null;
  rpId: string;
  rpName: string | null;
  /** the account being created (create only) */
  user: { name: string; displayName: string } | null;
  /** no PIN yet: the person chooses one here */
  needsNewPin: boolean;
  /** the vault is locked, or the relying party asks for user verification */
  needsPin: boolean;
  /** the PIN is asked to unlock the vault (not only to verify the person); absent: false */
  locked?: boolean;
  /** passkeys to choose from (get, unlocked); null while the vault is locked */
  accounts: AccountChoice[] | null;
  retryAfterSeconds: number;
  /**
   * create only: the site accepts no key type Passkeep can make, so the prompt only explains
   * that; dismissing it (or approving) ends in NotAllowedError, and the browser's own
   * authenticator stays on offer.
   */
  unsupportedAlgorithms: boolean;
  /** developer mode is on: the prompt says so plainly (absent: off) */
  developerMode?: boolean;
  /**
   * developer mode only: the failure scenarios the person may choose for this ceremony, as ids
   * (src/core/failure-scenario.ts scenarioId); absent while developer mode is off
   */
  scenarios?: string[];
}

export interface AccountChoice {
  /** base64url credential id */
  id: string;
  userName: string;
  userDisplayName: string;
  lastUsedAt: number | null;
  /** the origin whose signal last set these names (signalCurrentUserDetails), if one did */
  namedBy?: string;
}

export type ConsentRequest =
  | { type: 'consent:view'; request: string }
  | {
      type: 'consent:decide';
      request: string;
      decision: 'approve' | 'cancel' | 'other-authenticator';
      pin?: string;
      newPin?: string;
      account?: string;
      /**
       * developer mode only: a failure scenario id from the view's `scenarios`, applied to this
       * ceremony once; the background checks developer mode itself and refuses it otherwise
       */
      scenario?: string;
    };

export type ConsentOutcome =
  | { status: 'done' }
  /** stay open: show the message (wrong PIN, wait) and let the person try again */
  | { status: 'retry'; message: string; retryAfterSeconds: number; view: ConsentView };

export interface ConsentReplies {
  'consent:view': ConsentView;
  'consent:decide': ConsentOutcome;
}

/** Settings the person controls in the popup. Stored by the background. */
export interface Settings {
  /** lock the vault after this many idle minutes (0: only on browser restart or "Lock now") */
  autoLockMinutes: number;
  /** sites (host names) where Passkeep stays out of the way and the browser answers */
  disabledSites: string[];
  /** developer mode: the ceremony inspector records, the popup and prompt say so, passkeys show developer details */
  developerMode: boolean;
}

export type ExportFormat = 'passkeep-backup' | 'cxf';
export type ImportFormat = 'passkeep-backup' | 'cxf' | 'bitwarden-json' | 'keepassxc-passkey';

export interface ExportFile {
  filename: string;
  mime: string;
  /** the file's text (JSON) */
  data: string;
  /** how many passkeys the file holds */
  count?: number;
  /** passkeys left out of the file, and why (CXF carries only passkeys whose counter is zero) */
  skipped?: { name: string; reason: string }[];
}

export interface ImportReport {
  imported: number;
  /** already in the vault (same RP ID and credential id): merged, counter kept monotonic */
  duplicates: number;
  skipped: { name: string; reason: string }[];
}

export interface AboutInfo {
  version: string;
  aaguid: string;
  /** where data lives, in words */
  storage: string;
  kdf: string;
}

/** Popup requests added for settings, PIN management and export/import. */
export type SettingsRequest =
  | { type: 'settings:get' }
  | { type: 'settings:set'; settings: Partial<Settings> }
  | { type: 'vault:change-pin'; oldPin: string; newPin: string }
  /** deletes every passkey and the PIN; `confirm` must be exactly RESET_CONFIRMATION */
  | { type: 'vault:reset'; confirm: string }
  /** needs the PIN again; `passphrase` protects a passkeep-backup file */
  | { type: 'vault:export'; format: ExportFormat; pin: string; passphrase?: string }
  | { type: 'vault:import'; format: ImportFormat; data: string; passphrase?: string }
  | { type: 'about:get' };

export const RESET_CONFIRMATION = 'DELETE ALL PASSKEYS';

export interface SettingsReplies {
  'settings:get': Settings;
  'settings:set': Settings;
  'vault:change-pin': VaultStatus;
  'vault:reset': VaultStatus;
  'vault:export': ExportFile;
  'vault:import': ImportReport;
  'about:get': AboutInfo;
}

/**
 * One create/get/signal as the ceremony inspector shows it (developer mode only). Kept in the
 * background's memory alone (src/background/ceremony-log.ts), never in storage; bytes are
 * base64url as on every other channel. Decoded in the inspector page by src/core/inspect-ceremony.ts.
 */
export interface CeremonyLogEntry {
  /** increasing within one background lifetime */
  seq: number;
  op: 'create' | 'get' | 'signal';
  /** the Signal API method (op 'signal'): unknown, accepted or details */
  signal?: string;
  /** the requesting frame's origin, as the browser reported it */
  origin: string;
  /** the top-level origin (equal to origin for a top-level or same-origin frame) */
  topOrigin: string;
  sameOriginWithAncestors: boolean;
  /** epoch ms when the request reached the background */
  startedAt: number;
  durationMs: number;
  /** success; error; handoff (the browser's own authenticator answered); none (no credential, no UI) */
  outcome: 'success' | 'error' | 'handoff' | 'none';
  mediation: string | null;
  /** the page's options as it passed them (bytes tagged as on the wire) */
  options: WireValue | null;
  result?: CeremonyResult;
  error?: WireError;
  /** the failure scenario the person chose in the prompt for this ceremony (src/core/failure-scenario.ts id) */
  scenario?: string;
}

/** Per-passkey developer details (developer mode only). Never key material. */
export interface PasskeyDevDetails {
  id: string;
  rpId: string;
  /** base64url user handle */
  userHandle: string;
  signCount: number;
  alg: number;
  backupEligible: boolean;
  backedUp: boolean;
  /** every Passkeep passkey is a discoverable credential (client-side discoverable) */
  discoverable: boolean;
  createdAt: number;
  lastUsedAt: number | null;
  /** bytes of the stored largeBlob, 0 when none */
  largeBlobBytes: number;
  prfEnabled: boolean;
  /** the public key as SubjectPublicKeyInfo PEM */
  publicKeyPem: string;
}

/** Developer-mode requests from the extension's pages; refused while developer mode is off. */
export type DevRequest =
  | { type: 'dev:log' }
  | { type: 'dev:clear-log' }
  | { type: 'dev:passkey'; rpId: string; id: string }
  /** sets the signature counter (to test a relying party's clone detection) */
  | { type: 'dev:set-counter'; rpId: string; id: string; counter: number }
  /** the PIN again, as for an export; the one place a private key leaves the background (SECURITY.md) */
  | { type: 'dev:export-key'; rpId: string; id: string; pin: string }
  /** a PKCS #8 PEM private key for `rpId` and the base64url user handle; credential id random unless given */
  | { type: 'dev:import-key'; pem: string; rpId: string; userHandle: string; userName: string; credentialId?: string };

export interface DevReplies {
  'dev:log': { entries: CeremonyLogEntry[] };
  'dev:clear-log': { cleared: number };
  'dev:passkey': PasskeyDevDetails;
  'dev:set-counter': PasskeyDevDetails;
  'dev:export-key': { pem: string; filename: string };
  'dev:import-key': PasskeyDevDetails;
}
