/**
 * PEM text (RFC 7468): base64 of the DER, 64 characters a line, between BEGIN/END lines with
 * the label ("PUBLIC KEY" for SubjectPublicKeyInfo, "PRIVATE KEY" for PKCS #8). Reading a
 * private key back is ../vault/pkcs8.ts pemToDer.
 */
import { base64 } from '@scure/base';

export function toPem(label: 'PUBLIC KEY' | 'PRIVATE KEY', der: Uint8Array): string {
  const lines = base64.encode(der).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

