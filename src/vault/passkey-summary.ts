/** What the popup is told about a passkey: no key, no user handle. */
import { toBase64url } from '../core/base64url.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import type { PasskeySummary } from '../core/protocol.js';

export function toSummary(r: PasskeyRecord): PasskeySummary {
  return {
    id: toBase64url(r.credentialId),
    rpId: r.rpId,
    userName: r.userName,
    userDisplayName: r.userDisplayName,
    alg: r.alg,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    ...(r.hidden ? { hidden: { ...r.hidden } } : {}),
  };
}
