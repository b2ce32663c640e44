import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PasskeySummary } from '../src/core/protocol';
import { useApi } from './api-context';
import { DeleteDialog } from './delete-dialog';
import { ErrorMessage } from './error-message';
import { filterPasskeys } from './filter-passkeys';
import { messageOf } from './message-of';
import { PasskeyRow } from './passkey-row';
import { SiteHeading } from './site-heading';
import { sortPasskeys } from './sort-passkeys';
import { useStrings } from './strings-context';
import { toListItems, type ListItem } from './to-list-items';
import { VirtualList } from './virtual-list';

/** Row heights in CSS pixels; the list sets them inline, so the stylesheet cannot disagree. */
export const SITE_HEADING_HEIGHT = 32;
export const PASSKEY_ROW_HEIGHT = 72;

const itemHeight = (item: ListItem): number => (item.kind === 'site' ? SITE_HEADING_HEIGHT : PASSKEY_ROW_HEIGHT);
const itemKey = (item: ListItem): string => (item.kind === 'site' ? `site:${item.rpId}` : `passkey:${item.passkey.id}`);

export interface PasskeyListProps {
  /** The active tab's host: that site's passkeys come first. */
  currentHost?: string | null | undefined;
  /** A request failed: the vault may have locked itself meanwhile, so the app re-reads its state. */
  onFailure: () => void;
}

/** The unlocked vault: every passkey, grouped by site, searchable, each one deletable. */
export function PasskeyList({ currentHost, onFailure }: PasskeyListProps) {
  const strings = useStrings();
  const api = useApi();
  const searchId = useId();
  const [passkeys, setPasskeys] = useState<PasskeySummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [pending, setPending] = useState<PasskeySummary | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  /** Where the focus goes after the dialog closes: a passkey's delete button, or the search field. */
  const [focusAfter, setFocusAfter] = useState<{ id: string | null } | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const listArea = useRef<HTMLDivElement>(null);

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setLoadError(null);
    api.send({ type: 'vault:list' }).then(
      ({ passkeys }) => live && setPasskeys(passkeys),
      (e: unknown) => {
        if (!live) return;
        setLoadError(strings.unexpectedError(messageOf(e)));
        onFailure();
      },
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);

  // Searching is what the popup is for: the field takes the focus as soon as it appears.
  const loaded = passkeys !== null;
  useLayoutEffect(() => {
    if (loaded) search.current?.focus();
  }, [loaded]);

  const sorted = useMemo(() => sortPasskeys(passkeys ?? [], currentHost), [passkeys, currentHost]);
  const filtered = useMemo(() => filterPasskeys(sorted, query), [sorted, query]);
  const items = useMemo(() => toListItems(filtered, currentHost), [filtered, currentHost]);

  useLayoutEffect(() => {
    if (focusAfter === null) return;
    setFocusAfter(null);
    const row =
      focusAfter.id === null
        ? undefined
        : [...(listArea.current?.querySelectorAll<HTMLElement>('[data-passkey-id]') ?? [])].find(
            (element) => element.dataset.passkeyId === focusAfter.id,
          );
    const target = row?.querySelector<HTMLElement>('[data-testid="delete"]') ?? search.current;
    target?.focus();
  }, [focusAfter]);

  function askToDelete(passkey: PasskeySummary) {
    setDeleteError(null);
    setPending(passkey);
  }

  function cancelDelete() {
    setFocusAfter({ id: pending?.id ?? null });
    setPending(null);
  }

  async function confirmDelete() {
    if (pending === null || deleting) return;
    const target = pending;
    setDeleting(true);
    setDeleteError(null);
    try {
      // `deleted: false` means the vault no longer had it: gone either way.
      await api.send({ type: 'vault:delete', id: target.id });
    } catch (e) {
      setDeleting(false);
      setDeleteError(strings.unexpectedError(messageOf(e)));
      onFailure();
      return;
    }
    // Keep the keyboard where it was: on the passkey that takes the deleted one's place.
    const index = filtered.indexOf(target);
    const next = filtered[index + 1] ?? filtered[index - 1];
    setPasskeys((all) => (all ?? []).filter((p) => p.id !== target.id));
    setPending(null);
    setDeleting(false);
    setAnnouncement(strings.deleted(target.userName, target.rpId));
    setFocusAfter({ id: next?.id ?? null });
  }

  if (passkeys === null) {
    return loadError === null ? (
      <p class="placeholder" role="status">
        {strings.loading}
      </p>
    ) : (
      <div class="placeholder">
        <ErrorMessage>{loadError}</ErrorMessage>
        <button type="button" class="button button-secondary" onClick={() => setAttempt((n) => n + 1)}>
          {strings.tryAgain}
        </button>
      </div>
    );
  }

  return (
    <>
      <div class="list-view" inert={pending !== null}>
        {passkeys.length === 0 ? (
          <p class="placeholder" data-testid="empty">
            {strings.empty}
          </p>
        ) : (
          <>
            <label class="visually-hidden" for={searchId}>
              {strings.searchLabel}
            </label>
            <input
              ref={search}
              id={searchId}
              class="text-field search-field"
              type="search"
              data-testid="search"
              placeholder={strings.searchPlaceholder}
              autocomplete="off"
              spellcheck={false}
              value={query}
              onInput={(e) => {
                setQuery(e.currentTarget.value);
                setAnnouncement('');
              }}
            />
            <p class="list-count" role="status">
              {strings.count(filtered.length, passkeys.length)}
            </p>
            <div ref={listArea} class="list-area">
              {filtered.length === 0 ? (
                <p class="placeholder" data-testid="no-matches">
                  {strings.noMatches(query.trim())}
                </p>
              ) : (
                <VirtualList
                  items={items}
                  itemHeight={itemHeight}
                  itemKey={itemKey}
                  label={strings.listLabel}
                  resetKey={query}
                  renderItem={(item) =>
                    item.kind === 'site' ? (
                      <SiteHeading rpId={item.rpId} count={item.count} current={item.current} />
                    ) : (
                      <PasskeyRow passkey={item.passkey} onDelete={askToDelete} />
                    )
                  }
                />
              )}
            </div>
          </>
        )}
        <p class="visually-hidden" role="status">
          {announcement}
        </p>
      </div>
      {pending !== null && (
        <DeleteDialog
          passkey={pending}
          busy={deleting}
          error={deleteError}
          onConfirm={() => void confirmDelete()}
          onCancel={cancelDelete}
        />
      )}
    </>
  );
}
