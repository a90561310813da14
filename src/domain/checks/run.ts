import type { Answers } from '../answers';
import type { ManifestFacts } from '../manifest/facts';
import type { RulePack } from '../rules/pack';
import type { Contradiction, Finding, Findings } from './types';

/**
 * The findings step: runs a pack's consistency rules, and its derived checks when a manifest
 * is supplied. A settlement is kept only for a question that names the check in `derivedBy`, so
 * a check can never decide a question it does not own. A failing settlement wins over a
 * passing one from another check.
 */
export function runFindings(pack: RulePack, answers: Answers, manifest?: ManifestFacts): Findings {
  const owner = new Map(pack.ruleSet.questions.map((q) => [q.id, q.derivedBy]));
  const settled = new Map<string, Finding>();
  const contradictions: Contradiction[] = [...pack.consistency(answers)];
  if (manifest) {
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
  }
  return {
    manifestSupplied: manifest !== undefined,
    settlements: [...settled.values()],
    contradictions,
  };
}
