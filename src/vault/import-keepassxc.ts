/**
 * KeePassXC's `.passkey` file (Entry → Passkey → Export): one JSON object per passkey with
 * `relyingParty`, `url`, `username`, `credentialId` and `userHandle` (base64url), and
 * `privateKey` (PEM PKCS#8). KeePassXC keeps no signature counter, so the import starts at 0.
 */
import { base64CharsFor, MAX_CREDENTIAL_ID_BYTES, MAX_KEY_BYTES, MAX_USER_HANDLE_BYTES } from './import-limits.js';
import { collect, decodeLenientBase64, nameOf, parseJsonFile, toRecord, type ParsedImport } from './import-result.js';
import { pemToDer } from './pkcs8.js';

export function parseKeePassXcPasskey(data: string, now: number = Date.now()): ParsedImport {
  const file = parseJsonFile(data, 'KeePassXC passkey') as Record<string, unknown> | null;
  if (!file || typeof file !== 'object' || Array.isArray(file)) throw new TypeError('KeePassXC passkey: not a .passkey file');
  const name = nameOf(file.relyingParty, file.username);
  try {
    if (typeof file.relyingParty !== 'string') throw new TypeError('relyingParty is missing');
    if (typeof file.privateKey !== 'string') throw new TypeError('privateKey is missing');
    // The PEM's base64 with its armour and line breaks, measured before it is decoded.
    if (file.privateKey.length > base64CharsFor(MAX_KEY_BYTES) * 2) throw new RangeError(`privateKey is longer than ${MAX_KEY_BYTES} bytes`);
    return collect([
      toRecord(
        {
          credentialId: decodeLenientBase64(file.credentialId, 'credentialId', MAX_CREDENTIAL_ID_BYTES),
          rpId: file.relyingParty,
          userHandle: decodeLenientBase64(file.userHandle, 'userHandle', MAX_USER_HANDLE_BYTES),
          userName: typeof file.username === 'string' ? file.username : '',
          pkcs8: pemToDer(file.privateKey),
          signCount: 0,
        },
        now,
      ),
    ]);
  } catch (error) {
    return { records: [], skipped: [{ name, reason: (error as Error).message }] };
  }
}
