// https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to
// step 4.4 (an RP ID at or above the caller's public suffix is refused), with the WebAuthn
// "localhost" special case kept: *.localhost origins (the e2e frame tests' second origins) may
// claim "localhost".
import { describe, expect, it } from 'vitest';
import { CeremonyError } from '../../src/core/errors';
import { resolveRpId } from '../../src/core/rp-id';

const nameOf = (fn: () => unknown): string => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    expect(error).toBeInstanceOf(CeremonyError);
    return (error as CeremonyError).name;
  }
};

describe('RP ID above the host’s public suffix', () => {
  it('refused when the host’s public suffix comes from a wildcard rule', () => {
    expect(nameOf(() => resolveRpId('www.example.compute.amazonaws.com', 'amazonaws.com'))).toBe('SecurityError');
    expect(nameOf(() => resolveRpId('www.example.compute.amazonaws.com', 'compute.amazonaws.com'))).toBe('SecurityError');
  });

  it('registrable domains and localhost still work', () => {
    expect(resolveRpId('a.localhost', 'localhost')).toBe('localhost');
    expect(resolveRpId('test.amazonaws.com', 'amazonaws.com')).toBe('amazonaws.com');
    expect(resolveRpId('www.example.co.uk', 'example.co.uk')).toBe('example.co.uk');
    expect(resolveRpId('a.b.example.org', 'example.org')).toBe('example.org');
  });
});
