/**
 * The step-aside policy (src/core/step-aside.ts; README "When Passkeep steps in and when it
 * steps aside"), Chrome's immediate-mediation rate limit (src/background/immediate-rate-limit.ts)
 * and getClientCapabilities() merged with the browser's own (src/core/client-capabilities.ts).
 */
import { describe, expect, it } from 'vitest';
import { aimedElsewhere, stepAside, type StepAsideRequest, type VaultView } from '../../src/core/step-aside';
import { ImmediateRateLimit } from '../../src/background/immediate-rate-limit';
import { clientCapabilities, toBrowserCapabilities } from '../../src/core/client-capabilities';

const get = (extra: Partial<StepAsideRequest> = {}): StepAsideRequest => ({ op: 'get', mediation: null, hints: [], allowTransports: [], ...extra });
const create = (extra: Partial<StepAsideRequest> = {}): StepAsideRequest => ({ op: 'create', mediation: null, hints: [], ...extra });
const unlocked = (matches: number): VaultView => ({ state: 'unlocked', matches });
const LOCKED: VaultView = { state: 'locked', matches: null };
const NO_PIN: VaultView = { state: 'no-pin', matches: null };

// https://w3c.github.io/webauthn/#enum-hints
describe('aimed elsewhere: hints, attachment, transports', () => {
  it('hints naming only security-key and/or hybrid; client-device among them keeps Passkeep in', () => {
    expect(aimedElsewhere(get({ hints: ['security-key'] }))).toBe(true);
    expect(aimedElsewhere(get({ hints: ['hybrid'] }))).toBe(true);
    expect(aimedElsewhere(get({ hints: ['hybrid', 'security-key'] }))).toBe(true);
    expect(aimedElsewhere(get({ hints: ['security-key', 'client-device'] }))).toBe(false);
    expect(aimedElsewhere(get({ hints: ['client-device'] }))).toBe(false);
  });
  it('unknown hint values are ignored, as the spec says', () => {
    expect(aimedElsewhere(get({ hints: ['smart-ring'] }))).toBe(false);
    expect(aimedElsewhere(get({ hints: ['smart-ring', 'hybrid'] }))).toBe(true);
  });
  it('allowCredentials: every entry lists transports and none is internal', () => {
    expect(aimedElsewhere(get({ allowTransports: [['usb', 'nfc'], ['ble']] }))).toBe(true);
    expect(aimedElsewhere(get({ allowTransports: [['usb'], ['internal', 'hybrid']] }))).toBe(false);
    expect(aimedElsewhere(get({ allowTransports: [['usb'], undefined] }))).toBe(false);
    expect(aimedElsewhere(get({ allowTransports: [['usb'], []] }))).toBe(false);
    expect(aimedElsewhere(get({ allowTransports: [] }))).toBe(false);
  });
  it('create(): cross-platform attachment when no known hint says otherwise', () => {
    expect(aimedElsewhere(create({ attachment: 'cross-platform' }))).toBe(true);
    expect(aimedElsewhere(create({ attachment: 'platform' }))).toBe(false);
    expect(aimedElsewhere(create({ attachment: 'cross-platform', hints: ['client-device'] }))).toBe(false);
  });
});

describe('get(): Passkeep answers only what it can; everything else goes to the browser', () => {
  it('unlocked: its prompt when a passkey matches (hints or not), the browser when none does', () => {
    expect(stepAside(get(), unlocked(1))).toEqual({ action: 'prompt' });
    expect(stepAside(get({ hints: ['security-key'] }), unlocked(2))).toEqual({ action: 'prompt' });
    expect(stepAside(get(), unlocked(0))).toEqual({ action: 'browser', why: 'no-passkey' });
    expect(stepAside(get({ hints: ['hybrid'] }), unlocked(0))).toEqual({ action: 'browser', why: 'aimed-elsewhere' });
  });
  it('locked: the prompt (unlock, or the browser’s own authenticator), unless aimed elsewhere', () => {
    expect(stepAside(get(), LOCKED)).toEqual({ action: 'prompt' });
    expect(stepAside(get({ hints: ['security-key'] }), LOCKED)).toEqual({ action: 'browser', why: 'aimed-elsewhere' });
    expect(stepAside(get({ allowTransports: [['usb']] }), LOCKED)).toEqual({ action: 'browser', why: 'aimed-elsewhere' });
  });
  it('no PIN yet: Passkeep holds nothing', () => {
    expect(stepAside(get(), NO_PIN)).toEqual({ action: 'browser', why: 'no-passkey' });
  });
});

// https://developer.chrome.com/docs/identity/immediate-ui-mode
describe('immediate mediation: the prompt only with a passkey here and the vault unlocked', () => {
  const immediate = (extra: Partial<StepAsideRequest> = {}) => get({ mediation: 'immediate', ...extra });
  it('unlocked with a match: the prompt', () => {
    expect(stepAside(immediate(), unlocked(1))).toEqual({ action: 'prompt' });
  });
  it('no match, locked, no PIN, or a non-empty allowCredentials (as Chrome): NotAllowedError with no UI', () => {
    const reject = { action: 'reject', why: 'immediate-none' };
    expect(stepAside(immediate(), unlocked(0))).toEqual(reject);
    expect(stepAside(immediate(), LOCKED)).toEqual(reject);
    expect(stepAside(immediate(), NO_PIN)).toEqual(reject);
    expect(stepAside(immediate({ allowTransports: [['internal']] }), unlocked(1))).toEqual(reject);
  });
  it('never hands an immediate get() to the browser: there is nothing to decide there that Passkeep decided not to', () => {
    for (const vault of [unlocked(0), unlocked(3), LOCKED, NO_PIN]) expect(stepAside(immediate({ hints: ['security-key'] }), vault).action).not.toBe('browser');
  });
});

