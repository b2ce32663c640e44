/**
 * Developer mode's requests from the extension's pages (the inspector, the popup's passkey
 * details): the ceremony log, a passkey's developer details, setting its counter, exporting one
 * private key, importing one. Every one is refused while developer mode is off, and all but the
 * log's clearing need the vault unlocked. No extension API here: the caller passes the vault and
 * whether developer mode is on, so the unit tests run exactly this code.
 *
 * The private key export is the one place a private key leaves the background (SECURITY.md,
 * "Developer mode"): only on this request, only from an extension page, only with the PIN
 * entered again (counted like an unlock), and the passkey reports BS=1 from then on.
 */
import { toBase64url } from '../core/base64url.js';
import { COSE_ALG_EDDSA, COSE_ALG_ES256, COSE_ALG_RS256 } from '../core/cose-key.js';
import { CeremonyError } from '../core/errors.js';
import type { PasskeyRecord } from '../core/passkey-record.js';
import { toPem } from '../core/pem.js';
import { newPrfSecrets } from '../core/prf.js';
import type { DevReplies, DevRequest, PasskeyDevDetails } from '../core/protocol.js';
import { ed25519Spki, p256Spki } from '../core/spki.js';
import { ed25519ToPkcs8, p256ToPkcs8, parsePkcs8, pemToDer } from '../vault/pkcs8.js';
import { VaultPinError, type Vault } from '../vault/vault.js';
import type { CeremonyLog } from './ceremony-log.js';
import { normalizeSite } from './settings-store.js';
import { wireBytes, wireText } from './wire-bytes.js';

/** The largest value the 32-bit signature counter can carry (https://w3c.github.io/webauthn/#signcount). */
export const MAX_SIGN_COUNT = 0xffffffff;

function publicKeySpki(record: PasskeyRecord): Uint8Array {
  if (record.alg === COSE_ALG_ES256) return p256Spki(record.publicKey);
  if (record.alg === COSE_ALG_EDDSA) return ed25519Spki(record.publicKey);
  return record.publicKey; // RS256 keeps its SubjectPublicKeyInfo
}

function privateKeyPkcs8(record: PasskeyRecord): Uint8Array {
  if (record.alg === COSE_ALG_ES256) return p256ToPkcs8(record.privateKey);
  if (record.alg === COSE_ALG_EDDSA) return ed25519ToPkcs8(record.privateKey);
  if (record.alg === COSE_ALG_RS256) return record.privateKey; // already PKCS #8
  throw new CeremonyError('NotSupportedError', `Cannot export a key of algorithm ${record.alg}.`);
}

export function devDetailsOf(record: PasskeyRecord): PasskeyDevDetails {
  return {
    id: toBase64url(record.credentialId),
    rpId: record.rpId,
    userHandle: toBase64url(record.userId),
    signCount: record.signCount,
    alg: record.alg,
    // Every Passkeep passkey can be exported: BE is always 1 (SECURITY.md, flags tell the truth).
    backupEligible: true,
    backedUp: record.backedUp,
    // Passkeep makes only discoverable (client-side discoverable) credentials.
    discoverable: true,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    largeBlobBytes: record.largeBlob?.length ?? 0,
    prfEnabled: record.prfSecretUv !== undefined && record.prfSecretNoUv !== undefined,
    publicKeyPem: toPem('PUBLIC KEY', publicKeySpki(record)),
  };
}

async function find(vault: Vault, rpId: unknown, id: unknown): Promise<PasskeyRecord> {
  const record = await vault.findById(wireText(rpId, 'rpId'), wireBytes(id, 'id', 1, 1023), { includeHidden: true });
  if (!record) throw new CeremonyError('NotAllowedError', 'No such passkey.');
  return record;
}

export interface DevContext {
  vault: Vault;
  log: CeremonyLog;
  developerMode: boolean;
  now?: number;
}

