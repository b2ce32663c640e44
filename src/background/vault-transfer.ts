/**
 * Export and import, between the popup's requests and the vault. No extension API here, so
 * the unit tests run exactly this code.
 *
 * Export asks for the PIN again (counted like an unlock), writes the file in memory, and only
 * then marks the exported passkeys backed up (BS=1 from then on): a failed export marks nothing.
 */
import type { ExportFile, ExportFormat, ImportFormat, ImportReport } from '../core/protocol.js';
import { readBackup, writeBackup, type BackupPrf } from '../vault/backup-file.js';
import type { PrfAnswer } from '../vault/unlock-keys.js';
import { cxfExportable, parseCxf, toCxf } from '../vault/cxf.js';
import { parseBitwardenJson } from '../vault/import-bitwarden.js';
import { parseKeePassXcPasskey } from '../vault/import-keepassxc.js';
import { nameOf, type ParsedImport, type Skipped } from '../vault/import-result.js';
import type { KdfTarget } from '../vault/kdf.js';
import { VaultPinError, type Vault } from '../vault/vault.js';

export interface TransferOptions {
  /** the backup file's KDF (default: the vault's default) */
  kdf?: KdfTarget;
  now?: number;
}

function stamp(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

export async function exportVault(
  vault: Vault,
  request: { format: ExportFormat; pin: string; passphrase?: string | undefined; prf?: BackupPrf | undefined },
  options: TransferOptions = {},
): Promise<ExportFile> {
  const now = options.now ?? Date.now();
  const checked = await vault.unlock(request.pin, now);
  if (!checked.ok) throw new VaultPinError(checked.reason, checked.retryAfterSeconds);
  const all = await vault.allRecords();
  let data: string;
  let exported = all;
  let skipped: Skipped[] = [];
  if (request.format === 'passkeep-backup') {
    // The file says BS=1 too, so a restored passkey keeps telling the truth.
    data = await writeBackup(all.map((r) => ({ ...r, backedUp: true })), request.passphrase ?? '', options.kdf, now, request.prf);
  } else if (request.format === 'cxf') {
    ({ records: exported, skipped } = cxfExportable(all));
    data = await toCxf(exported, now);
  } else {
    throw new TypeError(`Unknown export format ${String(request.format)}.`);
  }
  await vault.markBackedUp(exported);
  const name = request.format === 'cxf' ? `passkeep-${stamp(now)}.cxf.json` : `passkeep-backup-${stamp(now)}.json`;
  return { filename: name, mime: 'application/json', data, count: exported.length, skipped };
}

type ImportRequest = { format: ImportFormat; data: string; passphrase?: string | undefined; prf?: PrfAnswer | undefined };

async function parse(request: ImportRequest, now: number): Promise<ParsedImport> {
  switch (request.format) {
    case 'passkeep-backup':
      return { records: await readBackup(request.data, request.passphrase ?? '', request.prf), skipped: [] };
    case 'cxf':
      return parseCxf(request.data, now);
    case 'bitwarden-json':
      return parseBitwardenJson(request.data, now);
    case 'keepassxc-passkey':
      return parseKeePassXcPasskey(request.data, now);
    default:
      throw new TypeError(`Unknown import format ${String(request.format)}.`);
  }
}

/** Reads the file, merges its passkeys into the (unlocked) vault, and reports what happened. */
export async function importIntoVault(
  vault: Vault,
  request: ImportRequest,
  options: TransferOptions = {},
): Promise<ImportReport> {
  const parsed = await parse(request, options.now ?? Date.now());
  const merged = await vault.importRecords(parsed.records);
  return {
    imported: merged.imported,
    duplicates: merged.duplicates,
    skipped: [
      ...parsed.skipped,
      ...merged.conflicts.map((r) => ({ name: nameOf(r.rpId, r.userName), reason: 'another site’s passkey already has this credential id' })),
    ],
  };
}
