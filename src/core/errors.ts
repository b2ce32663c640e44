import type { WebAuthnErrorName, WireError } from './protocol.js';

/**
 * A ceremony failure carrying the name of the DOMException (or TypeError) the page must see.
 * The page hook re-creates it in the page's realm; the message is for developers.
 */
export class CeremonyError extends Error {
  override readonly name: WebAuthnErrorName;

  constructor(name: WebAuthnErrorName, message: string) {
    super(message);
    this.name = name;
  }

  toWire(): WireError {
    return { name: this.name, message: this.message };
  }
}

/** Any thrown value as a wire error; anything unexpected becomes the spec's catch-all. */
export function toWireError(error: unknown): WireError {
  if (error instanceof CeremonyError) return error.toWire();
  // https://w3c.github.io/webauthn/#sctn-createCredential: authenticator errors other than
  // InvalidStateError surface as NotAllowedError so that nothing about the vault leaks.
  return { name: 'NotAllowedError', message: 'The operation failed.' };
}
