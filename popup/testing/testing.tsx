/**
 * Passkeep Testing's own settings page (testing build only, docs/testing-build.md): the origins
 * it answers on, and a read-only view of the virtual authenticators a test has set up. Its
 * requests (`testing:*`) are served only to the extension's own pages.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const api = ((globalThis as { browser?: typeof chrome }).browser ?? chrome).runtime;

type Reply<T> = { ok: true; value: T } | { ok: false; error: { name: string; message: string } };

interface StateView {
  authenticators: Array<{
    authenticatorId: string;
    configuration: Record<string, string | boolean>;
    credentials: Array<{ credentialId: string; rpId: string; isResidentCredential: boolean; signCount: number; userName: string }>;
  }>;
}

async function ask<T>(message: object): Promise<T> {
  const reply = (await api.sendMessage(message)) as Reply<T>;
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.value;
}

function TestingSettings() {
  const [origins, setOrigins] = useState<string[] | null>(null);
  const [entry, setEntry] = useState('');
  const [problem, setProblem] = useState('');
  const [state, setState] = useState<StateView | null>(null);

  const refresh = () => void ask<StateView>({ type: 'testing:state' }).then(setState, (e: Error) => setProblem(e.message));
  useEffect(() => {
    void ask<string[]>({ type: 'testing:origins:get' }).then(setOrigins, (e: Error) => setProblem(e.message));
    refresh();
  }, []);

  const save = async (next: string[]): Promise<string[] | null> => {
    setProblem('');
    try {
      const saved = await ask<string[]>({ type: 'testing:origins:set', origins: next });
      setOrigins(saved);
      return saved;
    } catch (e) {
      setProblem((e as Error).message);
      return null;
    }
  };

  const add = async (event: Event) => {
    event.preventDefault();
    if (!origins) return;
    const saved = await save([...origins, entry]);
    if (saved && saved.length === origins.length) setProblem(`"${entry}" is not a host name or an origin, or is listed already.`);
    else setEntry('');
  };

  return (
    <>
      <h1>Passkeep Testing</h1>
      <p>
        A build of Passkeep for automated test suites. Its virtual authenticators can be driven by any page on the origins below,
        without a person (see docs/testing-build.md in the Passkeep repository). Never keep real passkeys in it.
      </p>
      <h2>Origins it answers on</h2>
      <p>
        A host name covers that host on any port and all its subdomains; a full origin (<code>https://app.test:8443</code>) covers exactly
        that origin. Everywhere else pages get the browser&rsquo;s own WebAuthn.
      </p>
      {origins === null ? null : origins.length === 0 ? (
        <p data-testid="origins-empty">None: Passkeep Testing answers nowhere.</p>
      ) : (
        <ul>
          {origins.map((o) => (
            <li key={o} data-testid="allowed-origin">
              <code>{o}</code>{' '}
              <button type="button" data-testid="remove-origin" onClick={() => void save(origins.filter((x) => x !== o))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void add(e)}>
        <input data-testid="origin-input" aria-label="Host name or origin" placeholder="localhost or https://app.test:8443" value={entry} onInput={(e) => setEntry((e.target as HTMLInputElement).value)} />
        <button type="submit" data-testid="add-origin">
          Add
        </button>
      </form>
      {problem ? (
        <p class="problem" data-testid="testing-error">
          {problem}
        </p>
      ) : null}
      <h2>Virtual authenticators</h2>
      <button type="button" data-testid="refresh" onClick={refresh}>
        Refresh
      </button>
      {state && state.authenticators.length === 0 ? <p data-testid="no-authenticators">None. While there are none, Passkeep Testing asks in its prompt as Passkeep does.</p> : null}
      <ul>
        {state?.authenticators.map((a) => (
          <li key={a.authenticatorId} data-testid="virtual-authenticator">
            <code>{a.authenticatorId}</code>: {Object.entries(a.configuration).map(([k, v]) => `${k} ${String(v)}`).join(', ')}
            <ul>
              {a.credentials.map((c) => (
                <li key={c.credentialId} data-testid="virtual-credential">
                  <code>{c.credentialId}</code> {c.rpId} {c.userName} {c.isResidentCredential ? 'resident' : 'non-resident'}, signCount {c.signCount}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </>
  );
}

render(<TestingSettings />, document.getElementById('root')!);
