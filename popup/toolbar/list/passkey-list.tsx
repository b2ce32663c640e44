import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { PasskeySummary } from '../../../src/core/protocol';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../ui/error-message';
import { filterPasskeys } from './filter-passkeys';
import { ListSkeleton } from './list-skeleton';
import { messageOf } from '../../api/message-of';
import { PasskeyRow } from './passkey-row';
import { SiteHeading } from './site-heading';
import { sortPasskeys } from '../../../src/core/sort-passkeys';
import { useStrings } from '../../i18n/strings-context';
import { toListItems, type ListItem } from './to-list-items';
import type { DelayedDelete } from './use-delayed-delete';
import { VirtualList } from '../../ui/virtual-list';
import { OnDemandDeleteDialog, OnDemandDetails } from '../on-demand-views';

/** Row heights in CSS pixels; the list sets them inline, so the stylesheet cannot disagree. */
export const SITE_HEADING_HEIGHT = 32;
export const PASSKEY_ROW_HEIGHT = 72;
/** Rows asked for before the whole list: more than the tallest popup shows, with room to scroll. */
export const FIRST_ROWS = 40;

const itemHeight = (item: ListItem): number => (item.kind === 'site' ? SITE_HEADING_HEIGHT : PASSKEY_ROW_HEIGHT);
const itemKey = (item: ListItem): string => (item.kind === 'site' ? `site:${item.rpId}` : `passkey:${item.passkey.id}`);

export interface PasskeyListProps {
  /** The active tab's host: that site's passkeys come first. */
  currentHost?: string | null | undefined;
  /** A request failed: the vault may have locked itself meanwhile, so the app re-reads its state. */
  onFailure: () => void;
  /** Deletes with an undo window (owned by the app, so that locking can end the window first). */
  deletes: DelayedDelete;
  /** Called once, after the first rows (or the whole list, or its failure) are drawn. */
  onShown?: () => void;
}

/** Where the keyboard goes after the list changes under it. */
interface FocusRequest {
  /** a passkey's id, or null for the search field */
  id: string | null;
  part: 'open' | 'delete';
}