export async function handleDevRequest(message: DevRequest, ctx: DevContext): Promise<DevReplies[keyof DevReplies]> {
  const { vault, log } = ctx;
  if (!ctx.developerMode) throw new CeremonyError('NotAllowedError', 'Developer mode is off.');
  if (message.type === 'dev:clear-log') return { cleared: log.clear() };
  // The log names sites and accounts, and the rest reads passkeys: all only while unlocked.
  if (!vault.isUnlocked()) throw new CeremonyError('NotAllowedError', 'Unlock Passkeep first.');
  switch (message.type) {
    case 'dev:log':
      return { entries: log.entries() };
    case 'dev:passkey':
      return devDetailsOf(await find(vault, message.rpId, message.id));
    case 'dev:set-counter': {
      const counter = message.counter;
      if (typeof counter !== 'number' || !Number.isInteger(counter) || counter < 0 || counter > MAX_SIGN_COUNT) {
        throw new CeremonyError('RangeError', `counter must be a whole number from 0 to ${MAX_SIGN_COUNT}.`);
      }
      const record = await find(vault, message.rpId, message.id);
      // The vault never moves a counter backward (SECURITY.md): that refusal reaches the person.
      if (counter < record.signCount) {
        throw new CeremonyError('ConstraintError', `The counter never goes backward: it is ${record.signCount} now.`);
      }
      const next = await vault.modify(record.rpId, record.credentialId, (r) => {
        const changed: PasskeyRecord = { ...r, signCount: counter };
        // A counter the person set is one that counts from here (a CXF import's stays at zero otherwise).
        delete changed.counterless;
        return changed;
      });
      return devDetailsOf(next);
    }
    case 'dev:export-key': {
      const checked = await vault.unlock(wireText(message.pin, 'pin'), ctx.now ?? Date.now());
      if (!checked.ok) throw new VaultPinError(checked.reason, checked.retryAfterSeconds);
      const record = await find(vault, message.rpId, message.id);
      const pem = toPem('PRIVATE KEY', privateKeyPkcs8(record));
      // The key has left the vault: BS=1 from now on, as after any export.
      await vault.markBackedUp([record]);
      return { pem, filename: `passkey-${record.rpId}-${toBase64url(record.credentialId).slice(0, 8)}.pem` };
    }
    case 'dev:import-key': {
      const rpId = wireText(message.rpId, 'rpId').trim();
      if (normalizeSite(rpId) !== rpId) throw new CeremonyError('TypeError', `Not an RP ID (a host name): ${rpId}`);
      const userId = wireBytes(message.userHandle, 'userHandle', 1, 64);
      const userName = wireText(message.userName ?? '', 'userName').trim() || 'imported';
      const credentialId = message.credentialId ? wireBytes(message.credentialId, 'credentialId', 1, 1023) : crypto.getRandomValues(new Uint8Array(32));
      let parsed;
      try {
        parsed = parsePkcs8(pemToDer(wireText(message.pem, 'pem')));
      } catch (error) {
        throw new CeremonyError('TypeError', `Not a PKCS #8 private key: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (parsed.kind !== 'p256') throw new CeremonyError('NotSupportedError', `Only P-256 (ES256) keys can be imported, not ${parsed.algorithm}.`);
      const now = ctx.now ?? Date.now();
      const record: PasskeyRecord = {
        credentialId,
        rpId,
        rpName: rpId,
        userId,
        userName,
        userDisplayName: userName,
        alg: COSE_ALG_ES256,
        privateKey: parsed.d,
        publicKey: parsed.publicKey,
        signCount: 0,
        createdAt: now,
        lastUsedAt: null,
        // The key exists outside the vault (it came from a file): BS=1 tells the truth.
        backedUp: true,
        ...newPrfSecrets(),
      };
      // The credentials map: a passkey of the same RP ID and user handle is replaced (SECURITY.md case 30).
      await vault.add(record);
      return devDetailsOf(record);
    }
    default:
      throw new CeremonyError('NotSupportedError', 'Unknown request.');
  }
}
