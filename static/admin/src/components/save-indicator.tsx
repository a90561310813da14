import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { useAssessment } from '../lib/assessment-context';
import { formatTime } from '../lib/format';
import { humanizeMessage } from '../lib/issue-text';
import { useMemo } from 'react';
import type { SaveState } from '../lib/session';

function retrying(retryAt: number | null): string {
  return retryAt === null ? 'retrying' : `retrying automatically (next try ${formatTime(retryAt)})`;
}

function describe(save: SaveState, titles: ReadonlyMap<string, string>): string {
  switch (save.kind) {
    case 'idle':
      return 'All changes saved';
    case 'pending':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'All changes saved';
    case 'invalid':
      return `${save.count} answer${save.count === 1 ? '' : 's'} need${save.count === 1 ? 's' : ''} fixing before saving`;
    case 'conflict':
      return `Conflict on ${save.count} question${save.count === 1 ? '' : 's'}: choose which version to keep`;
    case 'offline':
      return `Offline: edits kept in this browser, ${retrying(save.retryAt)}`;
    case 'unavailable':
      return `Not saved yet: the app backend is unavailable, edits kept, ${retrying(save.retryAt)}`;
    case 'error':
      return `Not saved: ${humanizeMessage(save.error.message, titles)}`;
  }
}

/** One live region for the save state, so screen readers hear "Saving…", "All changes saved". */
export function SaveIndicator() {
  const { save, session, readOnly, ruleSetInfo } = useAssessment();
  const titles = useMemo(
    () => new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q.title])),
    [ruleSetInfo],
  );
  if (readOnly && save.kind !== 'conflict') return null;
  return (
    <span className="tr-save-state" data-testid="save-state" data-state={save.kind}>
      {save.kind === 'saving' && <Spinner size="small" label="Saving" />}
      <span role="status" aria-live="polite">
        {describe(save, titles)}
      </span>
      {(save.kind === 'error' || save.kind === 'offline' || save.kind === 'unavailable') && (
        <Button spacing="compact" onClick={() => session.retry()}>
          Retry now
        </Button>
      )}
    </span>
  );
}
