import { describe, expect, it } from 'vitest';
import { CeremonyError } from '../../src/core/errors';
import { parseCallerOrigin, resolveRpId } from '../../src/core/rp-id';

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectCeremonyError(fn: () => unknown, name: string): void {
  const error = errorOf(fn);
  expect(error, 'expected a CeremonyError').toBeInstanceOf(CeremonyError);
  expect((error as CeremonyError).name).toBe(name);
}

// https://w3c.github.io/webauthn/#rp-id and https://w3c.github.io/webauthn/#sctn-createCredential
// step 8 / https://w3c.github.io/webauthn/#sctn-discover-from-external-source step 7: the RP ID must
// equal the caller's effective domain or be a registrable domain suffix of it, per
// https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to;
// otherwise SecurityError. SECURITY.md case 2.
describe('WebAuthn §4 RP ID / HTML "is a registrable domain suffix of or is equal to"', () => {
  const HOST = 'login.example.com';

  it('from login.example.com: example.com and login.example.com are allowed', () => {
    expect(resolveRpId(HOST, 'example.com')).toBe('example.com');
    expect(resolveRpId(HOST, 'login.example.com')).toBe('login.example.com');
  });

  it('defaults to the effective domain when rp.id / rpId is absent', () => {
    expect(resolveRpId(HOST, undefined)).toBe(HOST);
  });

  it('allows any registrable suffix below the public suffix (a.b.example.co.uk → example.co.uk)', () => {
    expect(resolveRpId('a.b.example.co.uk', 'b.example.co.uk')).toBe('b.example.co.uk');
    expect(resolveRpId('a.b.example.co.uk', 'example.co.uk')).toBe('example.co.uk');
  });

  it('"" → SecurityError', () => {
    expectCeremonyError(() => resolveRpId(HOST, ''), 'SecurityError');
  });

  it('a public suffix ("com", "co.uk") → SecurityError', () => {
    expectCeremonyError(() => resolveRpId(HOST, 'com'), 'SecurityError');
    expectCeremonyError(() => resolveRpId('a.example.co.uk', 'co.uk'), 'SecurityError');
  });

  it('a private public suffix (github.io from a.github.io) → SecurityError', () => {
    expectCeremonyError(() => resolveRpId('a.github.io', 'github.io'), 'SecurityError');
    expect(resolveRpId('a.github.io', undefined)).toBe('a.github.io');
    expect(resolveRpId('a.github.io', 'a.github.io')).toBe('a.github.io');
  });

  // HTML step 4.3, second disjunct: also false when hostSuffix, prefixed by ".", matches the end of
  // originalHost's public suffix, i.e. an RP ID *above* the host's public suffix even when that RP ID
  // is not itself on the list. The HTML spec's own table: "amazonaws.com" is rejected for
  // www.example.compute.amazonaws.com (public suffix example.compute.amazonaws.com, from the rule
  // *.compute.amazonaws.com) but accepted for test.amazonaws.com.
  it('a domain above the host’s public suffix → SecurityError even if not itself a public suffix', () => {
    expectCeremonyError(() => resolveRpId('www.example.compute.amazonaws.com', 'amazonaws.com'), 'SecurityError');
    expectCeremonyError(
      () => resolveRpId('bucket.s3.dualstack.us-east-1.amazonaws.com', 'dualstack.us-east-1.amazonaws.com'),
      'SecurityError',
    );
  });

  it('the same RP ID is fine from a host whose public suffix is below it (test.amazonaws.com → amazonaws.com)', () => {
    expect(resolveRpId('test.amazonaws.com', 'amazonaws.com')).toBe('amazonaws.com');
  });

  it('look-alike domains → SecurityError (evil-example.com, example.com.evil.net, examp1e.com)', () => {
    expectCeremonyError(() => resolveRpId('evil-example.com', 'example.com'), 'SecurityError');
    expectCeremonyError(() => resolveRpId('example.com.evil.net', 'example.com'), 'SecurityError');
    expectCeremonyError(() => resolveRpId('examp1e.com', 'example.com'), 'SecurityError');
    expectCeremonyError(() => resolveRpId('login.examp1e.com', 'example.com'), 'SecurityError');
  });

  it('a more specific host than the origin → SecurityError', () => {
    expectCeremonyError(() => resolveRpId('example.com', 'login.example.com'), 'SecurityError');
    expectCeremonyError(() => resolveRpId(HOST, 'a.login.example.com'), 'SecurityError');
  });

  it('a sibling host → SecurityError', () => {
    expectCeremonyError(() => resolveRpId(HOST, 'www.example.com'), 'SecurityError');
  });

  it('host:443 and other non-host strings → SecurityError', () => {
    expectCeremonyError(() => resolveRpId(HOST, 'example.com:443'), 'SecurityError');
    expectCeremonyError(() => resolveRpId(HOST, 'login.example.com:443'), 'SecurityError');
    expectCeremonyError(() => resolveRpId(HOST, 'https://example.com'), 'SecurityError');
    expectCeremonyError(() => resolveRpId(HOST, 'example.com/'), 'SecurityError');
    expectCeremonyError(() => resolveRpId(HOST, 'user@example.com'), 'SecurityError');
  });

  it('a trailing dot → SecurityError', () => {
    expectCeremonyError(() => resolveRpId(HOST, 'example.com.'), 'SecurityError');
    expectCeremonyError(() => resolveRpId(HOST, 'login.example.com.'), 'SecurityError');
  });

  // Decision recorded here: HTML's algorithm would parse (and so lower-case) the string first, but an
  // RP ID must be "a valid domain string" and RPs hash it byte for byte into rpIdHash; Passkeep
  // accepts only the canonical (lower-case ASCII) spelling and rejects others.
  it('non-canonical spellings (upper case, Unicode instead of punycode) → SecurityError', () => {
    expectCeremonyError(() => resolveRpId(HOST, 'Example.com'), 'SecurityError');
    expectCeremonyError(() => resolveRpId(HOST, 'EXAMPLE.COM'), 'SecurityError');
    expectCeremonyError(() => resolveRpId('xn--r8jz45g.xn--zckzah', '例え.テスト'), 'SecurityError');
  });

  it('invalid labels → SecurityError', () => {
    for (const bad of ['ex_ample.com', '-example.com', 'example-.com', 'exa mple.com', '.example.com', 'example..com', 'a'.repeat(64) + '.com', '*.example.com']) {
      expectCeremonyError(() => resolveRpId(HOST, bad), 'SecurityError');
    }
  });

  it('IP-address hosts → SecurityError, with or without an rp.id', () => {
    expectCeremonyError(() => resolveRpId('127.0.0.1', undefined), 'SecurityError');
    expectCeremonyError(() => resolveRpId('127.0.0.1', '127.0.0.1'), 'SecurityError');
    expectCeremonyError(() => resolveRpId('192.168.1.10', '1.10'), 'SecurityError');
    expectCeremonyError(() => resolveRpId('[::1]', undefined), 'SecurityError');
    expectCeremonyError(() => resolveRpId('[::1]', '[::1]'), 'SecurityError');
  });

  it('an IP address as rp.id from a domain host → SecurityError', () => {
    expectCeremonyError(() => resolveRpId(HOST, '127.0.0.1'), 'SecurityError');
  });

  it('localhost works', () => {
    expect(resolveRpId('localhost', undefined)).toBe('localhost');
    expect(resolveRpId('localhost', 'localhost')).toBe('localhost');
  });
});

