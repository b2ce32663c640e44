import type { ImportFormat } from '../../../src/core/protocol';

/**
 * The import format a file's text looks like, or null when it is not clear (the person then
 * chooses). Looks only at the shape of the top-level JSON; the background validates the content.
 *  - CXF (FIDO Alliance Credential Exchange Format): a header with `exporterRpId` and `accounts`.
 *    https://fidoalliance.org/specs/cx/cxf-v1.0-rd-20250313.html#sctn-header
 *  - Bitwarden JSON export: `{ encrypted, items: [...] }`, passkeys under `login.fido2Credentials`.
 *  - KeePassXC `.passkey` file: one passkey, `{ relyingParty, username, credentialId, userHandle, privateKey }`.
 *  - Passkeep backup: names itself (`format` or `type` is "passkeep-backup").
 */
export function detectImportFormat(text: string): ImportFormat | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  if (o.format === 'passkeep-backup' || o.type === 'passkeep-backup') return 'passkeep-backup';
  if (typeof o.exporterRpId === 'string' && Array.isArray(o.accounts)) return 'cxf';
  if (Array.isArray(o.items) && typeof o.encrypted === 'boolean') return 'bitwarden-json';
  if (typeof o.relyingParty === 'string' && typeof o.privateKey === 'string' && typeof o.credentialId === 'string') {
    return 'keepassxc-passkey';
  }
  return null;
}
