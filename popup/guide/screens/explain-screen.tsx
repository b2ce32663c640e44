import type { ComponentType } from 'preact';
import { useStrings } from '../../i18n/strings-context';
import type { MessageKey } from '../../i18n/translate';
import { ScreenHeading } from './screen-heading';

export interface ExplainScreenProps {
  headingId: string;
  title: MessageKey;
  Diagram: ComponentType;
  paragraphs: readonly MessageKey[];
}

/** One of the teaching screens: heading, picture, a few sentences. */
export function ExplainScreen({ headingId, title, Diagram, paragraphs }: ExplainScreenProps) {
  const { t } = useStrings();
  return (
    <>
      <ScreenHeading id={headingId}>{t(title)}</ScreenHeading>
      <div class="guide-figure">
        <Diagram />
      </div>
      {paragraphs.map((key) => (
        <p key={key} class="guide-text">
          {t(key)}
        </p>
      ))}
    </>
  );
}
