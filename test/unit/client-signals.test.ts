/**
 * The Signal API: option conversion (TypeError), and what each signal does to the vault.
 * https://w3c.github.io/webauthn/#sctn-signal-methods
 */
import 'fake-indexeddb/auto';
import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64url } from '../../src/core/base64url';
import type { PasskeyRecord } from '../../src/core/passkey-record';
import { toSignalOptions } from '../../src/core/signal-options';
import { applySignal } from '../../src/background/signal-effects';
import { Vault } from '../../src/vault/vault';
import { errorName as nameOf } from './support/ceremony-fixtures';

const bytes = (...xs: number[]) => new Uint8Array(xs);
const b64 = (...xs: number[]) => toBase64url(bytes(...xs));


describe('WebAuthn §5.1.10 signal methods: option conversion', () => {
  it('signalUnknownCredential: rpId and base64url credentialId', () => {
    expect(toSignalOptions('unknown', { rpId: 'example.com', credentialId: b64(1, 2, 3) })).toEqual({
      kind: 'unknown',
      rpId: 'example.com',
      credentialId: bytes(1, 2, 3),
    });
  });
  it('missing members, no options, or a credentialId that is not base64url → TypeError', () => {
    expect(nameOf(() => toSignalOptions('unknown', { rpId: 'example.com' }))).toBe('TypeError');
    expect(nameOf(() => toSignalOptions('unknown', null))).toBe('TypeError');
    expect(nameOf(() => toSignalOptions('unknown', undefined))).toBe('TypeError');
    expect(nameOf(() => toSignalOptions('unknown', { rpId: 'example.com', credentialId: 'not base64!' }))).toBe('TypeError');
    expect(nameOf(() => toSignalOptions('unknown', { rpId: 'example.com', credentialId: 'AQI=' }))).toBe('TypeError');
  });
  it('signalAllAcceptedCredentials: every id and the userId are base64url; the list is a sequence', () => {
    expect(toSignalOptions('accepted', { rpId: 'example.com', userId: b64(9), allAcceptedCredentialIds: [b64(1), b64(2)] })).toEqual({
      kind: 'accepted',
      rpId: 'example.com',
      userId: bytes(9),
      allAcceptedCredentialIds: [bytes(1), bytes(2)],
    });
    expect(nameOf(() => toSignalOptions('accepted', { rpId: 'example.com', userId: b64(9), allAcceptedCredentialIds: ['**'] }))).toBe('TypeError');
    expect(nameOf(() => toSignalOptions('accepted', { rpId: 'example.com', userId: b64(9), allAcceptedCredentialIds: b64(1) }))).toBe('TypeError');
    expect(nameOf(() => toSignalOptions('accepted', { rpId: 'example.com', userId: b64(9) }))).toBe('TypeError');
  });
  it('signalCurrentUserDetails: name and displayName are required DOMStrings', () => {
    expect(toSignalOptions('details', { rpId: 'example.com', userId: b64(9), name: 'a', displayName: 'A' })).toMatchObject({ name: 'a', displayName: 'A' });
    expect(nameOf(() => toSignalOptions('details', { rpId: 'example.com', userId: b64(9), name: 'a' }))).toBe('TypeError');
  });
});

function record(rpId: string, id: number, user: number, name = 'alice'): PasskeyRecord {
  return {
    credentialId: bytes(id, id, id),
    rpId,
    rpName: rpId,
    userId: bytes(user),
    userName: name,
    userDisplayName: name.toUpperCase(),
    alg: -7,
    privateKey: crypto.getRandomValues(new Uint8Array(32)),
    publicKey: crypto.getRandomValues(new Uint8Array(65)),
    signCount: 0,
    createdAt: id,
    lastUsedAt: null,
    backedUp: false,
  };
}

