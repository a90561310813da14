import type { Lens } from '../../lens';
import { lensesV2 } from './trust-readiness-v2/lenses';

/**
 * The buyer lenses each published rule set ships, by ref; v1 is frozen and has none. A module
 * of its own so the admin page loads the lens data without the packs' checks and scoring, and
 * so the CLI and the page read one list.
 */
export const LENSES_BY_RULE_SET: Readonly<Record<string, readonly Lens[]>> = {
  'trust-readiness@2.0.0': lensesV2,
};

export function lensesForRuleSet(ref: string): readonly Lens[] {
  return LENSES_BY_RULE_SET[ref] ?? [];
}
