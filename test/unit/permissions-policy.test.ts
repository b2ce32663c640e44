/**
 * SECURITY.md case 23: the permissions policy is the browser's, not the page's.
 * https://w3c.github.io/webappsec-permissions-policy/ (header, inheritance) and
 * https://w3c.github.io/webauthn/#sctn-permissions-policy (default allowlist `self`).
 *
 * The pure parts (header parser, frame-tree combination) directly; the background's decision
 * (src/background/frame-policy.ts) over fake frames: a fake `tabs.sendMessage` answers as each
 * embedder's bridge would (with the real allow-attribute code), and a fake `webRequest` delivers
 * response headers.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { allowAttributeAllows } from '../../src/core/allow-attribute';
import { CeremonyError } from '../../src/core/errors';
import { policyAllows, type PolicyDocument } from '../../src/core/frame-tree-policy';
import { allowlistMatches, declaredAllowlist } from '../../src/core/permissions-policy-header';

const GET = 'publickey-credentials-get';

describe('case 23: the Permissions-Policy header parser (structured-field dictionary of allowlists)', () => {
  it('(), *, self and "origin" allowlists', () => {
    expect(declaredAllowlist(`${GET}=()`, GET)).toEqual({ all: false, self: false, origins: [] });
    expect(declaredAllowlist(`${GET}=*`, GET)).toEqual({ all: true, self: false, origins: [] });
    expect(declaredAllowlist(`${GET}=self`, GET)).toEqual({ all: false, self: true, origins: [] });
    expect(declaredAllowlist(`${GET}=(self "https://pay.example" "https://cdn.example:8443/x")`, GET)).toEqual({
      all: false,
      self: true,
      origins: ['https://pay.example', 'https://cdn.example:8443'],
    });
    expect(declaredAllowlist(`${GET}=(*)`, GET)?.all).toBe(true);
  });
  it('only the asked feature; a header that does not declare it → null (the default applies)', () => {
    const header = `geolocation=(), camera=(self), ${GET}=("https://pay.example");report-to=main, publickey-credentials-create=*`;
    expect(declaredAllowlist(header, GET)).toEqual({ all: false, self: false, origins: ['https://pay.example'] });
    expect(declaredAllowlist(header, 'publickey-credentials-create')?.all).toBe(true);
    expect(declaredAllowlist('geolocation=()', GET)).toBeNull();
    expect(declaredAllowlist('', GET)).toBeNull();
  });
  it('whitespace, tabs after commas, parameters and a later duplicate (which wins)', () => {
    expect(declaredAllowlist(`  geolocation=(self) ,\t${GET}=(self);a=1;b ,x=?0`, GET)).toEqual({ all: false, self: true, origins: [] });
    expect(declaredAllowlist(`${GET}=*, ${GET}=()`, GET)).toEqual({ all: false, self: false, origins: [] });
  });
  it('a value that is no allowlist declares the feature for nobody; bad origins are skipped', () => {
    expect(declaredAllowlist(GET, GET)).toEqual({ all: false, self: false, origins: [] });
    expect(declaredAllowlist(`${GET}=?1`, GET)).toEqual({ all: false, self: false, origins: [] });
    expect(declaredAllowlist(`${GET}=("not a url" "data:text/plain,x" none)`, GET)).toEqual({ all: false, self: false, origins: [] });
  });
  it('an invalid structured field is ignored as a whole', () => {
    for (const bad of [`${GET}=(`, `${GET}=()`.toUpperCase(), `${GET}=(), `, `${GET}="unterminated`, `${GET}=(self,x)`, `${GET}=() junk`, `${GET}=@`, `${GET}=('self')`, `${GET}=(self) ;a`]) {
      expect(declaredAllowlist(bad, GET), bad).toBeNull();
    }
  });
  it('matching: * anything, self the declaring origin, listed origins and subdomain wildcards', () => {
    const list = declaredAllowlist(`${GET}=(self "https://pay.example" "https://*.cdn.example")`, GET)!;
    const self = 'https://bank.example';
    expect(allowlistMatches(list, self, self)).toBe(true);
    expect(allowlistMatches(list, 'https://pay.example', self)).toBe(true);
    expect(allowlistMatches(list, 'https://a.cdn.example', self)).toBe(true);
    expect(allowlistMatches(list, 'https://cdn.example', self)).toBe(false);
    expect(allowlistMatches(list, 'http://a.cdn.example', self)).toBe(false);
    expect(allowlistMatches(list, 'https://evil.example', self)).toBe(false);
    expect(allowlistMatches(declaredAllowlist(`${GET}=()`, GET)!, self, self)).toBe(false);
  });
});

describe('case 23: the iframe allow attribute for the child’s origin', () => {
  const top = 'https://bank.example';
  it('names the feature → true/false; does not name it → null', () => {
    expect(allowAttributeAllows(GET, GET, 'https://pay.example', 'https://pay.example', top)).toBe(true);
    expect(allowAttributeAllows(`${GET} 'none'`, GET, top, top, top)).toBe(false);
    expect(allowAttributeAllows('camera', GET, 'https://pay.example', 'https://pay.example', top)).toBeNull();
  });
});

const TOP = 'https://bank.example';
const PAY = 'https://pay.example';
const WIDGET = 'https://widget.example';
const none = declaredAllowlist(`${GET}=()`, GET);
const selfOnly = declaredAllowlist(`${GET}=(self)`, GET);
const doc = (origin: string, container: boolean | null = null, declared: PolicyDocument['declared'] = null): PolicyDocument => ({ origin, declared, container });

describe('case 23: the frame tree decides (every ancestor, every header)', () => {
  it('a top document: allowed unless its header refuses its own origin', () => {
    expect(policyAllows([doc(TOP)])).toBe(true);
    expect(policyAllows([doc(TOP, null, none)])).toBe(false);
    expect(policyAllows([doc(TOP, null, selfOnly)])).toBe(true);
    expect(policyAllows([])).toBe(false);
  });
  it('a cross-origin child needs its container to delegate; a same-origin child does not, unless refused', () => {
    expect(policyAllows([doc(PAY), doc(TOP)])).toBe(false);
    expect(policyAllows([doc(PAY, true), doc(TOP)])).toBe(true);
    expect(policyAllows([doc(PAY, false), doc(TOP)])).toBe(false);
    expect(policyAllows([doc(TOP), doc(TOP)])).toBe(true);
    expect(policyAllows([doc(TOP, false), doc(TOP)])).toBe(false);
  });
  it('a grandchild whose parent delegated but whose grandparent did not → refused', () => {
    expect(policyAllows([doc(WIDGET, true), doc(PAY, null), doc(TOP)])).toBe(false);
    expect(policyAllows([doc(WIDGET, true), doc(PAY, false), doc(TOP)])).toBe(false);
    expect(policyAllows([doc(WIDGET, true), doc(PAY, true), doc(TOP)])).toBe(true);
    // a same-origin grandchild of a refused frame is refused too
    expect(policyAllows([doc(PAY, null), doc(PAY, null), doc(TOP)])).toBe(false);
  });
  it('an ancestor’s header limits its descendants even when its iframe allow delegates', () => {
    // top refuses everyone: nobody below may use it
    expect(policyAllows([doc(PAY, true), doc(TOP, null, none)])).toBe(false);
    // top allows itself only: its allow attribute cannot hand the feature on
    expect(policyAllows([doc(PAY, true), doc(TOP, null, selfOnly)])).toBe(false);
    // top lists the frame's origin: the allow attribute can
    expect(policyAllows([doc(PAY, true), doc(TOP, null, declaredAllowlist(`${GET}=(self "${PAY}")`, GET))])).toBe(true);
    // the middle frame's header refuses: the grandchild below it is refused
    expect(policyAllows([doc(WIDGET, true), doc(PAY, true, none), doc(TOP)])).toBe(false);
    // the requesting frame's own header refuses
    expect(policyAllows([doc(PAY, true, none), doc(TOP)])).toBe(false);
  });
  it('a deep tree is decided in linear time', () => {
    const chain = [...Array.from({ length: 5000 }, (_, i) => doc(`https://f${i}.example`, true)), doc(TOP)];
    const started = performance.now();
    expect(policyAllows(chain)).toBe(true);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

// --- the background's decision, over fake frames ------------------------------------------

interface FakeFrame {
  origin: string;
  /** the `<iframe>` elements in this document: child frame id → its allow and src */
  children: Record<number, { allow: string; src: string }>;
}

