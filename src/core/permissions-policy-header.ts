/**
 * The `Permissions-Policy` HTTP response header, as far as Passkeep needs it: the declared
 * allowlist of one feature (`publickey-credentials-create` / `-get`).
 * https://w3c.github.io/webappsec-permissions-policy/#permissions-policy-http-header-field and
 * https://w3c.github.io/webappsec-permissions-policy/#algo-parse-policy-directive, over a
 * structured-field dictionary (RFC 8941 §3.2, parsed as §4.2 says).
 *
 * Decisions:
 *  - a header that is not a valid structured-field dictionary is ignored as a whole (RFC 8941
 *    §4.2: "fail parsing" discards the field), as Chromium does;
 *  - several header lines are one field, joined with ", " (RFC 9110 §5.3) by the caller;
 *  - a member that is neither `*`, `self`, a string nor an inner list of those (e.g. a bare key,
 *    which is the boolean true) declares the feature with an empty allowlist: nobody;
 *  - a string that is not a URL with a non-opaque origin is skipped; `"https://*.example.com"`
 *    matches the subdomains of example.com with that scheme and port (the spec's and Chromium's
 *    wildcard origins); parameters are ignored.
 */

/** One feature's declared allowlist. `self` is resolved by `allowlistMatches`. */
export interface Allowlist {
  all: boolean;
  self: boolean;
  /** serialized origins, or `scheme://*.host[:port]` patterns */
  origins: string[];
}

type Bare = { kind: 'token' | 'string' | 'other'; value: string };
type Member = Bare | { kind: 'list'; items: Bare[] };

const KEY_START = /[a-z*]/;
const KEY_CHAR = /[a-z0-9_\-.*]/;
const TOKEN_START = /[A-Za-z*]/;
const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    return this.s[this.i] ?? '';
  }
  fail(): never {
    throw new SyntaxError(`Permissions-Policy: invalid structured field at ${this.i}`);
  }
  spaces(ows: boolean): void {
    while (this.peek() === ' ' || (ows && this.peek() === '\t')) this.i++;
  }
  key(): string {
    if (!KEY_START.test(this.peek())) this.fail();
    const start = this.i++;
    while (KEY_CHAR.test(this.peek())) this.i++;
    return this.s.slice(start, this.i);
  }
  bare(): Bare {
    const c = this.peek();
    if (c === '"') return { kind: 'string', value: this.string() };
    if (TOKEN_START.test(c)) {
      const start = this.i++;
      while (TOKEN_CHAR.test(this.peek())) this.i++;
      return { kind: 'token', value: this.s.slice(start, this.i) };
    }
    if (c === '-' || /[0-9]/.test(c)) return this.matchOther(/^-?[0-9]{1,15}(\.[0-9]{1,3})?/);
    if (c === '?') return this.matchOther(/^\?[01]/);
    if (c === ':') return this.matchOther(/^:[A-Za-z0-9+/=]*:/);
    return this.fail();
  }
  matchOther(pattern: RegExp): Bare {
    const m = pattern.exec(this.s.slice(this.i));
    if (!m) this.fail();
    this.i += m[0].length;
    return { kind: 'other', value: m[0] };
  }
  string(): string {
    let out = '';
    this.i++; // the opening quote
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) this.fail();
      if (c === '"') return out;
      if (c === '\\') {
        const next = this.s[this.i++];
        if (next !== '"' && next !== '\\') this.fail();
        out += next;
      } else if (c < ' ' || c > '~') this.fail();
      else out += c;
    }
  }
  params(): void {
    while (this.peek() === ';') {
      this.i++;
      this.spaces(false);
      this.key();
      if (this.peek() === '=') {
        this.i++;
        this.bare();
      }
    }
  }
  member(): Member {
    if (this.peek() !== '(') {
      const item = this.bare();
      this.params();
      return item;
    }
    this.i++;
    const items: Bare[] = [];
    for (;;) {
      this.spaces(false);
      if (this.peek() === ')') {
        this.i++;
        this.params();
        return { kind: 'list', items };
      }
      items.push(this.bare());
      this.params();
      const c = this.peek();
      if (c !== ' ' && c !== ')') this.fail();
    }
  }
}

/** RFC 8941 §4.2.2: a dictionary; later duplicates of a key replace earlier ones. */
function parseDictionary(field: string): Map<string, Member> {
  const r = new Reader(field);
  const out = new Map<string, Member>();
  r.spaces(false);
  while (r.i < field.length) {
    const key = r.key();
    let value: Member;
    if (r.peek() === '=') {
      r.i++;
      value = r.member();
    } else {
      r.params();
      value = { kind: 'other', value: '?1' };
    }
    out.set(key, value);
    r.spaces(true);
    if (r.i >= field.length) break;
    if (r.peek() !== ',') r.fail();
    r.i++;
    r.spaces(true);
    if (r.i >= field.length) r.fail(); // a trailing comma
  }
  return out;
}

function originOf(text: string): string | null {
  try {
    const url = new URL(text);
    if (url.origin === 'null') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * The allowlist `field` declares for `feature`, or null when the header does not declare it
 * (then the feature's default allowlist, `self`, applies) or is not a valid dictionary.
 */
export function declaredAllowlist(field: string, feature: string): Allowlist | null {
  let dictionary: Map<string, Member>;
  try {
    dictionary = parseDictionary(field);
  } catch {
    return null;
  }
  const value = dictionary.get(feature);
  if (!value) return null;
  const list: Allowlist = { all: false, self: false, origins: [] };
  for (const item of value.kind === 'list' ? value.items : [value]) {
    if (item.kind === 'token' && item.value === '*') list.all = true;
    else if (item.kind === 'token' && item.value === 'self') list.self = true;
    else if (item.kind === 'string') {
      const origin = originOf(item.value);
      if (origin) list.origins.push(origin);
    }
  }
  return list;
}

/** https://w3c.github.io/webappsec-permissions-policy/#matches: `self` is the declaring document's origin. */
export function allowlistMatches(list: Allowlist, origin: string, selfOrigin: string): boolean {
  if (list.all) return true;
  if (list.self && origin === selfOrigin) return true;
  for (const entry of list.origins) {
    if (entry === origin) return true;
    if (matchesWildcard(entry, origin)) return true;
  }
  return false;
}

function matchesWildcard(pattern: string, origin: string): boolean {
  const p = /^([a-z][a-z0-9+.-]*:\/\/)\*\.([^/:]+)(:\d+)?$/.exec(pattern);
  const o = /^([a-z][a-z0-9+.-]*:\/\/)([^/:]+)(:\d+)?$/.exec(origin);
  if (!p || !o || p[1] !== o[1] || (p[3] ?? '') !== (o[3] ?? '')) return false;
  return o[2]!.endsWith(`.${p[2]}`);
}
