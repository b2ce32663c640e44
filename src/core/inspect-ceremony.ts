/**
 * One logged ceremony (protocol.ts CeremonyLogEntry) decoded for the ceremony inspector: the
 * options as passed and as understood, clientDataJSON, the authenticator data with each flag
 * by name and the RP ID hash checked, the credential public key as COSE, JWK and PEM, the
 * attestation statement, extension inputs and outputs, the error with the step that raised it,
 * the raw byte strings, and the result in toJSON() form. Pure, so it runs in Node as in the page.
 * A part that does not decode is reported as a problem of that part, never thrown: the
 * inspector must show a malformed ceremony too.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64url, toBase64url } from './base64url.js';
import { equalBytes, fromUtf8, utf8 } from './bytes.js';
import type { Caller } from './caller.js';
import { decodeCoseKey } from './cose-key-decode.js';
import { credentialJson } from './credential-json.js';
import { inspectOptions, type InspectedOptions } from './inspect-options.js';
import { jsonOf, type Json } from './json-of-wire.js';
import { parseAttestationObject } from './parse-attestation-object.js';
import { parseAuthenticatorData, type AuthenticatorDataFlags } from './parse-authenticator-data.js';
import { toPem } from './pem.js';
import type { CeremonyLogEntry } from './protocol.js';
import { specStepOf, type SpecStep } from './spec-step.js';
import { isWireBytes, isWireObject } from './wire-value.js';

export interface InspectedAuthenticatorData {
  rpIdHash: string;
  /** the RP ID the hash was checked against, and whether SHA-256 of it is the hash */
  rpId: string | null;
  rpIdHashMatches: boolean | null;
  flagsByte: number;
  flags: AuthenticatorDataFlags;
  signCount: number;
  aaguid?: string;
  credentialId?: string;
  publicKey?: { cose: Record<string, string | number>; alg: number | null; jwk: Record<string, string> | null; pem: string | null };
  extensions?: Json;
}

export interface RawPart {
  /** the member's name, e.g. "attestationObject" */
  name: string;
  /** what the bytes are: CBOR, JSON text, or plain bytes */
  kind: 'cbor' | 'json' | 'bytes';
  base64url: string;
}

export interface InspectedCeremony {
  options: InspectedOptions;
  clientData: { text: string; json: Json; challengeMatches: boolean | null } | null;
  authenticatorData: InspectedAuthenticatorData | null;
  attestation: { fmt: string; attStmt: Json } | null;
  extensions: { inputs: Json; clientOutputs: Json; authenticatorOutputs: Json };
  error: { name: string; message: string; step: SpecStep | null } | null;
  raw: RawPart[];
  /** the result as toJSON() gives it, or null when there is none */
  json: Json;
  /** parts that failed to decode, "part: why" */
  problems: string[];
}

