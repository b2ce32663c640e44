/**
 * The guide's screens, in order. Each teaching screen is a title, a diagram and its sentences
 * (all translated through _locales); the last one chooses the PIN (./screens/pin-screen.tsx).
 */
import type { ComponentType } from 'preact';
import type { MessageKey } from '../i18n/translate';
import { BackupDiagram } from './diagrams/backup-diagram';
import { KeyPairDiagram } from './diagrams/key-pair-diagram';
import { PinDiagram } from './diagrams/pin-diagram';
import { RegistrationDiagram } from './diagrams/registration-diagram';
import { SignInDiagram } from './diagrams/sign-in-diagram';
import { SiteCheckDiagram } from './diagrams/site-check-diagram';
import { StepAsideDiagram } from './diagrams/step-aside-diagram';

export type Step =
  | { kind: 'explain'; title: MessageKey; Diagram: ComponentType; paragraphs: readonly MessageKey[] }
  | { kind: 'pin'; title: MessageKey };

export const STEPS: readonly Step[] = [
  { kind: 'explain', title: 'guidePasskeyTitle', Diagram: KeyPairDiagram, paragraphs: ['guidePasskeyText1', 'guidePasskeyText2'] },
  { kind: 'explain', title: 'guideCreateTitle', Diagram: RegistrationDiagram, paragraphs: ['guideCreateText1', 'guideCreateText2'] },
  { kind: 'explain', title: 'guideSignInTitle', Diagram: SignInDiagram, paragraphs: ['guideSignInText1', 'guideSignInText2'] },
  { kind: 'explain', title: 'guideSiteTitle', Diagram: SiteCheckDiagram, paragraphs: ['guideSiteText1', 'guideSiteText2'] },
  { kind: 'explain', title: 'guidePinTitle', Diagram: PinDiagram, paragraphs: ['guidePinText1', 'guidePinText2', 'guidePinText4', 'guidePinText3'] },
  { kind: 'explain', title: 'guideBackupTitle', Diagram: BackupDiagram, paragraphs: ['guideBackupText1', 'guideBackupText2', 'guideBackupText3'] },
  { kind: 'explain', title: 'guideAsideTitle', Diagram: StepAsideDiagram, paragraphs: ['guideAsideText1', 'guideAsideText2'] },
  { kind: 'pin', title: 'guidePinStepTitle' },
];