/** The unlocked vault: every passkey, grouped by site, searchable, each one with details and delete. */
export function PasskeyList({ currentHost, onFailure, deletes, onShown }: PasskeyListProps) {
  const api = useApi();
  const strings = useStrings();
  const searchId = useId();
  const [passkeys, setPasskeys] = useState<PasskeySummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [confirming, setConfirming] = useState<PasskeySummary | null>(null);
  const [details, setDetails] = useState<PasskeySummary | null>(null);
  const [focusAfter, setFocusAfter] = useState<FocusRequest | null>(null);
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const listArea = useRef<HTMLDivElement>(null);

  const [attempt, setAttempt] = useState(0);
  /** Whether `passkeys` is the whole list, or only its first rows (`total` says how many there are). */
  const [complete, setComplete] = useState(false);
  const [total, setTotal] = useState(0);
  // A layout effect, so that rows already here are asked for (and drawn) without waiting a frame.
  useLayoutEffect(() => {
    let live = true;
    let whole = false;
    setLoadError(null);
    const wholeList = () =>
      api.send({ type: 'vault:list' }).then(
        ({ passkeys }) => {
          if (!live) return;
          whole = true;
          setPasskeys(passkeys);
          setComplete(true);
        },
        (e: unknown) => {
          if (!live) return;
          setLoadError(strings.unexpectedError(messageOf(e)));
          onFailure();
        },
      );
    // The first screen first, from what the background has already decrypted; the whole list
    // (thousands of rows, to scroll and search) is asked for once those rows are here, so that
    // the background reads it while the popup draws them. A failure shows with the whole list.
    api
      .send({ type: 'vault:list-first', count: FIRST_ROWS, currentHost: currentHost ?? null })
      .then(
        ({ passkeys, total }) => {
          if (!live || whole) return;
          setPasskeys(passkeys);
          setTotal(total);
        },
        () => undefined,
      )
      .then(wholeList);
    return () => {
      live = false;
    };
  }, [api, attempt]);

  // Searching is what the popup is for: the field takes the focus as soon as it appears.
  const loaded = passkeys !== null;
  useLayoutEffect(() => {
    if (loaded) search.current?.focus();
  }, [loaded]);

  // An effect, not a layout effect: it runs after the frame that shows the rows was painted.
  const shown = loaded || loadError !== null;
  useEffect(() => {
    if (shown) onShown?.();
  }, [shown]);

  const { hidden } = deletes;
  const present = useMemo(
    () => (hidden.size === 0 ? (passkeys ?? []) : (passkeys ?? []).filter((p) => !hidden.has(p.id))),
    [passkeys, hidden],
  );
  const sorted = useMemo(() => sortPasskeys(present, currentHost), [present, currentHost]);
  const filtered = useMemo(() => filterPasskeys(sorted, query), [sorted, query]);
  const items = useMemo(() => toListItems(filtered, currentHost), [filtered, currentHost]);
  const itemIndex = useMemo(() => {
    const index = new Map<string, number>();
    items.forEach((item, i) => item.kind === 'passkey' && index.set(item.passkey.id, i));
    return index;
  }, [items]);

  useLayoutEffect(() => {
    if (focusAfter === null) return;
    setFocusAfter(null);
    const row =
      focusAfter.id === null
        ? undefined
        : [...(listArea.current?.querySelectorAll<HTMLElement>('[data-passkey-id]') ?? [])].find(
            (element) => element.dataset.passkeyId === focusAfter.id,
          );
    const target =
      row?.querySelector<HTMLElement>(focusAfter.part === 'open' ? '.passkey-open' : '[data-testid="delete"]') ??
      search.current;
    target?.focus();
  }, [focusAfter]);

  function neighbour(passkey: PasskeySummary, step: -1 | 1): PasskeySummary | undefined {
    const index = filtered.indexOf(passkey);
    return index < 0 ? undefined : filtered[index + step];
  }

  function closeConfirm() {
    setFocusAfter(details === null ? { id: confirming?.id ?? null, part: 'delete' } : null);
    setConfirming(null);
  }

  function confirmDelete() {
    if (confirming === null) return;
    const target = confirming;
    // Keep the keyboard where it was: on the passkey that takes the deleted one's place.
    const next = neighbour(target, 1) ?? neighbour(target, -1);
    deletes.schedule(target);
    setConfirming(null);
    setDetails(null);
    setFocusAfter({ id: next?.id ?? null, part: details === null ? 'delete' : 'open' });
  }

  /** Shows a hidden passkey again; the list and the open details drop its hidden flag. */
  function restore(target: PasskeySummary) {
    setRestoreError(null);
    api.send({ type: 'vault:restore', id: target.id, rpId: target.rpId }).then(
      () => {
        const { hidden: _hidden, ...shown } = target;
        setPasskeys((list) => list && list.map((p) => (p.id === target.id ? shown : p)));
        setDetails((open) => (open?.id === target.id ? shown : open));
      },
      (e: unknown) => {
        setRestoreError(strings.unexpectedError(messageOf(e)));
        onFailure();
      },
    );
  }

  // Until the whole list is here, a first page with nothing to show is still loading.
  if (passkeys === null || (!complete && present.length === 0 && loadError === null)) {
    return loadError === null ? (
      <ListSkeleton />
    ) : (
      <div class="placeholder">
        <ErrorMessage>{loadError}</ErrorMessage>
        <button type="button" class="button button-secondary" onClick={() => setAttempt((n) => n + 1)}>
          {strings.tryAgain}
        </button>
      </div>
    );
  }

  const focusId = focusAfter?.id;
  // While only the first rows are here, the count is the background's (less the deletes waiting).
  const listed = complete ? present.length : Math.max(present.length, total - hidden.size);
  return (
    <>
      <div class="list-view" inert={confirming !== null || details !== null}>
        {present.length === 0 ? (
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
              onInput={(e) => setQuery(e.currentTarget.value)}
              onKeyDown={(event) => {
                // Down from the search field goes to the first result.
                if (event.key !== 'ArrowDown' || filtered[0] === undefined) return;
                event.preventDefault();
                setFocusAfter({ id: filtered[0].id, part: 'open' });
              }}
            />
            <p class="list-count" role="status">
              {strings.count(filtered === sorted ? listed : filtered.length, listed)}
            </p>
            <div ref={listArea} class="list-area" aria-busy={complete ? undefined : 'true'}>
              {filtered.length === 0 && complete ? (
                <p class="placeholder" data-testid="no-matches">
                  {strings.noMatches(query.trim())}
                </p>
              ) : filtered.length === 0 ? null : (
                <VirtualList
                  items={items}
                  itemHeight={itemHeight}
                  itemKey={itemKey}
                  label={strings.listLabel}
                  resetKey={query}
                  include={focusId == null ? undefined : itemIndex.get(focusId)}
                  renderItem={(item) =>
                    item.kind === 'site' ? (
                      <SiteHeading rpId={item.rpId} count={item.count} current={item.current} />
                    ) : (
                      <PasskeyRow
                        passkey={item.passkey}
                        onOpen={setDetails}
                        onDelete={setConfirming}
                        onArrow={(passkey, step) => {
                          const target = neighbour(passkey, step);
                          setFocusAfter(target === undefined ? (step < 0 ? { id: null, part: 'open' } : null) : { id: target.id, part: 'open' });
                        }}
                      />
                    )
                  }
                />
              )}
            </div>
          </>
        )}
      </div>
      {details !== null && (
        <div class="panel-layer" inert={confirming !== null}>
          <OnDemandDetails.View
            passkey={details}
            onBack={() => {
              setFocusAfter({ id: details.id, part: 'open' });
              setRestoreError(null);
              setDetails(null);
            }}
            onDelete={setConfirming}
            onRestore={restore}
            restoreError={restoreError}
          />
        </div>
      )}
      {confirming !== null && <OnDemandDeleteDialog.View passkey={confirming} onConfirm={confirmDelete} onCancel={closeConfirm} />}
    </>
  );
}
