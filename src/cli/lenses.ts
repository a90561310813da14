import type { Lens } from '../domain/lens';
import type { RulePack } from '../domain/rules/pack';
import { ruleSetRef } from '../domain/rules/schema';
import { lensesForRuleSet } from '../domain/rules/packs/lenses';

export function lensesFor(pack: RulePack): readonly Lens[] {
  return lensesForRuleSet(ruleSetRef(pack.ruleSet));
}

export function lensIds(pack: RulePack): string[] {
  return lensesFor(pack).map((l) => l.id);
}
