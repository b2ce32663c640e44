/**
 * The popup's views that no first paint needs, each behind a dynamic `import()`, so that their
 * modules run only when first needed: the settings (with export, import, unlock keys and developer
 * mode), the reset, a passkey's details (with its developer part) and the delete dialog. The build
 * keeps them in the one popup.js (esbuild runs such a module on first import); splitting them
 * into chunks (esbuild `splitting`, ES-module entry) was measured slower (README "Benchmarks"). The list, the unlock and the first-run forms stay in the
 * entry. The popup calls `loadOnDemandViews` once it has drawn what it opened for and is idle, so
 * a click finds them loaded and renders at once, as it did when they were in the one script.
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
