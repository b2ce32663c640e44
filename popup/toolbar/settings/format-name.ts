import type { ImportFormat } from '../../../src/core/protocol';
import type { Strings } from '../../i18n/strings';

/** A file format's name as the popup shows it. */
export function formatName(format: ImportFormat, strings: Strings): string {
  switch (format) {
    case 'passkeep-backup':
      return strings.formatBackup;
    case 'cxf':
      return strings.formatCxf;
    case 'bitwarden-json':
      return strings.formatBitwarden;
    case 'keepassxc-passkey':
      return strings.formatKeepassxc;
  }
}
