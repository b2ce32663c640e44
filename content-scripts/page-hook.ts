/**
 * Main-world script, run at document_start in every frame before any page script.
 *
 * It replaces `navigator.credentials.create/get` for `publicKey` requests only; everything
 * else (password, federated, otp, conditional create) goes to the browser's own
 * implementation untouched. A conditional get() (passkey autofill) goes to both: Passkeep's
 * list and the browser's own suggestions, whichever the person uses first. It snapshots the options into a JSON-safe form, hands them to the
 * bridge, and turns the answer into objects shaped like the browser's own credential, with
 * errors created in the page's realm. All validation happens in the background
 * (src/core/creation-options.ts, request-options.ts, signal-options.ts); this file stays a
 * thin snapshot + object builder because it runs on every page (budget 5,000 bytes minified;
 * the native-shaped results cost ~1.4 KB over it, README "Results shaped like the browser's own").
 *
 * It also replaces PublicKeyCredential's static helpers so that they agree with the ceremony
 * Passkeep runs: isUserVerifyingPlatformAuthenticatorAvailable, isConditionalMediationAvailable,
 * getClientCapabilities, parse{Creation,Request}OptionsFromJSON and the Signal API.
 *
 * Built-ins are captured up front, so a page that later replaces `JSON`, `Array.prototype.*`,
 * `Promise.prototype.then` or `Promise.resolve` changes nothing here (SECURITY.md case 11).
 */
import { BYTES_TAG } from '../src/core/wire-value.js';
import { MAX_TIMEOUT_MS } from '../src/core/timeout.js';
import type { CeremonyResult, RegistrationResult } from '../src/core/results.js';
import type { WireError } from '../src/core/protocol.js';
import { ABORT, REQUEST, RESPONSE, STOOD_BACK, type EarlyStop, type PageResponse, type SignalKind } from './page-channel.js';
import { navigatorOverride, standBackReason } from './stand-back.js';
import { takeOver } from './hook-takeover.js';
import { bridgePing } from './bridge-ping.js';
import { apply, define, describe } from './hook-builtins.js';

type Dict = Record<string, unknown>;

