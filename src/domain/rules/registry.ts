import { ruleSetV1 } from './catalogue';
import { ruleSetRef, type RuleSet } from './schema';

/** Every published rule set; the last is current. Old ones stay so old answers files load. */
export const RULE_SETS: readonly RuleSet[] = [ruleSetV1];

export const CURRENT_RULE_SET: RuleSet = ruleSetV1;

export function findRuleSet(ref: string): RuleSet | undefined {
  return RULE_SETS.find((r) => ruleSetRef(r) === ref || r.id === ref);
}
