import { runFindings } from './checks/run';
import type { Findings } from './checks/types';
import type { RulePack } from './rules/pack';
import type { Report } from './scoring/report';
import { scoreFindings, type ScoreOptions, type ScoringAnswers } from './scoring/score-findings';

export type { ScoringAnswer, ScoringAnswers } from './scoring/score-findings';

/**
 * One assessment on its own pack: the findings step (consistency rules, and derived checks
 * when a manifest is given), then scoring with the pack's action ranking. Takes what scoring
 * reads of each answer (ScoringAnswer), so full answers and the storage digest's both score.
 */
export function assess(pack: RulePack, answers: ScoringAnswers, options: ScoreOptions): Report {
  const findings: Findings = runFindings(pack, answers, options.manifest);
  // Named fields rather than `{ ...rest }`: this runs once per score and the options are four.
  return scoreFindings(pack.ruleSet, answers, findings, {
    asOf: options.asOf,
    policy: options.policy,
    disabledQuestions: options.disabledQuestions,
    actionRanking: pack.actionRanking,
  });
}