(() => {
  const W = window;
  const Container = W.CredentialsContainer;
  const PKC = W.PublicKeyCredential;
  if (!Container || !PKC || !W.isSecureContext) return;
  // Before anything is captured: a hook of an earlier instance of the extension puts the
  // browser's own functions back (./hook-takeover.ts); every replacement below goes through `own`.
  const { own, earlier, retire } = takeOver(W, (o) => slotOf(o));
  const bridged = bridgePing(W);

  const proto = Container.prototype;
  const nativeCreate = proto.create;
  const nativeGet = proto.get;
  const objectCreate = Object.create;
  const isArray = Array.isArray;
  const isView = ArrayBuffer.isView;
  const AB = ArrayBuffer;
  const U8 = Uint8Array;
  const Prom = Promise;
  const DOMEx = DOMException;
  const TypeErr = TypeError;
  const Signal = AbortSignal;
  const AC = AbortController;
  const abortCtl = AC.prototype.abort;
  const then = Prom.prototype.then;
  // Request ids need only be unique in this window (the page sees every message on it anyway):
  // Math.random spares creating `crypto` on every page.
  const random = Math.random;
  const setT = setTimeout;
  const clearT = clearTimeout;
  const post = W.postMessage;
  const listen = EventTarget.prototype.addEventListener;
  const unlisten = EventTarget.prototype.removeEventListener;
  const AttestationResponse = W.AuthenticatorAttestationResponse;
  const AssertionResponse = W.AuthenticatorAssertionResponse;
  const hasFocus = Document.prototype.hasFocus;

  // Another extension or a page script already replaced or locked navigator.credentials:
  // Passkeep stands back entirely (no stacking on someone else's override, no error in the
  // page) and says so, for the toolbar badge and the popup (./stand-back.ts).
  const stoodBack = standBackReason(proto);
  if (stoodBack) return void apply(post, W, [{ t: STOOD_BACK, reason: stoodBack }, '*']);

  let pending = false;
  // The bridge's answers, listened for from the first request on.
  let table: Record<string, (r: PageResponse) => void> | undefined;
  const answers = () => {
    if (table) return table;
    const w: Record<string, (r: PageResponse) => void> = (table = {});
    apply(listen, W, [
      'message',
      (e: MessageEvent) => {
        const d = e.data as PageResponse | null;
        if (e.source !== W || !d || d.t !== RESPONSE) return;
        w[d.id]?.(d);
      },
    ]);
    return w;
  };

  // base64url by hand, with no String.prototype methods a page could have replaced.
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let L: Record<string, number> | undefined; // the decoding table, built on first use
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
  /** Strict unpadded base64url; anything else is an EncodingError (parse*FromJSON's error). */
  const buf = (s: string): ArrayBuffer => {
    if (!L) {
      L = {};
      for (let i = 0; i < 64; i++) L[A[i]!] = i;
    }
    const out = new U8((s.length * 3) >> 2);
    let acc = 0;
    let bits = 0;
    let o = 0;
    for (let i = 0; i < s.length + (s.length % 4 == 1 ? 1 : 0); i++) {
      const v = L[s[i]!];
      if (v === undefined) throw new DOMEx('base64url', 'EncodingError');
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) out[o++] = (acc >> (bits -= 8)) & 255;
    }
    return out.buffer;
  };

  // ArrayBuffer's own byteLength getter answers only for a (non-shared) ArrayBuffer of any realm.
  const abLength = describe(AB.prototype, 'byteLength')!.get!;
  const isAB = (v: unknown): boolean => {
    try {
      return apply(abLength, v, []) >= 0;
    } catch {
      return false;
    }
  };

  // A JSON-safe snapshot of the page's dictionary; BufferSources become tagged base64url.
  // https://webidl.spec.whatwg.org/#BufferSource: without [AllowShared] a view of a
  // SharedArrayBuffer is a TypeError (a bare one is no ArrayBuffer: the background's
  // conversion of the member refuses it).
  const snap = (v: unknown, depth: number): unknown => {
    if (depth > 16) throw new TypeErr('depth');
    if (typeof v === 'bigint' || typeof v === 'symbol') throw new TypeErr(typeof v);
    if (v === null || typeof v != 'object') return typeof v == 'function' ? undefined : v;
    if (isAB(v)) return { [BYTES_TAG]: b64(new U8(v as ArrayBuffer)) };
    if (isView(v)) {
      if (!isAB(v.buffer)) throw new TypeErr('shared');
      return { [BYTES_TAG]: b64(new U8(v.buffer, v.byteOffset, v.byteLength)) };
    }
    if (isArray(v)) {
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) out[i] = snap(v[i], depth + 1) ?? null;
      return out;
    }
    const out: Dict = {};
    for (const k in v as Dict) {
      if (k[0] === '\u0000') continue;
      const item = snap((v as Dict)[k], depth + 1);
      if (item !== undefined) out[k] = item;
    }
    return out;
  };

  /**
   * Extension outputs carry bytes tagged like wire bytes: ArrayBuffers for
   * getClientExtensionResults(), base64url strings for toJSON().
   */
  const ext = (v: unknown, json: boolean): unknown => {
    if (!v || typeof v !== 'object') return v;
    const tagged = (v as Dict)[BYTES_TAG];
    if (typeof tagged === 'string') return json ? tagged : buf(tagged);
    const out: Dict = isArray(v) ? ([] as unknown as Dict) : {};
    for (const k in v as Dict) out[k] = ext((v as Dict)[k], json);
    return out;
  };

  const replace = (o: object, name: string, value: unknown) => own(o, name, { value, writable: true, configurable: true, enumerable: true });

  // Passkeep's results are ordinary objects on the browser's own prototypes, with no own
  // properties: their attribute values and methods live here, keyed by the object, where no
  // page script can reach them. The prototypes' accessors and methods are wrapped (below) to
  // answer for these objects and to call the browser's own for every other object.
  const WM = WeakMap.prototype;
  const wmGet = WM.get;
  const wmSet = WM.set;
  const slots = new WeakMap<object, Dict>();
  const slotOf = (o: unknown): Dict | undefined => apply(wmGet, slots, [o]) ?? (earlier(o) as Dict | undefined);
  // Each wrapper, and the native function it stands for: Function.prototype.toString answers
  // with the native's text ("function get id() { [native code] }"), so a wrapper reads as native.
  const natives = new WeakMap<Function, Function>();
  const FP = Function.prototype;
  const fnText = FP.toString;
  const disguise = <F extends Function>(wrapper: F, native: Function): F => (apply(wmSet, natives, [wrapper, native]), wrapper);
  const text = { toString() { return apply(fnText, apply(wmGet, natives, [this]) ?? this, []); } }.toString;
  own(FP, 'toString', { value: disguise(text, fnText), writable: true, configurable: true });

  // https://w3c.github.io/webauthn/#iface-pkcredential, #iface-authenticatorresponse and the two
  // response interfaces: every accessor and operation the browser defines on these prototypes.
  // Wrappers are made as a getter and a method of an object literal, so that, like the
  // browser's own, they are named "get id" / "toJSON", have length 0 and cannot be constructed.
  const names = Object.getOwnPropertyNames;
  const ifaces = [W.Credential, PKC, W.AuthenticatorResponse, AttestationResponse, AssertionResponse];
  for (let i = 0; i < ifaces.length; i++) {
    const P = ifaces[i]?.prototype;
    if (!P) continue;
    const keys = names(P);
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j]!;
      const d = describe(P, k)!;
      const g = d.get;
      const f = d.value;
      if (g) {
        d.get = disguise(
          describe(
            {
              get [k]() {
                const s = slotOf(this);
                return s ? s[k] : apply(g, this, []);
              },
            },
            k,
          )!.get!,
          g,
        );
      } else if (k != 'constructor' && typeof f == 'function') {
        d.value = disguise(
          {
            [k](...a: unknown[]) {
              const s = slotOf(this);
              return s ? (s[k] as Function)() : apply(f, this, a);
            },
          }[k]!,
          f,
        );
      } else continue;
      own(P, k, d);
    }
  }

  /** A Passkeep result: an object of `Interface`'s prototype whose members are `members`. */
  const make = (Interface: { prototype: object }, members: Dict): object => {
    const o = objectCreate(Interface.prototype) as object;
    apply(wmSet, slots, [o, members]);
    return o;
  };

  // https://w3c.github.io/webauthn/#iface-pkcredential and #dom-publickeycredential-tojson: the
  // wire result already holds every response member as base64url, which is toJSON()'s form.
  const credential = (r: CeremonyResult): PublicKeyCredential => {
    const { kind, id, authenticatorAttachment, clientExtensionResults, ...json } = r as unknown as Dict;
    const bytes: Dict = {};
    for (const k in json) bytes[k] = typeof json[k] == 'string' ? buf(json[k] as string) : json[k];
    if (json.userHandle === null) delete json.userHandle;
    const c = r as RegistrationResult;
    const response = make(
      kind === 'create' ? AttestationResponse : AssertionResponse,
      kind === 'create'
        ? {
            clientDataJSON: bytes.clientDataJSON,
            attestationObject: bytes.attestationObject,
            getTransports: () => [...c.transports],
            getAuthenticatorData: () => bytes.authenticatorData,
            getPublicKey: () => buf(c.publicKey),
            getPublicKeyAlgorithm: () => c.publicKeyAlgorithm,
          }
        : bytes,
    );
    return make(PKC, {
      id,
      rawId: buf(id as string),
      type: 'public-key',
      response,
      authenticatorAttachment,
      getClientExtensionResults: () => ext(clientExtensionResults, false),
      toJSON: () => ({
        id,
        rawId: id,
        response: ext(json, true),
        authenticatorAttachment,
        clientExtensionResults: ext(clientExtensionResults, true),
        type: 'public-key',
      }),
    }) as PublicKeyCredential;
  };

  // A 'RangeError' stays a DOMException: Chromium's own too-long allowCredentials is
  // `DOMException { name: "RangeError" }`, not the JS RangeError (checked in Chromium 156, and
  // asserted against it in test/e2e/native-shapes.test.ts).
  const error = (e: WireError): Error => (e.name === 'TypeError' ? new TypeErr(e.message) : new DOMEx(e.message, e.name));

  /**
   * One round trip to the background. An abort during the request rejects with exactly
   * `signal.reason` and tells the background to close the prompt; a request sent with an
   * already-aborted signal is only converted (Web IDL errors win) and then rejects the same way.
   */
  const send = (msg: Dict, ok: (d: PageResponse) => void, ko: (e: unknown) => void, signal?: AbortSignal): (() => void) => {
    // No live bridge in this frame (the extension was reloaded or removed under the page):
    // the browser's own implementation answers instead (./bridge-ping.ts).
    // Answered in a later microtask, as a bridge reply would be: the caller's own `cancel` exists by then.
    if (!bridged()) {
      apply(then, new Prom((r) => r(0)), [() => ok({ ok: true, handoff: true } as PageResponse)]);
      return () => undefined;
    }
    const waiting = answers();
    const id = '' + random();
    // Withdraws the request unanswered (the background closes what it showed).
    const cancel = () => {
      if (!waiting[id]) return;
      delete waiting[id];
      apply(post, W, [{ t: ABORT, id }, '*']);
    };
    const onAbort = () => {
      cancel();
      ko(signal!.reason);
    };
    if (signal && !signal.aborted) apply(listen, signal, ['abort', onAbort]);
    // A backstop past the longest timeout the background allows: if the extension was unloaded
    // without a port disconnect (Firefox removes content scripts on reload), still settle.
    const backstop = setT(() => waiting[id]?.({ ok: false, error: { name: 'NotAllowedError', message: '' } } as PageResponse), MAX_TIMEOUT_MS + 5e3);
    waiting[id] = (d) => {
      delete waiting[id];
      clearT(backstop);
      if (signal) apply(unlisten, signal, ['abort', onAbort]);
      if (d.ok) ok(d);
      else ko(d.error.name === 'AbortError' && signal ? signal.reason : error(d.error));
    };
    msg.t = REQUEST;
    msg.id = id;
    apply(post, W, [msg, '*']);
    return cancel;
  };

  // https://w3c.github.io/webappsec-credential-management/#dom-credentialscontainer-create and
  // #dom-credentialscontainer-get: Web IDL conversion, then an aborted signal, then more than
  // one credential type, then (as browsers do) one pending request per document, then the
  // WebAuthn algorithm itself; the background keeps that order (src/background/ceremony.ts).
  const ceremony = (op: 'create' | 'get', native: Function) =>
    function (this: CredentialsContainer) {
      const self = this;
      const args = arguments;
      const options = args[0] as Dict | undefined;
      const publicKey = options ? options.publicKey : undefined;
      const mediation = options ? options.mediation : undefined;
      // Not a passkey request, or a conditional create(): the browser's own implementation.
      if (publicKey === undefined || (mediation === 'conditional' && op == 'create')) return apply(native, self, args);
      // Passkey autofill: Passkeep's list and the browser's own conditional request both wait
      // for the person (src/background/autofill.ts); it takes no slot of the one pending request.
      const both = mediation === 'conditional';
      return new Prom<unknown>((resolve, reject) => {
        const signal = options!.signal as AbortSignal | undefined;
        if (signal !== undefined && !(signal instanceof Signal)) throw new TypeErr('signal');
        const msg: Dict = { op, mediation: snap(mediation, 0) ?? null, uiMode: snap(options!.uiMode, 0) ?? null, options: snap(publicKey, 0) };
        const stop: EarlyStop | null = signal?.aborted
          ? 'AbortError'
          : (options!.password ?? options!.federated ?? options!.identity) !== undefined
            ? 'NotSupportedError'
            : pending && !both
              ? 'NotAllowedError'
              : null;
        msg.stop = stop;
        const mine = !stop && !both;
        if (mine) pending = true;
        let settled = false;
        let fails = 0;
        let stopNative = () => {};
        const end = (f: (v: unknown) => void) => (v: unknown) => {
          // Autofill: the first credential settles the page's promise and ends the other
          // request; a failure waits for the other one, unless both failed.
          if (settled || (both && f == reject && ++fails < 2)) return;
          settled = true;
          if (mine) pending = false;
          stopNative();
          cancel();
          f(v);
        };
        const cancel = send(
          msg,
          (d) => {
            if (both && !('value' in d)) return end(reject)(new DOMEx('', 'NotAllowedError'));
            if ('handoff' in d) {
              const call = () => end(resolve)(apply(native, self, args));
              // The browser's own WebAuthn refuses a document without the focus (Firefox), and
              // after Passkeep's prompt the focus comes back to this window only a moment later.
              return d.handoff == 'after-prompt' && !apply(hasFocus, document, []) ? apply(listen, W, ['focus', call, { once: true }]) : call();
            }
            end(resolve)('value' in d ? credential(d.value) : null);
          },
          end(reject),
          signal,
        );
        if (both) {
          // The browser's own conditional request, so that its own autofill suggestions still
          // appear: the page's options on a signal of ours that follows the page's.
          const ctl = new AC();
          const abort = (r?: unknown) => apply(abortCtl, ctl, [r]);
          const o = objectCreate(options!) as Dict;
          define(o, 'signal', { value: ctl.signal });
          if (signal) signal.aborted ? abort(signal.reason) : apply(listen, signal, ['abort', () => abort(signal.reason)]);
          stopNative = abort;
          apply(then, apply(native, self, [o]), [end(resolve), end(reject)]);
        }
      });
    };

  // The first call of anything replaced looks at navigator and navigator.credentials
  // (./stand-back.ts navigatorOverride): someone else's override there means standing back after all,
  // with every replacement put back and this call, and any later one, going to the browser's own.
  let stood: boolean | undefined;
  const standing = (): boolean => {
    if (stood === undefined) {
      const reason = navigatorOverride(W, fnText, Container);
      stood = !!reason;
      if (reason) {
        retire();
        apply(post, W, [{ t: STOOD_BACK, reason }, '*']);
      }
    }
    return stood;
  };

  // Replaces o[k] with f behind a method named k with f's length: like the browser's own
  // operations it has no `prototype` and cannot be constructed, and it prints as the native
  // function it replaces.
  const swap = (o: object, k: string, f: Function): void => {
    const native = (o as Dict)[k] as Function | undefined;
    const m = {
      [k]() {
        return apply(standing() ? (native ?? f) : f, this, arguments);
      },
    }[k]!;
    define(m, 'length', { value: f.length, configurable: true });
    replace(o, k, disguise(m, native ?? m));
  };

  swap(proto, 'create', ceremony('create', nativeCreate));
  swap(proto, 'get', ceremony('get', nativeGet));
  // https://w3c.github.io/webauthn/#sctn-storeCredential: storing a PublicKeyCredential is
  // NotSupportedError; the browser's own store() would first refuse Passkeep's object as no
  // Credential of its own (a TypeError), which a native credential never gets.
  const nativeStore = proto.store;
  swap(proto, 'store', function (this: CredentialsContainer, credential: unknown) {
    return slotOf(credential)
      ? new Prom((_, no) => no(new DOMEx('Store operation not permitted for this credential type.', 'NotSupportedError')))
      : apply(nativeStore, this, arguments);
  });

  // The browser's own statics, for when Passkeep cannot answer (no live bridge).
  const nativeStatics: Dict = {};
  const background = (msg: Dict, map: (d: PageResponse) => unknown, k: string, a: ArrayLike<unknown>) =>
    new Prom((resolve, reject) =>
      send({ stop: null, ...msg }, (d) => resolve('handoff' in d ? nativeStatics[k] && apply(nativeStatics[k] as Function, PKC, a) : map(d)), reject),
    );

  // https://w3c.github.io/webauthn/#sctn-signal-methods: validated and applied in the background
  // for the caller's own RP ID; resolves with undefined, shows nothing.
  const signalMethod = (kind: SignalKind, k: string) =>
    function (options: unknown) {
      return background({ op: 'signal', kind, options: snap(options, 0) ?? null }, () => undefined, k, arguments);
    };

  // https://w3c.github.io/webauthn/#sctn-parseCreationOptionsFromJSON: base64url members become
  // ArrayBuffers (bad encoding: EncodingError); missing required members: TypeError.
  const bytesKeys: Dict = { challenge: 1, id: 1, first: 1, second: 1, write: 1 };
  const fromJSON = (v: unknown, key: string, parent: string): unknown => {
    if (typeof v === 'string') return bytesKeys[key] && parent !== 'rp' ? buf(v) : v;
    if (!v || typeof v !== 'object') return v;
    const out: Dict = isArray(v) ? ([] as unknown as Dict) : {};
    for (const k in v as Dict) out[k] = fromJSON((v as Dict)[k], k, key);
    return out;
  };
  // The dictionaries' defaults, as Web IDL fills them in and as Chromium's own returns them
  // (test/e2e/native-shapes.test.ts compares the two).
  // https://w3c.github.io/webauthn/#dictdef-publickeycredentialcreationoptionsjson
  const creationDefaults = (o: Dict): void => {
    o.attestation ??= 'none';
    o.excludeCredentials ??= [];
    o.hints ??= [];
    const s = o.authenticatorSelection as Dict | undefined;
    if (s) s.requireResidentKey ??= false;
  };
  // https://w3c.github.io/webauthn/#dictdef-publickeycredentialrequestoptionsjson
  const requestDefaults = (o: Dict): void => {
    o.allowCredentials ??= [];
    o.hints ??= [];
    o.userVerification ??= 'preferred';
  };
  // Each required member's path, walked a character at a time: no String.prototype method a
  // page could have replaced, and nothing split at document_start.
  const parse = (required: string[], defaults: (o: Dict) => void) => (json: unknown) => {
    const out = fromJSON(json ?? {}, '', '') as Dict;
    for (let i = 0; i < required.length; i++) {
      const path = required[i]!;
      let v: unknown = out;
      let k = '';
      for (let j = 0; j <= path.length; j++) {
        if (j < path.length && path[j] != '.') k += path[j];
        else (v = v == null ? v : (v as Dict)[k]), (k = '');
      }
      if (v == null) throw new TypeErr(path);
    }
    defaults(out);
    return out;
  };

  // The testing build answers only on its allowed origins, which the background alone knows: it
  // is asked (a `caps` request; off the list it hands over, and the browser's own method answers).
  // The store build answers these two here, at once: the define removes the testing branch.
  const statics: Dict = {
    // Passkeep verifies the user with its PIN.
    isUserVerifyingPlatformAuthenticatorAvailable:
      typeof __PASSKEEP_TESTING__ !== 'undefined' && __PASSKEEP_TESTING__
        ? () => background({ op: 'caps', options: null }, () => true, 'isUserVerifyingPlatformAuthenticatorAvailable', [])
        : () => new Prom((r) => r(true)),
    // Passkeep offers its own autofill list wherever this hook runs, and a conditional get()
    // still starts the browser's own (https://w3c.github.io/webauthn/#dom-publickeycredential-isconditionalmediationavailable).
    isConditionalMediationAvailable:
      typeof __PASSKEEP_TESTING__ !== 'undefined' && __PASSKEEP_TESTING__
        ? () => background({ op: 'caps', options: null }, () => true, 'isConditionalMediationAvailable', [])
        : () => new Prom((r) => r(true)),
    // Passkeep's capabilities merged with the browser's own, for the requests it steps aside
    // for (src/core/client-capabilities.ts); the browser's record is read here, in the page.
    getClientCapabilities: () => {
      const ask = (own: unknown) => background({ op: 'caps', options: snap(own, 0) ?? null }, (d) => (d as { caps: Dict }).caps, 'getClientCapabilities', []);
      const own = nativeStatics.getClientCapabilities as Function | undefined;
      return own ? apply(then, apply(own, PKC, []), [ask, () => ask(null)]) : ask(null);
    },
    signalUnknownCredential: signalMethod('unknown', 'signalUnknownCredential'),
    signalAllAcceptedCredentials: signalMethod('accepted', 'signalAllAcceptedCredentials'),
    signalCurrentUserDetails: signalMethod('details', 'signalCurrentUserDetails'),
    parseCreationOptionsFromJSON: parse(['challenge', 'rp.name', 'user.id', 'user.name', 'user.displayName', 'pubKeyCredParams'], creationDefaults),
    parseRequestOptionsFromJSON: parse(['challenge'], requestDefaults),
  };
  for (const k in statics) {
    nativeStatics[k] = (PKC as unknown as Dict)[k];
    swap(PKC, k, statics[k] as Function);
  }
})();
