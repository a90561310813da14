import type { Answer, Answers } from '../../../src/domain/answers';
import type { Question } from '../../../src/domain/rules/schema';
import { ruleSetV2 } from '../../../src/domain/rules/packs/trust-readiness-v2';

export const AS_OF = '2026-11-28';
const EVIDENCE = { url: 'https://example.com/evidence' };

/** A passing answer for any scored v2 question. */
export function passing(q: Question): Answer {
  const evidence = q.evidence === 'required' ? { evidence: EVIDENCE } : {};
  const scoring = q.scoring;
  switch (scoring?.kind) {
    case 'choice': {
      const value = Object.entries(scoring.credit).find(([, c]) => c === 1)?.[0] ?? '';
      return { value, ...evidence };
    }
    case 'any-of': {
      const value = Object.entries(scoring.credit).find(([, c]) => c === 1)?.[0] ?? '';
      return { value: [value], optionEvidence: { [value]: EVIDENCE } };
    }
    case 'all-of':
      return { value: [...scoring.required], ...evidence };
    case 'at-least':
      return { value: scoring.full, ...evidence };
    case 'within-days':
      return { value: AS_OF, ...evidence };
    case 'present':
      return { value: q.type === 'url' ? 'https://example.com/page' : 'Stated.', ...evidence };
    default:
      return {};
  }
}

/** Every question answered so it passes, on top of the given gate answers and overrides. */
export function allPassingV2(gates: Record<string, string>, overrides: Answers = {}): Answers {
  const answers: Answers = {};
  for (const [id, value] of Object.entries(gates)) answers[id] = { value };
  for (const q of ruleSetV2.questions) {
    if (q.severity === 'gate' || answers[q.id]) continue;
    answers[q.id] = passing(q);
  }
  return { ...answers, ...overrides };
}

/** The seed's app: Forge Remote, stores in the US only, no data residency, no ISO 27001. */
export const SEED_GATES = {
  G1: 'forge-remote',
  G2: 'yes',
  G3: 'no',
  G4: 'no',
  G5: 'yes',
  G6: 'yes',
  G7: 'yes',
  P1: 'yes',
  P2: 'yes',
  P13: 'yes',
};

export const SEED_ANSWERS: Answers = allPassingV2(SEED_GATES, {
  P16: { value: 'United States' },
  P4: { value: 'not-supported' },
  P17: { value: 'no' },
  T7: { notApplicable: true, justification: 'No data residency is offered.' },
  C7: { value: ['none'] },
});