const browserMock = vi.hoisted(() => ({
  frames: new Map<number, FakeFrame>(),
  asked: [] as number[],
  session: new Map<string, unknown>(),
  webRequest: null as null | { onHeadersReceived: { addListener: (fn: (d: unknown) => void) => void } },
  headersListener: null as null | ((d: unknown) => void),
}));

vi.mock('webextension-polyfill', async () => {
  const { allowAttributeAllows: allows } = await import('../../src/core/allow-attribute');
  const m = browserMock;
  return {
    default: {
      tabs: {
        // What content-scripts/bridge.ts answers in the embedding frame.
        sendMessage: async (_tabId: number, query: { childFrameId: number; feature: string; childOrigin: string }, options: { frameId: number }) => {
          m.asked.push(options.frameId);
          const frame = m.frames.get(options.frameId);
          if (!frame) throw new Error('Could not establish connection. Receiving end does not exist.');
          const element = frame.children[query.childFrameId];
          if (!element) return null;
          return { origin: frame.origin, allows: allows(element.allow, query.feature, query.childOrigin, new URL(element.src).origin, frame.origin) };
        },
      },
      storage: {
        session: {
          get: async (keys: string[]) => Object.fromEntries(keys.filter((k) => m.session.has(k)).map((k) => [k, m.session.get(k)])),
          set: async (items: Record<string, unknown>) => {
            for (const [k, v] of Object.entries(items)) m.session.set(k, v);
          },
          remove: async (key: string) => {
            m.session.delete(key);
          },
        },
      },
      get webRequest() {
        return m.webRequest;
      },
    },
  };
});

