import { useId, useMemo, useState } from 'preact/hooks';
import { ApiContext, type PopupApi } from '../api/api-context';
import { makeStrings } from '../i18n/strings';
import { StringsContext } from '../i18n/strings-context';
import type { Translate } from '../i18n/translate';
import { ExplainScreen } from './screens/explain-screen';
import { PinScreen } from './screens/pin-screen';
import { STEPS } from './steps';
import { appTitle } from '../ui/app-title';

export interface GuideAppProps {
  /** The way to the background (`runtimeApi` in the extension, a fake in tests). */
  api: PopupApi;
  /** The text (`browserTranslate` in the extension, messages.json in tests). */
  t: Translate;
  /** Closes the guide's tab. */
  onClose: () => void;
}

/**
 * The first-run guide: a few screens on what Passkeep does, with Back/Next and a step list, ending
 * in choosing the PIN. Moving to a screen moves the focus to its heading (./screens/screen-heading.tsx).
 */
export function GuideApp({ api, t, onClose }: GuideAppProps) {
  const strings = useMemo(() => makeStrings(t), [t]);
  const [index, setIndex] = useState(0);
  const headingId = useId();
  const step = STEPS[index]!;
  const last = index === STEPS.length - 1;
  const number = (n: number) => n.toLocaleString();

  return (
    <ApiContext.Provider value={api}>
      <StringsContext.Provider value={strings}>
        <div class="guide">
          <header class="guide-header">
            <img class="guide-logo" src="icons/icon-32.png" alt="" width={28} height={28} />
            <span class="guide-brand">{appTitle(strings.appName)}</span>
            <span class="guide-subtitle">{t('guideTitle')}</span>
          </header>
          <div class="guide-body">
            <nav class="guide-steps" aria-label={t('guideStepsLabel')}>
              <ol>
                {STEPS.map((s, i) => (
                  <li key={s.title}>
                    <button
                      type="button"
                      class="guide-step"
                      data-testid="guide-step"
                      aria-current={i === index ? 'step' : undefined}
                      onClick={() => setIndex(i)}
                    >
                      <span class="guide-step-number" aria-hidden="true">
                        {number(i + 1)}
                      </span>
                      <span class="guide-step-name">{t(s.title)}</span>
                    </button>
                  </li>
                ))}
              </ol>
            </nav>
            <main class="guide-main" aria-labelledby={headingId} data-step={index}>
              <p class="guide-progress" data-testid="guide-progress">
                {t('guideStepOf', [number(index + 1), number(STEPS.length)])}
              </p>
              {/* Keyed by the step, so each screen mounts afresh and its heading takes the focus. */}
              <div key={index} class="guide-screen">
                {step.kind === 'explain' ? (
                  <ExplainScreen headingId={headingId} title={step.title} Diagram={step.Diagram} paragraphs={step.paragraphs} />
                ) : (
                  <PinScreen headingId={headingId} onClose={onClose} />
                )}
              </div>
              <div class="guide-actions">
                {index > 0 && (
                  <button type="button" class="button button-secondary" data-testid="guide-back" onClick={() => setIndex(index - 1)}>
                    {t('guideBack')}
                  </button>
                )}
                {!last && (
                  <button type="button" class="button button-primary guide-next" data-testid="guide-next" onClick={() => setIndex(index + 1)}>
                    {t('guideNext')}
                  </button>
                )}
              </div>
            </main>
          </div>
        </div>
      </StringsContext.Provider>
    </ApiContext.Provider>
  );
}
