/**
 * How components reach the background: through a `PopupApi` provided by `<App api={…}>`, never by
 * importing `webextension-polyfill` themselves, so that they render in tests (and in any page)
 * without an extension around them. The real transport is `./api.ts`.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { DevReplies, DevRequest, PopupReplies, PopupRequest, SettingsReplies, SettingsRequest } from '../../src/core/protocol';

/** Every request the popup sends: the vault and list ones, settings, PIN and export/import, and developer mode's. */
export type AnyPopupRequest = PopupRequest | SettingsRequest | DevRequest;
export type AnyPopupReplies = PopupReplies & SettingsReplies & DevReplies;

/** Sends one popup request and resolves with its reply's value; rejects with the wire error. */
export type Send = <T extends AnyPopupRequest['type']>(
  request: Extract<AnyPopupRequest, { type: T }>,
) => Promise<AnyPopupReplies[T]>;

export interface PopupApi {
  send: Send;
}

export const ApiContext = createContext<PopupApi | null>(null);

export function useApi(): PopupApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi: no PopupApi provided (render inside <App api={…}>)');
  return api;
}
