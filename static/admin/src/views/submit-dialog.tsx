import Button from '@atlaskit/button/new';
import { useId } from 'react';
import { Dialog } from '../components/dialog';
import { Link } from '../router';
import { questionPath, type Section } from '../routes';

export interface OpenQuestion {
  id: string;
  title: string;
  section: Section;
}

const SHOWN = 8;

function QuestionList({
  assessmentId,
  items,
  testId,
  onNavigate,
}: {
  assessmentId: string;
  items: OpenQuestion[];
  testId: string;
  onNavigate: () => void;
}) {
  return (
    <ul className="tr-list" data-testid={testId}>
      {items.slice(0, SHOWN).map((q) => (
        <li key={q.id}>
          <Link to={questionPath(assessmentId, q.section, q.id)} onClick={onNavigate}>
            <strong>{q.id}</strong> {q.title}
          </Link>
        </li>
      ))}
      {items.length > SHOWN && <li className="tr-subtle">and {items.length - SHOWN} more</li>}
    </ul>
  );
}

/**
 * Before a submit: what is still unanswered or failing, each a link to the question. A
 * warning, not a block: the partner may submit anyway and the reviewer sees the same gaps.
 */
export function SubmitAssessmentDialog({
  assessmentId,
  unanswered,
  failing,
  percent,
  empty,
  busy,
  onConfirm,
  onClose,
}: {
  assessmentId: string;
  unanswered: OpenQuestion[];
  failing: OpenQuestion[];
  percent: number;
  /** No requirement is answered (profile answers alone, e.g. the hosting from the create dialog). */
  empty: boolean;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const descriptionId = useId();
  const parts = [
    unanswered.length > 0 &&
      `${unanswered.length} question${unanswered.length === 1 ? ' is' : 's are'} unanswered`,
    failing.length > 0 &&
      `${failing.length} answer${failing.length === 1 ? ' fails' : 's fail'} a requirement`,
  ].filter((p): p is string => typeof p === 'string');
  return (
    <Dialog
      title={empty ? 'Submit an empty assessment?' : 'Submit with open questions?'}
      role="alertdialog"
      describedBy={descriptionId}
      dismissible={!busy}
      onClose={onClose}
      testId="submit-dialog"
    >
      <p id={descriptionId}>
        {empty && 'No requirement is answered yet. '}
        The assessment is {Math.round(percent)}% complete: {parts.join(' and ')}. You can submit
        anyway; the reviewer sees the same gaps and may ask for changes.
      </p>
      {unanswered.length > 0 && (
        <>
          <h3>Unanswered</h3>
          <QuestionList
            assessmentId={assessmentId}
            items={unanswered}
            testId="submit-unanswered"
            onNavigate={onClose}
          />
        </>
      )}
      {failing.length > 0 && (
        <>
          <h3>Failing</h3>
          <QuestionList
            assessmentId={assessmentId}
            items={failing}
            testId="submit-failing"
            onNavigate={onClose}
          />
        </>
      )}
      <div className="tr-dialog-actions">
        <Button appearance="subtle" onClick={onClose} isDisabled={busy} autoFocus>
          Keep answering
        </Button>
        <Button appearance="warning" onClick={onConfirm} isLoading={busy} testId="submit-anyway">
          Submit anyway
        </Button>
      </div>
    </Dialog>
  );
}
