/**
 * The testing build's part of the background (docs/testing-build.md). Reached only through
 * branches guarded by `__PASSKEEP_TESTING__` in src/background/main.ts and ceremony.ts, so that
 * none of it is in the store build (test/unit/testing-build-output.test.ts checks the files).
 *
 * Two entry points:
 *  - a ceremony from a page: off the allowed origins the page gets the browser's own WebAuthn;
 *    on them, while any virtual authenticator exists, the virtual authenticators answer (with no
 *    prompt when they consent automatically); with none, Passkeep's ordinary prompt and vault.
 *  - messages: `testing:automation` (the WebDriver-style commands) from the testing content
 *    script of a page on an allowed origin, or from the extension's own pages; the settings
 *    (`testing:origins:*`, `testing:state`) from the extension's own pages only. Who sent a
 *    message is decided from the browser's `sender`, never from its body.
 */
import type { Runtime } from 'webextension-polyfill';
import type { CreationOptions } from '../core/creation-options.js';
import { CeremonyError, toWireError } from '../core/errors.js';
import type { PreparedCreate } from '../core/prepare-create.js';
import type { PreparedGet } from '../core/prepare-get.js';
import type { Outcome } from '../../content-scripts/page-channel.js';
import { callerFromSender } from '../background/caller-from-sender.js';
import { isExtensionPage } from '../background/extension-pages.js';
import { isOriginAllowed } from './allowed-origins.js';
import { runAutomationCommand } from './automation-commands.js';
import { AutomationError } from './virtual-authenticator.js';
import { virtualCreate, virtualGet } from './virtual-ceremony.js';
import { readAllowedOrigins, withVirtualState, writeAllowedOrigins } from './virtual-store.js';

/**
 * What a page off the allowed origins gets: the browser's own implementation, for create() and
 * get() and for the static helpers the hook asks about (signals, getClientCapabilities, and in
 * this build isUserVerifyingPlatformAuthenticatorAvailable and isConditionalMediationAvailable:
 * `caps`), as if Passkeep Testing were not installed there; null on an allowed origin (Passkeep
 * Testing answers). The hook calls the browser's own method on a handoff.
 */
export async function stepAsideUnlessAllowed(origin: string, op: unknown): Promise<Outcome | null> {
  if (isOriginAllowed(origin, await readAllowedOrigins())) return null;
  return op === 'create' || op === 'get' || op === 'signal' || op === 'caps' ? { ok: true, handoff: true } : null;
}

/** The virtual authenticators' answer, or null when there are none (the ordinary prompt then answers). */
export function answerVirtually(
  work: { op: 'create'; prepared: PreparedCreate } | { op: 'get'; prepared: PreparedGet },
  options: CreationOptions | null,
): Promise<Outcome | null> {
  return withVirtualState(async (state) => {
    if (state.authenticators.length === 0) return null;
    try {
      const value = work.op === 'create' ? await virtualCreate(state, work.prepared, options!) : await virtualGet(state, work.prepared);
      return { ok: true, value };
    } catch (error) {
      if (error instanceof CeremonyError) return { ok: false, error: error.toWire() };
      return { ok: false, error: toWireError(error) };
    }
  });
}

type TestingReply = { ok: true; value: unknown } | { ok: false; error: { name: string; message: string } };

export function isTestingMessage(raw: unknown): boolean {
  const type = (raw as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith('testing:');
}

function failure(error: unknown): TestingReply {
  if (error instanceof AutomationError || error instanceof CeremonyError) return { ok: false, error: { name: error.name, message: error.message } };
  return { ok: false, error: { name: 'unknown error', message: error instanceof Error ? error.message : String(error) } };
}

export async function onTestingMessage(raw: unknown, sender: Runtime.MessageSender): Promise<TestingReply> {
  const message = raw as { type: string; command?: unknown; params?: unknown; origins?: unknown };
  try {
    const fromOwnPage = isExtensionPage(sender);
    if (message.type === 'testing:automation') {
      if (!fromOwnPage) {
        // A content script: the page's origin as the browser reports it.
        const { origin } = await callerFromSender(sender);
        if (!isOriginAllowed(origin, await readAllowedOrigins())) {
          throw new CeremonyError('NotAllowedError', `${origin} is not one of Passkeep Testing's allowed origins (its settings page, testing.html).`);
        }
      }
      const value = await withVirtualState((state) => runAutomationCommand(state, message.command, message.params));
      return { ok: true, value };
    }
    if (!fromOwnPage) throw new CeremonyError('NotAllowedError', 'Only Passkeep Testing’s own pages may change its settings.');
    if (message.type === 'testing:origins:get') return { ok: true, value: await readAllowedOrigins() };
    if (message.type === 'testing:origins:set' && Array.isArray(message.origins)) return { ok: true, value: await writeAllowedOrigins(message.origins) };
    if (message.type === 'testing:state') return { ok: true, value: await withVirtualState((state) => state) };
    throw new AutomationError('unknown command', `unknown message ${JSON.stringify(message.type)}`);
  } catch (error) {
    return failure(error);
  }
}
