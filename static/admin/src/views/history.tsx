import Button from '@atlaskit/button/new';
import { api, type ClientResult } from '../api';
import { TrendChart } from '../components/charts';
import { LevelLozenge, StatusLozenge } from '../components/lozenges';
import { PersonName } from '../components/person';
import { Empty, ErrorState, Loading } from '../components/states';
import { answerText } from '../lib/answer-text';
import { sameAnswer } from '../lib/answers';
import { useAssessment } from '../lib/assessment-context';
import { formatDateTime, formatScore, LEVEL_LABEL } from '../lib/format';
import { useLoad } from '../lib/use-load';
import { usePages } from '../lib/use-pages';
import { DEFAULT_POLICY } from '../../../../src/domain/scoring/policy';
import type { Answer, Answers } from '../../../../src/domain/answers';
import type { Question } from '../../../../src/domain/rules/schema';
import type {
  ApprovalState,
  AuditEntry,
  HistoryPoint,
  RuleSetInfo,
} from '../../../../src/shared/api';

/** Audit pages read back to the approval at most (100 entries each). */
const MAX_AUDIT_PAGES = 20;

export interface ApprovalChange {
  questionId: string;
  /** What was stored when the approval was given; null: unanswered then. */
  before: Answer | null;
  /** What is stored now; null: cleared since. */
  after: Answer | null;
}

/**
 * Per question, the answer at the approval and the answer now, from the audit trail (every
 * change of an answer records its value before and after). The earliest change after the
 * approval knows the approved value; a question changed and changed back is left out.
 */
export function changesSinceApproval(
  entries: readonly AuditEntry[],
  approvedRevision: number,
  current: Answers,
): ApprovalChange[] {
  const before = new Map<string, Answer | null>();
  const later = entries
    .filter((e) => e.revision > approvedRevision)
    .sort((a, b) => a.revision - b.revision || a.at.localeCompare(b.at));
  for (const entry of later) {
    for (const change of entry.changes) {
      if (!before.has(change.questionId)) before.set(change.questionId, change.before);
    }
  }
  return [...before.entries()]
    .map(([questionId, was]) => ({ questionId, before: was, after: current[questionId] ?? null }))
    .filter((c) => !sameAnswer(c.before, c.after))
    .sort((a, b) => a.questionId.localeCompare(b.questionId, 'en', { numeric: true }));
}

interface AuditSinceApproval {
  entries: AuditEntry[];
  /** False when the audit was longer than this page reads; the list may then miss changes. */
  complete: boolean;
}

async function auditSince(id: string, revision: number): Promise<ClientResult<AuditSinceApproval>> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_AUDIT_PAGES; page += 1) {
    const result = await api.getAudit({ id, limit: 100, ...(cursor ? { cursor } : {}) });
    if (!result.ok) return result;
    entries.push(...result.data.items);
    // Newest first: once an entry at or before the approval shows, the rest is older still.
    const reached = result.data.items.some((e) => e.revision <= revision);
    if (reached || result.data.cursor === null)
      return { ok: true, data: { entries, complete: true } };
    cursor = result.data.cursor;
  }
  return { ok: true, data: { entries, complete: false } };
}

function ElementScores({
  approvedPoint,
  latest,
  ruleSetInfo,
}: {
  approvedPoint: HistoryPoint | undefined;
  latest: HistoryPoint | undefined;
  ruleSetInfo: RuleSetInfo;
}) {
  if (!approvedPoint || !latest) return null;
  const moved = ruleSetInfo.ruleSet.elements.filter(
    (e) => (approvedPoint.elements[e.id] ?? null) !== (latest.elements[e.id] ?? null),
  );
  if (moved.length === 0) return null;
  return (
    <ul className="tr-list tr-compare-elements" data-testid="compare-elements">
      {moved.map((e) => (
        <li key={e.id}>
          {e.title}: {formatScore(approvedPoint.elements[e.id] ?? null)} →{' '}
          {formatScore(latest.elements[e.id] ?? null)}
        </li>
      ))}
    </ul>
  );
}

