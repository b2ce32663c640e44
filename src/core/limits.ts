/**
 * Every size a page controls, in one place (SECURITY.md case 24: nothing a page sends can stall
 * the background). Each bound is generous for every real relying party and small enough that
 * the work behind it (conversion, matching, hashing) is a few milliseconds; each check that uses
 * it is linear in the input. Where the spec names an error it is used; where it is silent,
 * Chromium's behaviour is copied and said so.
 *
 * | what | bound | where it is checked | what the page gets |
 * | --- | --- | --- | --- |
 * | the whole request (options as JSON) | MAX_REQUEST_CHARS | bridge, then background | RangeError (DOMException) |
 * | allowCredentials / excludeCredentials | MAX_CREDENTIAL_LIST | prepare-get / prepare-create | RangeError (DOMException) |
 * | user.name, user.displayName, rp.name (stored) | MAX_STORED_NAME_BYTES | truncated, not refused | — |
 * | largeBlob write | LARGE_BLOB_MAX_BYTES (extension-results.ts) | at write time | written: false |
 * | rp.id / rpId | the caller's host length | rp-id.ts | SecurityError |
 *
 * Bounded only by MAX_REQUEST_CHARS, on purpose (the spec and Chromium set no limit, and each is
 * processed in one linear pass): challenge, pubKeyCredParams (the first supported entry wins),
 * hints, credential ids (a vault look-up hashes each once), prf inputs (each hashed once, only
 * for the chosen credential), evalByCredential (matched against allowCredentials through a Set,
 * so it can hold at most MAX_CREDENTIAL_LIST valid keys), and the Signal API's lists.
 */

/**
 * The largest request (the JSON of the page's options) that crosses from the bridge to the
 * background: 128 Ki UTF-16 code units, i.e. JSON.stringify(options).length.
 *
 * A real request is under 4 Ki. 64 credential ids of the spec's maximum length (1023 bytes,
 * https://w3c.github.io/webauthn/#credential-id) take about 90 Ki, and still fit; what does not
 * fit is, for example, those same 64 ids again as prf.evalByCredential keys, which no relying
 * party sends. Beyond this cap the bridge answers without opening a port, and the background
 * refuses a larger message before converting it. Converting a request of this size is a few
 * milliseconds, and it is the most any one message can cost the background (the e2e test in
 * test/e2e/security-size.test.ts measures another tab's prompt while a tab sends these in a loop).
 *
 * Error: the spec is silent; Chromium rejects an over-long `challenge`, `user.id` or credential
 * list with a DOMException named "RangeError" ("… exceeds the maximum allowed size"), so the
 * same error is used here.
 */
export const MAX_REQUEST_CHARS = 128 * 1024;

/**
 * What the bridge adds around the options it measured (type, op, kind, stop, allow): the
 * background measures the whole message against MAX_REQUEST_CHARS plus this, so that anything
 * the bridge lets through also passes there.
 */
export const MAX_ENVELOPE_CHARS = 1024;

/**
 * allowCredentials and excludeCredentials: at most 64 descriptors, Chromium's
 * `blink::mojom::kPublicKeyCredentialDescriptorListMaxSize`, checked by its renderer right after
 * Web IDL conversion (and after the permissions-policy check), with a DOMException named
 * "RangeError": "The `allowCredentials` attribute exceeds the maximum allowed size (64)."
 * The spec sets no limit; a relying party lists one user's credentials, rarely more than ten.
 */
export const MAX_CREDENTIAL_LIST = 64;

/**
 * user.name, user.displayName and rp.name as Passkeep stores and shows them. The spec lets an
 * authenticator truncate these (https://w3c.github.io/webauthn/#sctn-strings-truncation: it
 * MUST keep at least 64 bytes and should truncate on a character boundary), so a long value is
 * shortened, never refused: 256 bytes is four times that floor and longer than any e-mail
 * address (254), so only a page trying to bloat the vault or the prompt is affected.
 */
export const MAX_STORED_NAME_BYTES = 256;

/** The DOMException name Chromium uses for these bounds (see MAX_REQUEST_CHARS). */
export const SIZE_ERROR = 'RangeError';
