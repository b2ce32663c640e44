import { beforeEach, describe, expect, it, vi } from 'vitest';

// No extension API outside an extension; the popup's transport is tested against a stand-in for
// Firefox's `browser` (popup/api/ext.ts takes it before Chromium's `chrome`).
const sendMessage = vi.fn();
vi.stubGlobal('browser', { runtime: { sendMessage } });

const { send } = await import('../../popup/api/api');
const { withPrefetched } = await import('../../popup/api/with-prefetched');

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

describe('popup api: withPrefetched', () => {
  function counting() {
    const sent: unknown[] = [];
    let n = 0;
    const api = {
      send: vi.fn(async (request: { type: string }) => {
        sent.push(request);
        if (request.type === 'vault:list-first' && n++ === 0) throw new Error('locked');
        return { type: request.type, n: sent.length };
      }),
    };
    return { api, sent };
  }

  it('sends the prefetched requests at once, and answers the first of each type from them', async () => {
    const { api, sent } = counting();
    const prefetched = withPrefetched(api as never, { 'vault:status': { type: 'vault:status' } });
    await Promise.resolve();
    expect(sent).toEqual([{ type: 'vault:status' }]);
    await expect(prefetched.send({ type: 'vault:status' })).resolves.toEqual({ type: 'vault:status', n: 1 });
    // Only the first: the next one is a new request.
    await expect(prefetched.send({ type: 'vault:status' })).resolves.toEqual({ type: 'vault:status', n: 2 });
    await expect(prefetched.send({ type: 'vault:list' })).resolves.toEqual({ type: 'vault:list', n: 3 });
  });

  it('waits for a request that is itself a promise, and sends anew when the prefetched one failed', async () => {
    const { api, sent } = counting();
    let host: (h: string) => void = () => undefined;
    const request = new Promise<string>((resolve) => (host = resolve)).then((h) => ({ type: 'vault:list-first' as const, count: 40, currentHost: h }));
    const prefetched = withPrefetched(api as never, { 'vault:list-first': request });
    await Promise.resolve();
    expect(sent).toEqual([]);
    host('example.com');
    // The prefetched one failed (locked then): the component's own request goes out instead.
    await expect(prefetched.send({ type: 'vault:list-first', count: 40, currentHost: null })).resolves.toEqual({ type: 'vault:list-first', n: 2 });
    expect(sent).toEqual([
      { type: 'vault:list-first', count: 40, currentHost: 'example.com' },
      { type: 'vault:list-first', count: 40, currentHost: null },
    ]);
  });
});
