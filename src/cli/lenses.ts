import type { Lens } from '../domain/lens';
import type { RulePack } from '../domain/rules/pack';
import { ruleSetRef } from '../domain/rules/schema';
import { lensesV2 } from '../domain/rules/packs/trust-readiness-v2';

/** The buyer lenses each pack ships, by rule-set ref (v1 is frozen and has none). */
const LENSES: Readonly<Record<string, readonly Lens[]>> = {
  'trust-readiness@2.0.0': lensesV2,
};

export function lensesFor(pack: RulePack): readonly Lens[] {
  return LENSES[ruleSetRef(pack.ruleSet)] ?? [];
}

export function lensIds(pack: RulePack): string[] {
  return lensesFor(pack).map((l) => l.id);
}