const { checkFramePolicy } = await import('../../src/background/frame-policy');
const { watchHeaderPolicies } = await import('../../src/background/header-policies');

async function refusal(run: () => Promise<void>): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(CeremonyError);
    return (error as CeremonyError).name;
  }
}

/** top (0, bank) → 1 (pay, allow per `topAllows`) → 2 (widget, allowed by pay). */
function tree(topAllows: string): void {
  browserMock.frames = new Map<number, FakeFrame>([
    [0, { origin: TOP, children: { 1: { allow: topAllows, src: `${PAY}/frame` } } }],
    [1, { origin: PAY, children: { 2: { allow: GET, src: `${WIDGET}/frame` } } }],
    [2, { origin: WIDGET, children: {} }],
  ]);
}

const grandchild = { tabId: 7, frameId: 2, origin: WIDGET, ancestorFrameIds: [1, 0] };
const child = { tabId: 7, frameId: 1, origin: PAY, ancestorFrameIds: [0] };
const top = { tabId: 7, frameId: 0, origin: TOP, ancestorFrameIds: [] };

function headers(frameId: number, statusCode: number, policy: string | null, extra: { name: string; value: string }[] = []): void {
  const responseHeaders = [...extra, ...(policy === null ? [] : [{ name: 'Permissions-Policy', value: policy }])];
  browserMock.headersListener!({ tabId: 7, frameId, statusCode, responseHeaders });
}

