import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Box, FileShape, Label, Padlock } from './parts';

/**
 * Screen 5 (SECURITY.md, "What we promise", PIN): guesses at the computer wait after 3 misses;
 * guesses against a copied profile are slowed by the key derivation alone.
 */
export function PinDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guidePinDiagram')} width={560} height={190}>
      <Box x={10} y={10} w={260} h={170} label={t('guideDgAtComputer')} />
      <g class="dg-screen">
        <rect x={60} y={52} width={72} height={50} rx={5} />
        <path d="M84 112h24M96 102v10" fill="none" />
      </g>
      <Padlock x={87} y={77} />
      <g class="dg-hourglass">
        <path d="M176 58h28M176 104h28M180 58c0 16 20 16 20 23s-20 7-20 23M200 58c0 16 -20 16 -20 23s20 7 20 23" fill="none" />
      </g>
      <Label x={140} y={150} strong>
        {t('guideDgWait')}
      </Label>

      <Box x={290} y={10} w={260} h={170} label={t('guideDgCopy')} />
      <FileShape x={330} y={56} />
      <FileShape x={346} y={64} />
      <Padlock x={355} y={84} />
      <g class="dg-dice">
        <rect x={436} y={62} width={40} height={40} rx={7} />
        <circle cx={448} cy={74} r={3} />
        <circle cx={464} cy={90} r={3} />
        <circle cx={456} cy={82} r={3} />
      </g>
      <Label x={420} y={140} strong>
        {t('guideDgOffline')}
      </Label>
      <Label x={420} y={162} muted>
        {t('guideDgSlowed')}
      </Label>
    </Diagram>
  );
}
