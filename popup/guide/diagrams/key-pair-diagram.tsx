import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Box, Key, Label, Padlock } from './parts';

/** Screen 1: one key pair, its private half in Passkeep, its public half at the site. */
export function KeyPairDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guidePasskeyDiagram')} width={560} height={180}>
      <Box x={10} y={10} w={200} h={160} label={t('guideDgPasskeep')} accent />
      <Box x={350} y={10} w={200} h={160} label="example.com" />
      <Key x={88} y={92} kind="private" />
      <Padlock x={70} y={112} />
      <Label x={110} y={150} strong>
        {t('guideDgPrivateKey')}
      </Label>
      <Key x={428} y={92} kind="public" />
      <Label x={450} y={130} strong>
        {t('guideDgPublicKey')}
      </Label>
      <Label x={450} y={150} muted>
        {t('guideDgStored')}
      </Label>
      <line class="dg-link" x1={136} y1={92} x2={420} y2={92} />
      <Label x={280} y={82} muted>
        {t('guideDgKeyPair')}
      </Label>
    </Diagram>
  );
}
