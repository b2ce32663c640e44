/**
 * A fake background for the popup's component tests: the vault's state in memory, answering the
 * popup's requests as the real one does (replies' values; errors as thrown Errors with the wire
 * name, as ../../popup/api/api.ts turns them into), including the settings, PIN, export/import and
 * about requests typed in src/core/protocol.ts.
 */
import type {
  AboutInfo,
  ImportReport,
  PasskeySummary,
  Settings,
  VaultStatus,
} from '../../src/core/protocol';
import { RESET_CONFIRMATION } from '../../src/core/protocol';
import { firstInDisplayOrder } from '../../src/core/first-in-display-order';
import { sortPasskeys } from '../../src/core/sort-passkeys';
import type { AnyPopupRequest, PopupApi, Send } from '../../popup/api/api-context';

export interface FakeVaultOptions {
  pin?: string | null;
  state?: 'locked' | 'unlocked';
  passkeys?: PasskeySummary[];
  /** Seconds to wait after the n-th consecutive wrong PIN. */
  backoff?: (failures: number) => number;
  /** Report a wrong PIN as an error (`{ok:false}`) instead of a `locked` status. */
  wrongPinAsError?: boolean;
}

export function fakeVault(options: FakeVaultOptions = {}) {
  const vault = {
    pin: options.pin === undefined ? '1234' : options.pin,
    unlocked: options.state === 'unlocked',
    passkeys: [...(options.passkeys ?? [])],
    failures: 0,
    retryAfterSeconds: 0,
    requests: [] as AnyPopupRequest[],
    settings: { autoLockMinutes: 15, disabledSites: [] as string[] } as Settings,
    about: {
      version: '0.1.0',
      aaguid: '65678ece-e948-4e5b-b6ac-293a1fbd5976',
      storage: 'This browser profile: IndexedDB “passkeys”, encrypted',
      kdf: 'Argon2id, 64 MiB, 3 passes',
    } as AboutInfo,
    exported: [] as { format: string; pin: string; passphrase?: string }[],
    importReport: { imported: 2, duplicates: 1, skipped: [{ name: 'old.example', reason: 'RS256 is not supported' }] } as ImportReport,
    imports: [] as { format: string; data: string; passphrase?: string }[],
    /** Deletes the popup handed to the background to wait out their undo window. */
    pendingDeletes: new Set<string>(),
  };
  const status = (): VaultStatus => ({
    state: vault.pin === null ? 'no-pin' : vault.unlocked ? 'unlocked' : 'locked',
    retryAfterSeconds: vault.retryAfterSeconds,
  });
  const refuse = (message: string): never => {
    const error = new Error(message);
    error.name = 'NotAllowedError';
    throw error;
  };
  async function handle(request: AnyPopupRequest): Promise<unknown> {
    vault.requests.push(request);
    await Promise.resolve();
    switch (request.type) {
      case 'vault:status':
        return status();
      case 'vault:set-pin':
        if (vault.pin !== null) refuse('A PIN is already set');
        vault.pin = request.pin;
        vault.unlocked = true;
        return status();
      case 'vault:unlock':
        if (request.pin !== vault.pin) {
          vault.failures += 1;
          vault.retryAfterSeconds = options.backoff?.(vault.failures) ?? 0;
          if (options.wrongPinAsError) refuse('Wrong PIN');
          return status();
        }
        vault.failures = 0;
        vault.retryAfterSeconds = 0;
        vault.unlocked = true;
        return status();
      case 'vault:lock':
        vault.unlocked = false;
        return status();
      case 'vault:list':
        if (!vault.unlocked) refuse('The vault is locked');
        return { passkeys: vault.passkeys.slice() };
      case 'vault:list-first':
        // As the background answers it (src/background/first-rows.ts): the display order's start.
        if (!vault.unlocked) refuse('The vault is locked');
        return {
          passkeys: firstInDisplayOrder(sortPasskeys(vault.passkeys, null), request.currentHost, request.count),
          total: vault.passkeys.length,
        };
      case 'vault:delete': {
        if (!vault.unlocked) refuse('The vault is locked');
        vault.pendingDeletes.delete(request.id);
        const before = vault.passkeys.length;
        vault.passkeys = vault.passkeys.filter((p) => p.id !== request.id);
        return { deleted: vault.passkeys.length < before };
      }
      // The real background commits these itself when the window ends or the popup's port
      // closes (src/background/pending-deletes.ts, tested on its own); here they are only held.
      case 'vault:delete-later':
        vault.pendingDeletes.add(request.id);
        return { due: Date.now() + request.undoMs };
      case 'vault:undo-delete':
        return { undone: vault.pendingDeletes.delete(request.id) };
      case 'vault:restore': {
        if (!vault.unlocked) refuse('The vault is locked');
        const found = vault.passkeys.find((p) => p.id === request.id && p.rpId === request.rpId && p.hidden);
        vault.passkeys = vault.passkeys.map((p) => {
          if (p !== found) return p;
          const { hidden: _hidden, ...shown } = p;
          return shown;
        });
        return { restored: found !== undefined };
      }
      case 'settings:get':
        return structuredClone(vault.settings);
      case 'settings:set':
        vault.settings = { ...vault.settings, ...request.settings };
        return structuredClone(vault.settings);
      case 'vault:change-pin':
        if (request.oldPin !== vault.pin) refuse('Wrong PIN');
        vault.pin = request.newPin;
        return status();
      case 'vault:reset':
        if (request.confirm !== RESET_CONFIRMATION) refuse('Type the confirmation');
        vault.pin = null;
        vault.unlocked = false;
        vault.passkeys = [];
        return status();
      case 'vault:export': {
        if (request.pin !== vault.pin) refuse('Wrong PIN');
        const { type: _type, ...rest } = request;
        vault.exported.push(rest);
        return request.format === 'cxf'
          ? { filename: 'passkeep.cxf.json', mime: 'application/json', data: '{"exporterRpId":"passkeep"}' }
          : { filename: 'passkeep-backup.json', mime: 'application/json', data: '{"format":"passkeep-backup"}' };
      }
      case 'vault:import': {
        const { type: _type, ...rest } = request;
        vault.imports.push(rest);
        vault.passkeys.push(passkey(`imported${vault.imports.length}`, 'imported.example', 'newcomer'));
        return vault.importReport;
      }
      case 'about:get':
        return vault.about;
    }
  }
  const api: PopupApi = { send: handle as Send };
  return { vault, api };
}

export const DAY = 86_400_000;
export const T0 = Date.UTC(2025, 0, 15);

export function passkey(id: string, rpId: string, userName: string, more: Partial<PasskeySummary> = {}): PasskeySummary {
  return {
    id,
    rpId,
    userName,
    userDisplayName: '',
    alg: -7,
    createdAt: T0,
    lastUsedAt: null,
    ...more,
  };
}

export const SAMPLE: PasskeySummary[] = [
  passkey('a1', 'example.com', 'alice@example.com', { userDisplayName: 'Alice Liddell', lastUsedAt: T0 + DAY }),
  passkey('g1', 'github.com', 'octocat', { userDisplayName: 'The Octocat', alg: -8 }),
  passkey('a2', 'example.com', 'bob@example.com', { userDisplayName: 'Bob Builder', alg: -257 }),
  passkey('g2', 'github.com', 'alice-gh', { userDisplayName: 'Alice on GitHub' }),
  passkey('z1', 'zeta.example', 'zed', { alg: -35 }),
];

