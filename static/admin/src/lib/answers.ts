import {
  answerSchema,
  validateAnswers,
  type Answer,
  type AnswerIssue,
  type Answers,
} from '../../../../src/domain/answers';
import { evaluateCondition } from '../../../../src/domain/rules/conditions';
import type { Question, RuleSet } from '../../../../src/domain/rules/schema';

/** A change to one answer; null clears it (the saveAnswers patch format). */
export type Patch = Record<string, Answer | null>;

/**
 * Drops empty fields so an answer the user emptied again becomes "no answer" (null) rather
 * than a stored shell, and so two answers that mean the same compare equal.
 */
export function compactAnswer(answer: Answer): Answer | null {
  const out: Answer = {};
  const value = answer.value;
  if (value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) {
    out.value = value;
  }
  const url = answer.evidence?.url ?? '';
  const expires = answer.evidence?.expires ?? '';
  if (url !== '' || expires !== '') {
    // Kept even when half filled, so validation can say what is missing instead of losing it.
    out.evidence = expires === '' ? { url } : { url, expires };
  }
  if (answer.note !== undefined && answer.note !== '') out.note = answer.note;
  if (answer.notApplicable) out.notApplicable = true;
  if (answer.justification !== undefined && answer.justification !== '') {
    out.justification = answer.justification;
  }
  return Object.keys(out).length === 0 ? null : out;
}

export function sameAnswer(a: Answer | null | undefined, b: Answer | null | undefined): boolean {
  return JSON.stringify(canonical(a ?? null)) === JSON.stringify(canonical(b ?? null));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

/**
 * What the backend would reject, checked before sending: the answer's shape (https evidence,
 * justification for "not applicable") and its fit to the question (option values, types).
 */
export function answerIssues(ruleSet: RuleSet, questionId: string, answer: Answer | null) {
  if (answer === null) return [];
  const issues: AnswerIssue[] = [];
  const parsed = answerSchema.safeParse(answer);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.push({
        path: [questionId, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
        message: issue.message,
      });
    }
  }
  issues.push(...validateAnswers(ruleSet, { [questionId]: answer }));
  return issues;
}

export function mergeAnswers(server: Answers, pending: Patch): Answers {
  const merged: Answers = { ...server };
  for (const [id, answer] of Object.entries(pending)) {
    if (answer === null) delete merged[id];
    else merged[id] = answer;
  }
  return merged;
}

export function isAnswered(answer: Answer | undefined): boolean {
  if (!answer) return false;
  if (answer.notApplicable) return true;
  const value = answer.value;
  return value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0);
}

export type Visibility = 'shown' | 'shown-unknown' | 'hidden';

/**
 * Mirrors scoring: a condition that cannot be decided yet counts as applying, so the question
 * is shown (with its condition spelled out) rather than silently skipped.
 */
export function visibility(
  question: Question,
  answers: Answers,
  manifestSupplied: boolean,
): Visibility {
  if (!question.when) return 'shown';
  const result = evaluateCondition(question.when, answers, { manifestSupplied });
  if (result === undefined) return 'shown-unknown';
  return result ? 'shown' : 'hidden';
}
