import Button from '@atlaskit/button/new';
import Spinner from '@atlaskit/spinner';
import { useEffect, useMemo, useState } from 'react';
import { useAssessment } from '../lib/assessment-context';
import { MAX_AUTO_RETRIES } from '../lib/edit-state';
import { humanizeMessage, issueText } from '../lib/issue-text';
import type { AnswerIssue } from '../../../../src/domain/answers';
import type { ClientError } from '../api';
import type { SaveState } from '../lib/session';

/**
 * "retrying in 5 s", counted down; "retrying now" once due; what happens when it gave up.
 * Without a clock (the live region, which must not speak every second): "retrying shortly".
 */
function retrying(retryAt: number | null, now: number | null): string {
  if (retryAt === null) return `not saved after ${MAX_AUTO_RETRIES} tries, your edits are kept`;
  if (now === null) return 'retrying automatically';
  const seconds = Math.ceil((retryAt - now) / 1000);
  return seconds <= 0 ? 'retrying now' : `retrying in ${seconds} s`;
}

/** Why a save was refused for good, said for a partner rather than as a code. */
function refusal(error: ClientError, titles: ReadonlyMap<string, string>): string {
  switch (error.code) {
    case 'FORBIDDEN':
      return 'Not saved: only Jira administrators can change this assessment';
    case 'NOT_FOUND':
      return 'Not saved: this assessment was deleted';
    default:
      return `Not saved: ${humanizeMessage(error.message, titles).replace(/\.$/, '')}`;
  }
}

function question(id: string, titles: ReadonlyMap<string, string>): string {
  const title = titles.get(id);
  return title ? `${id} ${title}` : id;
}

export function describeSave(
  save: SaveState,
  context: {
    titles: ReadonlyMap<string, string>;
    issues: Record<string, AnswerIssue[]>;
    conflicted: string[];
    /** null: say that it retries, without the countdown. */
    now: number | null;
  },
): string {
  const { titles, issues, conflicted, now } = context;
  switch (save.kind) {
    case 'idle':
      return 'All changes saved';
    case 'pending':
      return 'Unsaved changes';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'All changes saved';
    case 'invalid': {
      const first = Object.values(issues).flat()[0];
      const what = first ? `: ${issueText(first, titles)}` : '';
      return save.count === 1
        ? `Not saved, 1 answer needs fixing${what}`
        : `Not saved, ${save.count} answers need fixing${what}${first ? ', and more' : ''}`;
    }
    case 'conflict': {
      const [only] = conflicted;
      return save.count === 1 && only
        ? `Someone else changed ${question(only, titles)} — choose which version to keep`
        : `Someone else changed ${save.count} questions you edited — choose which version to keep beside each`;
    }
    case 'offline':
      return save.retryAt === null
        ? 'Offline — your edits are kept in this browser and save when you are back online'
        : `Offline — your edits are kept in this browser, ${retrying(save.retryAt, now)}`;
    case 'unavailable':
      return `Jira didn't answer — ${retrying(save.retryAt, now)}`;
    case 'rate-limited':
      return `Atlassian asked the app to slow down — ${retrying(save.retryAt, now)}`;
    case 'error':
      return refusal(save.error, titles);
  }
}

/** Re-renders every second while a retry is counted down. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** One live region for the save state, so screen readers hear "Saving…", "All changes saved". */
export function SaveIndicator() {
  const { save, session, readOnly, ruleSetInfo, issues, conflicts } = useAssessment();
  const titles = useMemo(
    () => new Map(ruleSetInfo.ruleSet.questions.map((q) => [q.id, q.title])),
    [ruleSetInfo],
  );
  const retryAt = 'retryAt' in save ? save.retryAt : null;
  const now = useNow(retryAt !== null);
  if (readOnly && save.kind !== 'conflict') return null;
  const failed =
    save.kind === 'error' ||
    save.kind === 'offline' ||
    save.kind === 'unavailable' ||
    save.kind === 'rate-limited';
  const context = { titles, issues, conflicted: Object.keys(conflicts) };
  const text = describeSave(save, { ...context, now });
  // The countdown changes every second; the live region only hears what the state is.
  const announced = describeSave(save, { ...context, now: null });
  return (
    <span className="tr-save-state" data-testid="save-state" data-state={save.kind}>
      {save.kind === 'saving' && <Spinner size="small" label="Saving" />}
      <span aria-hidden="true" data-testid="save-text">
        {text}
      </span>
      <span role="status" aria-live="polite" className="tr-visually-hidden">
        {announced}
      </span>
      {failed && (
        <Button spacing="compact" onClick={() => session.retry()}>
          Retry now
        </Button>
      )}
    </span>
  );
}
