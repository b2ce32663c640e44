/**
 * The popup's views that no first paint needs, each loaded from a chunk of its own when first
 * shown (scripts/build.mjs splits the popup's script at these `import()`s): the settings (with
 * export, import, unlock keys and developer mode), the reset, a passkey's details (with its
 * developer part) and the delete dialog. The list, the unlock and the first-run forms stay in the
 * entry. `preloadOnDemandViews` fetches them all once the popup has drawn what it opened for, so a
 * click finds them loaded and renders at once, as it did when they were in the one script.
 */
import { lazyView } from '../ui/lazy-view';

export const OnDemandSettings = lazyView(() => import('./settings/settings-view').then((m) => m.SettingsView));
export const OnDemandReset = lazyView(() => import('./pin/reset-view').then((m) => m.ResetView));
export const OnDemandDetails = lazyView(() => import('./details/passkey-details').then((m) => m.PasskeyDetails));
export const OnDemandDeleteDialog = lazyView(() => import('./list/delete-dialog').then((m) => m.DeleteDialog));

/** Loads every on-demand view; resolves when all are in. */
export async function loadOnDemandViews(): Promise<void> {
  await Promise.all([OnDemandSettings, OnDemandDetails, OnDemandDeleteDialog, OnDemandReset].map((view) => view.preload()));
}

/** Loads every on-demand view when the page is idle; a failure shows when that view is opened. */
export function preloadOnDemandViews(): void {
  const load = () => void loadOnDemandViews().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 500 });
  else setTimeout(load, 0);
}
