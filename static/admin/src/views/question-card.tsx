import Button from '@atlaskit/button/new';
import { Checkbox } from '@atlaskit/checkbox';
import Lozenge from '@atlaskit/lozenge';
import { RadioGroup } from '@atlaskit/radio';
import Textarea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import { memo, useState, type ReactNode } from 'react';
import { DateField } from '../components/date-field';
import { PersonName } from '../components/person';
import { answerText } from '../lib/answer-text';
import { formatDate, formatDateTime } from '../lib/format';
import type { Conflict, Resolution } from '../lib/edit-state';
import { OutcomeLozenge, SeverityLozenge } from '../components/lozenges';
import { sentence } from '../lib/format';
import { friendlyMessage, humanizeMessage } from '../lib/issue-text';
import type { Visibility } from '../lib/answers';
import type { Answer, AnswerIssue } from '../../../../src/domain/answers';
import { ANSWER_LIMITS } from '../../../../src/domain/answers';
import type { Question } from '../../../../src/domain/rules/schema';
import type { QuestionResult } from '../../../../src/domain/scoring/report';

interface Props {
  question: Question;
  answer: Answer | undefined;
  outcome: QuestionResult | undefined;
  /** True while an edit of this question waits for the backend: the outcome is then stale. */
  unsaved: boolean;
  /** Someone else changed this question too: theirs and mine side by side until the user picks. */
  conflict: Conflict | undefined;
  onResolve: (questionId: string, choice: Resolution) => void;
  onEditTheirs: (questionId: string) => void;
  /** The reviewer's comment on this question and the partner's reply, when there is one. */
  thread?: ReactNode;
  issues: AnswerIssue[] | undefined;
  /** Read-only (submitted or approved): the answer reads as text, with no controls. */
  disabled: boolean;
  /** One dense row: id, title and the answer control; help, evidence and note folded away. */
  compact?: boolean;
  visibility: Visibility;
  onEdit: (questionId: string, answer: Answer | null) => void;
}

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

function issuesAt(issues: AnswerIssue[] | undefined, field: string, sub?: string): string[] {
  return (issues ?? [])
    .filter((i) => i.path[1] === field && (sub === undefined || i.path[2] === sub))
    .map((i) => i.message);
}

function FieldErrors({
  id,
  messages,
  question,
}: {
  id: string;
  messages: string[];
  question: Question;
}) {
  if (messages.length === 0) return null;
  // Beside the field its label is plain; a raw "answers.S13.value: …" would only confuse.
  const own = new Map([[question.id, question.title]]);
  return (
    <div className="tr-error" id={id}>
      {messages
        .map((m) => sentence(friendlyMessage(humanizeMessage(m, own, question.id))))
        .join(' · ')}
    </div>
  );
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter((id): id is string => typeof id === 'string' && id !== '');
  return list.length ? list.join(' ') : undefined;
}

/** Only https links become anchors; anything else stays text (the schema allows https only). */
function SafeLink({ url }: { url: string }) {
  return /^https:\/\//i.test(url) ? (
    <a href={url} target="_blank" rel="noopener noreferrer" className="tr-readonly-link">
      {url}
    </a>
  ) : (
    <>{url}</>
  );
}

function valueText(q: Question, answer: Answer): ReactNode {
  const value = answer.value;
  const label = (v: string) => q.options?.find((o) => o.value === v)?.label ?? v;
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return null;
  }
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'number') return String(value);
  switch (q.type) {
    case 'yes-no':
      return value === 'yes' ? 'Yes' : value === 'no' ? 'No' : value;
    case 'single-choice':
      return label(value);
    case 'url':
      return <SafeLink url={value} />;
    case 'date':
      return formatDate(value);
    default:
      return value;
  }
}

function Expiry({ expires, today }: { expires: string; today: string }) {
  const expired = expires < today;
  return (
    <span className={expired ? 'tr-readonly-expired' : 'tr-readonly-meta'}>
      {expired ? `expired ${formatDate(expires)}` : `expires ${formatDate(expires)}`}
    </span>
  );
}

