/**
 * The name of a COSE algorithm identifier, as the IANA COSE Algorithms registry spells it.
 * https://www.iana.org/assignments/cose/cose.xhtml#algorithms
 */
const NAMES: ReadonlyMap<number, string> = new Map([
  [-7, 'ES256'],
  [-8, 'EdDSA'],
  [-257, 'RS256'],
]);

export function algName(alg: number): string {
  return NAMES.get(alg) ?? `COSE ${alg}`;
}
