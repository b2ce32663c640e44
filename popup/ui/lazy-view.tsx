import type { ComponentType, FunctionComponent } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import { messageOf } from '../api/message-of';
import { useStrings } from '../i18n/strings-context';
import { ErrorMessage } from './error-message';

export interface LazyView<P extends object> {
  /** Renders the view once its module is in (at once when it already is), nothing before. */
  View: FunctionComponent<P>;
  /** Starts loading the module (once); a page calls it when it is idle, so that the first click finds it loaded. */
  preload: () => Promise<ComponentType<P>>;
}

/**
 * A view whose module is loaded on first use (`load` is a dynamic `import()`), so that it does
 * not run before the page's first paint. A module that fails to load (the extension was updated
 * under an open page, with a split build) says so.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): LazyView<P> {
  let loading: Promise<ComponentType<P>> | undefined;
  let loaded: ComponentType<P> | undefined;
  const preload = () =>
    (loading ??= load().then((component) => {
      loaded = component;
      return component;
    }));

  function View(props: P) {
    const strings = useStrings();
    const [component, setComponent] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failure, setFailure] = useState<string | null>(null);
    // A layout effect: the module is asked for in the click's own task, not a frame later.
    useLayoutEffect(() => {
      if (component !== undefined) return;
      let live = true;
      preload().then(
        (c) => live && setComponent(() => c),
        (e: unknown) => live && setFailure(messageOf(e)),
      );
      return () => {
        live = false;
      };
    }, []);
    if (failure !== null) return <ErrorMessage>{strings.unexpectedError(failure)}</ErrorMessage>;
    if (component === undefined) return null;
    const Loaded = component;
    return <Loaded {...props} />;
  }
  return { View, preload };
}
