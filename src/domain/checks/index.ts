/**
 * Compatibility shim: derived checks now live in their rule pack and run through the findings
 * step (checks/run.ts). `derivedChecks` runs the checks of the pack the context's rule set
 * belongs to, so old callers (src/services) keep getting the right contradictions.
 */
import { packForRuleSet } from '../rules/packs';
import type { RegisteredCheck } from './check-helpers';

export type { RegisteredCheck } from './check-helpers';
export { answerContradictions, ANSWER_CONSISTENCY_CHECK_ID } from './answer-consistency';
export { runFindings } from './run';

/** @deprecated Run `runFindings(pack, answers, manifest)` instead. */
export const derivedChecks: readonly RegisteredCheck[] = [
  {
    id: 'pack-checks',
    title: "The derived checks of the rule set's pack",
    settles: [],
    run(context) {
      const checks = packForRuleSet(context.ruleSet).checks;
      const results = checks.map((check) => check.run(context));
      return {
        settlements: [],
        contradictions: results.flatMap((r) => r.contradictions),
      };
    },
  },
];
