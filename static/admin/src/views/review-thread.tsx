import Button from '@atlaskit/button/new';
import Textarea from '@atlaskit/textarea';
import { useState } from 'react';
import { api, type ClientError } from '../api';
import { PersonName } from '../components/person';
import { ErrorState } from '../components/states';
import { useAssessment } from '../lib/assessment-context';
import { formatDateTime } from '../lib/format';
import { API_LIMITS } from '../../../../src/shared/api';

/**
 * The reviewer's comment on one question, shown beside it in the questionnaire, with the
 * partner's reply (or a box to write one). Only the latest review round takes replies.
 */
export function ReviewThread({ questionId }: { questionId: string }) {
  const { detail, session } = useAssessment();
  const review = detail.review;
  const comment = review?.comments[questionId];
  const reply = review?.replies[questionId];
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ClientError | null>(null);
  if (!review || comment === undefined) return null;
  const base = `thread-${questionId}`;

  const send = async () => {
    setBusy(true);
    setError(null);
    await session.flushNow();
    const result = await api.replyToReview({
      id: detail.assessment.id,
      expectedRevision: session.getSnapshot().detail.assessment.revision,
      questionId,
      text,
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    session.replaceDetail(result.data);
    setText('');
    setOpen(false);
  };

  return (
    <aside className="tr-thread" data-testid="review-thread" aria-labelledby={`${base}-label`}>
      <div className="tr-label" id={`${base}-label`}>
        Reviewer comment (round {review.round}) from <PersonName accountId={review.reviewer} />
        <span className="tr-subtlest"> · {formatDateTime(review.at)}</span>
      </div>
      <p data-testid="review-comment">{comment}</p>
      {reply && (
        <div className="tr-thread-reply" data-testid="review-reply">
          <div className="tr-label">
            Reply from <PersonName accountId={reply.by} />
            <span className="tr-subtlest"> · {formatDateTime(reply.at)}</span>
          </div>
          <p>{reply.text}</p>
        </div>
      )}
      {open ? (
        <div className="tr-field">
          <label className="tr-label" htmlFor={`${base}-reply`}>
            Your reply to the reviewer
          </label>
          <Textarea
            id={`${base}-reply`}
            value={text}
            maxLength={API_LIMITS.commentChars}
            minimumRows={2}
            onChange={(e) => setText(e.currentTarget.value)}
          />
          <div className="tr-actions">
            <Button
              appearance="primary"
              isDisabled={text.trim() === ''}
              isLoading={busy}
              onClick={() => void send()}
            >
              Send reply
            </Button>
            <Button appearance="subtle" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </div>
          {error && <ErrorState error={error} title="The reply was not saved" />}
        </div>
      ) : (
        <div className="tr-actions">
          <Button spacing="compact" onClick={() => setOpen(true)}>
            {reply ? 'Reply again' : 'Reply'}
          </Button>
        </div>
      )}
    </aside>
  );
}
