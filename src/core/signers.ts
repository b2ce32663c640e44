/**
 * The credential algorithms this authenticator offers, and the signer for each.
 * https://w3c.github.io/webauthn/#sctn-alg-identifier
 */
import type { CredentialSigner } from './credential-signer.js';
import { eddsaSigner } from './eddsa.js';
import { es256Signer } from './es256.js';
import { rs256Signer } from './rs256.js';

const SIGNERS: readonly CredentialSigner[] = [es256Signer, eddsaSigner, rs256Signer];

/** COSE identifiers, in no order of preference: the relying party's list decides. */
export const SUPPORTED_ALGORITHMS: readonly number[] = SIGNERS.map((s) => s.alg);

export function signerFor(alg: number): CredentialSigner {
  const signer = SIGNERS.find((s) => s.alg === alg);
  if (!signer) throw new TypeError(`no signer for COSE algorithm ${alg}`);
  return signer;
}
