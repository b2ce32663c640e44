import { useEffect } from 'preact/hooks';
import type { VaultStatus } from '../../src/core/protocol';
import { useApi } from './api-context';

/**
 * Asks the background for the vault's status once the component is on screen, and hands it to
 * `onStatus` (or the failure to `onError`) unless the component has gone meanwhile. The settings
 * parts that depend on the enrolled authenticators (issue 13) read them this way.
 */
export function useVaultStatus(onStatus: (status: VaultStatus) => void, onError: (e: unknown) => void = () => undefined): void {
  const api = useApi();
  useEffect(() => {
    let live = true;
    api.send({ type: 'vault:status' }).then(
      (status) => live && onStatus(status),
      (e: unknown) => live && onError(e),
    );
    return () => {
      live = false;
    };
  }, [api]);
}
