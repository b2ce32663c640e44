import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { inspectCeremony, type InspectedAuthenticatorData } from '../../../src/core/inspect-ceremony';
import type { CeremonyLogEntry } from '../../../src/core/protocol';
import { useStrings } from '../../i18n/strings-context';
import { operationOf } from './entry-list';
import { JsonBlock } from './json-block';
import { RawDownloads } from './raw-downloads';
import { scenarioLiesAboutPerson } from '../../../src/core/failure-scenario';

function Section({ title, testid, children }: { title: string; testid: string; children: ComponentChildren }) {
  return (
    <section class="inspector-section" data-testid={testid}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Field({ term, testid, children, mono = true }: { term: string; testid?: string; children: ComponentChildren; mono?: boolean }) {
  return (
    <div class="field">
      <dt>{term}</dt>
      <dd class={mono ? 'mono' : undefined} data-testid={testid}>
        {children}
      </dd>
    </div>
  );
}

const FLAG_ORDER = ['UP', 'RFU1', 'UV', 'BE', 'BS', 'RFU2', 'AT', 'ED'] as const;

function AuthData({ ad }: { ad: InspectedAuthenticatorData }) {
  const strings = useStrings();
  return (
    <dl class="fields">
      <Field term="rpIdHash" testid="rp-id-hash">
        {ad.rpIdHash}
        {ad.rpId !== null && (
          <span class={ad.rpIdHashMatches ? 'check-ok' : 'check-bad'} data-testid="rp-id-hash-check">
            {' '}
            {ad.rpIdHashMatches ? '✓ ' : '✗ '}
            {strings.inspectorRpIdHash(ad.rpIdHashMatches === true, ad.rpId)}
          </span>
        )}
      </Field>
      <Field term={strings.inspectorFlags} testid="flags">
        <span class="flags-byte">0x{ad.flagsByte.toString(16).padStart(2, '0')}</span>{' '}
        {FLAG_ORDER.map((name) => (
          <span key={name} class={`flag ${ad.flags[name] ? 'flag-on' : 'flag-off'}`} data-testid={`flag-${name}`} data-on={String(ad.flags[name])}>
            {name}={ad.flags[name] ? 1 : 0}
          </span>
        ))}
      </Field>
      <Field term="signCount" testid="sign-count">
        {ad.signCount}
      </Field>
      {ad.aaguid !== undefined && (
        <Field term="AAGUID" testid="aaguid">
          {ad.aaguid}
        </Field>
      )}
      {ad.credentialId !== undefined && (
        <Field term="credentialId" testid="credential-id">
          {ad.credentialId}
        </Field>
      )}
      {ad.publicKey && (
        <Field term={strings.inspectorPublicKey} mono={false}>
          <p class="label">COSE_Key</p>
          <JsonBlock value={ad.publicKey.cose} testid="cose-key" />
          <p class="label">JWK</p>
          <JsonBlock value={ad.publicKey.jwk} testid="jwk" />
          <p class="label">PEM (SubjectPublicKeyInfo)</p>
          <pre class="json" data-testid="pem">
            {ad.publicKey.pem ?? '—'}
          </pre>
        </Field>
      )}
      {ad.extensions !== undefined && (
        <Field term="extensions" mono={false}>
          <JsonBlock value={ad.extensions} />
        </Field>
      )}
    </dl>
  );
}

/** One ceremony decoded: every part the issue lists, each in its own section. */
export function EntryView({ entry }: { entry: CeremonyLogEntry }) {
  const strings = useStrings();
  const inspected = useMemo(() => inspectCeremony(entry), [entry]);
  const [copied, setCopied] = useState(false);
  const jsonText = inspected.json === null ? null : JSON.stringify(inspected.json, null, 2);

  const copy = async () => {
    if (jsonText === null) return;
    await navigator.clipboard.writeText(jsonText);
    setCopied(true);
  };

  return (
    <article class="entry-view" data-testid="inspector-detail" aria-label={operationOf(entry)}>
      <h2>
        {operationOf(entry)} <span class={`entry-outcome outcome-${entry.outcome}`}>{strings.outcome(entry.outcome)}</span>
      </h2>
      <dl class="fields summary">
        <Field term={strings.inspectorOrigin} testid="origin">
          {entry.origin}
        </Field>
        <Field term={strings.inspectorTopOrigin} testid="top-origin">
          {entry.topOrigin}
          {entry.sameOriginWithAncestors ? '' : ' (crossOrigin)'}
        </Field>
        <Field term={strings.inspectorTime} mono={false}>
          {new Date(entry.startedAt).toLocaleString()}
        </Field>
        <Field term={strings.inspectorDuration} mono={false} testid="duration">
          {strings.inspectorMs(entry.durationMs)}
        </Field>
        <Field term={strings.inspectorOutcome} mono={false} testid="outcome">
          {strings.outcome(entry.outcome)}
        </Field>
        {entry.mediation !== null && <Field term="mediation">{entry.mediation}</Field>}
      </dl>

      {entry.scenario !== undefined && (
        <Section title={strings.inspectorScenario} testid="scenario-section">
          <p class="check-bad" data-testid="inspector-scenario" data-scenario={entry.scenario}>
            {strings.inspectorScenarioApplied(entry.scenario)}
          </p>
          {scenarioLiesAboutPerson(entry.scenario) && (
            <p class="check-bad" data-testid="inspector-scenario-lie">
              <strong>{strings.inspectorScenarioLie}</strong>
            </p>
          )}
        </Section>
      )}

      {inspected.error && (
        <Section title={strings.inspectorError} testid="error-section">
          <p class="check-bad">
            <strong data-testid="error-name">{inspected.error.name}</strong>: {inspected.error.message}
          </p>
          {inspected.error.step && (
            <p data-testid="error-step">
              {strings.inspectorRaisedBy(inspected.error.step.step)}{' '}
              {inspected.error.step.url.startsWith('https://') ? (
                <a href={inspected.error.step.url} target="_blank" rel="noopener">
                  {inspected.error.step.url.replace('https://w3c.github.io/webauthn/', '')}
                </a>
              ) : (
                <span class="mono">{inspected.error.step.url}</span>
              )}
            </p>
          )}
        </Section>
      )}

      {jsonText !== null && (
        <Section title="PublicKeyCredential.toJSON()" testid="json-section">
          <button type="button" class="button button-primary" data-testid="copy-json" onClick={() => void copy()}>
            {strings.inspectorCopyJson}
          </button>{' '}
          <span role="status">{copied ? strings.inspectorCopied : ''}</span>
          <details>
            <summary>JSON</summary>
            <pre class="json" data-testid="credential-json">
              {jsonText}
            </pre>
          </details>
        </Section>
      )}

      {inspected.clientData && (
        <Section title={strings.inspectorClientData} testid="client-data">
          {inspected.clientData.challengeMatches !== null && (
            <p class={inspected.clientData.challengeMatches ? 'check-ok' : 'check-bad'} data-testid="challenge-check">
              {inspected.clientData.challengeMatches ? '✓ ' : '✗ '}
              {strings.inspectorChallenge(inspected.clientData.challengeMatches)}
            </p>
          )}
          <JsonBlock value={inspected.clientData.json} testid="client-data-json" />
        </Section>
      )}

      {inspected.authenticatorData && (
        <Section title={strings.inspectorAuthData} testid="authenticator-data">
          <AuthData ad={inspected.authenticatorData} />
        </Section>
      )}

      {inspected.attestation && (
        <Section title={strings.inspectorAttestation} testid="attestation">
          <dl class="fields">
            <Field term="fmt" testid="attestation-fmt">
              {inspected.attestation.fmt}
            </Field>
            <Field term="attStmt" mono={false}>
              <JsonBlock value={inspected.attestation.attStmt} testid="att-stmt" />
            </Field>
          </dl>
        </Section>
      )}

      <Section title={strings.inspectorExtensions} testid="extensions">
        <dl class="fields">
          <Field term={strings.inspectorExtensionInputs} mono={false}>
            <JsonBlock value={inspected.extensions.inputs} testid="extension-inputs" />
          </Field>
          <Field term={strings.inspectorClientOutputs} mono={false}>
            <JsonBlock value={inspected.extensions.clientOutputs} testid="extension-outputs" />
          </Field>
          <Field term={strings.inspectorAuthenticatorOutputs} mono={false}>
            <JsonBlock value={inspected.extensions.authenticatorOutputs} />
          </Field>
        </dl>
      </Section>

      <Section title={strings.inspectorOptionsPassed} testid="options-passed">
        <JsonBlock value={inspected.options.passed} testid="options-passed-json" />
      </Section>
      <Section title={strings.inspectorOptionsUnderstood} testid="options-understood">
        {inspected.options.problem !== null && <p class="check-bad">{inspected.options.problem}</p>}
        <JsonBlock value={inspected.options.converted} testid="options-converted-json" />
        <h4>{strings.inspectorEffective}</h4>
        <JsonBlock value={inspected.options.effective} testid="options-effective-json" />
        {inspected.options.notes.length > 0 && (
          <>
            <h4>{strings.inspectorNotes}</h4>
            <ul data-testid="options-notes">
              {inspected.options.notes.map((note) => (
                <li key={note} class="mono">
                  {note}
                </li>
              ))}
            </ul>
          </>
        )}
      </Section>

      {inspected.raw.length > 0 && (
        <Section title={strings.inspectorRaw} testid="raw">
          <RawDownloads seq={entry.seq} parts={inspected.raw} />
        </Section>
      )}

      {inspected.problems.length > 0 && (
        <Section title={strings.inspectorProblems} testid="problems">
          <ul>
            {inspected.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Section>
      )}
    </article>
  );
}
