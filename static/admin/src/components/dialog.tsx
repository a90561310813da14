import { useId, useLayoutEffect, useRef, type ReactNode } from 'react';
import { requestFlush } from '../lib/flush';

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and restores
 * focus afterwards, which is more robust than re-implementing those by hand.
 */
export function Dialog({
  title,
  onClose,
  children,
  testId,
  role,
  describedBy,
  dismissible = true,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** `alertdialog` for a confirmation that interrupts the user, such as a delete. */
  role?: 'alertdialog';
  /** The id of the text that says what the dialog is about, read out when it opens. */
  describedBy?: string;
  /** False while the dialog's action runs: Escape then leaves it open. */
  dismissible?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // Layout effects: the dialog opens before any child's focus effect runs (so `autoFocus`
  // lands inside it), and closes while still in the document, which is when the browser
  // returns focus to the control that opened it.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // Closing a dialog is a pause in the work: send any pending edits now.
      requestFlush();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="tr-dialog"
      role={role}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      data-testid={testId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        if (dismissible) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}
