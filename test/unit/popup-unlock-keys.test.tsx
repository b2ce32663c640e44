// @vitest-environment happy-dom
/**
 * Issue 13 in the popup, against a fake background and a stubbed navigator.credentials: the
 * locked popup asks the enrolled authenticator with the PIN and sends its PRF output; when none
 * answers it says so, sends nothing, and offers the recovery path only when it was kept. The
 * settings section explains what it protects against and what it costs.
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import messages from '../../_locales/en/messages.json';
import { ApiContext, type AnyPopupRequest, type PopupApi } from '../../popup/api/api-context';
import { makeStrings } from '../../popup/i18n/strings';
import { StringsContext } from '../../popup/i18n/strings-context';
import { translatorFrom, type Messages } from '../../popup/i18n/translate';
import { UnlockForm } from '../../popup/toolbar/pin/unlock-form';
import { UnlockKeysSetting } from '../../popup/toolbar/settings/unlock-keys-setting';
import type { UnlockKeyInfo, VaultStatus } from '../../src/core/protocol';

const strings = makeStrings(translatorFrom(messages as Messages));
const KEY: UnlockKeyInfo = { id: 'Y3JlZA', salt: 'A'.repeat(43), label: 'blue key', addedAt: 1 };
const PRF = new Uint8Array(32).fill(7);

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function fakeApi(reply: (request: AnyPopupRequest) => unknown) {
  const sent: AnyPopupRequest[] = [];
  const api: PopupApi = {
    send: (async (request: AnyPopupRequest) => {
      sent.push(request);
      return reply(request);
    }) as PopupApi['send'],
  };
  return { api, sent };
}

function stubCredentials(get: () => Promise<unknown>) {
  vi.stubGlobal('navigator', { ...navigator, credentials: { get, create: vi.fn() } });
}

function renderUnlock(api: PopupApi, pinOnly: boolean, onStatus = vi.fn()) {
  render(
    <StringsContext.Provider value={strings}>
      <ApiContext.Provider value={api}>
        <UnlockForm retryAfterSeconds={0} unlockKeys={[KEY]} pinOnly={pinOnly} onStatus={onStatus} onForgot={() => undefined} />
      </ApiContext.Provider>
    </StringsContext.Provider>,
  );
  fireEvent.input(screen.getByTestId('pin'), { target: { value: '482916' } });
  return onStatus;
}

describe('issue 13: the locked popup with an enrolled authenticator', () => {
  it('asks the authenticator (its credential id allowed, its salt evaluated) and sends the PRF output with the PIN', async () => {
    const get = vi.fn(async () => ({
      rawId: new Uint8Array([0x63, 0x72, 0x65, 0x64]).buffer,
      getClientExtensionResults: () => ({ prf: { results: { first: PRF.buffer } } }),
    }));
    stubCredentials(get);
    const { api, sent } = fakeApi(() => ({ state: 'unlocked', retryAfterSeconds: 0 }) satisfies VaultStatus);
    const onStatus = renderUnlock(api, false);
    expect(screen.getByTestId('unlock-with-authenticator').textContent).toContain('blue key');
    fireEvent.submit(screen.getByTestId('unlock').closest('form')!);
    await waitFor(() => expect(onStatus).toHaveBeenCalled());
    const options = (get.mock.calls[0] as unknown as [CredentialRequestOptions])[0].publicKey!;
    expect(options.userVerification).toBe('required');
    expect(options.allowCredentials).toHaveLength(1);
    expect(Object.keys((options.extensions as { prf: { evalByCredential: object } }).prf.evalByCredential)).toEqual([KEY.id]);
    expect(sent).toEqual([{ type: 'vault:unlock', pin: '482916', authenticator: { credentialId: KEY.id, prf: Buffer.from(PRF).toString('base64url') } }]);
  });

  it('no authenticator answering: says so, sends nothing, and offers no recovery when none was kept', async () => {
    stubCredentials(async () => Promise.reject(new DOMException('gone', 'NotAllowedError')));
    const { api, sent } = fakeApi(() => ({ state: 'locked', retryAfterSeconds: 0 }));
    renderUnlock(api, false);
    fireEvent.submit(screen.getByTestId('unlock').closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toBe(strings.authenticatorMissing('blue key'));
    expect(sent).toEqual([]);
    expect(screen.queryByTestId('unlock-recovery')).toBeNull();
  });

  it('no authenticator answering with the recovery path kept: the recovery button sends the PIN alone', async () => {
    stubCredentials(async () => Promise.reject(new DOMException('gone', 'NotAllowedError')));
    const { api, sent } = fakeApi(() => ({ state: 'unlocked', retryAfterSeconds: 0 }));
    const onStatus = renderUnlock(api, true);
    fireEvent.submit(screen.getByTestId('unlock').closest('form')!);
    fireEvent.click(await screen.findByTestId('unlock-recovery'));
    await waitFor(() => expect(onStatus).toHaveBeenCalled());
    expect(sent).toEqual([{ type: 'vault:unlock', pin: '482916' }]);
  });
});

function renderSetting(api: PopupApi) {
  render(
    <StringsContext.Provider value={strings}>
      <ApiContext.Provider value={api}>
        <UnlockKeysSetting />
      </ApiContext.Provider>
    </StringsContext.Provider>,
  );
}

describe('issue 13: the settings section', () => {
  it('explains the protection and its cost; with no key enrolled, offers to keep the PIN as recovery (off by default)', async () => {
    const { api } = fakeApi(() => ({ state: 'unlocked', retryAfterSeconds: 0 }));
    renderSetting(api);
    expect(screen.getByTestId('unlock-keys-explained').textContent).toBe(strings.unlockKeysIntro);
    expect(document.body.textContent).toContain(strings.unlockKeysCost);
    expect(document.body.textContent).toContain(strings.keepPinOnlyCost);
    expect((screen.getByTestId('keep-pin-only') as HTMLInputElement).checked).toBe(false);
    expect(screen.queryByTestId('pin-only-toggle')).toBeNull();
  });

  it('lists the enrolled keys and says whether the PIN alone still unlocks', async () => {
    const { api } = fakeApi(() => ({ state: 'unlocked', retryAfterSeconds: 0, unlockKeys: [KEY], pinOnly: true }));
    renderSetting(api);
    expect((await screen.findByTestId('unlock-key')).textContent).toContain('blue key');
    expect(screen.getByTestId('pin-only-state').textContent).toBe(strings.pinOnlyKept);
    expect(screen.getByTestId('pin-only-toggle').textContent).toBe(strings.removePinOnlyButton);
    expect(screen.queryByTestId('keep-pin-only')).toBeNull();
  });
});
