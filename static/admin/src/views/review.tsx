import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import Textarea from '@atlaskit/textarea';
import { useState, type FormEvent } from 'react';
import { api, type ClientError } from '../api';
import { ErrorState, Loading } from '../components/states';
import { useAssessment } from '../lib/assessment-context';
import { formatDateTime } from '../lib/format';
import { usePages } from '../lib/use-pages';
import { API_LIMITS, type AuditEntry, type ReviewInput } from '../../../../src/shared/api';

type Decision = ReviewInput['decision'];

const ACTION_LABEL: Record<AuditEntry['action'], string> = {
  create: 'Created',
  save: 'Saved answers',
  submit: 'Submitted',
  approve: 'Approved',
  'request-changes': 'Requested changes',
  reopen: 'Reopened',
  'attach-manifest': 'Attached a manifest',
  'detach-manifest': 'Detached the manifest',
  delete: 'Deleted',
  restore: 'Restored an answer',
  reply: 'Replied to a review comment',
  settings: 'Changed a site setting',
};

export default function Review() {
  const { detail } = useAssessment();
  const { assessment, review } = detail;
  const id = assessment.id;
  const [audit, reloadAudit, moreAudit] = usePages(
    (cursor) => api.getAudit({ id, limit: 25, ...(cursor ? { cursor } : {}) }),
    [id, assessment.revision],
  );

  return (
    <div data-testid="review">
      {assessment.status === 'submitted' ? (
        <ReviewForm />
      ) : (
        <SectionMessage appearance="information" title="Nothing to review right now">
          <p>
            {assessment.status === 'approved'
              ? 'This assessment is approved. Reopening it starts a new review round.'
              : 'A review opens once the assessment is submitted. Submitted is not approved: an administrator reviews it here.'}
          </p>
        </SectionMessage>
      )}

      {review && (
        <section
          className="tr-section"
          aria-labelledby="last-review-heading"
          data-testid="last-review"
        >
          <h2 id="last-review-heading">Latest review</h2>
          <p>
            <Lozenge appearance={review.decision === 'approve' ? 'success' : 'moved'} isBold>
              {review.decision === 'approve' ? 'Approved' : 'Changes requested'}
            </Lozenge>{' '}
            <span className="tr-subtle">
              by {review.reviewer} on {formatDateTime(review.at)} (revision {review.revision})
            </span>
          </p>
          {review.summary && <p data-testid="review-summary">{review.summary}</p>}
          {Object.keys(review.comments).length > 0 && (
            <ul className="tr-list">
              {Object.entries(review.comments).map(([questionId, comment]) => (
                <li key={questionId}>
                  <strong>{questionId}</strong>: {comment}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section className="tr-section" aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit trail</h2>
        {audit.status === 'loading' && <Loading label="Loading the audit trail" />}
        {audit.status === 'error' && audit.error && (
          <ErrorState error={audit.error} onRetry={reloadAudit} />
        )}
        {audit.status !== 'loading' && audit.status !== 'error' && audit.items.length === 0 && (
          <p className="tr-subtle">No entries yet.</p>
        )}
        {audit.items.length > 0 && (
          <div className="tr-table-wrap">
            <table className="tr-table" data-testid="audit-table">
              <caption className="tr-visually-hidden">Audit trail, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  <th scope="col" className="tr-num">
                    Revision
                  </th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {audit.items.map((entry, i) => (
                  <tr key={`${entry.revision}-${entry.action}-${i}`}>
                    <td>{formatDateTime(entry.at)}</td>
                    <td>{entry.actor}</td>
                    <td>{ACTION_LABEL[entry.action]}</td>
                    <td className="tr-num">{entry.revision}</td>
                    <td>
                      {entry.summary}
                      {entry.changed.length > 0 && (
                        <div className="tr-subtlest">{entry.changed.join(', ')}</div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {audit.cursor !== null && (
          <div className="tr-load-more">
            <Button onClick={moreAudit} isLoading={audit.status === 'loading-more'}>
              Load older entries
            </Button>
          </div>
        )}
      </section>
    </div>
  );
}

function ReviewForm() {
  const { detail, ruleSetInfo, session } = useAssessment();
  const [decision, setDecision] = useState<Decision>('approve');
  const [summary, setSummary] = useState('');
  const [comments, setComments] = useState<Record<string, string>>({});
  const [questionId, setQuestionId] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const titles = new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q.title]));
  const applicable = detail.report.questions.map((q) => q.id);
  const chosenQuestion = questionId || applicable[0] || '';

  const addComment = () => {
    const text = comment.trim();
    if (!chosenQuestion || text === '') return;
    setComments((prev) => ({ ...prev, [chosenQuestion]: text }));
    setComment('');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (
      decision === 'request-changes' &&
      summary.trim() === '' &&
      Object.keys(comments).length === 0
    ) {
      setFormError('Say what needs to change: add a summary or a comment on a question.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await api.reviewAssessment({
      id: detail.assessment.id,
      expectedRevision: detail.assessment.revision,
      decision,
      ...(summary.trim() ? { summary } : {}),
      comments,
    });
    setBusy(false);
    if (result.ok) session.replaceDetail(result.data);
    else setError(result.error);
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="review-form" noValidate>
      <h2>Review this submission</h2>
      <p className="tr-subtle">
        Check the answers and the results, then approve them or send them back with what needs to
        change.
      </p>
      <div className="tr-field">
        <span className="tr-label" id="review-decision-label">
          Decision
        </span>
        <RadioGroup
          name="decision"
          aria-labelledby="review-decision-label"
          value={decision}
          options={[
            { name: 'decision', value: 'approve', label: 'Approve' },
            { name: 'decision', value: 'request-changes', label: 'Request changes' },
          ]}
          onChange={(e) => setDecision(e.currentTarget.value as Decision)}
        />
      </div>
      <div className="tr-field">
        <label className="tr-label" htmlFor="review-summary">
          Summary
        </label>
        <Textarea
          id="review-summary"
          value={summary}
          maxLength={API_LIMITS.commentChars}
          minimumRows={3}
          isInvalid={formError !== null}
          aria-describedby={formError ? 'review-form-error' : undefined}
          onChange={(e) => setSummary(e.currentTarget.value)}
        />
      </div>

      <fieldset className="tr-card tr-block">
        <legend className="tr-label">Comment on a question</legend>
        <div className="tr-grid-2">
          <div className="tr-field">
            <label className="tr-label" htmlFor="review-question">
              Question
            </label>
            <select
              id="review-question"
              className="tr-native-select"
              value={chosenQuestion}
              onChange={(e) => setQuestionId(e.currentTarget.value)}
            >
              {applicable.map((qid) => (
                <option key={qid} value={qid}>
                  {qid} {titles.get(qid) ?? ''}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="tr-field">
          <label className="tr-label" htmlFor="review-comment">
            Comment
          </label>
          <Textarea
            id="review-comment"
            value={comment}
            maxLength={API_LIMITS.commentChars}
            minimumRows={2}
            onChange={(e) => setComment(e.currentTarget.value)}
          />
        </div>
        <div className="tr-block">
          <Button onClick={addComment} isDisabled={comment.trim() === ''}>
            Add comment
          </Button>
        </div>
        {Object.keys(comments).length > 0 && (
          <ul className="tr-list" data-testid="draft-comments">
            {Object.entries(comments).map(([qid, text]) => (
              <li key={qid}>
                <strong>{qid}</strong>: {text}{' '}
                <Button
                  appearance="subtle"
                  spacing="compact"
                  aria-label={`Remove the comment on ${qid}`}
                  onClick={() =>
                    setComments((prev) =>
                      Object.fromEntries(Object.entries(prev).filter(([k]) => k !== qid)),
                    )
                  }
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
      </fieldset>

      {formError && (
        <div className="tr-error" id="review-form-error" role="alert">
          {formError}
        </div>
      )}
      {error && <ErrorState error={error} title="The review was not saved" />}
      <div className="tr-block">
        <Button appearance="primary" type="submit" isLoading={busy}>
          {decision === 'approve' ? 'Approve' : 'Request changes'}
        </Button>
      </div>
    </form>
  );
}
