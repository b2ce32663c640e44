import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Arrow, Box, Key, Label, Padlock, StepBadge } from './parts';

/**
 * Screen 2, https://w3c.github.io/webauthn/#sctn-registering-a-new-credential: the site's
 * challenge comes in, the key pair is made here, only the public key goes out.
 */
export function RegistrationDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guideCreateDiagram')} width={560} height={200}>
      <Box x={10} y={10} w={180} h={180} label={t('guideDgPasskeep')} accent />
      <Box x={370} y={10} w={180} h={180} label="example.com" />

      <StepBadge x={225} y={48} n={1} />
      <Label x={290} y={53}>
        {t('guideDgChallenge')}
      </Label>
      <Arrow x1={368} y1={68} x2={192} y2={68} />

      <StepBadge x={40} y={72} n={2} />
      <Label x={110} y={77} anchor="middle">
        {t('guideDgNewKeyPair')}
      </Label>
      <Key x={40} y={112} kind="private" />
      <Key x={110} y={112} kind="public" />
      <Padlock x={31} y={137} />
      <Label x={100} y={178} muted>
        {t('guideDgStaysHere')}
      </Label>

      <StepBadge x={225} y={128} n={3} />
      <Label x={295} y={133}>
        {t('guideDgPublicKey')}
      </Label>
      <Arrow x1={160} y1={148} x2={368} y2={148} />
      <Key x={430} y={112} kind="public" />
      <Label x={460} y={178} muted>
        {t('guideDgStored')}
      </Label>
    </Diagram>
  );
}
