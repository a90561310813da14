import type { ScoringAnswers } from '../answers';
import type { CheckResult, Contradiction, DerivedCheck, Settlement } from './types';

/**
 * A derived check plus the questions it may settle, so the registry test can prove a check
 * never settles a question it does not own and the rule set's `derivedBy` can be checked.
 */
export interface RegisteredCheck extends DerivedCheck {
  readonly settles: readonly string[];
}

export const NOTHING_SETTLED: CheckResult = { settlements: [], contradictions: [] };

/**
 * The option a partner picked, or undefined when unanswered or marked not applicable: a
 * not-applicable answer claims nothing the manifest could contradict.
 */
export function chosen(answers: ScoringAnswers, questionId: string): string | undefined {
  const answer = answers[questionId];
  if (!answer || answer.notApplicable) return undefined;
  return typeof answer.value === 'string' && answer.value !== '' ? answer.value : undefined;
}

/**
 * Settles a scored question as failed from manifest facts alone. The outcome never reads the
 * question's own answer (so improving an answer can never lower a score); the answer only
 * decides whether the partner also gets told their "yes" is contradicted.
 */
export function disprove(
  checkId: string,
  answers: ScoringAnswers,
  questionId: string,
  reason: string,
  facts: string[],
): CheckResult {
  const settlement: Settlement = { questionId, outcome: 'fail', reason };
  const contradictions: Contradiction[] =
    chosen(answers, questionId) === 'yes'
      ? [{ questionId, checkId, message: `${questionId} is answered yes, but ${reason}`, facts }]
      : [];
  return { settlements: [settlement], contradictions };
}
