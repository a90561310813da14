import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textarea from '@atlaskit/textarea';
import { useEffect, useMemo, useState } from 'react';
import { api, type ClientError } from '../api';
import { FileButton } from '../components/file-button';
import { ErrorState } from '../components/states';
import { useAssessment } from '../lib/assessment-context';
import { answerText } from '../lib/answer-text';
import type { Patch } from '../lib/answers';
import type { Answer } from '../../../../src/domain/answers';
import { API_LIMITS, type AssessmentSummary, type ImportPreview } from '../../../../src/shared/api';

type SourceChoice = { label: string; value: string };

/**
 * Import answers: the CLI's answers file (YAML or JSON), or another assessment's answers, as a
 * diff the user reviews per question before one revision-checked write. The server parses and
 * validates the file with the CLI's own parser, so the errors are the CLI's.
 */
export default function ImportAnswers() {
  const { detail, ruleSetInfo, session, readOnly } = useAssessment();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [others, setOthers] = useState<AssessmentSummary[]>([]);
  const [fromId, setFromId] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [source, setSource] = useState<'answers-file' | 'copy'>('answers-file');
  const [accepted, setAccepted] = useState<Record<string, boolean>>({});
  const [error, setError] = useState<ClientError | null>(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<number | null>(null);
  const questions = useMemo(
    () => new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q])),
    [ruleSetInfo],
  );

  useEffect(() => {
    let live = true;
    void api.listAssessments({ limit: API_LIMITS.pageSize }).then((result) => {
      if (live && result.ok) {
        setOthers(
          result.data.items.filter(
            (a) =>
              a.id !== detail.assessment.id &&
              a.ruleSetVersion === detail.assessment.ruleSetVersion,
          ),
        );
      }
    });
    return () => {
      live = false;
    };
  }, [detail.assessment.id, detail.assessment.ruleSetVersion]);

  const showPreview = async (kind: 'file' | 'assessment') => {
    setBusy(true);
    setError(null);
    setImported(null);
    const result = await api.previewImport({
      id: detail.assessment.id,
      source: kind === 'file' ? { kind: 'file', text } : { kind: 'assessment', fromId },
    });
    setBusy(false);
    if (!result.ok) {
      setPreview(null);
      setError(result.error);
      return;
    }
    setSource(kind === 'file' ? 'answers-file' : 'copy');
    setPreview(result.data);
    setAccepted(Object.fromEntries(result.data.changes.map((c) => [c.questionId, true])));
  };

  const readFile = async (file: File) => {
    setFileName(file.name);
    setText(await file.text());
  };

  const write = async () => {
    if (!preview) return;
    const patch: Patch = {};
    for (const change of preview.changes) {
      if (accepted[change.questionId]) patch[change.questionId] = change.after;
    }
    setBusy(true);
    setError(null);
    const result = await session.importPreviewed(patch, source, preview.revision);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setImported(result.data.written.length);
    setPreview(null);
  };

  const sourceChoices: SourceChoice[] = others.map((a) => ({ value: a.id, label: a.appName }));
  const chosen = preview?.changes.filter((c) => accepted[c.questionId]).length ?? 0;
  const describe = (questionId: string, answer: Answer | null) =>
    answer ? answerText(answer, questions.get(questionId)) : 'no answer';

  return (
    <div data-testid="import-answers">
      <h2>Import answers</h2>
      <p className="tr-subtle">
        Bring in the answers file your CI scores with <code>trust-assess</code> (YAML or JSON), or
        copy the answers of another assessment. Nothing is stored until you accept the changes
        below; they are written together, as one change in the audit trail.
      </p>
      {readOnly && (
        <SectionMessage appearance="information" title="Read only">
          <p>This assessment cannot be edited now, so nothing can be imported into it.</p>
        </SectionMessage>
      )}
      <div className="tr-block">
        <label htmlFor="answers-file-text" id="answers-file-label">
          Answers file
        </label>
        <Textarea
          id="answers-file-text"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          minimumRows={6}
          placeholder={'ruleSet: trust-readiness@2.0.0\napp:\n  name: …\nanswers:\n  S1: yes'}
        />
        <div className="tr-actions">
          <FileButton
            id="answers-file"
            accept=".yaml,.yml,.json"
            labelledBy="answers-file-label"
            fileName={fileName}
            onFile={(file) => void readFile(file)}
          >
            Choose file…
          </FileButton>
          <Button
            appearance="primary"
            isDisabled={busy || readOnly || text.trim() === ''}
            onClick={() => void showPreview('file')}
          >
            Show changes
          </Button>
        </div>
      </div>
      <div className="tr-block">
        <label htmlFor="copy-from">Copy answers from another assessment</label>
        <div className="tr-actions tr-actions-middle">
          <div className="tr-select-wide">
            <Select<SourceChoice>
              inputId="copy-from"
              testId="copy-from"
              options={sourceChoices}
              value={sourceChoices.find((c) => c.value === fromId) ?? null}
              onChange={(choice) => setFromId(choice?.value ?? '')}
              placeholder="Choose an assessment…"
              noOptionsMessage={() => 'No other assessment on this rule set'}
              menuPlacement="auto"
            />
          </div>
          <Button
            isDisabled={busy || readOnly || fromId === ''}
            onClick={() => void showPreview('assessment')}
          >
            Show changes
          </Button>
        </div>
      </div>
      {error && <ErrorState error={error} />}
      {imported !== null && (
        <SectionMessage appearance="success" title={`Imported ${imported} answer(s)`}>
          <p>They are saved and scored; the audit trail records them as one import.</p>
        </SectionMessage>
      )}
      {preview && (
        <section className="tr-block" data-testid="import-preview" aria-label="Changes to import">
          <h3>
            {preview.changes.length} change(s), {preview.unchanged} answer(s) already the same
          </h3>
          {preview.ignored.length > 0 && (
            <SectionMessage appearance="warning" title="Left out">
              <ul>
                {preview.ignored.map((i) => (
                  <li key={i.questionId}>
                    {i.questionId}: {i.reason}
                  </li>
                ))}
              </ul>
            </SectionMessage>
          )}
          <ul className="tr-plain-list">
            {preview.changes.map((change) => (
              <li key={change.questionId}>
                <Checkbox
                  isChecked={accepted[change.questionId] ?? false}
                  onChange={(e) => {
                    // Read now: React clears the event's currentTarget once the handler
                    // returns, before a state updater runs (that crashed the view on untick).
                    const checked = e.currentTarget.checked;
                    setAccepted((a) => ({ ...a, [change.questionId]: checked }));
                  }}
                  label={`${change.questionId} ${questions.get(change.questionId)?.title ?? ''}: ${describe(change.questionId, change.before)} → ${describe(change.questionId, change.after)}`}
                />
              </li>
            ))}
          </ul>
          <Button
            appearance="primary"
            isDisabled={busy || readOnly || chosen === 0}
            onClick={() => void write()}
          >
            {`Import ${chosen} answer(s)`}
          </Button>
        </section>
      )}
    </div>
  );
}