describe('case 23: Chromium: the bridge’s own reading decides; the page’s claims are never asked', () => {
  beforeEach(() => {
    browserMock.webRequest = null;
    browserMock.asked = [];
    tree('');
  });
  it('the bridge says allowed → served, without asking any frame', async () => {
    expect(await refusal(() => checkFramePolicy(grandchild, 'get', true))).toBeNull();
    expect(browserMock.asked).toEqual([]);
  });
  it('the bridge says refused → NotAllowedError, also for a top document (a header refused it)', async () => {
    expect(await refusal(() => checkFramePolicy(top, 'get', false))).toBe('NotAllowedError');
  });
  it('no answer from the bridge (anything but a boolean) → the frame tree decides', async () => {
    expect(await refusal(() => checkFramePolicy(child, 'get', 'yes'))).toBe('NotAllowedError');
    expect(await refusal(() => checkFramePolicy(child, 'get', null))).toBe('NotAllowedError');
    tree(GET);
    expect(await refusal(() => checkFramePolicy(child, 'get', null))).toBeNull();
  });
});

describe('case 23: Firefox: every ancestor and every header, as the browser saw them', () => {
  beforeEach(() => {
    browserMock.webRequest = { onHeadersReceived: { addListener: (fn) => (browserMock.headersListener = fn) } };
    browserMock.asked = [];
    browserMock.session.clear();
    watchHeaderPolicies();
  });
  it('a grandchild whose direct embedder has allow= but whose grand-embedder did not delegate → refused; every ancestor is asked', async () => {
    tree('');
    expect(await refusal(() => checkFramePolicy(grandchild, 'get', null))).toBe('NotAllowedError');
    expect(browserMock.asked).toEqual([1, 0]);
    tree(GET);
    expect(await refusal(() => checkFramePolicy(grandchild, 'get', null))).toBeNull();
    // create was not delegated
    expect(await refusal(() => checkFramePolicy(grandchild, 'create', null))).toBe('NotAllowedError');
  });
  it('a claim of "allowed" changes nothing: the frame tree must allow too', async () => {
    tree('');
    expect(await refusal(() => checkFramePolicy(child, 'get', true))).toBe('NotAllowedError');
  });
  it('an ancestor that cannot be asked, or a chain that does not reach the top → refused', async () => {
    tree(GET);
    browserMock.frames.delete(1);
    expect(await refusal(() => checkFramePolicy(grandchild, 'get', null))).toBe('NotAllowedError');
    tree(GET);
    expect(await refusal(() => checkFramePolicy({ ...grandchild, ancestorFrameIds: [1] }, 'get', null))).toBe('NotAllowedError');
  });
  it('the header publickey-credentials-get=() refuses the same-origin top document; another document in that frame is allowed again', async () => {
    tree('');
    headers(0, 200, `geolocation=(), ${GET}=()`);
    expect(await refusal(() => checkFramePolicy(top, 'get', null))).toBe('NotAllowedError');
    expect(await refusal(() => checkFramePolicy(top, 'create', null))).toBeNull();
    // a redirect, a 204 and a download do not replace the document: still refused
    headers(0, 302, null);
    headers(0, 204, null);
    headers(0, 200, null, [{ name: 'Content-Disposition', value: 'attachment; filename="x.pdf"' }]);
    expect(await refusal(() => checkFramePolicy(top, 'get', null))).toBe('NotAllowedError');
    headers(0, 200, null);
    expect(await refusal(() => checkFramePolicy(top, 'get', null))).toBeNull();
  });
  it('an ancestor’s header that keeps the feature to itself refuses the frames it delegates to', async () => {
    tree(GET);
    headers(0, 200, `${GET}=(self)`);
    expect(await refusal(() => checkFramePolicy(top, 'get', null))).toBeNull();
    expect(await refusal(() => checkFramePolicy(child, 'get', null))).toBe('NotAllowedError');
    headers(0, 200, `${GET}=(self "${PAY}")`);
    expect(await refusal(() => checkFramePolicy(child, 'get', null))).toBeNull();
    // several header lines are one field
    browserMock.headersListener!({
      tabId: 7,
      frameId: 1,
      statusCode: 200,
      responseHeaders: [
        { name: 'permissions-policy', value: 'geolocation=()' },
        { name: 'Permissions-Policy', value: `${GET}=()` },
      ],
    });
    expect(await refusal(() => checkFramePolicy(child, 'get', null))).toBe('NotAllowedError');
  });
});
