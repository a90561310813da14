import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Lozenge from '@atlaskit/lozenge';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Textarea from '@atlaskit/textarea';
import { useMemo, useState } from 'react';
import { api, type ClientError } from '../api';
import { FileButton } from '../components/file-button';
import { ErrorState } from '../components/states';
import { useAssessment } from '../lib/assessment-context';
import { compactAnswer, sameAnswer, type Patch } from '../lib/answers';
import { formatDateTime, sentence } from '../lib/format';
import { API_LIMITS, type ManifestAnalysis } from '../../../../src/shared/api';
import type { Answer } from '../../../../src/domain/answers';

export default function ManifestImport() {
  const { detail, ruleSetInfo, answers, session, readOnly } = useAssessment();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [analysis, setAnalysis] = useState<ManifestAnalysis | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [busy, setBusy] = useState(false);
  const [accepted, setAccepted] = useState<Record<string, boolean>>({});
  const [saved, setSaved] = useState<number | null>(null);
  const [saveError, setSaveError] = useState<ClientError | null>(null);
  const [attachState, setAttachState] = useState<'idle' | 'busy' | 'attached' | 'detached'>('idle');
  const [attachError, setAttachError] = useState<ClientError | null>(null);
  const attachedAt = detail.assessment.manifestAttachedAt;
  const questions = useMemo(
    () => new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q])),
    [ruleSetInfo],
  );

  const optionLabel = (questionId: string, value: string | number | string[] | undefined) => {
    if (value === undefined) return 'no answer';
    if (Array.isArray(value)) return value.join(', ');
    const option = questions.get(questionId)?.options?.find((o) => o.value === value);
    return option?.label ?? String(value);
  };

  const readFile = async (file: File) => {
    if (file.size > API_LIMITS.manifestChars) {
      setError({
        code: 'LIMIT',
        message: 'That file is larger than a manifest should be (200 KB).',
      });
      return;
    }
    setFileName(file.name);
    setText(await file.text());
  };

  const analyze = async () => {
    setBusy(true);
    setError(null);
    setSaved(null);
    setSaveError(null);
    const result = await api.analyzeManifest({ manifest: text, id: detail.assessment.id });
    setBusy(false);
    if (!result.ok) {
      setAnalysis(null);
      setError(result.error);
      return;
    }
    setAnalysis(result.data);
    // Pre-tick only what would change something; agreeing suggestions need no action.
    setAccepted(
      Object.fromEntries(
        result.data.suggestions.map((s) => [
          s.questionId,
          answers[s.questionId]?.value !== s.value,
        ]),
      ),
    );
  };

  const accept = async () => {
    if (!analysis) return;
    const patch: Patch = {};
    for (const s of analysis.suggestions) {
      if (!accepted[s.questionId]) continue;
      const existing: Answer = answers[s.questionId] ?? {};
      // A suggestion is a value: it replaces "not applicable" but keeps evidence and notes.
      const next = compactAnswer({
        ...existing,
        value: s.value,
        notApplicable: undefined,
        justification: undefined,
      });
      if (next && !sameAnswer(next, existing)) patch[s.questionId] = next;
    }
    if (Object.keys(patch).length === 0) {
      setSaved(0);
      return;
    }
    setBusy(true);
    setSaveError(null);
    const result = await session.importAnswers(patch);
    setBusy(false);
    if (result.ok) setSaved(Object.keys(patch).length);
    else setSaveError(result.error);
  };

  const attach = async (manifest: string | null) => {
    setAttachState('busy');
    setAttachError(null);
    const result = await session.attachManifest(manifest);
    if (result.ok) setAttachState(manifest === null ? 'detached' : 'attached');
    else {
      setAttachState('idle');
      setAttachError(result.error);
    }
  };

  const chosen = analysis?.suggestions.filter((s) => accepted[s.questionId]).length ?? 0;

  return (
    <div data-testid="manifest-import">
      <h2>Import a Forge manifest</h2>
      <p className="tr-subtle">
        Paste the app&apos;s <code>manifest.yml</code> or upload it. Analyzing does not store it:
        its facts suggest answers you can accept or ignore and reveal answers it contradicts. Attach
        it to make those facts part of the report.
      </p>
      {attachedAt && detail.manifest && (
        <div className="tr-block" data-testid="manifest-attached">
          <SectionMessage
            appearance="information"
            title="A manifest is attached"
            actions={
              readOnly
                ? []
                : [
                    <SectionMessageAction key="detach" onClick={() => void attach(null)}>
                      Detach it
                    </SectionMessageAction>,
                  ]
            }
          >
            <p>
              Attached {formatDateTime(attachedAt)}: {detail.manifest.egress.length} egress entr
              {detail.manifest.egress.length === 1 ? 'y' : 'ies'}, {detail.manifest.remotes.length}{' '}
              remote{detail.manifest.remotes.length === 1 ? '' : 's'}. Its facts are part of the
              report: derived checks settle some answers, and answers it disproves show as
              contradictions in Results.
            </p>
          </SectionMessage>
        </div>
      )}
      {attachState === 'detached' && (
        <p role="status" className="tr-block">
          The manifest is detached; the report no longer uses it.
        </p>
      )}
      <div className="tr-field">
        <label className="tr-label" htmlFor="manifest-file" id="manifest-file-label">
          Upload manifest.yml
        </label>
        <FileButton
          id="manifest-file"
          accept=".yml,.yaml,text/yaml,application/x-yaml"
          labelledBy="manifest-file-label"
          fileName={fileName && `Loaded ${fileName}`}
          onFile={(file) => void readFile(file)}
        >
          Choose file…
        </FileButton>
      </div>
      <div className="tr-field">
        <label className="tr-label" htmlFor="manifest-text">
          manifest.yml contents
        </label>
        <Textarea
          id="manifest-text"
          value={text}
          minimumRows={10}
          maxLength={API_LIMITS.manifestChars}
          resize="vertical"
          isMonospaced
          placeholder={'modules:\n  jira:adminPage:\n    - key: ...'}
          onChange={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <div className="tr-block">
        <Button
          appearance="primary"
          onClick={() => void analyze()}
          isDisabled={text.trim() === ''}
          isLoading={busy && !analysis}
        >
          Analyze manifest
        </Button>
      </div>
      {error && <ErrorState error={error} title="The manifest could not be analyzed" />}

      {analysis && (
        <div data-testid="manifest-analysis">
          <section className="tr-section" aria-labelledby="roa-heading">
            <h2 id="roa-heading">Runs on Atlassian</h2>
            <p>
              <Lozenge
                appearance={analysis.runsOnAtlassian.eligible ? 'success' : 'removed'}
                isBold
              >
                {analysis.runsOnAtlassian.eligible ? 'Likely eligible' : 'Not eligible'}
              </Lozenge>{' '}
              <span className="tr-subtle">An estimate from the manifest; Atlassian decides.</span>
            </p>
            <ul className="tr-list">
              {analysis.runsOnAtlassian.reasons.map((r) => (
                <li key={r}>{sentence(r)}</li>
              ))}
            </ul>
          </section>

          <section className="tr-section" aria-labelledby="attach-heading">
            <h2 id="attach-heading">Attach to this assessment</h2>
            <p className="tr-subtle">
              Attached, the manifest becomes part of the report: checks such as egress wildcards and
              in-scope end-user data are settled from it, and the Privacy &amp; Security tab answers
              are compared against it.
            </p>
            <div className="tr-block tr-row">
              <Button
                isDisabled={readOnly}
                isLoading={attachState === 'busy'}
                onClick={() => void attach(text)}
              >
                {attachedAt ? 'Replace the attached manifest' : 'Attach this manifest'}
              </Button>
              {attachState === 'attached' && (
                <span role="status" data-testid="attach-done">
                  Attached. Results now include the manifest&apos;s checks.
                </span>
              )}
            </div>
            {attachError && (
              <ErrorState error={attachError} title="The manifest was not attached" />
            )}
          </section>

          <section className="tr-section" aria-labelledby="suggestions-heading">
            <h2 id="suggestions-heading">Suggested answers</h2>
            {analysis.suggestions.length === 0 ? (
              <p className="tr-subtle">The manifest suggests no answers.</p>
            ) : (
              <>
                {readOnly && (
                  <SectionMessage appearance="information">
                    <p>This assessment is read-only. Reopen it to accept suggestions.</p>
                  </SectionMessage>
                )}
                <ul className="tr-list" style={{ listStyle: 'none', paddingLeft: 0 }}>
                  {analysis.suggestions.map((s) => {
                    const current = answers[s.questionId]?.value;
                    return (
                      <li key={s.questionId} className="tr-card" data-testid="suggestion">
                        <Checkbox
                          name={`suggest-${s.questionId}`}
                          isChecked={accepted[s.questionId] === true}
                          isDisabled={readOnly}
                          label={`${s.questionId} ${questions.get(s.questionId)?.title ?? ''} Suggested: ${optionLabel(s.questionId, s.value)}`}
                          onChange={(e) => {
                            const checked = e.currentTarget.checked;
                            setAccepted((prev) => ({ ...prev, [s.questionId]: checked }));
                          }}
                        />
                        <div className="tr-subtle">{sentence(s.reason)}</div>
                        <div className="tr-subtlest">
                          Current answer: {optionLabel(s.questionId, current)}
                          {s.facts.length > 0 && <> · From {s.facts.join('; ')}</>}
                        </div>
                      </li>
                    );
                  })}
                </ul>
                <div className="tr-block tr-row">
                  <Button
                    appearance="primary"
                    isDisabled={readOnly || chosen === 0}
                    isLoading={busy}
                    onClick={() => void accept()}
                  >
                    {`Accept ${chosen} suggestion${chosen === 1 ? '' : 's'}`}
                  </Button>
                  {saved !== null && (
                    <span role="status" data-testid="import-saved">
                      {saved === 0
                        ? 'Nothing to change: the answers already match.'
                        : `Saved ${saved} answer${saved === 1 ? '' : 's'} from the manifest.`}
                    </span>
                  )}
                </div>
                {saveError && (
                  <ErrorState
                    error={saveError}
                    title="The suggestions were not saved"
                    onRetry={saveError.code === 'CONFLICT' ? () => void accept() : undefined}
                  />
                )}
              </>
            )}
          </section>

          <section className="tr-section" aria-labelledby="contradictions-found-heading">
            <h2 id="contradictions-found-heading">Answers the manifest contradicts</h2>
            {analysis.contradictions.length === 0 ? (
              <p className="tr-subtle">None: the saved answers agree with this manifest.</p>
            ) : (
              <ul className="tr-list">
                {analysis.contradictions.map((c) => (
                  <li key={`${c.checkId}-${c.questionId}`}>
                    <strong>{c.questionId}</strong> {c.message}
                    {c.facts.length > 0 && <div className="tr-subtlest">{c.facts.join('; ')}</div>}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="tr-section" aria-labelledby="facts-heading">
            <h2 id="facts-heading">What the manifest declares</h2>
            <dl className="tr-facts">
              <dt>Runtime</dt>
              <dd>{analysis.facts.runtime ?? 'not stated'}</dd>
              <dt>Modules</dt>
              <dd>{analysis.facts.modules.join(', ') || 'none'}</dd>
              <dt>Scopes</dt>
              <dd>{analysis.facts.scopes.join(', ') || 'none'}</dd>
              <dt>Remotes</dt>
              <dd>
                {analysis.facts.remotes.length === 0
                  ? 'none'
                  : analysis.facts.remotes.map((r) => `${r.key} (${r.baseUrl})`).join(', ')}
              </dd>
              <dt>Web triggers</dt>
              <dd>
                {analysis.facts.webTriggers.length === 0
                  ? 'none'
                  : analysis.facts.webTriggers
                      .map((w) => `${w.key}${w.dynamic ? ' (dynamic)' : ''}`)
                      .join(', ')}
              </dd>
              <dt>Content security policy</dt>
              <dd>
                {[
                  analysis.facts.csp.scriptsUnsafeInline && "scripts 'unsafe-inline'",
                  analysis.facts.csp.scriptsUnsafeEval && "scripts 'unsafe-eval'",
                  analysis.facts.csp.stylesUnsafeInline && "styles 'unsafe-inline'",
                ]
                  .filter(Boolean)
                  .join(', ') || 'no unsafe entries'}
              </dd>
              <dt>Forge storage</dt>
              <dd>{analysis.facts.usesForgeStorage ? 'used' : 'not declared'}</dd>
            </dl>
            <h3>Egress</h3>
            {analysis.facts.egress.length === 0 ? (
              <p className="tr-subtle">No egress: nothing is fetched from outside Atlassian.</p>
            ) : (
              <div className="tr-table-wrap">
                <table className="tr-table">
                  <caption className="tr-visually-hidden">Egress declared in the manifest</caption>
                  <thead>
                    <tr>
                      <th scope="col">Address</th>
                      <th scope="col">Kind</th>
                      <th scope="col">Category</th>
                      <th scope="col">In-scope end-user data</th>
                    </tr>
                  </thead>
                  <tbody>
                    {analysis.facts.egress.map((e, i) => (
                      <tr key={`${e.kind}-${e.address}-${i}`}>
                        <td>
                          {e.address}
                          {e.wildcard && (
                            <>
                              {' '}
                              <Lozenge appearance="moved">Wildcard</Lozenge>
                            </>
                          )}
                        </td>
                        <td>{e.kind}</td>
                        <td>{e.category}</td>
                        <td>
                          {e.inScopeEUD === undefined ? 'not stated' : e.inScopeEUD ? 'yes' : 'no'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
