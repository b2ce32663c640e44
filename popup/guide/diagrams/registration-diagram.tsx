import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Arrow, ChallengeFrame, Key, Label, Padlock, StepBadge } from './parts';

/**
 * Screen 2, https://w3c.github.io/webauthn/#sctn-registering-a-new-credential: the site's
 * challenge comes in, the key pair is made here, only the public key goes out.
 */
export function RegistrationDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guideCreateDiagram')} width={560} height={200}>
      <ChallengeFrame passkeep={t('guideDgPasskeep')} challenge={t('guideDgChallenge')} />

      <StepBadge x={38} y={72} n={2} />
      <Label x={56} y={77} anchor="start">
        {t('guideDgNewKeyPair')}
      </Label>
      <Key x={40} y={120} kind="private" />
      <Padlock x={31} y={145} />
      <Label x={56} y={158} anchor="start" muted>
        {t('guideDgStaysHere')}
      </Label>
      <Key x={120} y={120} kind="public" />

      <StepBadge x={225} y={102} n={3} />
      <Label x={295} y={107}>
        {t('guideDgPublicKey')}
      </Label>
      <Arrow x1={168} y1={120} x2={368} y2={120} />
      <Key x={430} y={120} kind="public" />
      <Label x={460} y={160} muted>
        {t('guideDgStored')}
      </Label>
    </Diagram>
  );
}
