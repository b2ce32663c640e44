/**
 * The extension page's own WebAuthn calls for unlocking (issue 13): they run here, in a page of
 * the extension's origin, never in the background (a service worker has no navigator.credentials)
 * and never in a web page. The RP ID is left to the browser: for an extension page it is the
 * page's own host, the extension's id in Chromium and its UUID in Firefox
 * (https://w3c.github.io/webauthn/#CreateCred-DetermineRpId), so no web site can ask for these
 * credentials. The manifest's content scripts match only http(s) pages, so Passkeep's own hook
 * never stands between these calls and the browser.
 *
 * Only the PRF output leaves for the background, over runtime messaging; it is never stored.
 * User verification is required on both calls: hmac-secret keeps separate secrets with and
 * without UV (CTAP 2.1 §12.5), so asking the same way each time gives the same output.
 */
import { fromBase64url, toBase64url } from '../../src/core/base64url';
import type { PrfAnswerWire, UnlockKeyInfo } from '../../src/core/protocol';

/** The authenticator answered, but without a PRF output: it cannot protect the vault this way. */
export class NoPrfError extends Error {
  override readonly name = 'NoPrfError';
}

type PrfInputs = AuthenticationExtensionsClientInputs & {
  prf?: { eval?: { first: BufferSource }; evalByCredential?: Record<string, { first: BufferSource }> };
};
type PrfOutputs = AuthenticationExtensionsClientOutputs & { prf?: { enabled?: boolean; results?: { first?: ArrayBuffer } } };

const TIMEOUT_MS = 120_000;

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

function prfOf(credential: PublicKeyCredential): Uint8Array | null {
  const first = (credential.getClientExtensionResults() as PrfOutputs).prf?.results?.first;
  return first ? new Uint8Array(first) : null;
}

/**
 * Asks any of the enrolled authenticators (https://w3c.github.io/webauthn/#sctn-getAssertion),
 * each at its own salt (prf.evalByCredential, keyed by base64url credential id). Rejects with
 * the browser's NotAllowedError when none answered (absent, cancelled, timed out).
 */
export async function askEnrolledAuthenticator(keys: readonly UnlockKeyInfo[]): Promise<PrfAnswerWire> {
  const evalByCredential = Object.fromEntries(keys.map((k) => [k.id, { first: buffer(fromBase64url(k.salt)) }]));
  const credential = (await navigator.credentials.get({
    publicKey: {
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      rpId: location.host,
      allowCredentials: keys.map((k) => ({ type: 'public-key' as const, id: buffer(fromBase64url(k.id)) })),
      userVerification: 'required',
      timeout: TIMEOUT_MS,
      extensions: { prf: { evalByCredential } } as PrfInputs,
    },
  })) as PublicKeyCredential | null;
  if (!credential) throw new DOMException('No authenticator answered.', 'NotAllowedError');
  const prf = prfOf(credential);
  if (!prf) throw new NoPrfError('The authenticator gave no PRF output.');
  return { credentialId: toBase64url(new Uint8Array(credential.rawId)), prf: toBase64url(prf) };
}

/**
 * Asks an enrolled authenticator at a fresh salt of its own, for a backup file protected the same
 * way as the vault (src/vault/backup-file.ts, version 2); the salt goes into the file.
 */
export async function askForBackup(keys: readonly UnlockKeyInfo[]): Promise<PrfAnswerWire & { salt: string }> {
  const salt = toBase64url(crypto.getRandomValues(new Uint8Array(32)));
  return { ...(await askEnrolledAuthenticator(keys.map((k) => ({ ...k, salt })))), salt };
}

/** The authenticator a version 2 backup names (credential id and salt), or null: read before the file is sent. */
export function backupAuthenticator(text: string): UnlockKeyInfo | null {
  try {
    const header = JSON.parse(text) as { authenticator?: { credentialId?: unknown; salt?: unknown } };
    const { credentialId, salt } = header.authenticator ?? {};
    return typeof credentialId === 'string' && typeof salt === 'string' ? { id: credentialId, salt, label: '', addedAt: 0 } : null;
  } catch {
    return null;
  }
}

/**
 * Registers a new credential for unlocking (https://w3c.github.io/webauthn/#sctn-createCredential)
 * with the PRF extension at a fresh random salt. Authenticators that give no PRF output at
 * creation (only `enabled`) are asked once more with get(). `exclude`: the enrolled ids, so the
 * same authenticator is not enrolled twice.
 */
export async function registerAuthenticator(label: string, exclude: readonly UnlockKeyInfo[]): Promise<{ answer: PrfAnswerWire; salt: string }> {
  const salt = crypto.getRandomValues(new Uint8Array(32));
  const created = (await navigator.credentials.create({
    publicKey: {
      rp: { name: 'Passkeep', id: location.host },
      user: { id: crypto.getRandomValues(new Uint8Array(16)), name: label, displayName: label },
      challenge: crypto.getRandomValues(new Uint8Array(32)),
      pubKeyCredParams: [
        { type: 'public-key', alg: -8 },
        { type: 'public-key', alg: -7 },
        { type: 'public-key', alg: -257 },
      ],
      excludeCredentials: exclude.map((k) => ({ type: 'public-key' as const, id: buffer(fromBase64url(k.id)) })),
      authenticatorSelection: { residentKey: 'discouraged', userVerification: 'required' },
      attestation: 'none',
      timeout: TIMEOUT_MS,
      extensions: { prf: { eval: { first: buffer(salt) } } } as PrfInputs,
    },
  })) as PublicKeyCredential | null;
  if (!created) throw new DOMException('No authenticator answered.', 'NotAllowedError');
  const outputs = created.getClientExtensionResults() as PrfOutputs;
  if (outputs.prf?.enabled === false) throw new NoPrfError('The authenticator does not support PRF.');
  const credentialId = toBase64url(new Uint8Array(created.rawId));
  let prf = prfOf(created);
  if (!prf) {
    const answer = await askEnrolledAuthenticator([{ id: credentialId, salt: toBase64url(salt), label, addedAt: 0 }]);
    prf = fromBase64url(answer.prf);
  }
  return { answer: { credentialId, prf: toBase64url(prf) }, salt: toBase64url(salt) };
}
