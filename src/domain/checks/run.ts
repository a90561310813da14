import type { ManifestFacts } from '../manifest/facts';
import type { RulePack } from '../rules/pack';
import type { RuleSet } from '../rules/schema';
import type { ScoringAnswers } from '../answers';
import type { Contradiction, Finding, Findings } from './types';

/** Which check owns each question (`derivedBy`), once per rule set: rule sets never change. */
const owners = new WeakMap<RuleSet, ReadonlyMap<string, string | undefined>>();

function ownersOf(ruleSet: RuleSet): ReadonlyMap<string, string | undefined> {
  let owner = owners.get(ruleSet);
  if (!owner) {
    owner = new Map(ruleSet.questions.map((q) => [q.id, q.derivedBy]));
    owners.set(ruleSet, owner);
  }
  return owner;
}

/**
 * The findings step: runs a pack's consistency rules, and its derived checks when a manifest
 * is supplied. A settlement is kept only for a question that names the check in `derivedBy`, so
 * a check can never decide a question it does not own. A failing settlement wins over a
 * passing one from another check.
 */
export function runFindings(
  pack: RulePack,
  answers: ScoringAnswers,
  manifest?: ManifestFacts,
): Findings {
  const contradictions: Contradiction[] = [...pack.consistency(answers)];
  if (!manifest) return { manifestSupplied: false, settlements: [], contradictions };
  const owner = ownersOf(pack.ruleSet);
  const settled = new Map<string, Finding>();
  for (const check of pack.checks) {
    const result = check.run({ ruleSet: pack.ruleSet, answers, manifest });
    for (const s of result.settlements) {
      if (owner.get(s.questionId) !== check.id) continue;
      const existing = settled.get(s.questionId);
      if (!existing || (existing.outcome === 'pass' && s.outcome === 'fail')) {
        settled.set(s.questionId, { ...s, checkId: check.id });
      }
    }
    contradictions.push(...result.contradictions);
  }
  return {
    manifestSupplied: true,
    settlements: [...settled.values()],
    contradictions,
  };
}
