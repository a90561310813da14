/**
 * Compatibility shim: suggestions know question ids, so they live in a pack (`pack.suggest`).
 * This name suggests answers for rule set v1, as it always did.
 */
import type { Suggestion } from '../checks/types';
import { trustReadinessV1 } from '../rules/packs/trust-readiness-v1';
import type { ManifestFacts } from './facts';

export type { Suggestion } from '../checks/types';

/** @deprecated Use `pack.suggest(facts)`. */
export function suggestAnswers(facts: ManifestFacts): Suggestion[] {
  return trustReadinessV1.suggest(facts);
}
