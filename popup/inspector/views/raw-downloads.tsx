import { useEffect, useMemo } from 'preact/hooks';
import { fromBase64url } from '../../../src/core/base64url';
import type { RawPart } from '../../../src/core/inspect-ceremony';
import { useStrings } from '../../i18n/strings-context';

const EXTENSION: Record<RawPart['kind'], string> = { cbor: 'cbor', json: 'json', bytes: 'bin' };

function fileName(seq: number, part: RawPart, suffix: string): string {
  return `ceremony-${seq}-${part.name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}.${suffix}`;
}

/** Each raw byte string of a ceremony: the bytes as a file (CBOR, JSON or binary), and as base64url text. */
export function RawDownloads({ seq, parts }: { seq: number; parts: RawPart[] }) {
  const strings = useStrings();
  const links = useMemo(
    () =>
      parts.map((part) => ({
        part,
        bytes: URL.createObjectURL(new Blob([new Uint8Array(fromBase64url(part.base64url))], { type: 'application/octet-stream' })),
        text: URL.createObjectURL(new Blob([part.base64url], { type: 'text/plain' })),
      })),
    [parts],
  );
  useEffect(
    () => () => {
      for (const link of links) {
        URL.revokeObjectURL(link.bytes);
        URL.revokeObjectURL(link.text);
      }
    },
    [links],
  );
  return (
    <table class="raw-table">
      <tbody>
        {links.map(({ part, bytes, text }) => (
          <tr key={part.name}>
            <th scope="row">{part.name}</th>
            <td>
              <a href={bytes} download={fileName(seq, part, EXTENSION[part.kind])} data-testid={`raw-${part.name}`}>
                {strings.inspectorDownload(`.${EXTENSION[part.kind]}`)}
              </a>
            </td>
            <td>
              <a href={text} download={fileName(seq, part, 'b64u.txt')}>
                {strings.inspectorDownload('base64url')}
              </a>
            </td>
            <td class="mono raw-value" title={part.base64url}>
              {part.base64url}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