describe('create(): Passkeep creates unless the site asked for something else', () => {
  it('plain create: the prompt, whatever the vault state', () => {
    for (const vault of [unlocked(0), LOCKED, NO_PIN]) expect(stepAside(create(), vault)).toEqual({ action: 'prompt' });
  });
  it('aimed at a security key or a phone: the browser', () => {
    expect(stepAside(create({ hints: ['security-key'] }), unlocked(0))).toEqual({ action: 'browser', why: 'aimed-elsewhere' });
    expect(stepAside(create({ attachment: 'cross-platform' }), LOCKED)).toEqual({ action: 'browser', why: 'aimed-elsewhere' });
  });
  // https://w3c.github.io/webauthn/#dom-credentialmediationrequirement-conditional on create()
  it('conditional create (automatic passkey upgrade) needs a password just used: the browser’s password manager', () => {
    expect(stepAside(create({ mediation: 'conditional' }), unlocked(0))).toEqual({ action: 'browser', why: 'conditional-create' });
  });
  it('immediate is a get() mode: create() gets the browser’s own answer', () => {
    expect(stepAside(create({ mediation: 'immediate' }), unlocked(0))).toEqual({ action: 'browser', why: 'immediate-create' });
  });
});

// Chromium: components/webauthn/core/browser/immediate_request_rate_limiter.cc, defaults in
// device/fido/public/features.cc (10 per 60 s and 2 per 5 s per eTLD+1; localhost exempt).
describe('immediate mediation is rate-limited as Chrome limits it', () => {
  const t0 = 1_000_000;
  it('2 per 5 s per registrable domain of the top-level origin', () => {
    const limit = new ImmediateRateLimit();
    expect(limit.take('https://a.example.com', t0)).toBe(true);
    expect(limit.take('https://b.example.com', t0 + 1)).toBe(true);
    expect(limit.take('https://example.com', t0 + 2)).toBe(false);
    expect(limit.take('https://example.org', t0 + 2)).toBe(true);
    expect(limit.take('https://example.com', t0 + 5_001)).toBe(true);
  });
  it('10 per 60 s, however they are spread', () => {
    const limit = new ImmediateRateLimit();
    for (let i = 0; i < 10; i++) expect(limit.take('https://example.com', t0 + i * 5_000)).toBe(true);
    expect(limit.take('https://example.com', t0 + 50_001)).toBe(false);
    expect(limit.take('https://example.com', t0 + 60_001)).toBe(true);
  });
  it('private suffixes count as public ones (user1.github.io and user2.github.io are two sites)', () => {
    const limit = new ImmediateRateLimit();
    expect(limit.take('https://user1.github.io', t0)).toBe(true);
    expect(limit.take('https://user1.github.io', t0)).toBe(true);
    expect(limit.take('https://user1.github.io', t0)).toBe(false);
    expect(limit.take('https://user2.github.io', t0)).toBe(true);
  });
  it('localhost is exempt; its subdomains are not', () => {
    const limit = new ImmediateRateLimit();
    for (let i = 0; i < 20; i++) expect(limit.take('http://localhost:8080', t0)).toBe(true);
    expect(limit.take('http://a.localhost:8080', t0)).toBe(true);
    expect(limit.take('http://a.localhost:8080', t0)).toBe(true);
    expect(limit.take('http://a.localhost:8080', t0)).toBe(false);
  });
});

// https://w3c.github.io/webauthn/#sctn-getClientCapabilities
describe('getClientCapabilities(): Passkeep’s own, and the browser’s for what Passkeep steps aside for', () => {
  it('conditionalCreate and hybridTransport are the browser’s; extensions Passkeep does not process are the browser’s', () => {
    // conditionalGet and relatedOrigins are Passkeep's own (its autofill list, its related-origins
    // check): true even where the browser's record says false.
    const caps = clientCapabilities(undefined, { conditionalCreate: true, hybridTransport: true, conditionalGet: false, relatedOrigins: false, 'extension:appid': true, 'extension:prf': false, futureThing: true });
    expect(caps).toMatchObject({
      conditionalCreate: true,
      hybridTransport: true,
      conditionalGet: true,
      relatedOrigins: true,
      immediateGet: true,
      'extension:appid': true,
      'extension:prf': true,
    });
    expect(caps).not.toHaveProperty('futureThing');
  });
  it('with no browser record, the browser-side capabilities are false', () => {
    expect(clientCapabilities(undefined, {})).toMatchObject({ conditionalCreate: false, hybridTransport: false });
  });
  it('the page’s record is read strictly: only boolean members', () => {
    expect(toBrowserCapabilities({ hybridTransport: true, conditionalCreate: 'yes', x: 1 })).toEqual({ hybridTransport: true });
    expect(toBrowserCapabilities(null)).toEqual({});
    expect(toBrowserCapabilities([true])).toEqual({});
  });
});
