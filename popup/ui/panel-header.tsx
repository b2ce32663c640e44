import { useLayoutEffect, useRef } from 'preact/hooks';
import { BackIcon } from './back-icon';
import { useStrings } from '../i18n/strings-context';

export interface PanelHeaderProps {
  /** id of the heading, for the panel's aria-labelledby */
  id: string;
  title: string;
  onBack: () => void;
}

/**
 * A sub-view's header: a back button and the view's title, which takes the focus when the view
 * opens so a screen reader announces where the person now is.
 */
export function PanelHeader({ id, title, onBack }: PanelHeaderProps) {
  const strings = useStrings();
  const heading = useRef<HTMLHeadingElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  return (
    <div class="panel-header">
      <button type="button" class="icon-button" data-testid="back" aria-label={strings.back} title={strings.back} onClick={onBack}>
        <BackIcon />
      </button>
      <h2 id={id} class="panel-title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
    </div>
  );
}
