import { useStrings } from '../../i18n/strings-context';

/**
 * Grey shapes where the search field and the first rows will be, at their final sizes, so that
 * nothing moves when the list arrives. Announced once as "Loading…".
 */
export function ListSkeleton() {
  const strings = useStrings();
  return (
    <div class="list-view" aria-busy="true" data-testid="loading">
      <p class="visually-hidden" role="status">
        {strings.loading}
      </p>
      <div class="skeleton skeleton-search" aria-hidden="true" />
      <div class="skeleton skeleton-count" aria-hidden="true" />
      <div class="list-area" aria-hidden="true">
        <div class="skeleton-heading" />
        {[0, 1, 2, 3, 4].map((i) => (
          <div class="skeleton-row" key={i}>
            <div class="skeleton skeleton-line" />
            <div class="skeleton skeleton-line skeleton-line-short" />
          </div>
        ))}
      </div>
    </div>
  );
}