/** The 16 AAGUID bytes in the UUID text form (RFC 9562 §4). */
export function aaguidText(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function callerOf(entry: CeremonyLogEntry): Caller {
  let host = '';
  try {
    host = new URL(entry.origin).hostname;
  } catch {
    // an opaque origin has no host: the RP ID check then fails, as it did in the ceremony
  }
  return { origin: entry.origin, host, sameOriginWithAncestors: entry.sameOriginWithAncestors, topOrigin: entry.topOrigin };
}

function decodeAuthData(bytes: Uint8Array, rpId: string | null): InspectedAuthenticatorData {
  const parsed = parseAuthenticatorData(bytes);
  const out: InspectedAuthenticatorData = {
    rpIdHash: hexOf(parsed.rpIdHash),
    rpId,
    // https://w3c.github.io/webauthn/#sctn-registering-a-new-credential step 15 / #sctn-verifying-assertion step 15
    rpIdHashMatches: rpId === null ? null : equalBytes(parsed.rpIdHash, sha256(utf8(rpId))),
    flagsByte: parsed.flagsByte,
    flags: parsed.flags,
    signCount: parsed.signCount,
  };
  const acd = parsed.attestedCredentialData;
  if (acd) {
    out.aaguid = aaguidText(acd.aaguid);
    out.credentialId = toBase64url(acd.credentialId);
    const key = decodeCoseKey(acd.credentialPublicKey);
    out.publicKey = { cose: key.named, alg: key.alg, jwk: key.jwk, pem: key.spki ? toPem('PUBLIC KEY', key.spki) : null };
  }
  if (parsed.extensions !== undefined) out.extensions = jsonOf(parsed.extensions);
  return out;
}

function attempt<T>(part: string, problems: string[], run: () => T): T | null {
  try {
    return run();
  } catch (error) {
    problems.push(`${part}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

export function inspectCeremony(entry: CeremonyLogEntry): InspectedCeremony {
  const problems: string[] = [];
  const options = inspectOptions(entry.op, entry.options, callerOf(entry), entry.signal);
  const effective = options.effective;
  const rpId = effective && typeof effective === 'object' && !Array.isArray(effective) && typeof effective.rpId === 'string' ? effective.rpId : null;
  const raw: RawPart[] = [];
  const result = entry.result;
  const rawOptions = isWireObject(entry.options) ? entry.options : null;

  let clientData: InspectedCeremony['clientData'] = null;
  let authenticatorData: InspectedAuthenticatorData | null = null;
  let attestation: InspectedCeremony['attestation'] = null;
  if (result) {
    raw.push({ name: 'clientDataJSON', kind: 'json', base64url: result.clientDataJSON });
    clientData = attempt('clientDataJSON', problems, () => {
      const text = fromUtf8(fromBase64url(result.clientDataJSON));
      const json = JSON.parse(text) as Json;
      const sent = rawOptions && isWireBytes(rawOptions.challenge) ? rawOptions.challenge['\u0000bytes'] : null;
      const got = json && typeof json === 'object' && !Array.isArray(json) ? json.challenge : null;
      return { text, json, challengeMatches: sent === null ? null : got === sent };
    });
    if (result.kind === 'create') {
      raw.push({ name: 'attestationObject', kind: 'cbor', base64url: result.attestationObject });
      const parsed = attempt('attestationObject', problems, () => parseAttestationObject(fromBase64url(result.attestationObject)));
      if (parsed) attestation = { fmt: parsed.fmt, attStmt: jsonOf(parsed.attStmt) };
      raw.push({ name: 'publicKey (SPKI)', kind: 'bytes', base64url: result.publicKey });
    }
    raw.push({ name: 'authenticatorData', kind: 'bytes', base64url: result.authenticatorData });
    authenticatorData = attempt('authenticatorData', problems, () => decodeAuthData(fromBase64url(result.authenticatorData), rpId));
    if (authenticatorData?.publicKey) {
      const acd = parseAuthenticatorData(fromBase64url(result.authenticatorData)).attestedCredentialData!;
      raw.push({ name: 'credentialPublicKey (COSE)', kind: 'cbor', base64url: toBase64url(acd.credentialPublicKey) });
    }
    if (result.kind === 'get') {
      raw.push({ name: 'signature', kind: 'bytes', base64url: result.signature });
      if (result.userHandle !== null) raw.push({ name: 'userHandle', kind: 'bytes', base64url: result.userHandle });
    }
  }
  const error = entry.error ? { name: entry.error.name, message: entry.error.message, step: specStepOf(entry.op, entry.error.name) } : null;
  return {
    options,
    clientData,
    authenticatorData,
    attestation,
    extensions: {
      inputs: rawOptions ? jsonOf(rawOptions.extensions ?? null) : null,
      clientOutputs: result ? jsonOf(result.clientExtensionResults) : null,
      authenticatorOutputs: authenticatorData?.extensions ?? null,
    },
    error,
    raw,
    json: result ? credentialJson(result) : null,
    problems,
  };
}
