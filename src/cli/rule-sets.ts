import type { RulePack } from '../domain/rules/pack';
import {
  CURRENT_PACK,
  LATEST_PACK,
  RULE_PACKS,
  findPack,
  knownPackRefs,
} from '../domain/rules/packs';
import type { RuleSet } from '../domain/rules/schema';

/**
 * Answers files name their rule set exactly ("id@version"): scoring old answers against a
 * newer rule set would silently change the result a partner's CI gates on.
 */
export function packByRef(ref: string): RulePack | undefined {
  return findPack(ref);
}

export function ruleSetByRef(ref: string): RuleSet | undefined {
  return findPack(ref)?.ruleSet;
}

export function knownRuleSetRefs(): string[] {
  return knownPackRefs();
}

/** The pack `rules --format json` and `init` print without --rule-set. */
export function currentPack(): RulePack {
  return CURRENT_PACK;
}

/** The newest pack: `init --from-manifest` starts there (the tab values and lenses are v2 on). */
export function latestPack(): RulePack {
  return LATEST_PACK;
}

export function currentRuleSet(): RuleSet {
  return CURRENT_PACK.ruleSet;
}

export function allPacks(): readonly RulePack[] {
  return RULE_PACKS;
}
