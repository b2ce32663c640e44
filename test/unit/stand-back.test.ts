/**
 * The page hook's stand-back checks (content-scripts/stand-back.ts; README "When Passkeep steps
 * in and when it steps aside"): the container's prototype at document_start, `navigator` and
 * its `credentials` at the first call. Built-ins of this realm stand for the browser's own
 * functions: Node prints them as `function push() { [native code] }` too.
 */
import { describe, expect, it } from 'vitest';
import { navigatorOverride, standBackReason } from '../../content-scripts/stand-back';

const text = Function.prototype.toString;
/** A stand-in for CredentialsContainer.prototype whose three members are "native" unless given. */
const proto = (over: Record<string, PropertyDescriptor> = {}) =>
  Object.defineProperties(
    { create: [].push, get: [].pop, store: [].shift },
    over,
  ) as unknown as CredentialsContainer;

describe('standBackReason: CredentialsContainer.prototype at document_start', () => {
  it('the browser’s own members: no reason', () => {
    expect(standBackReason(proto())).toBeNull();
  });

  it('a replaced member is "replaced", one that cannot be redefined is "locked"', () => {
    expect(standBackReason(proto({ get: { value: function get() {} } }))).toBe('replaced');
    expect(standBackReason(proto({ get: { value: function get() {}, writable: false } }))).toBe('locked');
    expect(standBackReason(proto({ store: { value: [].shift, configurable: false } }))).toBe('locked');
  });

  it('a function only quoting "[native code]" is not the browser’s own', () => {
    const fake = { get: { value: new Function('return "{ [native code] }"') } };
    expect(standBackReason(proto(fake))).toBe('replaced');
  });
});

describe('navigatorOverride: navigator and navigator.credentials at the first call', () => {
  class Container {}
  const world = (nav: object, getter: PropertyDescriptor | undefined) =>
    ({ navigator: nav, Navigator: { prototype: getter ? Object.defineProperty({}, 'credentials', getter) : {} } }) as unknown as Window & typeof globalThis;
  // A getter that prints as native: a bound function does ("function () { [native code] }").
  const nativeGetter = (value: unknown) => ({ get: function (this: unknown) { return value; }.bind(null), configurable: true });

  it('the browser’s own container, nothing on it: no reason', () => {
    expect(navigatorOverride(world({}, nativeGetter(new Container())), text, Container as never)).toBeNull();
  });

  it('a getter printed the way Firefox prints its own (line breaks around the body) is native; any other text is not', () => {
    const getter = { get: () => new Container(), configurable: true };
    const printed = (t: string) => () => t;
    expect(navigatorOverride(world({}, getter), printed('function get credentials() {\n    [native code]\n}'), Container as never)).toBeNull();
    expect(navigatorOverride(world({}, getter), printed('function get credentials() {[native code]}  '), Container as never)).toBeNull();
    expect(navigatorOverride(world({}, getter), printed('function () { [nativecode] }'), Container as never)).toBe('replaced');
    expect(navigatorOverride(world({}, getter), printed('function () { return "[native code] }" }'), Container as never)).toBe('replaced');
  });

  it('an own get() set on the container object is "replaced"; a frozen one "locked"', () => {
    const creds = new Container();
    (creds as { get?: unknown }).get = () => 'theirs';
    expect(navigatorOverride(world({}, nativeGetter(creds)), text, Container as never)).toBe('replaced');
    const locked = Object.defineProperty(new Container(), 'create', { value: () => 'theirs' });
    expect(navigatorOverride(world({}, nativeGetter(locked)), text, Container as never)).toBe('locked');
  });

  it('navigator.credentials replaced: on navigator itself, as a getter of the prototype, or by another object', () => {
    expect(navigatorOverride(world({ credentials: {} }, nativeGetter(new Container())), text, Container as never)).toBe('replaced');
    const theirs = { get: () => new Container(), configurable: true };
    expect(navigatorOverride(world({}, theirs), text, Container as never)).toBe('replaced');
    expect(navigatorOverride(world({}, { ...theirs, configurable: false }), text, Container as never)).toBe('locked');
    expect(navigatorOverride(world({}, nativeGetter({})), text, Container as never)).toBe('replaced');
    const throwing = { get: () => { throw new Error('no'); }, configurable: true };
    expect(navigatorOverride(world({}, throwing), text, Container as never)).toBe('replaced');
  });
});
