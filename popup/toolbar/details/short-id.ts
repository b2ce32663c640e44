/** A credential id short enough to read and compare: its first 8 and last 6 characters. */
export function shortId(id: string): string {
  return id.length <= 16 ? id : `${id.slice(0, 8)}…${id.slice(-6)}`;
}
