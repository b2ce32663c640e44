/**
 * Bitwarden's unencrypted JSON export: `items[].login.fido2Credentials[]`, every field a string
 * (keyValue: base64url PKCS#8; credentialId: a UUID, or "b64." + base64url for ids that are
 * not 16 bytes; counter: a decimal string; discoverable: "true"/"false").
 */
import { EntryBudget, MAX_CREDENTIAL_ID_BYTES, MAX_KEY_BYTES, MAX_USER_HANDLE_BYTES } from './import-limits.js';
import { collect, decodeLenientBase64, nameOf, parseJsonFile, skipOrRefuse, toRecord, type ParsedImport, type Skipped } from './import-result.js';
import type { PasskeyRecord } from '../core/passkey-record.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Bitwarden's credential id text → raw bytes. */
export function bitwardenCredentialId(text: unknown): Uint8Array {
  if (typeof text !== 'string' || !text) throw new TypeError('credentialId is missing');
  if (text.startsWith('b64.')) return decodeLenientBase64(text.slice(4), 'credentialId', MAX_CREDENTIAL_ID_BYTES);
  if (UUID.test(text)) return Uint8Array.from(text.replaceAll('-', '').match(/../g)!.map((h) => parseInt(h, 16)));
  return decodeLenientBase64(text, 'credentialId', MAX_CREDENTIAL_ID_BYTES);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function parseBitwardenJson(data: string, now: number = Date.now()): ParsedImport {
  const file = parseJsonFile(data, 'Bitwarden export') as Record<string, unknown> | null;
  if (!file || typeof file !== 'object' || Array.isArray(file)) throw new TypeError('Bitwarden export: not an export file');
  if (file.encrypted === true) throw new TypeError('This Bitwarden export is encrypted. Export again as “.json” (not encrypted) and import that file.');
  if (!Array.isArray(file.items)) throw new TypeError('Bitwarden export: no items');
  // Count every item and passkey before reading any (./import-limits.ts).
  const budget = new EntryBudget('Bitwarden export');
  const entries = budget.take(file.items).flatMap((item) => {
    const login = (item as Record<string, unknown> | null)?.login as Record<string, unknown> | undefined;
    return budget.take(login?.fido2Credentials).map((c) => ({ login, c: c as Record<string, unknown> }));
  });
  const results: (PasskeyRecord | Skipped)[] = [];
  for (const { login, c } of entries) {
    const name = nameOf(c?.rpId, c?.userName ?? login?.username);
    try {
      if (c.keyType !== undefined && c.keyType !== 'public-key') throw new TypeError(`unsupported key type ${String(c.keyType).slice(0, 40)}`);
      if (c.keyAlgorithm !== 'ECDSA' || c.keyCurve !== 'P-256') {
        results.push({ name, reason: `unsupported algorithm: ${String(c.keyAlgorithm).slice(0, 40)} ${String(c.keyCurve ?? '').slice(0, 40)}`.trim() });
        continue;
      }
      const counter = typeof c.counter === 'number' ? c.counter : Number(str(c.counter) ?? '0');
      const created = str(c.creationDate) ? Date.parse(str(c.creationDate)!) : NaN;
      const userName = str(c.userName) ?? str(login?.username);
      results.push(
        toRecord(
          {
            credentialId: bitwardenCredentialId(c.credentialId),
            rpId: str(c.rpId) ?? '',
            rpName: str(c.rpName),
            userHandle: decodeLenientBase64(c.userHandle, 'userHandle', MAX_USER_HANDLE_BYTES),
            userName,
            userDisplayName: str(c.userDisplayName),
            pkcs8: decodeLenientBase64(c.keyValue, 'keyValue', MAX_KEY_BYTES),
            signCount: counter,
            createdAt: Number.isFinite(created) ? created : undefined,
          },
          now,
        ),
      );
    } catch (error) {
      results.push(skipOrRefuse(name, error));
    }
  }
  return collect(results);
}

