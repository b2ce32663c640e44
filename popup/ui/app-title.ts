/**
 * The name a page's header shows: the store build's own (`appName`, from _locales), or, in the
 * testing build (npm run build:testing), the testing build's, so that no page of it can be taken
 * for the Passkeep that holds real passkeys. The define makes the testing branch, and its
 * string, vanish from the store build (test/unit/testing-build-output.test.ts).
 */
export function appTitle(appName: string): string {
  return typeof __PASSKEEP_TESTING__ !== 'undefined' && __PASSKEEP_TESTING__ ? 'Passkeep Testing' : appName;
}
