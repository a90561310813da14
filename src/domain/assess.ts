import type { Answers } from './answers';
import { runFindings } from './checks/run';
import type { Findings } from './checks/types';
import type { RulePack } from './rules/pack';
import type { Report } from './scoring/report';
import { scoreFindings, type ScoreOptions } from './scoring/score-findings';

/**
 * One assessment on its own pack: the findings step (consistency rules, and derived checks
 * when a manifest is given), then scoring with the pack's action ranking.
 */
export function assess(pack: RulePack, answers: Answers, options: ScoreOptions): Report {
  const { manifest, ...rest } = options;
  const findings: Findings = runFindings(pack, answers, manifest);
  return scoreFindings(pack.ruleSet, answers, findings, {
    ...rest,
    actionRanking: pack.actionRanking,
  });
}
