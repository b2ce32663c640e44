/**
 * The options of a ceremony as the page passed them and as Passkeep understood them, for the
 * ceremony inspector: converted as Web IDL converts them (defaults applied), then the values
 * the algorithm derives (RP ID, algorithm, timeout, attestation format), and a note for every
 * member or value Passkeep ignores (unknown dictionary members, unknown enum values, extensions
 * it does not implement). Pure: it re-runs the same conversion the background ran.
 */
import type { Caller } from './caller.js';
import { SUPPORTED_EXTENSIONS } from './client-capabilities.js';
import { toCreationOptions, type CreationOptions } from './creation-options.js';
import { jsonOf, type Json } from './json-of-wire.js';
import { prepareCreate } from './prepare-create.js';
import { prepareGet } from './prepare-get.js';
import { toRequestOptions, type RequestOptions } from './request-options.js';
import { toSignalOptions } from './signal-options.js';
import { isWireObject, type WireValue } from './wire-value.js';

export interface InspectedOptions {
  /** as the page passed them, bytes as base64url */
  passed: Json;
  /** after Web IDL conversion, defaults applied; null when conversion failed */
  converted: Json;
  /** what the algorithm made of them; null when it stopped before */
  effective: Json;
  /** members and values that Passkeep ignores, each as "path: why" */
  notes: string[];
  /** the error conversion or preparation ended in, if it did */
  problem: string | null;
}

// https://w3c.github.io/webauthn/#dictdef-publickeycredentialcreationoptions and the dictionaries it holds.
const CREATE_MEMBERS: Record<string, readonly string[]> = {
  '': ['rp', 'user', 'challenge', 'pubKeyCredParams', 'timeout', 'excludeCredentials', 'authenticatorSelection', 'hints', 'attestation', 'attestationFormats', 'extensions'],
  rp: ['id', 'name'],
  user: ['id', 'name', 'displayName'],
  authenticatorSelection: ['authenticatorAttachment', 'residentKey', 'requireResidentKey', 'userVerification'],
};
// https://w3c.github.io/webauthn/#dictdef-publickeycredentialrequestoptions
const GET_MEMBERS: Record<string, readonly string[]> = {
  '': ['challenge', 'timeout', 'rpId', 'allowCredentials', 'userVerification', 'hints', 'extensions'],
};
const DESCRIPTOR_MEMBERS = ['type', 'id', 'transports'];
const PARAM_MEMBERS = ['type', 'alg'];

// The enumerations whose unknown values the spec tells clients to ignore
// (https://w3c.github.io/webauthn/#sct-domstring-backwards-compatibility).
const ENUMS: Record<string, readonly string[]> = {
  attestation: ['none', 'indirect', 'direct', 'enterprise'],
  userVerification: ['required', 'preferred', 'discouraged'],
  residentKey: ['discouraged', 'preferred', 'required'],
  authenticatorAttachment: ['platform', 'cross-platform'],
  hints: ['security-key', 'client-device', 'hybrid'],
};

function noteUnknownMembers(dict: WireValue | undefined, known: readonly string[], path: string, notes: string[]): void {
  if (!isWireObject(dict)) return;
  for (const key of Object.keys(dict)) if (!known.includes(key)) notes.push(`${path}${key}: not a member of the dictionary, ignored`);
}

function noteEnum(value: WireValue | undefined, name: string, path: string, notes: string[]): void {
  if (typeof value === 'string' && !ENUMS[name]!.includes(value)) notes.push(`${path}: "${value}" is not a known value, ignored`);
}

function noteList(list: WireValue | undefined, known: readonly string[], path: string, notes: string[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, i) => noteUnknownMembers(item, known, `${path}[${i}].`, notes));
}

function noteExtensions(extensions: WireValue | undefined, notes: string[]): void {
  if (!isWireObject(extensions)) return;
  for (const key of Object.keys(extensions)) {
    if (!SUPPORTED_EXTENSIONS.includes(key)) notes.push(`extensions.${key}: not implemented by Passkeep, ignored`);
  }
}

function notesFor(op: 'create' | 'get', raw: WireValue | null): string[] {
  const notes: string[] = [];
  if (!isWireObject(raw)) return notes;
  const members = op === 'create' ? CREATE_MEMBERS : GET_MEMBERS;
  for (const [dict, known] of Object.entries(members)) {
    noteUnknownMembers(dict === '' ? raw : raw[dict], known, dict === '' ? '' : `${dict}.`, notes);
  }
  if (op === 'create') {
    noteList(raw.pubKeyCredParams, PARAM_MEMBERS, 'pubKeyCredParams', notes);
    noteList(raw.excludeCredentials, DESCRIPTOR_MEMBERS, 'excludeCredentials', notes);
    noteEnum(raw.attestation, 'attestation', 'attestation', notes);
    const selection = raw.authenticatorSelection;
    if (isWireObject(selection)) {
      noteEnum(selection.userVerification, 'userVerification', 'authenticatorSelection.userVerification', notes);
      noteEnum(selection.residentKey, 'residentKey', 'authenticatorSelection.residentKey', notes);
      noteEnum(selection.authenticatorAttachment, 'authenticatorAttachment', 'authenticatorSelection.authenticatorAttachment', notes);
    }
  } else {
    noteList(raw.allowCredentials, DESCRIPTOR_MEMBERS, 'allowCredentials', notes);
    noteEnum(raw.userVerification, 'userVerification', 'userVerification', notes);
  }
  if (Array.isArray(raw.hints)) raw.hints.forEach((hint, i) => noteEnum(hint, 'hints', `hints[${i}]`, notes));
  noteExtensions(raw.extensions, notes);
  return notes;
}

/** What the RP's userVerification made Passkeep do (the PIN is how Passkeep verifies the person). */
function userVerificationOf(p: { requireUserVerification: boolean; wantsUserVerification: boolean }): string {
  return p.requireUserVerification ? 'required' : p.wantsUserVerification ? 'asked for (PIN)' : 'not asked for';
}

/** `raw` is the page's `publicKey` member (or the signal's options) as the wire carried it. */
export function inspectOptions(op: 'create' | 'get' | 'signal', raw: WireValue | null, caller: Caller, signal?: string): InspectedOptions {
  const out: InspectedOptions = { passed: jsonOf(raw), converted: null, effective: null, notes: op === 'signal' ? [] : notesFor(op, raw), problem: null };
  try {
    if (op === 'signal') {
      out.converted = jsonOf(toSignalOptions(signal, raw ?? undefined));
      return out;
    }
    const options = op === 'create' ? toCreationOptions(raw ?? undefined) : toRequestOptions(raw ?? undefined);
    out.converted = jsonOf(options);
    const p = op === 'create' ? prepareCreate(options as CreationOptions, caller) : prepareGet(options as RequestOptions, caller);
    out.effective = jsonOf({
      rpId: p.rpId,
      ...('alg' in p ? { algorithm: p.alg } : {}),
      timeoutMs: p.timeoutMs,
      userVerification: userVerificationOf(p),
      ...('attestationFormat' in p ? { attestationFormat: p.attestationFormat, excludeCredentials: p.excludeCredentialIds } : { allowCredentials: p.allowCredentialIds }),
      extensions: p.extensions,
    });
  } catch (error) {
    out.problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
  return out;
}
