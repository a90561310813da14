import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { useState } from 'react';
import { api, type ClientError } from '../api';
import { ErrorState } from '../components/states';
import { useAssessment } from '../lib/assessment-context';
import { downloadText } from '../lib/download';
import { Link } from '../router';
import { assessmentPath } from '../routes';
import type { ExportResult } from '../../../../src/shared/api';
import '../print.css';

type Format = ExportResult['format'];

const FORMATS: { format: Format; label: string; description: string }[] = [
  {
    format: 'json',
    label: 'JSON',
    description: 'The full report with every answer, for tooling and archives.',
  },
  {
    format: 'csv',
    label: 'CSV',
    description: 'One row per question with its evidence and notes, for spreadsheets.',
  },
  {
    format: 'markdown',
    label: 'Markdown',
    description:
      'A readable report for a wiki, a pull request or an email, with the evidence, notes and N/A justifications entered.',
  },
  {
    format: 'ps-tab',
    label: 'Privacy & Security tab draft',
    description:
      "The listing's Privacy & Security tab, section by section: each field's answer and what is left to do.",
  },
];

const ANSWERS_FILE_FORMATS: { format: Format; label: string }[] = [
  { format: 'answers-yaml', label: 'answers file (YAML)' },
  { format: 'answers-json', label: 'answers file (JSON)' },
];

export default function Export() {
  const { detail, pending } = useAssessment();
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [last, setLast] = useState<ExportResult | null>(null);

  const download = async (format: Format) => {
    setBusy(format);
    setError(null);
    const result = await api.exportAssessment({ id: detail.assessment.id, format });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setLast(result.data);
    downloadText(result.data.filename, result.data.mimeType, result.data.content);
  };

  return (
    <div data-testid="export">
      <h2>Export</h2>
      <p className="tr-subtle">Exports contain saved answers and the report computed from them.</p>
      {Object.keys(pending).length > 0 && (
        <div className="tr-block">
          <SectionMessage appearance="warning">
            <p>Some edits are not saved yet and will not be in the export.</p>
          </SectionMessage>
        </div>
      )}
      <div className="tr-cards tr-block">
        {FORMATS.map((f) => (
          <div className="tr-card" key={f.format}>
            <h3>{f.label}</h3>
            <p className="tr-subtle">{f.description}</p>
            <div className="tr-block">
              <Button onClick={() => void download(f.format)} isLoading={busy === f.format}>
                {`Download ${f.label}`}
              </Button>
            </div>
          </div>
        ))}
        <div className="tr-card" data-testid="export-answers-file">
          <h3>Answers file</h3>
          <p className="tr-subtle">
            The answers with their evidence, notes and N/A justifications, as the{' '}
            <code>trust-assess</code> CLI reads them: keep the file in your repository, score it in
            CI, or import it into another assessment.
          </p>
          {detail.retiredAnswers.length > 0 && (
            <p className="tr-subtlest">
              Left out: {detail.retiredAnswers.length} answer(s) to questions rule set{' '}
              {detail.assessment.ruleSetVersion} no longer has ({detail.retiredAnswers.join(', ')}).
            </p>
          )}
          <div className="tr-block tr-actions">
            {ANSWERS_FILE_FORMATS.map((f) => (
              <Button
                key={f.format}
                onClick={() => void download(f.format)}
                isLoading={busy === f.format}
              >
                {`Download ${f.label}`}
              </Button>
            ))}
          </div>
        </div>
        <div className="tr-card">
          <h3>PDF</h3>
          <p className="tr-subtle">
            A print-friendly report; use the browser&apos;s print dialog to save it as PDF.
          </p>
          <div className="tr-block">
            <Link to={assessmentPath(detail.assessment.id, 'print')}>
              Open the printable report
            </Link>
          </div>
        </div>
      </div>
      {error && <ErrorState error={error} title="The export failed" />}
      {last && (
        <section className="tr-section" aria-labelledby="export-preview-heading">
          <h3 id="export-preview-heading" role="status">
            Downloaded {last.filename}
          </h3>
          <pre
            className="tr-pre"
            data-testid="export-preview"
            tabIndex={0}
            aria-label={`Contents of ${last.filename}`}
          >
            {last.content.slice(0, 4000)}
            {last.content.length > 4000 ? '\n…' : ''}
          </pre>
        </section>
      )}
    </div>
  );
}
