import type { AnyPopupReplies, AnyPopupRequest, PopupApi, Send } from './api-context';

type Prefetched = { [T in AnyPopupRequest['type']]?: Extract<AnyPopupRequest, { type: T }> | Promise<Extract<AnyPopupRequest, { type: T }>> };

/**
 * A PopupApi that sends `requests` at once (the popup's entry does this before anything renders,
 * so that the background works while the page draws) and answers the first request of each of
 * those types from the one already sent, whatever that later request's own fields: the
 * prefetched request stands for it. A prefetched request that failed (the vault was still
 * locked) is not an answer: the later request is sent anew. Every other request goes to `api`.
 */
export function withPrefetched(api: PopupApi, requests: Prefetched): PopupApi {
  const waiting = new Map<string, Promise<unknown>>();
  for (const [type, request] of Object.entries(requests)) {
    const reply = Promise.resolve(request).then((r) => api.send(r as AnyPopupRequest));
    reply.catch(() => undefined);
    waiting.set(type, reply);
  }
  const send = (<T extends AnyPopupRequest['type']>(request: Extract<AnyPopupRequest, { type: T }>): Promise<AnyPopupReplies[T]> => {
    const ahead = waiting.get(request.type) as Promise<AnyPopupReplies[T]> | undefined;
    if (ahead === undefined) return api.send(request);
    waiting.delete(request.type);
    return ahead.catch(() => api.send(request));
  }) as Send;
  return { send };
}