describe('WebAuthn §5.1.10 signal methods: effect on stored passkeys (only the caller’s RP ID; hidden, never deleted: SECURITY.md case 25)', () => {
  let vault: Vault;
  const from = { origin: 'https://a.example', at: 1_770_000_000_000 };
  /** what a ceremony is offered */
  const ids = async (rpId: string) => (await vault.findForRp(rpId)).map((r) => r.credentialId[0]).sort();
  /** what the vault still holds */
  const held = async (rpId: string) => (await vault.findForRp(rpId, { includeHidden: true })).map((r) => r.credentialId[0]).sort();

  beforeAll(async () => {
    vault = await Vault.open('signals-test');
    await vault.setPin('1234-test', { alg: 'argon2id', m: 64, t: 1, p: 1 });
    for (const r of [record('a.example', 1, 1), record('a.example', 2, 3), record('a.example', 3, 2, 'bob'), record('b.example', 4, 1)]) await vault.add(r);
  });

  it('case 25: signalUnknownCredential hides that passkey of that RP only, with its reason and origin', async () => {
    await applySignal(vault, { kind: 'unknown', rpId: 'b.example', credentialId: bytes(1, 1, 1) }, from); // wrong RP: nothing
    expect(await ids('a.example')).toEqual([1, 2, 3]);
    await applySignal(vault, { kind: 'unknown', rpId: 'a.example', credentialId: bytes(1, 1, 1) }, from);
    expect(await ids('a.example')).toEqual([2, 3]);
    expect(await held('a.example')).toEqual([1, 2, 3]);
    expect((await vault.list()).find((p) => p.id === b64(1, 1, 1))?.hidden).toEqual({ reason: 'unknown-credential', ...from });
    await applySignal(vault, { kind: 'unknown', rpId: 'a.example', credentialId: bytes(7, 7, 7) }, from); // unknown id: nothing
    expect(await held('a.example')).toEqual([1, 2, 3]);
    expect(await ids('b.example')).toEqual([4]);
  });

  it('signalCurrentUserDetails renames that user’s passkeys of that RP', async () => {
    await applySignal(vault, { kind: 'details', rpId: 'a.example', userId: bytes(2), name: 'robert', displayName: 'Robert' }, from);
    const bob = (await vault.findForRp('a.example')).find((r) => r.credentialId[0] === 3)!;
    expect([bob.userName, bob.userDisplayName]).toEqual(['robert', 'Robert']);
    const other = (await vault.findForRp('a.example')).find((r) => r.credentialId[0] === 2)!;
    expect(other.userName).toBe('alice');
  });

  it('case 25: a rename records which origin set the names and when (the prompt shows it); the same names again change nothing', async () => {
    const sibling = { origin: 'https://sub.a.example', at: from.at + 1000 };
    await applySignal(vault, { kind: 'details', rpId: 'a.example', userId: bytes(2), name: 'bobby', displayName: 'Bobby' }, sibling);
    const bob = async () => (await vault.findForRp('a.example')).find((r) => r.credentialId[0] === 3)!;
    expect((await bob()).namedBy).toEqual(sibling);
    expect((await vault.findForRp('a.example')).find((r) => r.credentialId[0] === 2)!.namedBy).toBeUndefined();
    // the same names from another origin: no write, the record still names who set them
    await applySignal(vault, { kind: 'details', rpId: 'a.example', userId: bytes(2), name: 'bobby', displayName: 'Bobby' }, from);
    expect((await bob()).namedBy).toEqual(sibling);
    // and it survives sealing: a fresh vault object reads it back from IndexedDB
    const again = await Vault.open('signals-test');
    await again.unlock('1234-test');
    expect((await again.findForRp('a.example')).find((r) => r.credentialId[0] === 3)!.namedBy).toEqual(sibling);
  });

  it('case 25: signalAllAcceptedCredentials hides that user’s passkeys missing from the list, nothing else, and shows them again when listed', async () => {
    // An import may hold two passkeys of one account (a registration would replace the first).
    await vault.importRecords([record('a.example', 5, 3)]);
    await applySignal(vault, { kind: 'accepted', rpId: 'a.example', userId: bytes(3), allAcceptedCredentialIds: [bytes(5, 5, 5)] }, from);
    expect(await ids('a.example')).toEqual([3, 5]); // 2 (user 3, not listed) hidden; bob's 3 kept
    expect(await held('a.example')).toEqual([1, 2, 3, 5]); // nothing deleted
    expect((await vault.findById('a.example', bytes(2, 2, 2), { includeHidden: true }))?.hidden).toEqual({ reason: 'not-accepted', ...from });
    expect(await ids('b.example')).toEqual([4]); // another RP: untouched
    // listed again: shown again, and signs
    await applySignal(vault, { kind: 'accepted', rpId: 'a.example', userId: bytes(3), allAcceptedCredentialIds: [bytes(2, 2, 2), bytes(5, 5, 5)] }, from);
    expect(await ids('a.example')).toEqual([2, 3, 5]);
    expect((await vault.recordUse('a.example', bytes(2, 2, 2))).signCount).toBe(1);
    // user 1's passkey, hidden by signalUnknownCredential, comes back when its site lists it
    await applySignal(vault, { kind: 'accepted', rpId: 'a.example', userId: bytes(1), allAcceptedCredentialIds: [bytes(1, 1, 1)] }, from);
    expect(await ids('a.example')).toEqual([1, 2, 3, 5]);
  });

  it('case 25: an empty accepted list hides every passkey of that user and deletes none', async () => {
    await applySignal(vault, { kind: 'accepted', rpId: 'a.example', userId: bytes(3), allAcceptedCredentialIds: [] }, from);
    expect(await ids('a.example')).toEqual([1, 3]);
    expect(await held('a.example')).toEqual([1, 2, 3, 5]);
    expect(await vault.restore('a.example', bytes(2, 2, 2))).toBe(true); // the person restores it
    expect(await ids('a.example')).toEqual([1, 2, 3]);
  });
});
