/**
 * Compatibility view of the pack registry (rules/packs) for callers that want a bare rule set.
 * New code uses RULE_PACKS / CURRENT_PACK / findPack from rules/packs.
 */
import { CURRENT_PACK, RULE_PACKS, findPack } from './packs';
import type { RuleSet } from './schema';

/** Every published rule set, oldest first. */
export const RULE_SETS: readonly RuleSet[] = RULE_PACKS.map((p) => p.ruleSet);

export const CURRENT_RULE_SET: RuleSet = CURRENT_PACK.ruleSet;

/** The rule set an exact `id@version` ref names. */
export function findRuleSet(ref: string): RuleSet | undefined {
  return findPack(ref)?.ruleSet;
}
