import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Arrow, ChallengeFrame, Key, Label, StepBadge, Tick } from './parts';

/**
 * Screen 3, https://w3c.github.io/webauthn/#sctn-verifying-assertion: the challenge is signed
 * here with the private key and checked at the site with the public key it stored.
 */
export function SignInDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guideSignInDiagram')} width={560} height={200}>
      <ChallengeFrame passkeep={t('guideDgPasskeep')} challenge={t('guideDgChallenge')} />

      <StepBadge x={40} y={100} n={2} />
      <Key x={70} y={100} kind="private" />
      <Label x={100} y={140}>
        {t('guideDgSigned')}
      </Label>

      <StepBadge x={225} y={128} n={3} />
      <Label x={290} y={133}>
        {t('guideDgSignature')}
      </Label>
      <Arrow x1={192} y1={148} x2={368} y2={148} />
      <Key x={420} y={100} kind="public" />
      <Tick x={500} y={100} />
      <Label x={460} y={140}>
        {t('guideDgChecked')}
      </Label>
    </Diagram>
  );
}
