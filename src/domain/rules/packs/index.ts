import type { RulePack } from '../pack';
import { ruleSetRef, type RuleSet } from '../schema';
import { trustReadinessV1 } from './trust-readiness-v1';
import { trustReadinessV2 } from './trust-readiness-v2';

/**
 * Every published rule pack, oldest first. Old packs stay so old answers files and stored
 * assessments keep scoring the way they did; the one registry test covers them all.
 */
export const RULE_PACKS: readonly RulePack[] = [trustReadinessV1, trustReadinessV2];

/** The pack new assessments and `trust-assess rules` / `init` use. */
export const CURRENT_PACK: RulePack = trustReadinessV2;

/** The newest published pack (a partner may upgrade to it before it becomes current). */
export const LATEST_PACK: RulePack = trustReadinessV2;

export function packRef(pack: RulePack): string {
  return ruleSetRef(pack.ruleSet);
}

/** The pack an exact `id@version` ref names, e.g. a stored assessment's `ruleSetVersion`. */
export function findPack(ref: string): RulePack | undefined {
  return RULE_PACKS.find((p) => packRef(p) === ref);
}

export function knownPackRefs(): string[] {
  return RULE_PACKS.map(packRef);
}

/**
 * The pack for a rule set object: the registered pack with the same ref, or, for a rule set
 * built elsewhere (an older or test rule set reusing v1's questions), v1's pack machinery
 * around it: its checks only settle questions that name them, so a foreign rule set is safe.
 */
export function packForRuleSet(ruleSet: RuleSet): RulePack {
  const registered = RULE_PACKS.find((p) => p.ruleSet === ruleSet) ?? findPack(ruleSetRef(ruleSet));
  if (registered && registered.ruleSet === ruleSet) return registered;
  if (registered) return { ...registered, ruleSet };
  return { ...trustReadinessV1, ruleSet };
}
