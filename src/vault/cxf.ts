/**
 * The FIDO Alliance Credential Exchange Format (CXF) 1.0, JSON, for passkeys:
 * https://fidoalliance.org/specs/cx/cxf-v1.0-ps-20250814.html
 *
 *   Header { version: { major: 1, minor: 0 }, exporterRpId, exporterDisplayName, timestamp,
 *            accounts: [Account] }
 *   Account { id, username, email, collections: [], items: [Item] }
 *   Item { id, creationAt, modifiedAt, title, scope: { urls, androidApps }, credentials: [Credential] }
 *   Credential (type "passkey") { credentialId, rpId, username, userDisplayName, userHandle,
 *            key (base64url PKCS#8), fido2Extensions? }
 *
 * Timestamps are seconds since the epoch; binary fields are base64url. The spec's note on
 * counters is followed both ways: a passkey whose signature counter is not zero is left out
 * of an export (and the person is told), and an imported passkey gets counter zero and never
 * increments it (`counterless`).
 */
import { toBase64url } from '../core/base64url.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import {
  base64CharsFor,
  EntryBudget,
  ImportLimitError,
  inflateRawCapped,
  MAX_CREDENTIAL_ID_BYTES,
  MAX_DEFLATED_BLOB_BYTES,
  MAX_KEY_BYTES,
  MAX_LARGE_BLOB_BYTES,
  MAX_USER_HANDLE_BYTES,
} from './import-limits.js';
import { COSE_ES256, collect, decodeLenientBase64, nameOf, parseJsonFile, skipOrRefuse, toRecord, type ParsedImport, type Skipped } from './import-result.js';
import { p256ToPkcs8 } from './pkcs8.js';

export const CXF_EXPORTER_RP_ID = 'passkeep.dev';
export const CXF_EXPORTER_NAME = 'Passkeep';

interface CxfPasskey {
  type: 'passkey';
  credentialId: string;
  rpId: string;
  username: string;
  userDisplayName: string;
  userHandle: string;
  key: string;
  fido2Extensions?: { largeBlob?: { size: number; alg: string; data: string } };
}

async function deflateRaw(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes.slice()]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/**
 * A CXF largeBlob (https://fidoalliance.org/specs/cx/cxf-v1.0-ps-20250814.html, fido2Extensions):
 * its declared size is checked before anything is decoded, its data's length before base64
 * decoding, and the inflation stops at the declared size (SECURITY.md case 28: a bomb costs
 * one chunk, never its full size).
 */
