/** Why a passkey was hidden (https://w3c.github.io/webauthn/#sctn-signal-methods). */
export type HiddenReason = 'unknown-credential' | 'not-accepted';

/**
 * A passkey hidden because its site signalled it no longer knows or accepts it. The spec lets an
 * authenticator hide rather than delete such a credential
 * (https://w3c.github.io/webauthn/#dom-publickeycredential-signalunknowncredential); a hidden
 * passkey behaves as if it were gone (it is neither offered nor signs, and excludeCredentials
 * does not match it) until the person restores it or the site lists it again.
 */
export interface PasskeyHidden {
  reason: HiddenReason;
  /** the origin whose signal hid it */
  origin: string;
  /** epoch milliseconds */
  at: number;
}

/**
 * Which origin last set the passkey's names by a signal, and when
 * (https://w3c.github.io/webauthn/#dom-publickeycredential-signalcurrentuserdetails). Any origin
 * that may claim the RP ID can rename, so the prompt shows who did (SECURITY.md case 25).
 */
export interface PasskeyNamedBy {
  origin: string;
  /** epoch milliseconds */
  at: number;
}

/**
 * A stored passkey, as the vault keeps it once decrypted. It lives only in the background.
 */
export interface PasskeyRecord {
  credentialId: Uint8Array;
  rpId: string;
  rpName: string;
  userId: Uint8Array;
  userName: string;
  userDisplayName: string;
  /** COSE algorithm identifier */
  alg: number;
  privateKey: Uint8Array;
  /**
   * In the algorithm's own format (see its signer): ES256 a SEC1 uncompressed point, EdDSA the
   * 32-byte Ed25519 key, RS256 a SubjectPublicKeyInfo. The private key likewise: a P-256
   * scalar, an Ed25519 seed, or PKCS #8.
   */
  publicKey: Uint8Array;
  /** the last signature counter handed out; the next assertion uses signCount + 1 */
  signCount: number;
  createdAt: number;
  lastUsedAt: number | null;
  /** BS: set once the passkey has left the vault in an export */
  backedUp: boolean;
  /**
   * The per-credential PRF secrets (CTAP2 hmac-secret's CredRandomWithUV and
   * CredRandomWithoutUV, 32 bytes each), chosen by the UV flag of the ceremony.
   * https://w3c.github.io/webauthn/#prf-extension. Absent on records made before PRF support.
   */
  prfSecretUv?: Uint8Array;
  prfSecretNoUv?: Uint8Array;
  /** The largeBlob stored with the passkey: https://w3c.github.io/webauthn/#sctn-large-blob-extension */
  largeBlob?: Uint8Array;
  /**
   * Imported from CXF, which says importers set the counter to zero and never increment it:
   * https://fidoalliance.org/specs/cx/cxf-v1.0-ps-20250814.html (Passkey, signature counter note)
   */
  counterless?: boolean;
  /** Set while the passkey is hidden by a site's signal (see PasskeyHidden). */
  hidden?: PasskeyHidden;
  /** Set when a site's signal renamed the passkey (see PasskeyNamedBy); absent if named at registration. */
  namedBy?: PasskeyNamedBy;
}
