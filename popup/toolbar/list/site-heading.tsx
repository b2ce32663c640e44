import { useStrings } from '../../i18n/strings-context';

export interface SiteHeadingProps {
  rpId: string;
  count: number;
  /** The active tab is on this site. */
  current: boolean;
}

/** The heading above one site's passkeys. */
export function SiteHeading({ rpId, count, current }: SiteHeadingProps) {
  const strings = useStrings();
  return (
    <h2 class="site-heading" data-testid="site">
      <span class="site-name" title={rpId}>
        {rpId}
      </span>
      {current && <span class="badge badge-current">{strings.thisSite}</span>}
      <span class="site-count" aria-hidden="true">
        {count.toLocaleString('en')}
      </span>
      <span class="visually-hidden">{`, ${strings.count(count, count)}`}</span>
    </h2>
  );
}