async function readLargeBlob(blob: { alg?: unknown; data?: unknown; size?: unknown }): Promise<Uint8Array> {
  if (blob.alg !== 'deflate') throw new TypeError(`unsupported largeBlob compression ${String(blob.alg).slice(0, 40)}`);
  const size = blob.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new TypeError('largeBlob size is not valid');
  if (size > MAX_LARGE_BLOB_BYTES) throw new ImportLimitError(`largeBlob declares ${size} bytes, more than ${MAX_LARGE_BLOB_BYTES}`);
  if (typeof blob.data === 'string' && blob.data.length > base64CharsFor(MAX_DEFLATED_BLOB_BYTES) + 3) {
    throw new ImportLimitError(`largeBlob.data is longer than ${MAX_DEFLATED_BLOB_BYTES} bytes`);
  }
  const inflated = await inflateRawCapped(decodeLenientBase64(blob.data, 'largeBlob.data', MAX_DEFLATED_BLOB_BYTES), size, 'largeBlob');
  if (inflated.length !== size) throw new TypeError('largeBlob size does not match');
  return inflated;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Which passkeys CXF may carry: ES256 with a zero counter (or counterless). */
export function cxfExportable(records: PasskeyRecord[]): { records: PasskeyRecord[]; skipped: Skipped[] } {
  const out: PasskeyRecord[] = [];
  const skipped: Skipped[] = [];
  for (const r of records) {
    const name = nameOf(r.rpId, r.userName);
    if (r.alg !== COSE_ES256) skipped.push({ name, reason: 'only ES256 passkeys are exported to CXF so far' });
    else if (r.signCount !== 0 && !r.counterless) {
      skipped.push({ name, reason: 'it has been used (signature counter above zero), and CXF may not carry such passkeys; use an encrypted Passkeep backup instead' });
    } else out.push(r);
  }
  return { records: out, skipped };
}

export async function toCxf(records: PasskeyRecord[], now: number = Date.now()): Promise<string> {
  const items = [];
  for (const r of records) {
    const credential: CxfPasskey = {
      type: 'passkey',
      credentialId: toBase64url(r.credentialId),
      rpId: r.rpId,
      username: r.userName,
      userDisplayName: r.userDisplayName,
      userHandle: toBase64url(r.userId),
      key: toBase64url(p256ToPkcs8(r.privateKey)),
    };
    if (r.largeBlob) {
      credential.fido2Extensions = {
        largeBlob: { size: r.largeBlob.length, alg: 'deflate', data: toBase64url(await deflateRaw(r.largeBlob)) },
      };
    }
    items.push({
      id: toBase64url(crypto.getRandomValues(new Uint8Array(16))),
      creationAt: seconds(r.createdAt),
      modifiedAt: seconds(r.lastUsedAt ?? r.createdAt),
      title: r.rpName || r.rpId,
      scope: { urls: [`https://${r.rpId}`], androidApps: [] },
      credentials: [credential],
    });
  }
  const header = {
    version: { major: 1, minor: 0 },
    exporterRpId: CXF_EXPORTER_RP_ID,
    exporterDisplayName: CXF_EXPORTER_NAME,
    timestamp: seconds(now),
    accounts: [{ id: toBase64url(crypto.getRandomValues(new Uint8Array(16))), username: '', email: '', collections: [], items }],
  };
  return JSON.stringify(header, null, 2);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export async function parseCxf(data: string, now: number = Date.now()): Promise<ParsedImport> {
  const header = parseJsonFile(data, 'CXF file') as Record<string, unknown> | null;
  if (!header || typeof header !== 'object' || !Array.isArray(header.accounts)) throw new TypeError('CXF file: no accounts');
  const version = header.version as { major?: unknown } | undefined;
  if (!version || version.major !== 1) throw new TypeError(`CXF file: unsupported version ${JSON.stringify(version?.major ?? null)}`);
  // Count every account, item and credential before reading any (./import-limits.ts).
  const budget = new EntryBudget('CXF file');
  const items = budget.take(header.accounts).flatMap((a) => budget.take((a as Record<string, unknown> | null)?.items)) as Record<string, unknown>[];
  const entries = items.flatMap((item) => budget.take(item?.credentials).map((c) => ({ item, c: c as Record<string, unknown> })));
  const results: (PasskeyRecord | Skipped)[] = [];
  let others = 0;
  for (const { item, c } of entries) {
    if (c?.type !== 'passkey') {
      others++;
      continue;
    }
    const name = nameOf(c.rpId, c.username);
    try {
      const blob = (c.fido2Extensions as { largeBlob?: { alg?: unknown; data?: unknown; size?: unknown } } | undefined)?.largeBlob;
      const largeBlob = blob ? await readLargeBlob(blob) : undefined;
      const created = typeof item.creationAt === 'number' ? item.creationAt * 1000 : undefined;
      results.push(
        toRecord(
          {
            credentialId: decodeLenientBase64(c.credentialId, 'credentialId', MAX_CREDENTIAL_ID_BYTES),
            rpId: str(c.rpId) ?? '',
            rpName: str(item.title),
            userHandle: decodeLenientBase64(c.userHandle, 'userHandle', MAX_USER_HANDLE_BYTES),
            userName: str(c.username),
            userDisplayName: str(c.userDisplayName),
            pkcs8: decodeLenientBase64(c.key, 'key', MAX_KEY_BYTES),
            // CXF: importers set the counter to zero and never increment it.
            signCount: 0,
            counterless: true,
            createdAt: created,
            largeBlob,
          },
          now,
        ),
      );
    } catch (error) {
      results.push(skipOrRefuse(name, error));
    }
  }
  const parsed = collect(results);
  if (others > 0) parsed.skipped.push({ name: `${others} other item${others === 1 ? '' : 's'}`, reason: 'not passkeys (Passkeep stores passkeys only)' });
  return parsed;
}
