import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { CeremonyLogEntry } from '../../src/core/protocol';
import { ApiContext, type PopupApi } from '../api/api-context';
import { messageOf } from '../api/message-of';
import { makeStrings } from '../i18n/strings';
import { StringsContext } from '../i18n/strings-context';
import type { Translate } from '../i18n/translate';
import { ErrorMessage } from '../ui/error-message';
import { EntryList } from './views/entry-list';
import { EntryView } from './views/entry-view';

export interface InspectorAppProps {
  api: PopupApi;
  t: Translate;
}

/** The list of logged ceremonies, newest first, and the chosen one decoded beside it. */
export function InspectorApp({ api, t }: InspectorAppProps) {
  const strings = useMemo(() => makeStrings(t), [t]);
  const [entries, setEntries] = useState<CeremonyLogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);

  const load = useCallback(async () => {
    try {
      const { entries: list } = await api.send({ type: 'dev:log' });
      setEntries(list);
      setError(null);
      // The newest stays chosen unless the person picked another that is still there.
      setChosen((current) => (current !== null && list.some((e) => e.seq === current) ? current : (list[0]?.seq ?? null)));
    } catch (e) {
      setEntries(null);
      setError(strings.inspectorUnavailable(messageOf(e)));
    }
  }, [api, strings]);

  useEffect(() => {
    void load();
  }, [load]);

  const clear = async () => {
    try {
      await api.send({ type: 'dev:clear-log' });
    } finally {
      await load();
    }
  };

  const entry = entries?.find((e) => e.seq === chosen) ?? null;
  return (
    <ApiContext.Provider value={api}>
      <StringsContext.Provider value={strings}>
        <div class="inspector">
          <header class="inspector-header">
            <h1>{strings.inspectorTitle}</h1>
            <p class="field-hint">{strings.inspectorIntro}</p>
            <div class="inspector-actions">
              <button type="button" class="button button-secondary" data-testid="inspector-refresh" onClick={() => void load()}>
                {strings.inspectorRefresh}
              </button>
              <button type="button" class="button button-secondary" data-testid="inspector-clear" onClick={() => void clear()}>
                {strings.inspectorClear}
              </button>
            </div>
          </header>
          {error !== null && <ErrorMessage>{error}</ErrorMessage>}
          {entries !== null && entries.length === 0 && (
            <p class="placeholder" data-testid="inspector-empty">
              {strings.inspectorEmpty}
            </p>
          )}
          {entries !== null && entries.length > 0 && (
            <div class="inspector-body">
              <EntryList entries={entries} chosen={chosen} onChoose={setChosen} />
              {entry ? <EntryView key={entry.seq} entry={entry} /> : <p class="placeholder">{strings.inspectorPick}</p>}
            </div>
          )}
        </div>
      </StringsContext.Provider>
    </ApiContext.Provider>
  );
}
