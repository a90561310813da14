import Button from '@atlaskit/button/new';
import { PersonName } from '../components/person';
import { ScoreBars } from '../components/charts';
import { useAssessment } from '../lib/assessment-context';
import {
  CAP_EXPLANATION,
  formatDateTime,
  formatScore,
  HOSTING_LABEL,
  LEVEL_LABEL,
  OUTCOME_LABEL,
  SEVERITY_LABEL,
  STATUS_LABEL,
} from '../lib/format';
import { Link } from '../router';
import { assessmentPath } from '../routes';

/** Plain document flow, no tabs or buttons in print: what a reviewer files as the PDF. */
export default function PrintReport() {
  const { detail, ruleSetInfo } = useAssessment();
  const { assessment, report, review } = detail;
  const titles = new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q.title]));
  const byElement = report.elements.map((e) => ({
    element: e,
    questions: report.questions.filter((q) => q.element === e.id),
  }));

  return (
    <main className="tr-page tr-print" data-testid="print-report">
      <div className="tr-row-spread tr-no-print tr-block">
        <Link to={assessmentPath(assessment.id, 'export')}>Back to export</Link>
        <Button appearance="primary" onClick={() => window.print()}>
          Print or save as PDF
        </Button>
      </div>
      <header className="tr-section">
        <p className="tr-subtle">Trust readiness report</p>
        <h1 className="tr-print-title">{assessment.appName}</h1>
        <p>
          {HOSTING_LABEL[assessment.hosting]}
          {assessment.appKey ? ` · ${assessment.appKey}` : ''} · {STATUS_LABEL[assessment.status]} ·
          Rule set {report.ruleSet.id} {report.ruleSet.version} · As of {report.asOf} · Revision{' '}
          {assessment.revision}
        </p>
        {assessment.status === 'submitted' && (
          <p>
            <strong>Submitted, not approved:</strong> no administrator has reviewed these answers
            yet.
          </p>
        )}
        {review && (
          <p>
            Last review: {review.decision === 'approve' ? 'approved' : 'changes requested'} by{' '}
            <PersonName accountId={review.reviewer} avatar={false} /> on {formatDateTime(review.at)}
            .
          </p>
        )}
      </header>

      <section className="tr-section">
        <h2>
          Score {formatScore(report.overall.score)} / 100 · {LEVEL_LABEL[report.overall.level]}
        </h2>
        <p>
          {report.completeness.answered} of {report.completeness.applicable} applicable questions
          answered ({Math.round(report.completeness.percent)}%).
        </p>
        {report.overall.cappedBy.length > 0 && (
          <ul className="tr-list">
            {report.overall.cappedBy.map((c) => (
              <li key={c}>{CAP_EXPLANATION[c]}</li>
            ))}
          </ul>
        )}
        <ScoreBars
          title="Score per trust element"
          bars={report.elements.map((e) => ({ label: e.title, value: e.score }))}
        />
      </section>

      <section className="tr-section">
        <h2>Failed blockers</h2>
        {report.blockers.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul className="tr-list">
            {report.blockers.map((b) => (
              <li key={b.questionId}>
                <strong>{b.questionId}</strong> {titles.get(b.questionId)}
                <div className="tr-subtle">{b.reason}</div>
              </li>
            ))}
          </ul>
        )}
      </section>

      {report.actions.length > 0 && (
        <section className="tr-section">
          <h2>Next best actions</h2>
          <ol className="tr-list">
            {report.actions.slice(0, 10).map((a) => (
              <li key={a.questionId}>
                +{formatScore(a.gain)} points: <strong>{a.questionId}</strong>{' '}
                {titles.get(a.questionId)}
                {a.remediation && <div className="tr-subtle">{a.remediation}</div>}
              </li>
            ))}
          </ol>
        </section>
      )}

      {report.contradictions.length > 0 && (
        <section className="tr-section">
          <h2>Contradictions with the manifest</h2>
          <ul className="tr-list">
            {report.contradictions.map((c) => (
              <li key={`${c.checkId}-${c.questionId}`}>
                <strong>{c.questionId}</strong>: {c.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      {byElement.map(({ element, questions }) => (
        <section className="tr-section" key={element.id}>
          <h2>
            {element.title}: {formatScore(element.score)}
          </h2>
          <table className="tr-table">
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Severity</th>
                <th scope="col">Outcome</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {questions.map((q) => (
                <tr key={q.id}>
                  <td>
                    <strong>{q.id}</strong> {titles.get(q.id)}
                  </td>
                  <td>{SEVERITY_LABEL[q.severity]}</td>
                  <td>{OUTCOME_LABEL[q.outcome]}</td>
                  <td>{q.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </main>
  );
}
