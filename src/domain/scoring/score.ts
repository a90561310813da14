/**
 * Compatibility shim for callers that still score a bare rule set (src/services). It finds the
 * rule set's pack and runs the findings step, then scores. New code calls `assess(pack, ...)`
 * from domain/assess.ts, or `runFindings` + `scoreFindings` directly.
 */
import type { Answers } from '../answers';
import { assess } from '../assess';
import { packForRuleSet } from '../rules/packs';
import type { RuleSet } from '../rules/schema';
import type { Report } from './report';
import type { ScoreOptions } from './score-findings';

export type { ScoreOptions } from './score-findings';
export { scoreFindings } from './score-findings';

/** @deprecated Use `assess(pack, answers, options)`; kept so the service layer keeps compiling. */
export function score(ruleSet: RuleSet, answers: Answers, options: ScoreOptions): Report {
  return assess(packForRuleSet(ruleSet), answers, options);
}
