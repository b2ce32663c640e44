/**
 * Requests from the extension's own pages (popup, consent prompt). Privilege is decided from
 * `sender.url`: only documents of the extension's origin are served; a content script's
 * sender carries the web page's URL and gets nothing.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { CeremonyError, toWireError } from '../core/errors.js';
import type { ConsentReplies, ConsentRequest, PopupReplies, PopupRequest, Reply } from '../core/protocol.js';
import { checkPinShape } from '../vault/pin-rules.js';
import { consentDecide, consentView } from './ceremony.js';
import { getVault, persistLockState } from './vault-service.js';

type AnyRequest = PopupRequest | ConsentRequest;
type AnyReplies = PopupReplies & ConsentReplies;

export function isExtensionPage(sender: Runtime.MessageSender): boolean {
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(browser.runtime.getURL(''));
}

export async function onExtensionPageMessage(raw: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown> | undefined> {
  if (!isExtensionPage(sender)) return undefined;
  const message = raw as AnyRequest;
  if (!message || typeof message !== 'object' || typeof message.type !== 'string') return undefined;
  try {
    return { ok: true, value: await handle(message, sender) };
  } catch (error) {
    const wire = error instanceof Error && !(error instanceof CeremonyError) ? { name: 'UnknownError' as const, message: error.message } : toWireError(error);
    return { ok: false, error: wire };
  }
}

async function handle(message: AnyRequest, sender: Runtime.MessageSender): Promise<AnyReplies[keyof AnyReplies]> {
  switch (message.type) {
    case 'consent:view':
      return consentView(message.request, sender);
    case 'consent:decide':
      return consentDecide(message, sender);
    case 'vault:status':
      return (await getVault()).status();
    case 'vault:set-pin': {
      const problem = checkPinShape(message.pin);
      if (problem) throw new CeremonyError('ConstraintError', problem);
      const vault = await getVault();
      await vault.setPin(message.pin);
      await persistLockState(vault);
      return vault.status();
    }
    case 'vault:unlock': {
      const vault = await getVault();
      await vault.unlock(message.pin);
      await persistLockState(vault);
      return vault.status();
    }
    case 'vault:lock': {
      const vault = await getVault();
      vault.lock();
      await persistLockState(vault);
      return vault.status();
    }
    case 'vault:list':
      return { passkeys: await (await getVault()).list() };
    case 'vault:delete':
      return { deleted: await (await getVault()).delete(message.id) };
    default:
      throw new CeremonyError('NotSupportedError', 'Unknown request.');
  }
}
