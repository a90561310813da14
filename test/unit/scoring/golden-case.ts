import type { Answers } from '../../../src/domain/answers';
import { assess } from '../../../src/domain/assess';
import { runFindings } from '../../../src/domain/checks/run';
import type { ManifestFacts } from '../../../src/domain/manifest/facts';
import { findPack } from '../../../src/domain/rules/packs';
import type { ScoringPolicy } from '../../../src/domain/scoring/policy';
import { scoreFindings } from '../../../src/domain/scoring/score-findings';

/**
 * One recorded scoring input of the golden fixtures (test/fixtures/scoring-golden/): the pack
 * by ref, the answers and options as given, and the manifest facts by name. The inputs are
 * stored rather than regenerated, so the fixture stays the judge whatever the generator does.
 */
export interface GoldenCase {
  name: string;
  pack: string;
  answers: Answers;
  asOf: string;
  manifest?: string;
  policy?: Partial<ScoringPolicy>;
  disabledQuestions?: string[];
  /**
   * Scores through runFindings + scoreFindings with this ranking instead of the pack's own,
   * so both rankings are pinned for both rule sets.
   */
  ranking?: 'points' | 'level-first';
  /** JSON.stringify of the report. */
  report: string;
}

export interface GoldenFile {
  /** Manifest facts by name, stored as read when the fixture was recorded. */
  manifests: Record<string, ManifestFacts>;
  cases: GoldenCase[];
}

/** The report a case scores to now, as the string the fixture compares. */
export function scoreGoldenCase(
  golden: Omit<GoldenCase, 'report'>,
  manifests: Record<string, ManifestFacts>,
): string {
  const pack = findPack(golden.pack);
  if (!pack) throw new Error(`${golden.name}: unknown pack ${golden.pack}`);
  const manifest = golden.manifest === undefined ? undefined : manifests[golden.manifest];
  if (golden.manifest !== undefined && !manifest) {
    throw new Error(`${golden.name}: unknown manifest ${golden.manifest}`);
  }
  const options = {
    asOf: golden.asOf,
    ...(golden.policy ? { policy: golden.policy } : {}),
    ...(golden.disabledQuestions ? { disabledQuestions: golden.disabledQuestions } : {}),
  };
  if (golden.ranking) {
    const findings = runFindings(pack, golden.answers, manifest);
    return JSON.stringify(
      scoreFindings(pack.ruleSet, golden.answers, findings, {
        ...options,
        actionRanking: golden.ranking,
      }),
    );
  }
  return JSON.stringify(
    assess(pack, golden.answers, { ...options, ...(manifest ? { manifest } : {}) }),
  );
}
