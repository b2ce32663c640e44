import { useStrings } from '../../i18n/strings-context';

export interface DisabledSitesSettingProps {
  sites: readonly string[];
  /** The active tab's host, offered for adding when it is not in the list yet. */
  currentHost: string | null | undefined;
  onChange: (sites: string[]) => void;
}

/** Sites where Passkeep stays out of the way (the browser's own authenticator answers there). */
export function DisabledSitesSetting({ sites, currentHost, onChange }: DisabledSitesSettingProps) {
  const strings = useStrings();
  const host = currentHost?.toLowerCase();
  return (
    <>
      <p class="field-hint">{strings.sitesIntro}</p>
      {sites.length === 0 ? (
        <p class="muted" data-testid="sites-empty">
          {strings.sitesEmpty}
        </p>
      ) : (
        <ul class="site-list">
          {sites.map((site) => (
            <li key={site} class="site-list-item" data-testid="disabled-site">
              <span class="site-list-name">{site}</span>
              <button
                type="button"
                class="button button-small button-secondary"
                data-testid="remove-site"
                aria-label={strings.removeSite(site)}
                onClick={() => onChange(sites.filter((s) => s !== site))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      {host && !sites.includes(host) && (
        <button type="button" class="button button-secondary" data-testid="add-site" onClick={() => onChange([...sites, host])}>
          {strings.addSite(host)}
        </button>
      )}
    </>
  );
}
