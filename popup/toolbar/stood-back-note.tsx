import { useStrings } from '../i18n/strings-context';

/**
 * Shown when Passkeep stood back on the tab the popup is about: another extension or the page
 * had already replaced or locked `navigator.credentials` (src/background/stood-back.ts).
 */
export function StoodBackNote() {
  const strings = useStrings();
  return (
    <p class="stood-back" role="status" data-testid="stood-back">
      {strings.stoodBackNote}
    </p>
  );
}
