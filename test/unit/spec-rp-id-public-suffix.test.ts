// https://html.spec.whatwg.org/multipage/browsers.html#is-a-registrable-domain-suffix-of-or-is-equal-to
// step 4.4 (an RP ID at or above the caller's public suffix is refused). As in Chromium,
// "localhost" is its own public suffix: a.localhost may not claim it.
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
    expect(resolveRpId('localhost', 'localhost')).toBe('localhost');
    expect(nameOf(() => resolveRpId('a.localhost', 'localhost'))).toBe('SecurityError');
    expect(resolveRpId('test.amazonaws.com', 'amazonaws.com')).toBe('amazonaws.com');
    expect(resolveRpId('www.example.co.uk', 'example.co.uk')).toBe('example.co.uk');
    expect(resolveRpId('a.b.example.org', 'example.org')).toBe('example.org');
  });
});
