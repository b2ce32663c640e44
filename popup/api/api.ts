/**
 * The popup's real transport: `runtime.sendMessage` to the background, which answers every
 * extension-page request with a `Reply` (the value, or the error carried as data; see
 * ../../src/core/protocol.ts). Only the entry (`../toolbar/popup.tsx`) imports this module: it needs the browser's
 * extension API (./ext.ts), which only an extension page has.
 */
import type { Reply } from '../../src/core/protocol';
import type { AnyPopupReplies, AnyPopupRequest, PopupApi } from './api-context';
import { ext } from './ext';
import { unwrapReply } from './unwrap-reply';

export async function send<T extends AnyPopupRequest['type']>(
  request: Extract<AnyPopupRequest, { type: T }>,
): Promise<AnyPopupReplies[T]> {
  const reply: unknown = await ext.runtime.sendMessage(request);
  return unwrapReply(reply as Reply<AnyPopupReplies[T]> | undefined, request.type);
}

export const runtimeApi: PopupApi = { send };
