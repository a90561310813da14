import type { Answer } from '../../../../src/domain/answers';
import type { Question } from '../../../../src/domain/rules/schema';

/**
 * An answer as one line of plain text, for the places that show a value rather than edit it:
 * theirs/mine in a conflict, before → after in the audit trail, "what arrived".
 */
export function answerText(answer: Answer | null | undefined, question?: Question): string {
  if (!answer) return '(no answer)';
  const label = (value: string) =>
    question?.options?.find((o) => o.value === value)?.label ?? value;
  const parts: string[] = [];
  if (answer.notApplicable) {
    parts.push(`Not applicable${answer.justification ? `: ${answer.justification}` : ''}`);
  }
  const value = answer.value;
  if (Array.isArray(value)) {
    if (value.length) parts.push(value.map(label).join(', '));
  } else if (typeof value === 'string' && value !== '') {
    parts.push(question?.type === 'yes-no' ? (value === 'yes' ? 'Yes' : 'No') : label(value));
  } else if (typeof value === 'number') {
    parts.push(String(value));
  }
  if (answer.evidence?.url) {
    parts.push(
      `evidence ${answer.evidence.url}${answer.evidence.expires ? ` (expires ${answer.evidence.expires})` : ''}`,
    );
  }
  if (answer.note) parts.push(`note: ${answer.note}`);
  return parts.length ? parts.join(' · ') : '(no answer)';
}
