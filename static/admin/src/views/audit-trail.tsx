import Button from '@atlaskit/button/new';
import { useState } from 'react';
import { api, type ClientError } from '../api';
import { PersonName } from '../components/person';
import { ErrorState, Loading } from '../components/states';
import { answerText } from '../lib/answer-text';
import { formatDateTime } from '../lib/format';
import { usePages } from '../lib/use-pages';
import type { Question } from '../../../../src/domain/rules/schema';
import type { AuditEntry } from '../../../../src/shared/api';

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
  upgrade: 'Upgraded the rule set',
  import: 'Imported answers',
};

export interface RestoreRequest {
  questionId: string;
  auditRevision: number;
  which: 'before' | 'after';
}

/**
 * The audit trail, newest first. Saves and restores list every changed answer before → after;
 * with `onRestore`, each value can be put back ("restore this value").
 */
export function AuditTrail({
  id,
  refreshKey,
  questions,
  onRestore,
}: {
  id: string;
  /** A change reloads the trail from the first page. */
  refreshKey: unknown;
  questions?: ReadonlyMap<string, Question>;
  onRestore?: (request: RestoreRequest) => Promise<ClientError | null>;
}) {
  const [audit, reloadAudit, moreAudit] = usePages(
    (cursor) => api.getAudit({ id, limit: 25, ...(cursor ? { cursor } : {}) }),
    [id, refreshKey],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ClientError | null>(null);
  const [restored, setRestored] = useState<string | null>(null);

  const restore = async (request: RestoreRequest) => {
    if (!onRestore) return;
    const key = `${request.auditRevision}-${request.questionId}-${request.which}`;
    setBusy(key);
    setError(null);
    setRestored(null);
    const failure = await onRestore(request);
    setBusy(null);
    if (failure) setError(failure);
    else
      setRestored(
        `Restored ${request.questionId} to its value ${request.which} revision ${request.auditRevision}.`,
      );
  };

  return (
    <section className="tr-section" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit trail</h2>
      {restored && (
        <p role="status" data-testid="restore-done">
          {restored}
        </p>
      )}
      {error && <ErrorState error={error} title="The value was not restored" />}
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
                <tr key={`${entry.revision}-${entry.action}-${i}`} data-testid="audit-entry">
                  <td>{formatDateTime(entry.at)}</td>
                  <td>
                    <PersonName accountId={entry.actor} />
                  </td>
                  <td>{ACTION_LABEL[entry.action]}</td>
                  <td className="tr-num">{entry.revision}</td>
                  <td>
                    {entry.summary}
                    {(entry.changes ?? []).length > 0 ? (
                      <ul className="tr-changes" data-testid="audit-changes">
                        {(entry.changes ?? []).map((change) => {
                          const q = questions?.get(change.questionId);
                          const side = (which: 'before' | 'after') => {
                            const key = `${entry.revision}-${change.questionId}-${which}`;
                            return (
                              onRestore && (
                                <Button
                                  spacing="compact"
                                  appearance="subtle"
                                  isLoading={busy === key}
                                  aria-label={`Restore this value (${change.questionId} ${which} revision ${entry.revision})`}
                                  onClick={() =>
                                    void restore({
                                      questionId: change.questionId,
                                      auditRevision: entry.revision,
                                      which,
                                    })
                                  }
                                >
                                  Restore this value
                                </Button>
                              )
                            );
                          };
                          return (
                            <li key={change.questionId} data-question-id={change.questionId}>
                              <strong>{change.questionId}</strong>
                              <div className="tr-change-row">
                                <span className="tr-change-before">
                                  <span className="tr-subtlest">Before: </span>
                                  {answerText(change.before, q)} {side('before')}
                                </span>
                                <span aria-hidden="true">→</span>
                                <span className="tr-change-after">
                                  <span className="tr-subtlest">After: </span>
                                  {answerText(change.after, q)} {side('after')}
                                </span>
                              </div>
                            </li>
                          );
                        })}
                      </ul>
                    ) : (
                      entry.changed.length > 0 && (
                        <div className="tr-subtlest">{entry.changed.join(', ')}</div>
                      )
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
  );
}
