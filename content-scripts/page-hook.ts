/**
 * Main-world script, run at document_start in every frame before any page script.
 *
 * It replaces `navigator.credentials.create/get` for `publicKey` requests only; everything
 * else (password, federated, otp, conditional mediation) goes to the browser's own
 * implementation untouched. It snapshots the options into a JSON-safe form, hands them to the
 * bridge, and turns the answer into objects shaped like the browser's own credential, with
 * errors created in the page's realm.
 *
 * It runs on every page, so it is small and does nothing until a site calls the API. Built-ins
 * are captured up front, so a page that later replaces `JSON`, `Array.prototype.*` or
 * `Promise.prototype.then` changes nothing here (SECURITY.md case 11).
 */
import { BYTES_TAG } from '../src/core/wire-value.js';
import type { AssertionResult, CeremonyResult, RegistrationResult } from '../src/core/results.js';
import { ABORT, REQUEST, RESPONSE, type PageResponse } from './page-channel.js';

type Dict = Record<string, unknown>;

(() => {
  const W = window;
  const Container = W.CredentialsContainer;
  const PKC = W.PublicKeyCredential;
  if (!Container || !PKC || !W.isSecureContext) return;

  const proto = Container.prototype;
  const nativeCreate = proto.create;
  const nativeGet = proto.get;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const objectCreate = Object.create;
  const isArray = Array.isArray;
  const isView = ArrayBuffer.isView;
  const AB = ArrayBuffer;
  const U8 = Uint8Array;
  const Prom = Promise;
  const DOMEx = DOMException;
  const TypeErr = TypeError;
  const random = Math.random;
  const post = W.postMessage;
  const listen = EventTarget.prototype.addEventListener;
  const unlisten = EventTarget.prototype.removeEventListener;
  const AttestationResponse = W.AuthenticatorAttestationResponse;
  const AssertionResponse = W.AuthenticatorAssertionResponse;

  let pending = false;
  const waiting: Record<string, (r: PageResponse) => void> = {};

  apply(listen, W, [
    'message',
    (e: MessageEvent) => {
      const d = e.data as PageResponse | null;
      if (e.source !== W || !d || d.t !== RESPONSE) return;
      const done = waiting[d.id];
      if (done) {
        delete waiting[d.id];
        done(d);
      }
    },
  ]);

  // base64url by hand, with no String.prototype methods a page could have replaced.
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const L: Record<string, number> = {};
  for (let i = 0; i < 64; i++) L[A[i]!] = i;
  const b64 = (bytes: Uint8Array): string => {
    let s = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      s += A[n >> 18]! + A[(n >> 12) & 63]!;
      if (i + 1 < bytes.length) s += A[(n >> 6) & 63]!;
      if (i + 2 < bytes.length) s += A[n & 63]!;
    }
    return s;
  };
  const buf = (s: string): ArrayBuffer => {
    const out = new U8((s.length * 3) >> 2);
    let acc = 0;
    let bits = 0;
    let o = 0;
    for (let i = 0; i < s.length; i++) {
      acc = (acc << 6) | L[s[i]!]!;
      bits += 6;
      if (bits >= 8) out[o++] = (acc >> (bits -= 8)) & 255;
    }
    return out.buffer;
  };

  // A JSON-safe snapshot of the page's dictionary; BufferSources become tagged base64url.
  const snap = (v: unknown, depth: number): unknown => {
    if (depth > 16) throw new TypeErr('options nested too deeply');
    if (typeof v === 'bigint' || typeof v === 'symbol') throw new TypeErr('cannot convert value');
    if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return v;
    if (v instanceof AB) return { [BYTES_TAG]: b64(new U8(v)) };
    if (isView(v)) return { [BYTES_TAG]: b64(new U8(v.buffer, v.byteOffset, v.byteLength)) };
    if (isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) out[i] = snap(v[i], depth + 1) ?? null;
      return out;
    }
    if (typeof v === 'function') return undefined;
    const out: Dict = {};
    for (const k in v as Dict) {
      if (k[0] === '\u0000') continue;
      const item = snap((v as Dict)[k], depth + 1);
      if (item !== undefined) out[k] = item;
    }
    return out;
  };

  // Extension outputs: tagged bytes (see src/core/results.ts) become fresh ArrayBuffers, or the
  // bare base64url string for toJSON().
  const ext = (v: unknown, json: boolean): unknown => {
    if (v === null || typeof v !== 'object') return v;
    const b = (v as Dict)[BYTES_TAG];
    if (typeof b === 'string') return json ? b : buf(b);
    const out: Dict = {};
    for (const k in v as Dict) out[k] = ext((v as Dict)[k], json);
    return out;
  };

  const def = (o: object, props: Dict): void => {
    for (const k in props) defineProperty(o, k, { value: props[k], enumerable: true });
  };

  const credential = (r: CeremonyResult): PublicKeyCredential => {
    const rawId = buf(r.id);
    const clientDataJSON = buf(r.clientDataJSON);
    const authenticatorData = buf(r.authenticatorData);
    const json: Dict = { clientDataJSON: r.clientDataJSON, authenticatorData: r.authenticatorData };
    let response: object;
    if (r.kind === 'create') {
      const c = r as RegistrationResult;
      response = objectCreate(AttestationResponse.prototype);
      const attestationObject = buf(c.attestationObject);
      def(response, {
        clientDataJSON,
        attestationObject,
        getTransports: () => c.transports.slice(),
        getAuthenticatorData: () => authenticatorData,
        getPublicKey: () => buf(c.publicKey),
        getPublicKeyAlgorithm: () => c.publicKeyAlgorithm,
      });
      def(json, {
        attestationObject: c.attestationObject,
        transports: c.transports.slice(),
        publicKey: c.publicKey,
        publicKeyAlgorithm: c.publicKeyAlgorithm,
      });
    } else {
      const a = r as AssertionResult;
      response = objectCreate(AssertionResponse.prototype);
      def(response, {
        clientDataJSON,
        authenticatorData,
        signature: buf(a.signature),
        userHandle: a.userHandle === null ? null : buf(a.userHandle),
      });
      def(json, { signature: a.signature });
      if (a.userHandle !== null) def(json, { userHandle: a.userHandle });
    }
    const cred = objectCreate(PKC.prototype) as PublicKeyCredential;
    def(cred, {
      id: r.id,
      rawId,
      type: 'public-key',
      response,
      authenticatorAttachment: r.authenticatorAttachment,
      getClientExtensionResults: () => ext(r.clientExtensionResults, false),
      // https://w3c.github.io/webauthn/#dom-publickeycredential-tojson
      toJSON: () => ({
        id: r.id,
        rawId: r.id,
        response: { ...json },
        authenticatorAttachment: r.authenticatorAttachment,
        clientExtensionResults: ext(r.clientExtensionResults, true),
        type: 'public-key',
      }),
    });
    return cred;
  };

  const ceremony = (op: 'create' | 'get', native: Function) =>
    function (this: CredentialsContainer, options?: CredentialCreationOptions & CredentialRequestOptions) {
      const self = this;
      const args = arguments;
      const publicKey = options ? options.publicKey : undefined;
      const mediation = options ? options.mediation : undefined;
      // Not a passkey request, or passkey autofill: the browser's own implementation.
      if (publicKey === undefined || mediation === 'conditional') return apply(native, self, args);
      return new Prom<unknown>((resolve, reject) => {
        const signal = options!.signal;
        // https://w3c.github.io/webauthn/#sctn-createCredential step: an aborted signal wins first.
        if (signal && signal.aborted) return reject(signal.reason);
        let snapshot: unknown;
        try {
          snapshot = snap(publicKey, 0);
        } catch (e) {
          return reject(e);
        }
        if (pending) return reject(new DOMEx('A request is already pending.', 'NotAllowedError'));
        pending = true;
        const id = b64(crypto.getRandomValues(new U8(16))) + random();
        const onAbort = () => {
          delete waiting[id];
          pending = false;
          apply(post, W, [{ t: ABORT, id }, '*']);
          reject(signal!.reason);
        };
        if (signal) apply(listen, signal, ['abort', onAbort]);
        waiting[id] = (d) => {
          pending = false;
          if (signal) apply(unlisten, signal, ['abort', onAbort]);
          if (!d.ok) {
            const { name, message } = d.error;
            return reject(name === 'TypeError' ? new TypeErr(message) : new DOMEx(message, name));
          }
          if ('handoff' in d) return resolve(apply(native, self, args));
          if ('none' in d) return resolve(null);
          resolve(credential(d.value));
        };
        apply(post, W, [{ t: REQUEST, id, op, mediation: mediation ?? null, options: snapshot }, '*']);
      });
    };

  const replace = (name: 'create' | 'get', fn: Function) =>
    defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: true });
  replace('create', ceremony('create', nativeCreate));
  replace('get', ceremony('get', nativeGet));
})();
