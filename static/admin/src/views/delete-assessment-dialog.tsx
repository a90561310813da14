import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { useId } from 'react';
import type { ClientError } from '../api';
import { Dialog } from '../components/dialog';
import { ErrorState } from '../components/states';

/**
 * Confirms deleting an assessment. Focus starts on Cancel, the least destructive choice; the
 * delete is a danger button, and while it runs neither Cancel nor Escape closes the dialog.
 */
export function DeleteAssessmentDialog({
  appName,
  unsavedCount,
  busy,
  error,
  onConfirm,
  onClose,
}: {
  appName: string;
  /** Edits this browser holds that the backend has not confirmed: they go with the delete. */
  unsavedCount: number;
  busy: boolean;
  error: ClientError | null;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const descriptionId = useId();
  // The backend's CONFLICT text is about saving edits; say what it means for a delete.
  const shown: ClientError | null =
    error?.code === 'CONFLICT'
      ? {
          ...error,
          message:
            'Someone saved this assessment after you opened it, so nothing was deleted. Reload the assessment to see their changes, then delete it if you still want to.',
        }
      : error;
  return (
    <Dialog
      title={`Delete the ${appName} assessment?`}
      role="alertdialog"
      describedBy={descriptionId}
      dismissible={!busy}
      onClose={onClose}
      testId="delete-dialog"
    >
      <div id={descriptionId}>
        <p>
          Deleting the <strong>{appName}</strong> assessment removes its answers, score history and
          review for everyone. The audit trail is kept and records who deleted it. You can&apos;t
          undo this.
        </p>
        {unsavedCount > 0 && (
          <div className="tr-block" data-testid="delete-unsaved">
            <SectionMessage
              appearance="warning"
              title={`${unsavedCount} unsaved edit${unsavedCount === 1 ? '' : 's'} will be lost`}
            >
              <p>
                {unsavedCount === 1 ? 'It has' : 'They have'} not been saved yet and{' '}
                {unsavedCount === 1 ? 'is' : 'are'} discarded with the assessment.
              </p>
            </SectionMessage>
          </div>
        )}
      </div>
      {shown && <ErrorState error={shown} title="The assessment was not deleted" />}
      <div className="tr-dialog-actions">
        <Button appearance="subtle" onClick={onClose} isDisabled={busy} autoFocus>
          Cancel
        </Button>
        <Button appearance="danger" onClick={onConfirm} isLoading={busy}>
          Delete
        </Button>
      </div>
    </Dialog>
  );
}
