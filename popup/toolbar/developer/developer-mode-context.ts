import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/** Whether developer mode is on (the setting), for the toolbar's views that add developer parts. */
export const DeveloperModeContext = createContext(false);

export function useDeveloperMode(): boolean {
  return useContext(DeveloperModeContext);
}
