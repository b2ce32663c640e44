/**
 * KeePassXC's `.passkey` file (Entry → Passkey → Export): one JSON object per passkey with
 * `relyingParty`, `url`, `username`, `credentialId` and `userHandle` (base64url), and
 * `privateKey` (PEM PKCS#8). KeePassXC keeps no signature counter, so the import starts at 0.
 */
import { collect, decodeLenientBase64, nameOf, parseJsonFile, toRecord, type ParsedImport } from './import-result.js';
import { pemToDer } from './pkcs8.js';

export function parseKeePassXcPasskey(data: string, now: number = Date.now()): ParsedImport {
  const file = parseJsonFile(data, 'KeePassXC passkey') as Record<string, unknown> | null;
  if (!file || typeof file !== 'object' || Array.isArray(file)) throw new TypeError('KeePassXC passkey: not a .passkey file');
  const name = nameOf(file.relyingParty, file.username);
  try {
    if (typeof file.relyingParty !== 'string') throw new TypeError('relyingParty is missing');
    if (typeof file.privateKey !== 'string') throw new TypeError('privateKey is missing');
    return collect([
      toRecord(
        {
          credentialId: decodeLenientBase64(file.credentialId, 'credentialId'),
          rpId: file.relyingParty,
          userHandle: decodeLenientBase64(file.userHandle, 'userHandle'),
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
