import type { CeremonyLogEntry } from '../../../src/core/protocol';
import { useStrings } from '../../i18n/strings-context';

/** "create", "get" or "signal (unknown)": what the page called. */
export function operationOf(entry: CeremonyLogEntry): string {
  return entry.op === 'signal' ? `signal (${entry.signal ?? '?'})` : `${entry.op}()`;
}

export function EntryList({ entries, chosen, onChoose }: { entries: CeremonyLogEntry[]; chosen: number | null; onChoose: (seq: number) => void }) {
  const strings = useStrings();
  return (
    <nav class="entry-list" aria-label={strings.inspectorList}>
      <ul>
        {entries.map((entry) => (
          <li key={entry.seq}>
            <button
              type="button"
              class={`entry ${entry.seq === chosen ? 'entry-chosen' : ''}`}
              aria-current={entry.seq === chosen ? 'true' : undefined}
              data-testid="inspector-entry"
              data-op={entry.op}
              data-outcome={entry.outcome}
              data-scenario={entry.scenario}
              onClick={() => onChoose(entry.seq)}
            >
              <span class="entry-op">
                {operationOf(entry)}
                {entry.scenario !== undefined && (
                  <>
                    {' '}
                    <span class="entry-scenario" data-testid="inspector-entry-scenario" title={strings.scenarioLabel(entry.scenario)}>
                      {strings.inspectorScenario}
                    </span>
                  </>
                )}
              </span>
              <span class={`entry-outcome outcome-${entry.outcome}`}>{entry.error ? entry.error.name : strings.outcome(entry.outcome)}</span>
              <span class="entry-origin">{entry.origin}</span>
              <span class="entry-time">{new Date(entry.startedAt).toLocaleTimeString()}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
