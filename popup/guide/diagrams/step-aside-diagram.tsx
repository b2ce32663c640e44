import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Arrow, Box, Label } from './parts';

/** Screen 7: the prompt's way out to the browser's own authenticator. */
export function StepAsideDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guideAsideDiagram')} width={560} height={180}>
      <Box x={10} y={10} w={370} h={160} label={t('guideDgPasskeep')} accent />
      <Label x={30} y={66} anchor="start" strong>
        {t('guideDgPrompt')}
      </Label>
      <g class="dg-button">
        <rect x={30} y={80} width={160} height={28} rx={8} />
      </g>
      <g class="dg-button dg-button-primary">
        <rect x={200} y={80} width={160} height={28} rx={8} />
      </g>
      <g class="dg-highlight">
        <rect x={22} y={120} width={346} height={34} rx={8} />
      </g>
      <Label x={195} y={142} small>
        {t('guideDgOtherButton')}
      </Label>
      <Arrow x1={370} y1={137} x2={414} y2={137} />
      <Box x={418} y={50} w={132} h={120} label={t('guideDgBrowserAuthenticator')} />
      <g class="dg-usb">
        <rect x={446} y={92} width={30} height={16} rx={3} />
        <path d="M476 95h8v10h-8" fill="none" />
      </g>
      <g class="dg-phone">
        <rect x={502} y={82} width={22} height={36} rx={4} />
      </g>
      <Label x={484} y={150} muted small>
        {t('guideDgAuthenticators')}
      </Label>
    </Diagram>
  );
}
