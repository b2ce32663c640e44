import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Strings } from './strings';

export const StringsContext = createContext<Strings | null>(null);

/** The popup's text, from the `t` given to `<App t={…}>`. */
export function useStrings(): Strings {
  const strings = useContext(StringsContext);
  if (strings === null) throw new Error('useStrings: no strings provided (render inside <App t={…}>)');
  return strings;
}