function SinceApproval({
  approval,
  points,
}: {
  approval: ApprovalState | null;
  points: HistoryPoint[];
}) {
  const { detail, ruleSetInfo } = useAssessment();
  const id = detail.assessment.id;
  const revision = detail.assessment.revision;
  const [audit, reload] = useLoad(
    () =>
      approval
        ? auditSince(id, approval.revision)
        : Promise.resolve({ ok: true as const, data: { entries: [], complete: true } }),
    [id, revision, approval?.revision],
  );
  const questions = new Map<string, Question>(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q]));

  const heading = <h2 id="since-approval-heading">What changed since the last approval</h2>;
  if (!approval) {
    return (
      <section
        className="tr-section"
        aria-labelledby="since-approval-heading"
        data-testid="since-approval"
      >
        {heading}
        <p className="tr-subtle" data-testid="since-approval-none">
          Not approved yet. Once a reviewer approves this assessment, every answer changed after the
          approval is listed here, before and after.
        </p>
      </section>
    );
  }
  const approvedPoint = [...points]
    .filter((p) => p.revision <= approval.revision)
    .sort((a, b) => b.revision - a.revision)[0];
  const latest = [...points].sort((a, b) => b.revision - a.revision)[0];
  const score = detail.report.overall.score;
  return (
    <section
      className="tr-section"
      aria-labelledby="since-approval-heading"
      data-testid="since-approval"
    >
      {heading}
      <p className="tr-subtle">
        Approved by <PersonName accountId={approval.reviewer} avatar={false} /> on{' '}
        {formatDateTime(approval.at)} at revision {approval.revision}, score{' '}
        {formatScore(approval.score)}
        {approval.ruleSetVersion !== detail.assessment.ruleSetVersion
          ? ` on rule set ${approval.ruleSetVersion}`
          : ''}
        . Now revision {revision}, score{' '}
        <span data-testid="since-approval-score">
          {formatScore(approval.score)} → {formatScore(score)}
        </span>
        .
      </p>
      <ElementScores approvedPoint={approvedPoint} latest={latest} ruleSetInfo={ruleSetInfo} />
      {audit.status === 'loading' && <Loading label="Comparing with the approval" />}
      {audit.status === 'error' && <ErrorState error={audit.error} onRetry={reload} />}
      {audit.status === 'ready' &&
        (() => {
          const changes = changesSinceApproval(
            audit.data.entries,
            approval.revision,
            detail.answers,
          );
          if (changes.length === 0) {
            return <p data-testid="since-approval-empty">No answer changed since the approval.</p>;
          }
          return (
            <>
              <table className="tr-table tr-compare-table" data-testid="since-approval-table">
                <caption>
                  {changes.length} answer{changes.length === 1 ? '' : 's'} changed since the
                  approval
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">At the approval</th>
                    <th scope="col">Now</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((c) => {
                    const q = questions.get(c.questionId);
                    return (
                      <tr
                        key={c.questionId}
                        data-testid="since-approval-row"
                        data-question-id={c.questionId}
                      >
                        <th scope="row">
                          <span className="tr-question-id">{c.questionId}</span>
                          {q?.title ?? ''}
                        </th>
                        <td data-testid="since-approval-before">{answerText(c.before, q)}</td>
                        <td data-testid="since-approval-after">{answerText(c.after, q)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {!audit.data.complete && (
                <p className="tr-subtle">
                  The audit trail since the approval is longer than this page reads; older changes
                  may be missing here. The audit view on Review has all of them.
                </p>
              )}
            </>
          );
        })()}
    </section>
  );
}

export default function History() {
  const { detail, ruleSetInfo } = useAssessment();
  const id = detail.assessment.id;
  const revision = detail.assessment.revision;
  // Reloads when the revision moves, so a save made on another tab shows up here too.
  const [pages, reload, more] = usePages(
    (cursor) => api.getHistory({ id, limit: 50, ...(cursor ? { cursor } : {}) }),
    [id, revision],
  );
  const elements = ruleSetInfo.ruleSet.elements;

  if (pages.status === 'loading') return <Loading label="Loading the score history" />;
  if (pages.status === 'error' && pages.error)
    return <ErrorState error={pages.error} onRetry={reload} />;
  if (pages.items.length === 0) {
    return (
      <Empty
        header="No history yet"
        description="A point is recorded each time a save changes the score, the level or the status."
      />
    );
  }
  const chronological = [...pages.items].sort((a, b) => a.revision - b.revision);
  const thresholds = (['needs-work', 'ready', 'exemplary'] as const).map((level) => ({
    label: LEVEL_LABEL[level],
    value: DEFAULT_POLICY.thresholds[level],
  }));

  return (
    <div data-testid="history">
      <h2>Score over time</h2>
      <p className="tr-subtle">
        Dashed lines mark the score each readiness level needs; blockers can still hold a level
        back.
      </p>
      <TrendChart points={chronological} thresholds={thresholds} />
      <SinceApproval approval={detail.approval} points={pages.items} />
      {/* Focusable and labelled, so a keyboard can scroll it should a narrow window need to. */}
      <div
        className="tr-table-wrap tr-section"
        role="region"
        aria-labelledby="history-table-caption"
        tabIndex={0}
      >
        <table className="tr-table tr-history-table" data-testid="history-table">
          <caption id="history-table-caption">Recorded points, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col" className="tr-num">
                Revision
              </th>
              <th scope="col" className="tr-num">
                Score
              </th>
              <th scope="col">Level</th>
              <th scope="col">Status</th>
              {elements.map((e) => (
                <th scope="col" className="tr-num tr-wide-only" key={e.id}>
                  {e.title}
                </th>
              ))}
              <th scope="col" className="tr-narrow-only">
                By element
              </th>
            </tr>
          </thead>
          <tbody>
            {pages.items.map((p) => (
              <tr key={p.revision}>
                <td>{formatDateTime(p.at)}</td>
                <td className="tr-num">{p.revision}</td>
                <td className="tr-num">{formatScore(p.score)}</td>
                <td>
                  <LevelLozenge level={p.level} />
                </td>
                <td>
                  <StatusLozenge status={p.status} />
                </td>
                {elements.map((e) => (
                  <td className="tr-num tr-wide-only" key={e.id}>
                    {formatScore(p.elements[e.id] ?? null)}
                  </td>
                ))}
                {/* Narrow windows: the element scores in one cell, so no column hides. */}
                <td className="tr-narrow-only">
                  <dl className="tr-element-scores">
                    {elements.map((e) => (
                      <div key={e.id}>
                        <dt>{e.title}</dt>
                        <dd>{formatScore(p.elements[e.id] ?? null)}</dd>
                      </div>
                    ))}
                  </dl>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages.cursor !== null && (
        <div className="tr-load-more">
          <Button onClick={more} isLoading={pages.status === 'loading-more'}>
            Load older points
          </Button>
        </div>
      )}
    </div>
  );
}
