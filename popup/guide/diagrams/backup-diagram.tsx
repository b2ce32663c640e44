import { useStrings } from '../../i18n/strings-context';
import { Diagram } from './diagram';
import { Arrow, Box, FileShape, Key, Label, Padlock } from './parts';

/** Screen 6: Export writes an encrypted file; Import reads it into any browser. */
export function BackupDiagram() {
  const { t } = useStrings();
  return (
    <Diagram label={t('guideBackupDiagram')} width={560} height={170}>
      <Box x={10} y={20} w={150} h={130} label={t('guideDgThisBrowser')} />
      <Key x={52} y={80} kind="private" />
      <Key x={52} y={110} kind="private" />

      <Label x={205} y={74}>
        {t('guideDgExport')}
      </Label>
      <Arrow x1={164} y1={86} x2={246} y2={86} />

      <FileShape x={263} y={58} />
      <Padlock x={271} y={82} />
      <Label x={280} y={130} muted>
        {t('guideDgBackupFile')}
      </Label>

      <Label x={355} y={74}>
        {t('guideDgImport')}
      </Label>
      <Arrow x1={314} y1={86} x2={396} y2={86} />
      <Box x={400} y={20} w={150} h={130} label={t('guideDgOtherBrowser')} />
      <Key x={442} y={80} kind="private" />
      <Key x={442} y={110} kind="private" />
    </Diagram>
  );
}
