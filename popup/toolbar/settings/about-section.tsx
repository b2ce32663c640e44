import { useEffect, useState } from 'preact/hooks';
import type { AboutInfo } from '../../../src/core/protocol';
import { useApi } from '../../api/api-context';
import { ErrorMessage } from '../../ui/error-message';
import { messageOf } from '../../api/message-of';
import { useStrings } from '../../i18n/strings-context';

/** Version, AAGUID, where data lives and how the PIN protects it, as the background reports them. */
export function AboutSection() {
  const api = useApi();
  const strings = useStrings();
  const [about, setAbout] = useState<AboutInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.send({ type: 'about:get' }).then(
      (info) => live && setAbout(info),
      (e: unknown) => live && setError(strings.unexpectedError(messageOf(e))),
    );
    return () => {
      live = false;
    };
  }, [api]);
  if (error !== null) return <ErrorMessage>{error}</ErrorMessage>;
  if (about === null) return <div class="skeleton skeleton-block" aria-hidden="true" />;
  const rows: [string, string, string?][] = [
    [strings.aboutVersion, about.version],
    [strings.aboutAaguid, about.aaguid, 'mono'],
    [strings.aboutStorage, about.storage],
    [strings.aboutKdf, about.kdf],
  ];
  return (
    <dl class="details">
      {rows.map(([term, value, cls]) => (
        <div class="details-row" key={term}>
          <dt>{term}</dt>
          <dd class={cls}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
