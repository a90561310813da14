import type { Contradiction } from '../checks/types';
import type { ElementId, Severity } from '../rules/schema';
import type { LevelCapReason, ReadinessLevel } from './policy';

export const OUTCOMES = ['pass', 'partial', 'fail', 'unanswered', 'not-applicable'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface QuestionResult {
  id: string;
  element: ElementId;
  severity: Exclude<Severity, 'gate'>;
  outcome: Outcome;
  /** 0–1; null when the question is out of the score (not applicable). */
  credit: number | null;
  /** One sentence a partner understands: why this outcome. */
  reason: string;
  /** Set when a derived check decided the outcome rather than the answer. */
  settledBy?: string;
  /** Why credit was capped although the answer itself passes. */
  evidenceIssue?: 'missing' | 'expired';
}

export interface ProfileAnswer {
  id: string;
  value: string | number | string[] | null;
}

export interface ElementResult {
  id: ElementId;
  title: string;
  weight: number;
  /** 0–100, one decimal; null when no question of the element applies. */
  score: number | null;
  applicable: number;
  answered: number;
  passed: number;
}

export interface BlockerResult {
  questionId: string;
  element: ElementId;
  outcome: Outcome;
  reason: string;
}

export interface ActionResult {
  questionId: string;
  element: ElementId;
  severity: Exclude<Severity, 'gate'>;
  /** What to do: answer an open question, fix a failing one, or add missing evidence. */
  kind: 'answer' | 'fix' | 'evidence';
  /** Overall points gained when this question fully passes, one decimal. */
  gain: number;
  remediation: string;
  /** Level-first ranking only (rule set v2 on): `manifest` when a derived check settled it. */
  via?: 'manifest';
  /** Level-first ranking only: the readiness level once this question fully passes. */
  levelAfter?: ReadinessLevel;
  /** Level-first ranking only: what the action unlocks, e.g. "fixing S8 lifts the level from Not ready to Ready". */
  unlocks?: string;
}

export interface Report {
  ruleSet: { id: string; version: string };
  asOf: string;
  levels: readonly ReadinessLevel[];
  overall: {
    score: number;
    level: ReadinessLevel;
    /** The level the score alone would reach, before caps. */
    uncappedLevel: ReadinessLevel;
    cappedBy: LevelCapReason[];
  };
  elements: ElementResult[];
  completeness: { answered: number; applicable: number; percent: number };
  blockers: BlockerResult[];
  /** Blockers nobody answered yet: not failures, but the level cannot be "ready" without them. */
  openBlockers: string[];
  actions: ActionResult[];
  questions: QuestionResult[];
  profile: ProfileAnswer[];
  contradictions: Contradiction[];
  manifestSupplied: boolean;
}
