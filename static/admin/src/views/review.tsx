import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { RadioGroup } from '@atlaskit/radio';
import SectionMessage from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Textarea from '@atlaskit/textarea';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { api, type ClientError } from '../api';
import { ErrorState } from '../components/states';
import { useAssessment } from '../lib/assessment-context';
import { PersonName } from '../components/person';
import { currentViewer } from '../lib/boot';
import { formatDateTime, formatScore } from '../lib/format';
import { Link } from '../router';
import { API_LIMITS, type ReviewInput, type Settings } from '../../../../src/shared/api';
import { AuditTrail, type RestoreRequest } from './audit-trail';

type Decision = ReviewInput['decision'];
type QuestionChoice = { label: string; value: string };

export default function Review() {
  const { detail, ruleSetInfo, session, readOnly } = useAssessment();
  const { assessment, reviews } = detail;
  const id = assessment.id;
  const questions = useMemo(
    () => new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q])),
    [ruleSetInfo.ruleSet.questions],
  );

  const restore = async (request: RestoreRequest): Promise<ClientError | null> => {
    await session.flushNow();
    const result = await api.restoreAnswer({
      id,
      expectedRevision: session.getSnapshot().detail.assessment.revision,
      ...request,
    });
    if (!result.ok) return result.error;
    await session.refresh();
    return null;
  };

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

      {reviews.length > 0 && (
        <section
          className="tr-section"
          aria-labelledby="rounds-heading"
          data-testid="review-rounds"
        >
          <h2 id="rounds-heading">Review rounds</h2>
          <ol className="tr-rounds">
            {reviews.map((round) => (
              <li
                key={round.round}
                className="tr-card tr-round"
                data-testid="review-round"
                data-round={round.round}
              >
                <p>
                  <strong>Round {round.round}</strong>{' '}
                  <Lozenge appearance={round.decision === 'approve' ? 'success' : 'moved'} isBold>
                    {round.decision === 'approve' ? 'Approved' : 'Changes requested'}
                  </Lozenge>{' '}
                  <span className="tr-subtle">
                    by <PersonName accountId={round.reviewer} /> on {formatDateTime(round.at)}
                  </span>
                </p>
                <p className="tr-subtle">
                  Decided on revision {round.revision}: score {formatScore(round.score)} on rule set{' '}
                  {round.ruleSetVersion}
                  {round.selfReview ? ' · self-review, allowed by the site setting' : ''}
                </p>
                {round.summary && <p data-testid="review-summary">{round.summary}</p>}
                {Object.keys(round.comments).length > 0 && (
                  <ul className="tr-list">
                    {Object.entries(round.comments).map(([questionId, comment]) => {
                      const reply = round.replies[questionId];
                      return (
                        <li key={questionId}>
                          <strong>{questionId}</strong>: {comment}
                          {reply && (
                            <div className="tr-thread-reply" data-testid="round-reply">
                              <span className="tr-subtlest">
                                Reply from <PersonName accountId={reply.by} /> on{' '}
                                {formatDateTime(reply.at)}:
                              </span>{' '}
                              {reply.text}
                            </div>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </section>
      )}

      <AuditTrail
        id={id}
        refreshKey={assessment.revision}
        questions={questions}
        onRestore={readOnly ? undefined : restore}
      />
    </div>
  );
}

/** Whether the signed-in user submitted this and the site does not allow self-review. */
function useSelfReviewBlocked(submittedBy: string | null): Settings | null | 'allowed' {
  const [settings, setSettings] = useState<Settings | null>(null);
  const self = submittedBy !== null && currentViewer()?.accountId === submittedBy;
  useEffect(() => {
    if (!self) return;
    let live = true;
    void api.getSettings().then((result) => {
      if (live && result.ok) setSettings(result.data);
    });
    return () => {
      live = false;
    };
  }, [self]);
  if (!self || settings === null) return null;
  return settings.allowSelfReview ? 'allowed' : settings;
}

function ReviewForm() {
  const { detail, ruleSetInfo, session } = useAssessment();
  const [decision, setDecision] = useState<Decision | null>(null);
  const selfReview = useSelfReviewBlocked(detail.submittedBy);
  const [summary, setSummary] = useState('');
  const [comments, setComments] = useState<Record<string, string>>({});
  const [questionId, setQuestionId] = useState('');
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const titles = new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q.title]));
  const applicable = detail.report.questions.map((q) => q.id);
  const questionChoices: QuestionChoice[] = applicable.map((qid) => ({
    value: qid,
    label: `${qid} ${titles.get(qid) ?? ''}`.trim(),
  }));
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
    if (decision === null) {
      setFormError('Choose a decision: approve, or request changes.');
      return;
    }
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
        change. There is no default: choose a decision.
      </p>
      {detail.submittedBy && (
        <p className="tr-subtle" data-testid="submitted-by">
          Submitted by <PersonName accountId={detail.submittedBy} />. By default the person who
          submitted cannot review their own submission; a site with a single administrator can allow
          self-review in{' '}
          <Link to="/settings" className="tr-text-link">
            Settings
          </Link>
          .
        </p>
      )}
      {selfReview !== null && selfReview !== 'allowed' && (
        <div className="tr-block" data-testid="self-review-warning">
          <SectionMessage appearance="warning" title="You submitted this assessment">
            <p>
              Another administrator has to review it: this site does not allow self-review, so the
              decision will be refused. A site with a single administrator can allow it in{' '}
              <Link to="/settings" className="tr-text-link">
                Settings
              </Link>
              .
            </p>
          </SectionMessage>
        </div>
      )}
      {selfReview === 'allowed' && (
        <p className="tr-subtle" data-testid="self-review-allowed">
          You submitted this assessment; the site setting allows self-review, and the audit trail
          will say so.
        </p>
      )}
      <div className="tr-field">
        <span className="tr-label" id="review-decision-label">
          Decision
        </span>
        <RadioGroup
          name="decision"
          aria-labelledby="review-decision-label"
          value={decision}
          isRequired
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
            <Select<QuestionChoice>
              inputId="review-question"
              testId="review-question"
              options={questionChoices}
              value={questionChoices.find((c) => c.value === chosenQuestion) ?? null}
              onChange={(choice) => setQuestionId(choice?.value ?? '')}
              menuPlacement="auto"
            />
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
      {error && (
        <div data-testid="review-error">
          <ErrorState
            error={error}
            title={
              error.code === 'FORBIDDEN'
                ? 'You cannot review your own submission'
                : 'The review was not saved'
            }
          />
        </div>
      )}
      <div className="tr-block">
        <Button appearance="primary" type="submit" isLoading={busy}>
          {decision === 'approve'
            ? 'Approve'
            : decision === 'request-changes'
              ? 'Request changes'
              : 'Submit review'}
        </Button>
      </div>
    </form>
  );
}