/** What a reviewer reads: the answer, its evidence and note as text, not disabled controls. */
function ReadOnlyAnswer({ q, answer, compact }: { q: Question; answer: Answer; compact: boolean }) {
  const today = new Date().toISOString().slice(0, 10);
  const value = valueText(q, answer);
  const main = answer.notApplicable
    ? `Not applicable — ${answer.justification ?? 'no reason given'}`
    : value;
  const optionEvidence = Object.entries(answer.optionEvidence ?? {});
  return (
    <dl
      className={compact ? 'tr-readonly tr-readonly-compact' : 'tr-readonly'}
      data-testid="readonly-answer"
    >
      <div>
        <dt>Answer</dt>
        <dd data-testid="readonly-value" className={main === null ? 'tr-readonly-none' : ''}>
          {main ?? 'Not answered'}
        </dd>
      </div>
      {answer.notApplicable && value !== null && (
        <div>
          <dt>Answer before it was marked not applicable</dt>
          <dd>{value}</dd>
        </div>
      )}
      {answer.evidence?.url && (
        <div>
          <dt>Evidence</dt>
          <dd data-testid="readonly-evidence">
            <SafeLink url={answer.evidence.url} />
            {answer.evidence.expires && (
              <>
                {' · '}
                <Expiry expires={answer.evidence.expires} today={today} />
              </>
            )}
          </dd>
        </div>
      )}
      {optionEvidence.length > 0 && (
        <div>
          <dt>Evidence per choice</dt>
          <dd>
            <ul className="tr-list">
              {optionEvidence.map(([option, evidence]) => (
                <li key={option}>
                  {q.options?.find((o) => o.value === option)?.label ?? option}:{' '}
                  <SafeLink url={evidence.url} />
                  {evidence.expires && (
                    <>
                      {' · '}
                      <Expiry expires={evidence.expires} today={today} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      )}
      {answer.note && (
        <div>
          <dt>Note</dt>
          <dd data-testid="readonly-note" className="tr-readonly-text">
            {answer.note}
          </dd>
        </div>
      )}
    </dl>
  );
}

function QuestionCardImpl({
  question: q,
  answer,
  outcome,
  unsaved,
  conflict,
  onResolve,
  onEditTheirs,
  thread,
  issues,
  disabled,
  compact = false,
  visibility,
  onEdit,
}: Props) {
  const base = `q-${q.id}`;
  const current: Answer = answer ?? {};
  const [noteOpen, setNoteOpen] = useState(false);
  const change = (patch: Partial<Answer>) => onEdit(q.id, { ...current, ...patch });
  const valueErrors = issuesAt(issues, 'value');
  const evidenceUrlErrors = (issues ?? [])
    .filter((i) => i.path[1] === 'evidence' && i.path[2] !== 'expires')
    .map((i) => i.message);
  const evidenceExpiryErrors = issuesAt(issues, 'evidence', 'expires');
  const justificationErrors = issuesAt(issues, 'justification');
  const naErrors = issuesAt(issues, 'notApplicable');
  const otherErrors = (issues ?? [])
    .filter(
      (i) => !['value', 'evidence', 'justification', 'notApplicable'].includes(String(i.path[1])),
    )
    .map((i) => i.message);
  const notApplicable = current.notApplicable === true;
  const valueDisabled = disabled || notApplicable;
  const showEvidence = q.evidence !== 'none' || current.evidence !== undefined;
  const showNote = noteOpen || (current.note ?? '') !== '';
  const helpId = q.help ? `${base}-help` : undefined;
  const whenId = q.whenText && visibility !== 'shown' ? `${base}-when` : undefined;
  const valueErrorId = `${base}-value-error`;
  const options = q.options ?? (q.type === 'yes-no' ? YES_NO : []);
  const hasValue =
    current.value !== undefined &&
    current.value !== '' &&
    !(Array.isArray(current.value) && current.value.length === 0);
  // Radio groups cannot be emptied by the user; the other inputs can.
  const canClear =
    hasValue && !valueDisabled && (q.type === 'yes-no' || q.type === 'single-choice');

  const valueInput = () => {
    const labelled = {
      'aria-labelledby': `${base}-title`,
      'aria-describedby': describedBy(helpId, whenId, valueErrors.length > 0 && valueErrorId),
    };
    switch (q.type) {
      case 'yes-no':
      case 'single-choice':
        return (
          <RadioGroup
            name={`${base}-value`}
            value={typeof current.value === 'string' ? current.value : null}
            isDisabled={valueDisabled}
            isInvalid={valueErrors.length > 0}
            options={options.map((o) => ({
              name: `${base}-value`,
              value: o.value,
              label: o.label,
            }))}
            onChange={(e) => change({ value: e.currentTarget.value })}
            aria-labelledby={labelled['aria-labelledby']}
          />
        );
      case 'multi-choice': {
        const selected = Array.isArray(current.value) ? current.value : [];
        return (
          <fieldset
            aria-labelledby={labelled['aria-labelledby']}
            aria-describedby={labelled['aria-describedby']}
          >
            {options.map((o) => (
              <Checkbox
                key={o.value}
                name={`${base}-value`}
                value={o.value}
                label={o.label}
                isChecked={selected.includes(o.value)}
                isDisabled={valueDisabled}
                onChange={(e) => {
                  const checked = e.currentTarget.checked;
                  const next = options
                    .map((opt) => opt.value)
                    .filter((v) => (v === o.value ? checked : selected.includes(v)));
                  change({ value: next });
                }}
              />
            ))}
          </fieldset>
        );
      }
      case 'text':
        return (
          <Textarea
            {...labelled}
            name={`${base}-value`}
            value={typeof current.value === 'string' ? current.value : ''}
            isDisabled={valueDisabled}
            isInvalid={valueErrors.length > 0}
            maxLength={ANSWER_LIMITS.textChars}
            minimumRows={2}
            resize="vertical"
            onChange={(e) => change({ value: e.currentTarget.value })}
          />
        );
      case 'url':
        return (
          <Textfield
            {...labelled}
            name={`${base}-value`}
            type="url"
            placeholder="https://"
            value={typeof current.value === 'string' ? current.value : ''}
            isDisabled={valueDisabled}
            isInvalid={valueErrors.length > 0}
            maxLength={ANSWER_LIMITS.urlChars}
            onChange={(e) => change({ value: e.currentTarget.value })}
          />
        );
      case 'date':
        return (
          <DateField
            {...labelled}
            id={`${base}-value`}
            name={`${base}-value`}
            value={typeof current.value === 'string' ? current.value : ''}
            isDisabled={valueDisabled}
            isInvalid={valueErrors.length > 0}
            onChange={(iso) => change({ value: iso })}
            width="medium"
          />
        );
      case 'number':
        return (
          <Textfield
            {...labelled}
            name={`${base}-value`}
            type="number"
            inputMode="decimal"
            value={current.value === undefined ? '' : String(current.value)}
            isDisabled={valueDisabled}
            isInvalid={valueErrors.length > 0}
            onChange={(e) => {
              const text = e.currentTarget.value.trim();
              const number = Number(text);
              // An unparsable entry stays as text so validation can point at it.
              change({ value: text === '' ? undefined : Number.isFinite(number) ? number : text });
            }}
            width="small"
          />
        );
    }
  };

  const idAndTitle = (
    <h3 id={`${base}-title`}>
      <span className="tr-question-id">{q.id}</span>
      {q.title}
    </h3>
  );
  const tags = (
    <div className="tr-question-tags">
      <SeverityLozenge severity={q.severity} />
      {q.legacy && (
        <span title="Cloud Fortified is being retired; this still counts until the rule set changes.">
          <Lozenge appearance="default">Legacy</Lozenge>
        </span>
      )}
    </div>
  );
  const guidance = (
    <>
      {q.help && (
        <p className="tr-subtle" id={helpId}>
          {q.help}
        </p>
      )}
      {q.legacy && (
        <p className="tr-subtlest">
          Legacy: part of Cloud Fortified, which Atlassian is retiring. It still counts toward the
          score for now.
        </p>
      )}
      {whenId && (
        <p className="tr-subtlest tr-when" id={whenId}>
          Asked because the app profile does not settle it yet. {q.whenText}.
        </p>
      )}
    </>
  );
  const conflictBlock = (
    <>
      {conflict && (
        <div
          className="tr-conflict"
          data-testid="question-conflict"
          role="group"
          aria-label={`Conflict on ${q.id}`}
        >
          <p className="tr-conflict-title">
            <strong>Not saved yet:</strong> someone else changed {q.id} while you were editing it.
            Both versions are kept until you choose.
          </p>
          <div className="tr-conflict-sides">
            <div className="tr-conflict-side" data-testid="conflict-theirs">
              <div className="tr-label">
                Theirs, by <PersonName accountId={conflict.by} />
                {conflict.at ? ` on ${formatDateTime(conflict.at)}` : ''}
              </div>
              <p className="tr-conflict-value">{answerText(conflict.theirs, q)}</p>
            </div>
            <div className="tr-conflict-side" data-testid="conflict-mine">
              <div className="tr-label">Mine (edit it in the field below)</div>
              <p className="tr-conflict-value">{answerText(conflict.mine, q)}</p>
            </div>
          </div>
          <div className="tr-actions">
            <Button onClick={() => onResolve(q.id, 'theirs')} testId={`keep-theirs-${q.id}`}>
              Keep theirs
            </Button>
            <Button
              appearance="primary"
              onClick={() => onResolve(q.id, 'mine')}
              testId={`keep-mine-${q.id}`}
            >
              Keep mine
            </Button>
            <Button appearance="subtle" onClick={() => onEditTheirs(q.id)}>
              Start mine from theirs
            </Button>
          </div>
        </div>
      )}
    </>
  );
  const value = disabled ? null : (
    <div className="tr-field tr-question-value">
      {valueInput()}
      <FieldErrors question={q} id={valueErrorId} messages={valueErrors} />
    </div>
  );
  const details = disabled ? (
    <ReadOnlyAnswer q={q} answer={current} compact={compact} />
  ) : (
    <>
      {q.notApplicableAllowed && (
        <div className="tr-field">
          <Checkbox
            label="Not applicable to this app"
            name={`${base}-na`}
            isChecked={notApplicable}
            isDisabled={disabled}
            onChange={(e) => change({ notApplicable: e.currentTarget.checked })}
          />
          <FieldErrors question={q} id={`${base}-na-error`} messages={naErrors} />
          {notApplicable && (
            <div className="tr-field">
              <label className="tr-label" htmlFor={`${base}-justification`}>
                Why it does not apply (required)
              </label>
              <Textarea
                id={`${base}-justification`}
                name={`${base}-justification`}
                value={current.justification ?? ''}
                isDisabled={disabled}
                isInvalid={justificationErrors.length > 0}
                isRequired
                maxLength={ANSWER_LIMITS.justificationChars}
                minimumRows={2}
                aria-describedby={
                  justificationErrors.length > 0 ? `${base}-justification-error` : undefined
                }
                onChange={(e) => change({ justification: e.currentTarget.value })}
              />
              <FieldErrors
                question={q}
                id={`${base}-justification-error`}
                messages={justificationErrors}
              />
            </div>
          )}
        </div>
      )}

      {showEvidence && (
        <div className="tr-grid-2">
          <div className="tr-field">
            <label className="tr-label" htmlFor={`${base}-evidence-url`}>
              Evidence link{q.evidence === 'required' ? ' (required for full credit)' : ''}
            </label>
            <Textfield
              id={`${base}-evidence-url`}
              name={`${base}-evidence-url`}
              type="url"
              placeholder="https://"
              value={current.evidence?.url ?? ''}
              isDisabled={disabled}
              isInvalid={evidenceUrlErrors.length > 0}
              maxLength={ANSWER_LIMITS.urlChars}
              aria-describedby={
                evidenceUrlErrors.length > 0 ? `${base}-evidence-url-error` : undefined
              }
              onChange={(e) =>
                change({ evidence: { ...current.evidence, url: e.currentTarget.value } })
              }
            />
            <FieldErrors
              question={q}
              id={`${base}-evidence-url-error`}
              messages={evidenceUrlErrors}
            />
          </div>
          <div className="tr-field">
            <label className="tr-label" htmlFor={`${base}-evidence-expires`}>
              Evidence expires
            </label>
            <DateField
              id={`${base}-evidence-expires`}
              name={`${base}-evidence-expires`}
              value={current.evidence?.expires ?? ''}
              isDisabled={disabled}
              isInvalid={evidenceExpiryErrors.length > 0}
              aria-describedby={
                evidenceExpiryErrors.length > 0 ? `${base}-evidence-expires-error` : undefined
              }
              onChange={(iso) =>
                change({
                  evidence: { url: current.evidence?.url ?? '', expires: iso },
                })
              }
            />
            <FieldErrors
              question={q}
              id={`${base}-evidence-expires-error`}
              messages={evidenceExpiryErrors}
            />
          </div>
        </div>
      )}

      {showNote && (
        <div className="tr-field">
          <label className="tr-label" htmlFor={`${base}-note`}>
            Note
          </label>
          <Textarea
            id={`${base}-note`}
            name={`${base}-note`}
            value={current.note ?? ''}
            isDisabled={disabled}
            maxLength={ANSWER_LIMITS.noteChars}
            minimumRows={2}
            onChange={(e) => change({ note: e.currentTarget.value })}
          />
        </div>
      )}
      {!disabled && (canClear || !showNote) && (
        <div className="tr-actions">
          {canClear && (
            <Button
              appearance="subtle"
              spacing="compact"
              onClick={() => change({ value: undefined })}
              aria-label={`Clear answer to ${q.id}`}
            >
              Clear answer
            </Button>
          )}
          {!showNote && (
            <Button
              appearance="subtle"
              spacing="compact"
              onClick={() => setNoteOpen(true)}
              aria-label={`Add a note to ${q.id}`}
            >
              Add a note
            </Button>
          )}
        </div>
      )}
    </>
  );
  const otherIssues = (
    <FieldErrors question={q} id={`${base}-other-error`} messages={otherErrors} />
  );
  const outcomeBlock = (
    <>
      {outcome && !conflict && (
        <div className="tr-outcome" aria-live="polite" data-result={outcome.outcome}>
          {unsaved ? (
            <span className="tr-subtlest">The outcome updates once this answer is saved.</span>
          ) : (
            <>
              <OutcomeLozenge outcome={outcome.outcome} />
              <span className="tr-subtle">{outcome.reason}</span>
            </>
          )}
        </div>
      )}
    </>
  );
  const remediation = (
    <>
      {(q.remediation || q.sources.length > 0 || q.programs.length > 0) && (
        <details className="tr-details">
          <summary>How to meet this requirement</summary>
          <div>
            {q.remediation && <p>{q.remediation}</p>}
            {q.programs.length > 0 && (
              <p className="tr-subtlest">Programs: {q.programs.join(', ')}</p>
            )}
            {q.sources.length > 0 && (
              <ul className="tr-list">
                {q.sources.map((s) => (
                  <li key={s.url}>
                    <a href={s.url} target="_blank" rel="noopener noreferrer">
                      {s.title}
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </details>
      )}
    </>
  );
  // Compact keeps open what needs attention: an error below, a justification, a conflict.
  const needsAttention =
    notApplicable ||
    naErrors.length + justificationErrors.length + evidenceUrlErrors.length > 0 ||
    evidenceExpiryErrors.length > 0;

  return (
    <section
      className="tr-question"
      aria-labelledby={`${base}-title`}
      data-testid="question"
      data-question-id={q.id}
      data-compact={compact ? 'true' : undefined}
      data-readonly={disabled ? 'true' : undefined}
      tabIndex={-1}
      data-invalid={issues && issues.length > 0 ? 'true' : 'false'}
    >
      {compact ? (
        <>
          <div className="tr-question-row">
            {idAndTitle}
            <div className="tr-question-inline">
              {disabled ? <ReadOnlyAnswer q={q} answer={current} compact /> : value}
            </div>
            {tags}
          </div>
          {thread}
          {conflictBlock}
          <div className="tr-question-meta">
            {outcomeBlock}
            <details className="tr-details tr-question-more" open={needsAttention || undefined}>
              <summary>
                {disabled
                  ? 'Help'
                  : q.notApplicableAllowed
                    ? 'Help, not applicable, evidence and note'
                    : 'Help, evidence and note'}
              </summary>
              <div>
                {guidance}
                {!disabled && details}
                {remediation}
              </div>
            </details>
          </div>
          {otherIssues}
        </>
      ) : (
        <>
          <div className="tr-question-head">
            {idAndTitle}
            {tags}
          </div>
          {guidance}
          {thread}
          {conflictBlock}
          {value}
          {details}
          {otherIssues}
          {outcomeBlock}
          {remediation}
        </>
      )}
    </section>
  );
}

export const QuestionCard = memo(QuestionCardImpl);
