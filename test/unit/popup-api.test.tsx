import { beforeEach, describe, expect, it, vi } from 'vitest';

// The polyfill throws outside an extension; the popup's transport is tested against a stand-in.
const sendMessage = vi.fn();
vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage } } }));

const { send } = await import('../../popup/api/api');

// A block body: a function returned from beforeEach would be run as its teardown.
beforeEach(() => {
  sendMessage.mockReset();
});

describe('popup api: send', () => {
  it('sends the request as is and resolves with the reply’s value', async () => {
    sendMessage.mockResolvedValue({ ok: true, value: { passkeys: [] } });
    await expect(send({ type: 'vault:list' })).resolves.toEqual({ passkeys: [] });
    expect(sendMessage).toHaveBeenCalledWith({ type: 'vault:list' });
  });

  it('throws the wire error with its name and message', async () => {
    sendMessage.mockResolvedValue({ ok: false, error: { name: 'NotAllowedError', message: 'Wrong PIN' } });
    const error = await send({ type: 'vault:unlock', pin: '0000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'NotAllowedError', message: 'Wrong PIN' });
  });

  it('throws a labelled TypeError when nothing answered', async () => {
    sendMessage.mockResolvedValue(undefined);
    await expect(send({ type: 'vault:status' })).rejects.toThrow(
      new TypeError('vault:status: the background sent no valid reply (got undefined)'),
    );
  });

  it('passes a transport failure through', async () => {
    sendMessage.mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    const error = await send({ type: 'vault:lock' }).then(() => null, (e: unknown) => e);
    expect(String(error)).toContain('Receiving end does not exist');
  });
});
