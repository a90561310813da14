import type { Finding, Findings } from '../checks/types';
import type { ManifestFacts } from '../manifest/facts';
import type { RuleSet } from '../rules/schema';
import { judgeAll, type ScoringAnswers } from './judge';
import {
  DEFAULT_POLICY,
  LEVEL_CAPS,
  READINESS_LEVELS,
  levelForScore,
  lowerLevel,
  type LevelCapReason,
  type ReadinessLevel,
  type ScoringPolicy,
} from './policy';
import type { ActionResult, BlockerResult, ElementResult, QuestionResult, Report } from './report';
import { ruleSetIndex, weightsOf, type QuestionInfo, type RuleSetIndex } from './rule-set-index';

export type { ScoringAnswer, ScoringAnswers } from './judge';

export interface ScoreOptions {
  /** The assessment date (YYYY-MM-DD): dates and evidence expiry are judged against it. */
  asOf: string;
  manifest?: ManifestFacts;
  policy?: Partial<ScoringPolicy>;
  /** Questions an admin switched off for this assessment; they leave the score like N/A. */
  disabledQuestions?: readonly string[];
}

/** What scoring needs besides answers and findings; the manifest was read by the findings step. */
export interface ScoreFindingsOptions extends Omit<ScoreOptions, 'manifest'> {
  /** See RulePack.actionRanking; `points` when absent. */
  actionRanking?: 'points' | 'level-first';
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

const SEVERITY_RANK = { blocker: 0, major: 1, minor: 2 } as const;

const LEVEL_NAMES: Record<ReadinessLevel, string> = {
  'not-ready': 'Not ready',
  'needs-work': 'Needs work',
  ready: 'Ready',
  exemplary: 'Exemplary',
};

/**
 * Scores answers and findings against a rule set: maps them to numbers and levels, and runs no
 * check itself (see checks/run.ts for the findings step). A settlement counts only for a
 * question that names its check in `derivedBy`. Pure: the same input always gives a
 * byte-identical report (no clock, no randomness, no iteration over unordered input).
 */
export function scoreFindings(
  ruleSet: RuleSet,
  answers: ScoringAnswers,
  findings: Findings,
  options: ScoreFindingsOptions,
): Report {
  const index = ruleSetIndex(ruleSet);
  const policy: ScoringPolicy = options.policy
    ? { ...DEFAULT_POLICY, ...options.policy }
    : DEFAULT_POLICY;
  const disabledIds = options.disabledQuestions;
  const settlements = new Map<string, Finding>();
  for (const s of findings.settlements) {
    if (index.firstById.get(s.questionId)?.derivedBy === s.checkId) {
      settlements.set(s.questionId, s);
    }
  }
  const { questions, profile, gatesApplicable, gatesAnswered } = judgeAll(index, answers, {
    asOf: options.asOf,
    policy,
    facts: { manifestSupplied: findings.manifestSupplied },
    disabled: disabledIds && disabledIds.length > 0 ? new Set(disabledIds) : undefined,
    settlements,
  });

  const weights = weightsOf(policy);
  const summary = summarise(
    index,
    ruleSet,
    questions,
    policy,
    weights,
    gatesApplicable,
    gatesAnswered,
  );
  const actions = nextBestActions(
    index,
    questions,
    summary,
    policy,
    weights,
    options.actionRanking === 'level-first',
  );

  return {
    ruleSet: { id: ruleSet.id, version: ruleSet.version },
    asOf: options.asOf,
    levels: READINESS_LEVELS,
    overall: {
      score: summary.overallScore,
      level: summary.level,
      uncappedLevel: summary.uncappedLevel,
      cappedBy: summary.cappedBy,
    },
    elements: summary.elements,
    completeness: summary.completeness,
    blockers: summary.blockers,
    openBlockers: summary.openBlockers,
    actions,
    questions,
    profile,
    contradictions: findings.contradictions.slice(),
    manifestSupplied: findings.manifestSupplied,
  };
}

interface Summary {
  elements: ElementResult[];
  /** Per element slot (RuleSetIndex.elementSlots): sums over its questions in the score. */
  earned: number[];
  possible: number[];
  activeWeight: number;
  overallScore: number;
  completeness: Report['completeness'];
  blockers: BlockerResult[];
  openBlockers: string[];
  /** Capping (not informational) majors that failed or earned partial credit. */
  failedMajors: number;
  /** Informational questions in the score left unanswered: they never make it incomplete. */
  openInformational: number;
  cappedBy: LevelCapReason[];
  uncappedLevel: ReadinessLevel;
  level: ReadinessLevel;
}

/**
 * Element scores, the overall score and the level with its caps, in one pass over the results.
 * Informational questions earn points but never cap the level. Sums are accumulated per element
 * in question order, so every floating-point result matches a sum over that element's list.
 */
function summarise(
  index: RuleSetIndex,
  ruleSet: RuleSet,
  questions: readonly QuestionResult[],
  policy: ScoringPolicy,
  weights: readonly number[],
  gatesApplicable: number,
  gatesAnswered: number,
): Summary {
  const slots = index.slotCount;
  const earned = new Array<number>(slots).fill(0);
  const possible = new Array<number>(slots).fill(0);
  const applicable = new Array<number>(slots).fill(0);
  const answered = new Array<number>(slots).fill(0);
  const passed = new Array<number>(slots).fill(0);

  let scoredCount = 0;
  let answeredCount = gatesAnswered;
  let failedMajors = 0;
  let openInformational = 0;
  const blockers: BlockerResult[] = [];
  const openBlockers: string[] = [];

  for (let i = 0; i < questions.length; i += 1) {
    const q = questions[i] as QuestionResult;
    const info = index.scored[i] as QuestionInfo;
    const capping = !info.informational;
    if (q.credit !== null) {
      scoredCount += 1;
      if (q.outcome !== 'unanswered') answeredCount += 1;
      else if (!capping) openInformational += 1;
      const slot = info.slot;
      if (slot !== undefined) {
        const weight = weights[info.severityRank] as number;
        possible[slot] = (possible[slot] as number) + weight;
        earned[slot] = (earned[slot] as number) + weight * q.credit;
        applicable[slot] = (applicable[slot] as number) + 1;
        if (q.outcome !== 'unanswered') answered[slot] = (answered[slot] as number) + 1;
        if (q.outcome === 'pass') passed[slot] = (passed[slot] as number) + 1;
      }
    }
    if (!capping) continue;
    const failed = q.outcome === 'fail' || q.outcome === 'partial';
    if (q.severity === 'blocker' && failed) {
      blockers.push({ questionId: q.id, element: q.element, outcome: q.outcome, reason: q.reason });
    } else if (q.severity === 'blocker' && q.outcome === 'unanswered') {
      openBlockers.push(q.id);
    } else if (q.severity === 'major' && failed) {
      failedMajors += 1;
    }
  }

  const elements: ElementResult[] = [];
  let activeWeight = 0;
  for (let position = 0; position < ruleSet.elements.length; position += 1) {
    const element = ruleSet.elements[position] as RuleSet['elements'][number];
    const slot = index.elementSlots[position] as number;
    const elementPossible = possible[slot] as number;
    const result: ElementResult = {
      id: element.id,
      title: element.title,
      weight: policy.elementWeights?.[element.id] ?? element.weight,
      score:
        elementPossible > 0 ? round1((100 * (earned[slot] as number)) / elementPossible) : null,
      applicable: applicable[slot] as number,
      answered: answered[slot] as number,
      passed: passed[slot] as number,
    };
    activeWeight = activeWeight + (result.score === null ? 0 : result.weight);
    elements.push(result);
  }

  const overallScore = round1(rawOverall(index, elements, earned, possible, activeWeight, -1, 0));
  const applicableCount = scoredCount + gatesApplicable;
  const completeness = {
    answered: answeredCount,
    applicable: applicableCount,
    percent: applicableCount === 0 ? 100 : round1((100 * answeredCount) / applicableCount),
  };

  const cappedBy: LevelCapReason[] = [];
  if (blockers.length > 0) cappedBy.push('failedBlocker');
  if (openBlockers.length > 0) cappedBy.push('unansweredBlocker');
  if (failedMajors > 0) cappedBy.push('failedMajor');
  if (answeredCount + openInformational < applicableCount) cappedBy.push('incomplete');

  const uncappedLevel = levelForScore(overallScore, policy);
  return {
    elements,
    earned,
    possible,
    activeWeight,
    overallScore,
    completeness,
    blockers,
    openBlockers,
    failedMajors,
    openInformational,
    cappedBy,
    uncappedLevel,
    level: capped(uncappedLevel, cappedBy),
  };
}

/**
 * The element-weighted mean before rounding, summed over the elements in order. With
 * `changedSlot` >= 0 that element's earned sum is `changedEarned` instead (one question fixed).
 */
function rawOverall(
  index: RuleSetIndex,
  elements: readonly ElementResult[],
  earned: readonly number[],
  possible: readonly number[],
  activeWeight: number,
  changedSlot: number,
  changedEarned: number,
): number {
  if (activeWeight === 0) return 0;
  let sum = 0;
  for (let position = 0; position < elements.length; position += 1) {
    const element = elements[position] as ElementResult;
    if (element.score === null) continue;
    const slot = index.elementSlots[position] as number;
    const elementEarned = slot === changedSlot ? changedEarned : (earned[slot] as number);
    sum = sum + (element.weight * (100 * elementEarned)) / (possible[slot] as number);
  }
  return sum / activeWeight;
}

function capped(level: ReadinessLevel, cappedBy: readonly LevelCapReason[]): ReadinessLevel {
  let result = level;
  for (let i = 0; i < cappedBy.length; i += 1) {
    result = lowerLevel(result, LEVEL_CAPS[cappedBy[i] as LevelCapReason]);
  }
  return result;
}

/** 2 for an open blocker, 1 for an open major, 0 otherwise: what holds the level down. */
function holdsCap(info: QuestionInfo, q: QuestionResult): number {
  if (info.informational) return 0;
  if (q.severity === 'blocker' && q.outcome !== 'pass') return 2;
  return q.severity === 'major' && q.outcome !== 'pass' ? 1 : 0;
}

/**
 * The level once question `i` fully passes, everything else unchanged. Only its element's
 * earned sum moves, and it is summed again over that element's questions in the same order
 * (floating-point addition is not associative, so adjusting the old sum could round
 * differently); the caps follow from the counts of what holds each one.
 */
function levelAfterFixing(
  index: RuleSetIndex,
  questions: readonly QuestionResult[],
  i: number,
  info: QuestionInfo,
  slot: number,
  summary: Summary,
  policy: ScoringPolicy,
  weights: readonly number[],
): ReadinessLevel {
  const q = questions[i] as QuestionResult;
  let earned = 0;
  // The element's questions in the score, in question order, as the summary summed them.
  const positions = index.scoredInSlot[slot] ?? [];
  for (let k = 0; k < positions.length; k += 1) {
    const m = positions[k] as number;
    const r = questions[m] as QuestionResult;
    if (r.credit === null) continue;
    const weight = weights[(index.scored[m] as QuestionInfo).severityRank] as number;
    earned = earned + weight * (m === i ? 1 : r.credit);
  }
  const score = round1(
    rawOverall(
      index,
      summary.elements,
      summary.earned,
      summary.possible,
      summary.activeWeight,
      slot,
      earned,
    ),
  );

  const capping = !info.informational;
  const failed = q.outcome === 'fail' || q.outcome === 'partial';
  const unanswered = q.outcome === 'unanswered';
  const { completeness } = summary;
  const cappedBy: LevelCapReason[] = [];
  if (summary.blockers.length - (capping && q.severity === 'blocker' && failed ? 1 : 0) > 0) {
    cappedBy.push('failedBlocker');
  }
  if (
    summary.openBlockers.length - (capping && q.severity === 'blocker' && unanswered ? 1 : 0) >
    0
  ) {
    cappedBy.push('unansweredBlocker');
  }
  if (summary.failedMajors - (capping && q.severity === 'major' && failed ? 1 : 0) > 0) {
    cappedBy.push('failedMajor');
  }
  const answeredAfter = completeness.answered + (unanswered ? 1 : 0);
  const openInformationalAfter = summary.openInformational - (!capping && unanswered ? 1 : 0);
  if (answeredAfter + openInformationalAfter < completeness.applicable) {
    cappedBy.push('incomplete');
  }
  return capped(levelForScore(score, policy), cappedBy);
}

interface RankedAction {
  action: ActionResult;
  /** Levels gained (level-first ranking only). */
  lift: number;
  cap: number;
  order: number;
}

/**
 * Every question short of full credit, with the overall points it would gain; with level-first
 * ranking also the level it reaches, computed from the summary (levelAfterFixing) rather than by
 * scoring the whole assessment again per question.
 */
function nextBestActions(
  index: RuleSetIndex,
  questions: readonly QuestionResult[],
  summary: Summary,
  policy: ScoringPolicy,
  weights: readonly number[],
  levelFirst: boolean,
): ActionResult[] {
  const { elements, activeWeight } = summary;
  const from = summary.level;
  const ranked: RankedAction[] = [];
  for (let i = 0; i < questions.length; i += 1) {
    const q = questions[i] as QuestionResult;
    if (q.credit === null || q.credit >= 1) continue;
    // v1 (points) leaves manifest-settled failures out; level-first lists them: change the manifest.
    if (q.settledBy && !levelFirst) continue;
    const info = index.scored[i] as QuestionInfo;
    const slot = info.slot;
    const position = index.firstElementPosition.get(q.element);
    const element = position === undefined ? undefined : elements[position];
    if (slot === undefined || !element || activeWeight === 0) continue;
    const possible = summary.possible[slot] as number;
    const gain =
      (element.weight / activeWeight) *
      (((weights[info.severityRank] as number) * (1 - q.credit)) / possible) *
      100;
    const kind = q.outcome === 'unanswered' ? 'answer' : q.evidenceIssue ? 'evidence' : 'fix';
    const cap = holdsCap(info, q);
    if (!levelFirst) {
      ranked.push({
        action: {
          questionId: q.id,
          element: q.element,
          severity: q.severity,
          kind,
          gain: round1(gain),
          remediation: info.remediation,
        },
        lift: 0,
        cap,
        order: info.order,
      });
      continue;
    }
    const to = levelAfterFixing(index, questions, i, info, slot, summary, policy, weights);
    const lift = READINESS_LEVELS.indexOf(to) - READINESS_LEVELS.indexOf(from);
    const verb = q.outcome === 'unanswered' ? 'answering' : 'fixing';
    let unlocks =
      lift > 0
        ? `${verb} ${q.id} lifts the level from ${LEVEL_NAMES[from]} to ${LEVEL_NAMES[to]}`
        : cap > 0
          ? `${verb} ${q.id} removes ${q.severity === 'blocker' ? 'a blocker' : 'a failed major requirement'} that holds the level at ${LEVEL_NAMES[from]}`
          : `${verb} ${q.id} adds ${round1(gain).toFixed(1)} points`;
    if (q.settledBy) unlocks += ' (change the manifest)';
    // Field order is part of the report's bytes: `via` comes before `levelAfter` when set.
    const action: ActionResult = q.settledBy
      ? {
          questionId: q.id,
          element: q.element,
          severity: q.severity,
          kind,
          gain: round1(gain),
          remediation: info.remediation,
          via: 'manifest',
          levelAfter: to,
          unlocks,
        }
      : {
          questionId: q.id,
          element: q.element,
          severity: q.severity,
          kind,
          gain: round1(gain),
          remediation: info.remediation,
          levelAfter: to,
          unlocks,
        };
    ranked.push({ action, lift, cap, order: info.order });
  }

  ranked.sort(
    (a, b) =>
      (levelFirst ? b.lift - a.lift || b.cap - a.cap : 0) ||
      b.action.gain - a.action.gain ||
      SEVERITY_RANK[a.action.severity] - SEVERITY_RANK[b.action.severity] ||
      a.order - b.order,
  );
  return ranked.map((r) => r.action);
}