// https://w3c.github.io/webauthn/#sctn-api: the API is only exposed in secure contexts
// (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy): https, and http on
// localhost. Anything else the extension refuses with NotAllowedError.
describe('WebAuthn §5 secure contexts: parseCallerOrigin', () => {
  it('accepts https origins, with or without a port', () => {
    expect(parseCallerOrigin('https://example.com')).toEqual({ origin: 'https://example.com', host: 'example.com' });
    expect(parseCallerOrigin('https://login.example.com:8443')).toEqual({
      origin: 'https://login.example.com:8443',
      host: 'login.example.com',
    });
  });

  it('accepts http://localhost:PORT and http://a.localhost', () => {
    expect(parseCallerOrigin('http://localhost:8080')).toEqual({ origin: 'http://localhost:8080', host: 'localhost' });
    expect(parseCallerOrigin('http://localhost')).toEqual({ origin: 'http://localhost', host: 'localhost' });
    expect(parseCallerOrigin('http://a.localhost')).toEqual({ origin: 'http://a.localhost', host: 'a.localhost' });
    expect(parseCallerOrigin('http://a.localhost:3000')).toEqual({ origin: 'http://a.localhost:3000', host: 'a.localhost' });
  });

  it('rejects http on other hosts with NotAllowedError (including localhost look-alikes)', () => {
    for (const origin of ['http://example.com', 'http://localhost.evil.com', 'http://evil-localhost', 'http://example.com:80']) {
      expectCeremonyError(() => parseCallerOrigin(origin), 'NotAllowedError');
    }
  });

  it('rejects opaque, non-web and non-canonical origins with NotAllowedError', () => {
    for (const origin of [
      'null',
      '',
      'file://',
      'ftp://example.com',
      'chrome-extension://abcdefghijklmnop',
      'https://example.com/',
      'https://EXAMPLE.com',
      'https://example.com:443',
      'https://user@example.com',
      'https://example.com/path',
    ]) {
      expectCeremonyError(() => parseCallerOrigin(origin), 'NotAllowedError');
    }
  });
});
