import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Arrow, Box, Label } from './parts';

/** Screen 7: the prompt's way out to the browser's own authenticator. */
export function StepAsideDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guideAsideDiagram')} width={560} height={180}>
      <Box x={10} y={10} w={330} h={160} label={t('guideDgPasskeep')} accent />
      <Label x={30} y={66} anchor="start" strong>
        {t('guideDgPrompt')}
      </Label>
      <g class="dg-button">
        <rect x={30} y={80} width={140} height={30} rx={8} />
      </g>
      <g class="dg-button dg-button-primary">
        <rect x={180} y={80} width={140} height={30} rx={8} />
      </g>
      <g class="dg-highlight">
        <rect x={24} y={122} width={302} height={32} rx={8} />
      </g>
      <Label x={175} y={143} strong>
        {t('guideDgOtherButton')}
      </Label>
      <Arrow x1={330} y1={138} x2={390} y2={138} />
      <Box x={394} y={60} w={156} h={110} label={t('guideDgBrowserAuthenticator')} />
      <g class="dg-usb">
        <rect x={430} y={108} width={30} height={16} rx={3} />
        <path d="M460 111h8v10h-8" fill="none" />
      </g>
      <g class="dg-phone">
        <rect x={490} y={96} width={22} height={36} rx={4} />
      </g>
      <Label x={472} y={156} muted>
        {t('guideDgAuthenticators')}
      </Label>
    </Diagram>
  );
}
