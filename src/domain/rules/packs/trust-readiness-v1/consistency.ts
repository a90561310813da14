import type { ScoringAnswers } from '../../../answers';
import { chosen } from '../../../checks/check-helpers';
import type { Contradiction } from '../../../checks/types';

/**
 * Answer-versus-answer inconsistencies that need no manifest. They are shown to the partner
 * and never settle a question: either answer could be the wrong one.
 */
export const ANSWER_CONSISTENCY_CHECK_ID = 'answer-consistency';

export function answerContradictions(answers: ScoringAnswers): Contradiction[] {
  const found: Contradiction[] = [];
  const add = (questionId: string, message: string, facts: string[]) =>
    found.push({ questionId, checkId: ANSWER_CONSISTENCY_CHECK_ID, message, facts });
  const p1 = chosen(answers, 'P1');

  // Storing is a form of processing (GDPR art. 4(2)), so "stores" implies "processes".
  if (p1 === 'yes' && chosen(answers, 'P2') === 'no') {
    add(
      'P2',
      'P2 says no end-user data is processed outside Atlassian, but P1 says it is stored there',
      ['P1: yes', 'P2: no'],
    );
  }

  // T5 applies exactly when P4 is yes, so it cannot be not applicable then.
  if (chosen(answers, 'P4') === 'yes' && answers.T5?.notApplicable) {
    add('T5', 'T5 is marked not applicable, but P4 says data residency is supported', [
      'P4: yes',
      'T5: not applicable',
    ]);
  }

  // T4 applies when analytics or logs leave Atlassian.
  const sending = (['G3', 'G4'] as const).filter((id) => chosen(answers, id) === 'yes');
  if (sending.length > 0 && answers.T4?.notApplicable) {
    add('T4', 'T4 is marked not applicable, but analytics or logs are sent outside Atlassian', [
      ...sending.map((id) => `${id}: yes`),
      'T4: not applicable',
    ]);
  }

  // S6 and R7 only make sense for data stored outside Atlassian.
  const storageAnswers = (['S6', 'R7'] as const).filter((id) => chosen(answers, id) !== undefined);
  if (p1 === 'no' && storageAnswers.length > 0) {
    add(
      'P1',
      'P1 says no end-user data is stored outside Atlassian, but questions about that storage are answered',
      ['P1: no', ...storageAnswers.map((id) => `${id}: ${chosen(answers, id) ?? ''}`)],
    );
  }
  return found;
}
