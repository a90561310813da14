import type { ScoringAnswers } from '../../../answers';
import { chosen } from '../../../checks/check-helpers';
import type { Contradiction } from '../../../checks/types';

export const ANSWER_CONSISTENCY_CHECK_ID = 'answer-consistency';

/** Answer-versus-answer contradictions of rule set v2; shown, never settling a question. */
export function answerContradictionsV2(answers: ScoringAnswers): Contradiction[] {
  const found: Contradiction[] = [];
  const p1 = chosen(answers, 'P1');

  if (p1 === 'yes' && chosen(answers, 'P2') === 'no') {
    add(
      found,
      'P2',
      'P2 says no end-user data is processed outside Atlassian, but P1 says it is stored there',
      ['P1: yes', 'P2: no'],
    );
  }
  if (p1 === 'yes' && chosen(answers, 'P4') === 'stored-in-atlassian') {
    add(
      found,
      'P4',
      'P4 says the data is stored in Atlassian, but P1 says end-user data is stored outside Atlassian',
      ['P1: yes', 'P4: stored-in-atlassian'],
    );
  }
  const sending = (['G3', 'G4'] as const).filter((id) => chosen(answers, id) === 'yes');
  if (sending.length > 0 && answers.T4?.notApplicable) {
    add(
      found,
      'T4',
      'T4 is marked not applicable, but analytics or logs are sent outside Atlassian',
      [...sending.map((id) => `${id}: yes`), 'T4: not applicable'],
    );
  }
  if (chosen(answers, 'L2') === 'yes' && chosen(answers, 'G4') === 'no') {
    add(found, 'G4', 'G4 says no logs leave Atlassian, but L2 says logs with end-user data do', [
      'G4: no',
      'L2: yes',
    ]);
  }
  if (chosen(answers, 'P22') === 'yes' && chosen(answers, 'P18') === 'yes') {
    add(
      found,
      'P22',
      'P22 says data is kept indefinitely, but P18 says a retention period applies',
      ['P18: yes', 'P22: yes'],
    );
  }
  const certs = answers.C7?.value;
  if (Array.isArray(certs) && certs.includes('none') && certs.length > 1) {
    add(found, 'C7', 'C7 lists "None" together with certifications', [`C7: ${certs.join(', ')}`]);
  }
  if (p1 === 'no' && chosen(answers, 'R7') !== undefined) {
    add(
      found,
      'P1',
      'P1 says no end-user data is stored outside Atlassian, but R7 about that storage is answered',
      ['P1: no', `R7: ${chosen(answers, 'R7') ?? ''}`],
    );
  }
  return found;
}

/** A module function, not a closure per call: scoring runs this on every save. */
function add(found: Contradiction[], questionId: string, message: string, facts: string[]): void {
  found.push({ questionId, checkId: ANSWER_CONSISTENCY_CHECK_ID, message, facts });
}
