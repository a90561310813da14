import { RULE_SETS } from '../domain/rules/registry';
import { ruleSetRef, type RuleSet } from '../domain/rules/schema';

/**
 * Answers files name their rule set exactly ("id@version"): scoring old answers against a
 * newer rule set would silently change the result a partner's CI gates on.
 */
export function ruleSetByRef(ref: string): RuleSet | undefined {
  return RULE_SETS.find((r) => ruleSetRef(r) === ref);
}

export function knownRuleSetRefs(): string[] {
  return RULE_SETS.map(ruleSetRef);
}

/** The rule set `rules` and `init` print: the newest published one. */
export function currentRuleSet(): RuleSet {
  const current = RULE_SETS[RULE_SETS.length - 1];
  if (!current) throw new Error('no rule set is registered');
  return current;
}
