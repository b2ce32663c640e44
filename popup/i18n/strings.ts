/**
 * Every piece of text the popup shows, built from a `Translate` (the browser's i18n in the
 * extension, messages.json itself in tests). Fixed texts are read once, here; texts with values
 * in them are functions. Numbers are formatted before they are substituted.
 */
import { scenarioLabel } from './scenario-label';
import type { MessageKey, Translate } from './translate';

export type Strings = ReturnType<typeof makeStrings>;

export function makeStrings(t: Translate) {
  const number = (n: number) => n.toLocaleString();
  // English needs one/other only; a locale with more plural forms would add keys here.
  const plural = (n: number, one: MessageKey, other: MessageKey) => t(n === 1 ? one : other, [number(n)]);
  const seconds = (n: number) => plural(n, 'secondsOne', 'secondsOther');
  const minutes = (n: number) => plural(n, 'minutesOne', 'minutesOther');
  const passkeys = (n: number) => plural(n, 'passkeysOne', 'passkeysOther');

  /** "45 seconds", "2 minutes", "1 minute 30 seconds": how long to wait before the next PIN try. */
  function formatWait(total: number): string {
    const s = Math.max(0, Math.ceil(total));
    if (s < 60) return seconds(s);
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest === 0 ? minutes(m) : t('minutesAndSeconds', [minutes(m), seconds(rest)]);
  }

  return {
    t,
    appName: t('appName'),
    loading: t('loading'),
    tryAgain: t('tryAgain'),
    unexpectedError: (message: string) => t('unexpectedError', [message]),
    back: t('back'),
    settingsButton: t('settingsButton'),
    lockButton: t('lockButton'),
    guideLink: t('guideTitle'),
    minutes,

    // First run
    setPinTitle: t('setPinTitle'),
    setPinIntro: t('setPinIntro'),
    newPinLabel: t('newPinLabel'),
    confirmPinLabel: t('confirmPinLabel'),
    pinHint: t('pinHint'),
    pinOfflineNote: t('pinOfflineNote'),
    setPinButton: t('setPinButton'),
    pinTooShort: t('pinTooShort'),
    pinTooLong: t('pinTooLong'),
    pinMismatch: t('pinMismatch'),

    // Locked
    unlockTitle: t('unlockTitle'),
    pinLabel: t('pinLabel'),
    unlockButton: t('unlockButton'),
    wrongPin: t('wrongPin'),
    pinRequired: t('pinRequired'),
    waitBeforeRetry: (s: number) => t('waitBeforeRetry', [formatWait(s)]),
    forgotPin: t('forgotPin'),

    // The list
    searchLabel: t('searchLabel'),
    searchPlaceholder: t('searchPlaceholder'),
    listLabel: t('listLabel'),
    empty: t('empty'),
    noMatches: (query: string) => t('noMatches', [query]),
    count: (shown: number, total: number) =>
      shown === total ? passkeys(total) : t('countFiltered', [number(shown), passkeys(total)]),
    passkeys,
    thisSite: t('thisSite'),
    created: (date: string) => t('created', [date]),
    lastUsed: (date: string) => t('lastUsed', [date]),
    never: t('never'),
    notUsedYet: t('notUsedYet'),
    algorithm: (name: string) => t('algorithm', [name]),
    deleteButton: (userName: string, site: string) => t('deleteButton', [userName, site]),
    detailsButton: (userName: string, site: string) => t('detailsButton', [userName, site]),

    // Details
    detailsTitle: t('detailsTitle'),
    detailSite: t('detailSite'),
    detailAccount: t('detailAccount'),
    detailDisplayName: t('detailDisplayName'),
    detailCreated: t('detailCreated'),
    detailLastUsed: t('detailLastUsed'),
    detailAlgorithm: t('detailAlgorithm'),
    detailCredentialId: t('detailCredentialId'),
    noDisplayName: t('noDisplayName'),
    deleteThisPasskey: t('deleteThisPasskey'),

    // A passkey a site's signal hid (SECURITY.md case 25)
    hiddenBadge: t('hiddenBadge'),
    stoodBackNote: t('stoodBackNote'),
    hiddenBecause: (reason: 'unknown-credential' | 'not-accepted', date: string, origin: string) =>
      t(reason === 'unknown-credential' ? 'hiddenUnknown' : 'hiddenNotAccepted', [date, origin]),
    hiddenExplanation: t('hiddenExplanation'),
    restorePasskey: t('restorePasskey'),
    restoreButton: (userName: string, site: string) => t('restoreButton', [userName, site]),

    // Delete confirmation and undo
    deleteTitle: t('deleteTitle'),
    deleteAccount: (userName: string, site: string) => t('deleteAccount', [userName, site]),
    deleteExplanation: (site: string) => t('deleteExplanation', [site]),
    confirmDelete: t('confirmDelete'),
    cancel: t('cancel'),
    deleted: (userName: string, site: string) => t('deletedToast', [userName, site]),
    undo: t('undo'),
    deleteNow: t('deleteNow'),
    dismiss: t('dismiss'),
    undone: (userName: string, site: string) => t('undone', [userName, site]),
    deleteFailed: (userName: string, site: string, message: string) => t('deleteFailed', [userName, site, message]),

    // Settings
    settingsTitle: t('settingsTitle'),
    autoLockHeading: t('autoLockHeading'),
    autoLockLabel: t('autoLockLabel'),
    autoLockNever: t('autoLockNever'),
    saved: t('saved'),
    sitesHeading: t('sitesHeading'),
    sitesIntro: t('sitesIntro'),
    sitesEmpty: t('sitesEmpty'),
    addSite: (site: string) => t('addSite', [site]),
    removeSite: (site: string) => t('removeSite', [site]),
    changePinHeading: t('changePinHeading'),
    currentPinLabel: t('currentPinLabel'),
    newPinField: t('newPinField'),
    confirmNewPinLabel: t('confirmNewPinLabel'),
    changePinButton: t('changePinButton'),
    pinChanged: t('pinChanged'),
    exportHeading: t('exportHeading'),
    exportFormatLabel: t('exportFormatLabel'),
    formatBackup: t('formatBackup'),
    formatCxf: t('formatCxf'),
    formatBitwarden: t('formatBitwarden'),
    formatKeepassxc: t('formatKeepassxc'),
    cxfWarning: t('cxfWarning'),
    passphraseLabel: t('passphraseLabel'),
    passphraseConfirmLabel: t('passphraseConfirmLabel'),
    passphraseHint: t('passphraseHint'),
    passphraseRequired: t('passphraseRequired'),
    passphraseMismatch: t('passphraseMismatch'),
    exportPinLabel: t('exportPinLabel'),
    exportButton: t('exportButton'),
    exportReady: t('exportReady'),
    downloadLink: (file: string) => t('downloadLink', [file]),
    importHeading: t('importHeading'),
    importFileLabel: t('importFileLabel'),
    importFormatLabel: t('importFormatLabel'),
    importFormatAuto: t('importFormatAuto'),
    importButton: t('importButton'),
    importNoFile: t('importNoFile'),
    importUnknownFormat: t('importUnknownFormat'),
    importReport: (imported: number, duplicates: number, skipped: number) =>
      t('importReport', [number(imported), number(duplicates), number(skipped)]),
    importSkippedItem: (name: string, reason: string) => t('importSkippedItem', [name, reason]),
    importRejected: (detail: string) => t('importRejected', [detail]),
    importFileTooLarge: (mib: number) => t('importFileTooLarge', [number(mib)]),
    resetHeading: t('resetHeading'),
    resetIntro: t('resetIntro'),
    resetTypeLabel: (phrase: string) => t('resetTypeLabel', [phrase]),
    resetButton: t('resetButton'),
    resetMismatch: t('resetMismatch'),
    aboutHeading: t('aboutHeading'),
    aboutVersion: t('aboutVersion'),
    aboutAaguid: t('aboutAaguid'),
    aboutStorage: t('aboutStorage'),
    aboutKdf: t('aboutKdf'),
    // Developer mode (issue 11): the badge, the settings, a passkey's developer details, the inspector
    devModeBadge: t('devModeBadge'),
    devModeHeading: t('devModeHeading'),
    devModeLabel: t('devModeLabel'),
    devModeIntro: t('devModeIntro'),
    inspectorLink: t('inspectorLink'),
    devDetailsHeading: t('devDetailsHeading'),
    devUserHandle: t('devUserHandle'),
    devCounter: t('devCounter'),
    devBackup: t('devBackup'),
    devDiscoverable: t('devDiscoverable'),
    devLargeBlob: t('devLargeBlob'),
    devBytes: (n: number) => t('devBytes', [number(n)]),
    devPrf: t('devPrf'),
    devYesNo: (value: boolean) => t(value ? 'devYes' : 'devNo'),
    devPublicKey: t('devPublicKey'),
    devCounterLabel: t('devCounterLabel'),
    devSetCounterButton: t('devSetCounterButton'),
    devCounterSet: t('devCounterSet'),
    devExportHeading: t('devExportHeading'),
    devExportWarning: t('devExportWarning'),
    devExportButton: t('devExportButton'),
    devImportHeading: t('devImportHeading'),
    devImportIntro: t('devImportIntro'),
    devImportPemLabel: t('devImportPemLabel'),
    devImportRpLabel: t('devImportRpLabel'),
    devImportUserHandleLabel: t('devImportUserHandleLabel'),
    devImportUserNameLabel: t('devImportUserNameLabel'),
    devImportCredentialIdLabel: t('devImportCredentialIdLabel'),
    devImportButton: t('devImportButton'),
    devImported: (site: string) => t('devImported', [site]),
    consentDevMode: t('consentDevMode'),
    // Failure scenarios (issue 11 point 3): the prompt's choice, and the inspector's mark
    scenarioPrompt: t('scenarioPrompt'),
    scenarioNone: t('scenarioNone'),
    scenarioOnce: t('scenarioOnce'),
    scenarioLie: t('scenarioLie'),
    scenarioLabel: (id: string) => scenarioLabel(t, id),
    inspectorScenario: t('inspectorScenario'),
    inspectorScenarioApplied: (id: string) => t('inspectorScenarioApplied', [scenarioLabel(t, id)]),
    inspectorScenarioLie: t('inspectorScenarioLie'),
    inspectorTitle: t('inspectorTitle'),
    inspectorIntro: t('inspectorIntro'),
    inspectorEmpty: t('inspectorEmpty'),
    inspectorUnavailable: (detail: string) => t('inspectorUnavailable', [detail]),
    inspectorRefresh: t('inspectorRefresh'),
    inspectorClear: t('inspectorClear'),
    inspectorList: t('inspectorList'),
    inspectorOrigin: t('inspectorOrigin'),
    inspectorTopOrigin: t('inspectorTopOrigin'),
    inspectorTime: t('inspectorTime'),
    inspectorDuration: t('inspectorDuration'),
    inspectorMs: (ms: number) => t('inspectorMs', [number(ms)]),
    inspectorOutcome: t('inspectorOutcome'),
    outcome: (outcome: 'success' | 'error' | 'handoff' | 'none') =>
      t(outcome === 'success' ? 'outcomeSuccess' : outcome === 'error' ? 'outcomeError' : outcome === 'handoff' ? 'outcomeHandoff' : 'outcomeNone'),
    inspectorOptionsPassed: t('inspectorOptionsPassed'),
    inspectorOptionsUnderstood: t('inspectorOptionsUnderstood'),
    inspectorEffective: t('inspectorEffective'),
    inspectorNotes: t('inspectorNotes'),
    inspectorClientData: t('inspectorClientData'),
    inspectorChallenge: (matches: boolean) => t(matches ? 'inspectorChallengeOk' : 'inspectorChallengeBad'),
    inspectorAuthData: t('inspectorAuthData'),
    inspectorRpIdHash: (matches: boolean, rpId: string) => t(matches ? 'inspectorRpIdHashOk' : 'inspectorRpIdHashBad', [rpId]),
    inspectorFlags: t('inspectorFlags'),
    inspectorPublicKey: t('inspectorPublicKey'),
    inspectorAttestation: t('inspectorAttestation'),
    inspectorExtensions: t('inspectorExtensions'),
    inspectorExtensionInputs: t('inspectorExtensionInputs'),
    inspectorClientOutputs: t('inspectorClientOutputs'),
    inspectorAuthenticatorOutputs: t('inspectorAuthenticatorOutputs'),
    inspectorError: t('inspectorError'),
    inspectorRaisedBy: (step: string) => t('inspectorRaisedBy', [step]),
    inspectorRaw: t('inspectorRaw'),
    inspectorDownload: (name: string) => t('inspectorDownload', [name]),
    inspectorCopyJson: t('inspectorCopyJson'),
    inspectorCopied: t('inspectorCopied'),
    inspectorProblems: t('inspectorProblems'),
    inspectorPick: t('inspectorPick'),
  };
}
