import type { ElementId, Severity } from '../rules/schema';

/**
 * Everything that turns outcomes into numbers and levels lives here, so a change of policy is
 * one reviewed diff. Weights follow OpenSSF Scorecard's idea of a risk weight per check, mapped
 * onto Atlassian's Fail / Warning / Informational grading.
 */
export const READINESS_LEVELS = ['not-ready', 'needs-work', 'ready', 'exemplary'] as const;
export type ReadinessLevel = (typeof READINESS_LEVELS)[number];

export interface ScoringPolicy {
  severityWeights: Record<Exclude<Severity, 'gate'>, number>;
  /** Element weights override the rule set's when given (e.g. a partner that sells to banks). */
  elementWeights?: Partial<Record<ElementId, number>>;
  /** Minimum overall score for each level above the lowest. */
  thresholds: Record<Exclude<ReadinessLevel, 'not-ready'>, number>;
  /** Credit cap for an answer whose required evidence is missing or expired. */
  evidenceCap: number;
}

export const DEFAULT_POLICY: ScoringPolicy = {
  severityWeights: { blocker: 10, major: 5, minor: 2 },
  thresholds: { 'needs-work': 50, ready: 75, exemplary: 90 },
  evidenceCap: 0.5,
};

/**
 * Caps keep a high average from hiding a broken requirement: a customer reads one failed
 * blocker as "not ready", whatever the rest looks like.
 */
export const LEVEL_CAPS = {
  failedBlocker: 'not-ready',
  unansweredBlocker: 'needs-work',
  failedMajor: 'ready',
  incomplete: 'ready',
} as const satisfies Record<string, ReadinessLevel>;
export type LevelCapReason = keyof typeof LEVEL_CAPS;

export function levelForScore(score: number, policy: ScoringPolicy): ReadinessLevel {
  if (score >= policy.thresholds.exemplary) return 'exemplary';
  if (score >= policy.thresholds.ready) return 'ready';
  if (score >= policy.thresholds['needs-work']) return 'needs-work';
  return 'not-ready';
}

export function lowerLevel(a: ReadinessLevel, b: ReadinessLevel): ReadinessLevel {
  return READINESS_LEVELS.indexOf(a) <= READINESS_LEVELS.indexOf(b) ? a : b;
}
