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
  /** SEC1 uncompressed point for ES256 */
  publicKey: Uint8Array;
  /** the last signature counter handed out; the next assertion uses signCount + 1 */
  signCount: number;
  createdAt: number;
  lastUsedAt: number | null;
  /** BS: set once the passkey has left the vault in an export */
  backedUp: boolean;
  /** the PRF extension's per-credential secret (hmac-secret), when the RP asked for one */
  prfSecret?: Uint8Array;
  /** the largeBlob extension's stored blob */
  largeBlob?: Uint8Array;
  /**
   * Imported from CXF, which says importers set the counter to zero and never increment it:
   * https://fidoalliance.org/specs/cx/cxf-v1.0-ps-20250814.html (Passkey, signature counter note)
   */
  counterless?: boolean;
}
