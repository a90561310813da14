/**
 * Compatibility shim: answer-consistency rules belong to a pack (`pack.consistency`). This
 * name runs v1's rules, as it always did.
 */
import type { ScoringAnswers } from '../answers';
import { trustReadinessV1 } from '../rules/packs/trust-readiness-v1';
import type { Contradiction } from './types';

export { ANSWER_CONSISTENCY_CHECK_ID } from '../rules/packs/trust-readiness-v1/consistency';

/** @deprecated Use `pack.consistency(answers)`. */
export function answerContradictions(answers: ScoringAnswers): Contradiction[] {
  return trustReadinessV1.consistency(answers);
}
