/**
 * Which step of the spec's algorithm ends a ceremony with a given error, for the ceremony
 * inspector. The background's checks run in the spec's order (src/background/ceremony.ts), so an
 * error's name and operation say which step raised it; Passkeep's own bounds are named as such.
 */
import type { WebAuthnErrorName } from './protocol.js';

const CREATE = 'https://w3c.github.io/webauthn/#sctn-createCredential';
const GET = 'https://w3c.github.io/webauthn/#sctn-discover-from-external-source';
const SIGNAL = 'https://w3c.github.io/webauthn/#sctn-signal-methods';

export interface SpecStep {
  url: string;
  step: string;
}

const STEPS: Record<'create' | 'get', Partial<Record<WebAuthnErrorName, SpecStep>>> = {
  create: {
    TypeError: { url: CREATE, step: 'Web IDL conversion of the options, or step 5 (user.id must be 1 to 64 bytes)' },
    AbortError: { url: CREATE, step: 'step 1 (the AbortSignal was aborted)' },
    SecurityError: { url: CREATE, step: 'steps 6–8 (the origin may not claim this RP ID)' },
    NotSupportedError: { url: CREATE, step: 'step 10 (no pubKeyCredParams entry of a supported type)' },
    InvalidStateError: { url: 'https://w3c.github.io/webauthn/#sctn-op-make-cred', step: 'authenticatorMakeCredential step 3 (excludeCredentials names a passkey held here)' },
    NotAllowedError: { url: CREATE, step: 'the lifetime timer, the person declining, or an authenticator error reported as NotAllowedError (steps 21–22)' },
    RangeError: { url: 'src/core/limits.ts', step: 'Passkeep’s size bound on the request, as Chromium names it' },
    SyntaxError: { url: 'https://w3c.github.io/webauthn/#prf-extension', step: 'prf client extension processing' },
  },
  get: {
    TypeError: { url: GET, step: 'Web IDL conversion of the options' },
    AbortError: { url: GET, step: 'step 1 (the AbortSignal was aborted)' },
    SecurityError: { url: GET, step: 'steps 6–7 (the origin may not claim this RP ID)' },
    NotSupportedError: { url: GET, step: 'client extension processing (an extension input the client refuses)' },
    NotAllowedError: { url: GET, step: 'the lifetime timer, the person declining, or no passkey usable (steps 18–20)' },
    RangeError: { url: 'src/core/limits.ts', step: 'Passkeep’s size bound on the request, as Chromium names it' },
    SyntaxError: { url: 'https://w3c.github.io/webauthn/#prf-extension', step: 'prf client extension processing (evalByCredential keys)' },
  },
};

export function specStepOf(op: 'create' | 'get' | 'signal', name: string): SpecStep | null {
  if (op === 'signal') return { url: SIGNAL, step: name === 'TypeError' ? 'Web IDL conversion or base64url decoding of the options' : 'the RP ID check of the signal method' };
  return STEPS[op][name as WebAuthnErrorName] ?? null;
}
