import type { Answer, Answers } from '../../src/domain/answers';
import type { Question, RuleSet } from '../../src/domain/rules/schema';

export const AS_OF = '2026-06-30';

/** The value that earns full credit for a question, derived from its own scoring rule. */
export function passingValue(question: Question): Answer['value'] {
  const scoring = question.scoring;
  if (!scoring) return question.options?.[0]?.value;
  switch (scoring.kind) {
    case 'choice':
      return Object.entries(scoring.credit).find(([, credit]) => credit >= 1)?.[0];
    case 'all-of':
      return [...scoring.required];
    case 'at-least':
      return scoring.full;
    case 'present':
      return question.type === 'url' ? 'https://example.com/evidence' : 'Documented.';
    case 'within-days':
      return '2026-03-01';
  }
}

/** A failing value: the zero-credit option, or the obvious failing input for other kinds. */
export function failingValue(question: Question): Answer['value'] {
  const scoring = question.scoring;
  if (!scoring) return undefined;
  switch (scoring.kind) {
    case 'choice':
      return Object.entries(scoring.credit).find(([, credit]) => credit === 0)?.[0];
    case 'all-of':
      return [];
    case 'at-least':
      return (scoring.partial ?? scoring.full) - 10;
    case 'present':
      return undefined;
    case 'within-days':
      return '2020-01-01';
  }
}

export function passingAnswer(question: Question): Answer {
  const answer: Answer = { value: passingValue(question) };
  if (question.evidence === 'required') {
    answer.evidence = { url: 'https://example.com/proof', expires: '2027-12-31' };
  }
  return answer;
}

/** Every scored question passed, with the given gate answers. */
export function allPassing(ruleSet: RuleSet, gates: Record<string, string>): Answers {
  const answers: Answers = {};
  for (const [id, value] of Object.entries(gates)) answers[id] = { value };
  for (const q of ruleSet.questions) {
    if (q.severity !== 'gate') answers[q.id] = passingAnswer(q);
  }
  return answers;
}

/** An app that keeps everything on Atlassian. */
export const FORGE_ONLY_GATES = {
  G1: 'forge-hosted',
  G2: 'no',
  G3: 'no',
  G4: 'no',
  G5: 'no',
  G6: 'no',
  G7: 'no',
  P1: 'no',
  P2: 'no',
};

/** An app that stores and processes data on its own servers, like the seed's example. */
export const STORES_OUTSIDE_GATES = {
  G1: 'connect',
  G2: 'yes',
  G3: 'yes',
  G4: 'yes',
  G5: 'yes',
  G6: 'yes',
  G7: 'yes',
  P1: 'yes',
  P2: 'yes',
};
