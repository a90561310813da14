import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import { useMemo, useState, type ReactNode } from 'react';
import { PersonName } from '../components/person';
import { ScoreBars } from '../components/charts';
import { LevelLozenge, OutcomeLozenge, SeverityLozenge } from '../components/lozenges';
import { Empty } from '../components/states';
import { useAssessment } from '../lib/assessment-context';
import { CAP_EXPLANATION, formatDateTime, formatScore, LEVEL_LABEL } from '../lib/format';
import { Link } from '../router';
import { questionPath, type Section } from '../routes';
import type { Answers } from '../../../../src/domain/answers';
import { renderLens, type LensFinding } from '../../../../src/domain/lens';
import { lensesForRuleSet } from '../../../../src/domain/rules/packs/lenses';
import type { Question, RuleSet } from '../../../../src/domain/rules/schema';
import type { Report } from '../../../../src/domain/scoring/report';
import type { RuleSetInfo } from '../../../../src/shared/api';
import '../print.css';

export default function Results() {
  const { detail, ruleSetInfo, pending } = useAssessment();
  const { report, assessment, review } = detail;
  const questions = new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q]));
  const title = (id: string) => questions.get(id)?.title ?? id;
  const sectionOf = (id: string): Section => {
    const q: Question | undefined = questions.get(id);
    return !q || q.severity === 'gate' ? 'profile' : q.element;
  };
  const questionLink = (id: string) => (
    <Link to={questionPath(assessment.id, sectionOf(id), id)}>
      {id} {title(id)}
    </Link>
  );
  const unsaved = Object.keys(pending).length;
  const capped = report.overall.cappedBy.length > 0;

  return (
    <div data-testid="results">
      {unsaved > 0 && (
        <div className="tr-block">
          <SectionMessage appearance="information" title="Some edits are not saved yet">
            <p>These results reflect saved answers; {unsaved} edit(s) are still waiting to save.</p>
          </SectionMessage>
        </div>
      )}
      {assessment.status === 'submitted' && (
        <div className="tr-block" data-testid="submitted-not-approved">
          <SectionMessage appearance="information" title="Submitted is not approved">
            <p>
              The partner has submitted these answers, but no administrator has approved them yet.
              Until then this is a self-assessment, not a reviewed result.
            </p>
          </SectionMessage>
        </div>
      )}
      {assessment.status === 'approved' && review && (
        <div className="tr-block">
          <SectionMessage appearance="success" title="Approved">
            <p>
              Approved by <PersonName accountId={review.reviewer} /> on {formatDateTime(review.at)}.
            </p>
          </SectionMessage>
        </div>
      )}

      <div className="tr-cards tr-block">
        <div className="tr-card">
          <h2 className="tr-card-title">Overall score</h2>
          <div className="tr-big-number" data-testid="results-score">
            {formatScore(report.overall.score)}
          </div>
          <div className="tr-subtlest">out of 100</div>
        </div>
        <div className="tr-card">
          <h2 className="tr-card-title">Readiness level</h2>
          <div className="tr-block">
            <LevelLozenge level={report.overall.level} />
          </div>
          {report.overall.uncappedLevel !== report.overall.level && (
            <p className="tr-subtlest">
              The score alone would reach {LEVEL_LABEL[report.overall.uncappedLevel]}.
            </p>
          )}
        </div>
        <div className="tr-card">
          <h2 className="tr-card-title">Completeness</h2>
          <div className="tr-big-number">{Math.round(report.completeness.percent)}%</div>
          <div className="tr-subtlest">
            {report.completeness.answered} of {report.completeness.applicable} applicable questions
          </div>
        </div>
      </div>

      {capped && (
        <div className="tr-block" data-testid="capped-by">
          <SectionMessage appearance="warning" title="What holds the level back">
            <ul className="tr-list">
              {report.overall.cappedBy.map((reason) => (
                <li key={reason}>{CAP_EXPLANATION[reason]}</li>
              ))}
            </ul>
          </SectionMessage>
        </div>
      )}

      <section className="tr-section" aria-labelledby="blockers-heading">
        <h2 id="blockers-heading">Failed blockers</h2>
        {report.blockers.length === 0 ? (
          <p className="tr-subtle" data-testid="no-failed-blockers">
            No blocker fails.
          </p>
        ) : (
          <ul className="tr-list" data-testid="failed-blockers">
            {report.blockers.map((b) => (
              <li key={b.questionId}>
                {questionLink(b.questionId)} <OutcomeLozenge outcome={b.outcome} />
                <div className="tr-subtle">{b.reason}</div>
              </li>
            ))}
          </ul>
        )}
        {report.openBlockers.length > 0 && (
          <>
            <h3>Unanswered blockers</h3>
            <p className="tr-subtle">
              Not failures, but the level cannot reach &quot;Ready&quot; until they are answered.
            </p>
            <ul className="tr-list">
              {report.openBlockers.map((id) => (
                <li key={id}>{questionLink(id)}</li>
              ))}
            </ul>
          </>
        )}
      </section>

      <BuyerView
        ruleSetInfo={ruleSetInfo}
        ruleSetVersion={assessment.ruleSetVersion}
        answers={detail.answers}
        report={report}
        questionLink={questionLink}
      />

      <section className="tr-section" aria-labelledby="elements-heading">
        <h2 id="elements-heading">Trust elements</h2>
        <ScoreBars
          title="Score per trust element"
          bars={report.elements.map((e) => ({ label: e.title, value: e.score }))}
        />
        <div className="tr-table-wrap">
          <table className="tr-table">
            <caption className="tr-visually-hidden">Score per trust element</caption>
            <thead>
              <tr>
                <th scope="col">Element</th>
                <th scope="col" className="tr-num">
                  Score
                </th>
                <th scope="col" className="tr-num">
                  Answered
                </th>
                <th scope="col" className="tr-num">
                  Passed
                </th>
              </tr>
            </thead>
            <tbody>
              {report.elements.map((e) => (
                <tr key={e.id}>
                  <th scope="row">{e.title}</th>
                  <td className="tr-num">{formatScore(e.score)}</td>
                  <td className="tr-num">
                    {e.answered} / {e.applicable}
                  </td>
                  <td className="tr-num">{e.passed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section className="tr-section" aria-labelledby="actions-heading">
        <h2 id="actions-heading">Next best actions</h2>
        {report.actions.length === 0 ? (
          <p className="tr-subtle">Nothing left to gain: every applicable question passes.</p>
        ) : (
          <ol className="tr-list" data-testid="next-actions">
            {report.actions.slice(0, 10).map((a) => (
              <li key={a.questionId}>
                <strong>+{formatScore(a.gain)} points</strong>{' '}
                {a.kind === 'answer' ? 'Answer' : a.kind === 'fix' ? 'Fix' : 'Add evidence for'}{' '}
                {questionLink(a.questionId)} <SeverityLozenge severity={a.severity} />
                {a.remediation && <div className="tr-subtle">{a.remediation}</div>}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="tr-section" aria-labelledby="contradictions-heading">
        <h2 id="contradictions-heading">Contradictions with the manifest</h2>
        {report.contradictions.length === 0 ? (
          <p className="tr-subtle">
            {report.manifestSupplied
              ? 'The answers agree with the manifest.'
              : 'None found. Import a manifest to check the answers against it.'}
          </p>
        ) : (
          <ul className="tr-list" data-testid="contradictions">
            {report.contradictions.map((c) => (
              <li key={`${c.checkId}-${c.questionId}`}>
                {/* The link on its own line: inside a sentence, colour alone would mark it. */}
                {questionLink(c.questionId)}
                <div>{c.message}</div>
                {c.facts.length > 0 && <div className="tr-subtlest">{c.facts.join('; ')}</div>}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="tr-section" aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading">Every question</h2>
        {report.questions.length === 0 ? (
          <Empty header="No questions apply" description="Answer the app profile first." />
        ) : (
          <div className="tr-table-wrap">
            <table className="tr-table" data-testid="outcomes-table">
              <caption className="tr-visually-hidden">Outcome of every question</caption>
              <thead>
                <tr>
                  <th scope="col">Question</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {report.questions.map((q) => (
                  <tr key={q.id} data-question-id={q.id}>
                    <td>{questionLink(q.id)}</td>
                    <td>
                      <SeverityLozenge severity={q.severity} />
                    </td>
                    <td>
                      <OutcomeLozenge outcome={q.outcome} />
                    </td>
                    <td>
                      {q.reason}
                      {q.settledBy && (
                        <div className="tr-subtlest">Settled by the {q.settledBy} check.</div>
                      )}
                      {q.evidenceIssue && (
                        <div className="tr-subtlest">
                          Evidence {q.evidenceIssue === 'missing' ? 'is missing' : 'has expired'}:
                          credit is capped.
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/**
 * The answers as one kind of customer reads the listing: what makes them walk away first,
 * then what they ask before buying, each in their words and linked to its question.
 */
function BuyerView({
  ruleSetInfo,
  ruleSetVersion,
  answers,
  report,
  questionLink,
}: {
  ruleSetInfo: RuleSetInfo;
  ruleSetVersion: string;
  answers: Answers;
  report: Report;
  questionLink: (id: string) => ReactNode;
}) {
  // Lens data only (src/domain/rules/packs/lenses.ts): this view's chunk, not the first view's.
  const lenses = lensesForRuleSet(ruleSetVersion);
  const [chosen, setChosen] = useState(lenses[0]?.id ?? '');
  const lens = lenses.find((l) => l.id === chosen) ?? lenses[0];
  const ruleSet: RuleSet = ruleSetInfo.ruleSet;
  const view = useMemo(
    () => (lens ? renderLens(lens, ruleSet, answers, report) : null),
    [lens, ruleSet, answers, report],
  );
  const upgrade = ruleSetInfo.upgrades.find((ref) => lensesForRuleSet(ref).length > 0);

  return (
    <section className="tr-section" aria-labelledby="buyer-heading" data-testid="buyer-view">
      <h2 id="buyer-heading">Buyer&apos;s view</h2>
      {!lens || !view ? (
        <p className="tr-subtle" data-testid="no-lenses">
          Rule set {ruleSetVersion} has no buyer lenses, so there is no buyer&apos;s view of this
          assessment.
          {upgrade
            ? ` Upgrade it to rule set ${upgrade} to read the answers as an EU/DACH regulated or a US enterprise buyer would.`
            : ''}
        </p>
      ) : (
        <>
          <div className="tr-field">
            <span className="tr-label" id="lens-picker-label">
              Read as
            </span>
            <RadioGroup
              name="buyer-lens"
              labelId="lens-picker-label"
              value={lens.id}
              options={lenses.map((l) => ({ name: 'buyer-lens', value: l.id, label: l.title }))}
              onChange={(e) => setChosen(e.currentTarget.value)}
            />
          </div>
          <p className="tr-subtle" data-testid="lens-buyer">
            {view.buyer}
          </p>
          <h3 id="lens-deal-breakers-heading">Deal-breakers ({view.dealBreakers.length})</h3>
          {view.dealBreakers.length === 0 ? (
            <p className="tr-subtle" data-testid="lens-no-deal-breakers">
              Nothing in the answers makes this buyer walk away.
            </p>
          ) : (
            <Findings
              findings={view.dealBreakers}
              labelledBy="lens-deal-breakers-heading"
              testId="lens-deal-breakers"
              questionLink={questionLink}
            />
          )}
          <h3 id="lens-questions-heading">What this buyer asks ({view.questions.length})</h3>
          {view.questions.length === 0 ? (
            <p className="tr-subtle">The answers already tell this buyer what they ask about.</p>
          ) : (
            <Findings
              findings={view.questions}
              labelledBy="lens-questions-heading"
              testId="lens-questions"
              questionLink={questionLink}
            />
          )}
          {view.met.length > 0 && (
            <p className="tr-subtlest" data-testid="lens-met">
              Already met for this buyer: {view.met.join(', ')}.
            </p>
          )}
        </>
      )}
    </section>
  );
}

function Findings({
  findings,
  labelledBy,
  testId,
  questionLink,
}: {
  findings: LensFinding[];
  labelledBy: string;
  testId: string;
  questionLink: (id: string) => ReactNode;
}) {
  return (
    <ul className="tr-list" aria-labelledby={labelledBy} data-testid={testId}>
      {findings.map((f) => (
        <li key={f.questionId} data-question-id={f.questionId}>
          <q>{f.says}</q>
          <div className="tr-subtlest">{questionLink(f.questionId)}</div>
        </li>
      ))}
    </ul>
  );
}
