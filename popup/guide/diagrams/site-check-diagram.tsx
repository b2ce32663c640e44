import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Arrow, Box, Cross, Key, Label, Padlock, Tick } from './parts';

/**
 * Screen 4: a passkey is scoped to its RP ID, which is checked against the origin the browser
 * reports (https://w3c.github.io/webauthn/#rp-id), so the real address gets its passkey and a
 * look-alike gets nothing.
 */
export function SiteCheckDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guideSiteDiagram')} width={560} height={200}>
      <Label x={100} y={22} muted>
        {t('guideDgAddress')}
      </Label>
      <g class="dg-address">
        <rect x={10} y={40} width={180} height={40} rx={20} />
        <rect x={10} y={120} width={180} height={40} rx={20} />
      </g>
      <Padlock x={26} y={61} />
      <Label x={56} y={66} anchor="start" strong>
        example.com
      </Label>
      <Padlock x={26} y={141} />
      <Label x={56} y={146} anchor="start" strong>
        examp1e.com
      </Label>

      <Arrow x1={194} y1={60} x2={234} y2={60} />
      <Arrow x1={194} y1={140} x2={234} y2={140} />
      <Box x={238} y={30} w={120} h={140} label={t('guideDgPasskeep')} accent />
      <Key x={278} y={96} kind="private" />
      <Label x={298} y={130} muted>
        example.com
      </Label>

      <Arrow x1={362} y1={60} x2={402} y2={60} />
      <Key x={418} y={60} kind="private" />
      <Tick x={480} y={60} />
      <Label x={465} y={92} muted>
        {t('guideDgOffered')}
      </Label>
      <Cross x={430} y={140} />
      <Label x={465} y={172} muted>
        {t('guideDgNothing')}
      </Label>
    </Diagram>
  );
}
