import type { Answer, Answers } from '../answers';
import type { Finding, Findings } from '../checks/types';
import type { ManifestFacts } from '../manifest/facts';
import { evaluateCondition } from '../rules/conditions';
import type { ElementId, Question, RuleSet, Scoring } from '../rules/schema';
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
import type {
  ActionResult,
  BlockerResult,
  ElementResult,
  Outcome,
  ProfileAnswer,
  QuestionResult,
  Report,
} from './report';

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

interface Credited {
  credit: number;
  reason: string;
  evidenceIssue?: 'missing' | 'expired';
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Scores answers and findings against a rule set: maps them to numbers and levels, and runs no
 * check itself (see checks/run.ts for the findings step). A settlement counts only for a
 * question that names its check in `derivedBy`. Pure: the same input always gives a
 * byte-identical report (no clock, no randomness, no iteration over unordered input).
 */
export function scoreFindings(
  ruleSet: RuleSet,
  answers: Answers,
  findings: Findings,
  options: ScoreFindingsOptions,
): Report {
  const policy: ScoringPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const facts = { manifestSupplied: findings.manifestSupplied };
  const disabled = new Set(options.disabledQuestions ?? []);

  const settlements = new Map<string, Finding>();
  for (const s of findings.settlements) {
    const question = ruleSet.questions.find((q) => q.id === s.questionId);
    if (question?.derivedBy === s.checkId) settlements.set(s.questionId, s);
  }
  const contradictions = [...findings.contradictions];

  const profile: ProfileAnswer[] = [];
  const questions: QuestionResult[] = [];
  let gatesApplicable = 0;
  let gatesAnswered = 0;

  for (const question of ruleSet.questions) {
    const answer = answers[question.id];
    const applies =
      !disabled.has(question.id) &&
      (question.when === undefined || evaluateCondition(question.when, answers, facts) !== false);

    if (question.severity === 'gate') {
      const value = answer?.value;
      const answered = value !== undefined && value !== '';
      profile.push({ id: question.id, value: answered ? value : null });
      if (applies) {
        gatesApplicable += 1;
        if (answered) gatesAnswered += 1;
      }
      continue;
    }

    questions.push(
      judgeQuestion(question, answer, {
        applies,
        disabled: disabled.has(question.id),
        settlement: settlements.get(question.id),
        asOf: options.asOf,
        policy,
      }),
    );
  }

  const byId = new Map(ruleSet.questions.map((q) => [q.id, q]));
  const informational = new Set(ruleSet.questions.filter((q) => q.informational).map((q) => q.id));
  const summary = summarise(
    ruleSet,
    questions,
    policy,
    informational,
    gatesApplicable,
    gatesAnswered,
  );
  const { elements, elementSums, activeWeight, completeness, blockers, openBlockers } = summary;
  const weightOf = (r: QuestionResult): number => policy.severityWeights[r.severity];

  const severityRank = { blocker: 0, major: 1, minor: 2 } as const;
  const order = new Map(ruleSet.questions.map((q, i) => [q.id, i]));
  const levelFirst = options.actionRanking === 'level-first';
  const actions: ActionResult[] = [];
  const lifts = new Map<string, number>();
  const holdsCap = (q: QuestionResult): number => {
    if (informational.has(q.id)) return 0;
    if (q.severity === 'blocker' && q.outcome !== 'pass') return 2;
    return q.severity === 'major' && q.outcome !== 'pass' ? 1 : 0;
  };
  for (const q of questions) {
    if (q.credit === null || q.credit >= 1) continue;
    // v1 (points) leaves manifest-settled failures out; level-first lists them: change the manifest.
    if (q.settledBy && !levelFirst) continue;
    const sums = elementSums.get(q.element);
    const element = elements.find((e) => e.id === q.element);
    if (!sums || !element || activeWeight === 0) continue;
    const gain =
      (element.weight / activeWeight) * ((weightOf(q) * (1 - q.credit)) / sums.possible) * 100;
    const action: ActionResult = {
      questionId: q.id,
      element: q.element,
      severity: q.severity,
      kind: q.outcome === 'unanswered' ? 'answer' : q.evidenceIssue ? 'evidence' : 'fix',
      gain: round1(gain),
      remediation: byId.get(q.id)?.remediation ?? '',
    };
    if (levelFirst) {
      const fixed = questions.map((r) =>
        r.id === q.id ? { ...r, outcome: 'pass' as const, credit: 1 } : r,
      );
      const after = summarise(
        ruleSet,
        fixed,
        policy,
        informational,
        gatesApplicable,
        gatesAnswered,
      );
      const from = summary.level;
      const to = after.level;
      const lifted = READINESS_LEVELS.indexOf(to) - READINESS_LEVELS.indexOf(from);
      lifts.set(q.id, lifted);
      const verb = q.outcome === 'unanswered' ? 'answering' : 'fixing';
      if (q.settledBy) action.via = 'manifest';
      action.levelAfter = to;
      action.unlocks =
        lifted > 0
          ? `${verb} ${q.id} lifts the level from ${LEVEL_NAMES[from]} to ${LEVEL_NAMES[to]}`
          : holdsCap(q) > 0
            ? `${verb} ${q.id} removes ${q.severity === 'blocker' ? 'a blocker' : 'a failed major requirement'} that holds the level at ${LEVEL_NAMES[from]}`
            : `${verb} ${q.id} adds ${round1(gain).toFixed(1)} points`;
      if (q.settledBy) action.unlocks += ' (change the manifest)';
    }
    actions.push(action);
  }
  actions.sort(
    (a, b) =>
      (levelFirst
        ? (lifts.get(b.questionId) ?? 0) - (lifts.get(a.questionId) ?? 0) ||
          capRank(b.questionId) - capRank(a.questionId)
        : 0) ||
      b.gain - a.gain ||
      severityRank[a.severity] - severityRank[b.severity] ||
      (order.get(a.questionId) ?? 0) - (order.get(b.questionId) ?? 0),
  );
  function capRank(id: string): number {
    const q = questions.find((r) => r.id === id);
    return q ? holdsCap(q) : 0;
  }

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
    elements,
    completeness,
    blockers,
    openBlockers,
    actions,
    questions,
    profile,
    contradictions,
    manifestSupplied: facts.manifestSupplied,
  };
}

const LEVEL_NAMES: Record<ReadinessLevel, string> = {
  'not-ready': 'Not ready',
  'needs-work': 'Needs work',
  ready: 'Ready',
  exemplary: 'Exemplary',
};

interface Summary {
  elements: ElementResult[];
  elementSums: Map<ElementId, { earned: number; possible: number }>;
  activeWeight: number;
  overallScore: number;
  completeness: Report['completeness'];
  blockers: BlockerResult[];
  openBlockers: string[];
  cappedBy: LevelCapReason[];
  uncappedLevel: ReadinessLevel;
  level: ReadinessLevel;
}

/**
 * Element scores, the overall score and the level with its caps. Informational questions
 * earn points but never cap the level.
 */
function summarise(
  ruleSet: RuleSet,
  questions: readonly QuestionResult[],
  policy: ScoringPolicy,
  informational: ReadonlySet<string>,
  gatesApplicable: number,
  gatesAnswered: number,
): Summary {
  const weightOf = (r: QuestionResult): number => policy.severityWeights[r.severity];
  const elementSums = new Map<ElementId, { earned: number; possible: number }>();
  const elements: ElementResult[] = ruleSet.elements.map((element) => {
    const results = questions.filter((q) => q.element === element.id && q.credit !== null);
    const possible = results.reduce((sum, r) => sum + weightOf(r), 0);
    const earned = results.reduce((sum, r) => sum + weightOf(r) * (r.credit ?? 0), 0);
    elementSums.set(element.id, { earned, possible });
    return {
      id: element.id,
      title: element.title,
      weight: policy.elementWeights?.[element.id] ?? element.weight,
      score: possible > 0 ? round1((100 * earned) / possible) : null,
      applicable: results.length,
      answered: results.filter((r) => r.outcome !== 'unanswered').length,
      passed: results.filter((r) => r.outcome === 'pass').length,
    };
  });

  const activeWeight = elements.reduce((s, e) => s + (e.score === null ? 0 : e.weight), 0);
  const rawOverall =
    activeWeight === 0
      ? 0
      : elements.reduce((sum, e) => {
          const sums = elementSums.get(e.id);
          if (e.score === null || !sums) return sum;
          return sum + (e.weight * (100 * sums.earned)) / sums.possible;
        }, 0) / activeWeight;
  const overallScore = round1(rawOverall);

  const scored = questions.filter((q) => q.credit !== null);
  const answeredCount = scored.filter((q) => q.outcome !== 'unanswered').length + gatesAnswered;
  const applicableCount = scored.length + gatesApplicable;
  const completeness = {
    answered: answeredCount,
    applicable: applicableCount,
    percent: applicableCount === 0 ? 100 : round1((100 * answeredCount) / applicableCount),
  };

  const capping = questions.filter((q) => !informational.has(q.id));
  const blockers: BlockerResult[] = capping
    .filter((q) => q.severity === 'blocker' && (q.outcome === 'fail' || q.outcome === 'partial'))
    .map((q) => ({ questionId: q.id, element: q.element, outcome: q.outcome, reason: q.reason }));
  const openBlockers = capping
    .filter((q) => q.severity === 'blocker' && q.outcome === 'unanswered')
    .map((q) => q.id);

  const cappedBy: LevelCapReason[] = [];
  if (blockers.length > 0) cappedBy.push('failedBlocker');
  if (openBlockers.length > 0) cappedBy.push('unansweredBlocker');
  if (
    capping.some((q) => q.severity === 'major' && (q.outcome === 'fail' || q.outcome === 'partial'))
  )
    cappedBy.push('failedMajor');
  const openInformational = questions.filter(
    (q) => informational.has(q.id) && q.credit !== null && q.outcome === 'unanswered',
  ).length;
  if (completeness.answered + openInformational < completeness.applicable) {
    cappedBy.push('incomplete');
  }

  const uncappedLevel = levelForScore(overallScore, policy);
  const level = cappedBy.reduce(
    (lvl, reason) => lowerLevel(lvl, LEVEL_CAPS[reason]),
    uncappedLevel,
  );
  return {
    elements,
    elementSums,
    activeWeight,
    overallScore,
    completeness,
    blockers,
    openBlockers,
    cappedBy,
    uncappedLevel,
    level,
  };
}

interface JudgeContext {
  applies: boolean;
  disabled: boolean;
  settlement: Finding | undefined;
  asOf: string;
  policy: ScoringPolicy;
}

function judgeQuestion(
  question: Question,
  answer: Answer | undefined,
  ctx: JudgeContext,
): QuestionResult {
  const base = {
    id: question.id,
    element: question.element,
    severity: question.severity as Exclude<Question['severity'], 'gate'>,
  };
  if (ctx.disabled) {
    return {
      ...base,
      outcome: 'not-applicable',
      credit: null,
      reason: 'Switched off for this assessment.',
    };
  }
  if (!ctx.applies) {
    return {
      ...base,
      outcome: 'not-applicable',
      credit: null,
      reason: question.whenText
        ? `Does not apply: ${lowerFirst(question.whenText)}.`
        : 'Does not apply to this app.',
    };
  }
  if (ctx.settlement) {
    const outcome: Outcome = ctx.settlement.outcome;
    return {
      ...base,
      outcome,
      credit: outcome === 'pass' ? 1 : 0,
      reason: ctx.settlement.reason,
      settledBy: ctx.settlement.checkId,
    };
  }
  if (answer?.notApplicable && question.notApplicableAllowed) {
    return {
      ...base,
      outcome: 'not-applicable',
      credit: null,
      reason: `Marked not applicable: ${answer.justification ?? ''}`.trim(),
    };
  }
  const value = answer?.value;
  if (
    !answer ||
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0)
  ) {
    return { ...base, outcome: 'unanswered', credit: 0, reason: 'Not answered yet.' };
  }
  const credited = creditFor(question, answer, ctx);
  const credit = Math.max(0, Math.min(1, credited.credit));
  const outcome: Outcome = credit >= 1 ? 'pass' : credit > 0 ? 'partial' : 'fail';
  return {
    ...base,
    outcome,
    credit,
    reason: credited.reason,
    ...(credited.evidenceIssue ? { evidenceIssue: credited.evidenceIssue } : {}),
  };
}

function creditFor(question: Question, answer: Answer, ctx: JudgeContext): Credited {
  if (!question.scoring) return { credit: 0, reason: 'This question has no pass criteria.' };
  if (question.evidencePerOption && question.scoring.kind === 'any-of') {
    return perOptionCredit(question, question.scoring.credit, answer, ctx);
  }
  const credit = rawCredit(question.scoring, answer, ctx.asOf);
  const reason = describeCredit(question, answer, credit, ctx.asOf);
  if (credit === 0) return { credit, reason };
  // Only a rule that demands proof caps credit for missing or expired proof. Evidence a
  // partner adds voluntarily never costs them: supplying more must not lower a score.
  if (question.evidence !== 'required') return { credit, reason };
  const capped = Math.min(credit, ctx.policy.evidenceCap);
  if (!answer.evidence) {
    return {
      credit: capped,
      reason: `${reason} Evidence is required and missing.`,
      evidenceIssue: 'missing',
    };
  }
  if (answer.evidence.expires && answer.evidence.expires < ctx.asOf) {
    return {
      credit: capped,
      reason: `${reason} The evidence expired on ${answer.evidence.expires}.`,
      evidenceIssue: 'expired',
    };
  }
  return { credit, reason };
}

/**
 * The best selected option, each judged on its own evidence: a certificate without a link, or
 * one past its expiry, counts only up to the evidence cap when the rule requires evidence.
 */
function perOptionCredit(
  question: Question,
  credits: Record<string, number>,
  answer: Answer,
  ctx: JudgeContext,
): Credited {
  const selected = Array.isArray(answer.value) ? answer.value : [];
  const label = (v: string): string => question.options?.find((o) => o.value === v)?.label ?? v;
  let best: Credited = { credit: 0, reason: 'No selected option earns credit.' };
  for (const value of selected) {
    const full = credits[value] ?? 0;
    if (full === 0) continue;
    const evidence = answer.optionEvidence?.[value];
    let candidate: Credited = { credit: full, reason: `${label(value)} counts.` };
    if (question.evidence === 'required') {
      if (!evidence) {
        candidate = {
          credit: Math.min(full, ctx.policy.evidenceCap),
          reason: `${label(value)}: evidence is required and missing.`,
          evidenceIssue: 'missing',
        };
      } else if (evidence.expires && evidence.expires < ctx.asOf) {
        candidate = {
          credit: Math.min(full, ctx.policy.evidenceCap),
          reason: `${label(value)}: the evidence expired on ${evidence.expires}.`,
          evidenceIssue: 'expired',
        };
      }
    }
    if (candidate.credit > best.credit) best = candidate;
  }
  return best;
}

/** Credit before evidence rules; `asOf` is only read by date scoring. */
function rawCredit(scoring: Scoring, answer: Answer, asOf: string): number {
  const value = answer.value;
  switch (scoring.kind) {
    case 'choice':
      return typeof value === 'string' ? (scoring.credit[value] ?? 0) : 0;
    case 'all-of': {
      if (!Array.isArray(value)) return 0;
      const hit = scoring.required.filter((r) => value.includes(r)).length;
      return hit / scoring.required.length;
    }
    case 'any-of':
      return Array.isArray(value) ? Math.max(0, ...value.map((v) => scoring.credit[v] ?? 0)) : 0;
    case 'at-least':
      if (typeof value !== 'number') return 0;
      if (value >= scoring.full) return 1;
      return scoring.partial !== undefined && value >= scoring.partial ? scoring.partialCredit : 0;
    case 'present':
      return typeof value === 'string' && value.trim() !== '' ? 1 : 0;
    case 'within-days': {
      if (typeof value !== 'string') return 0;
      const age = daysBetween(value, asOf);
      // A date after the assessment date is a typo or a promise, not a fact.
      return age >= 0 && age <= scoring.days ? 1 : 0;
    }
  }
}

function describeCredit(question: Question, answer: Answer, credit: number, asOf: string): string {
  const scoring = question.scoring;
  const value = answer.value;
  const label = (v: string): string => question.options?.find((o) => o.value === v)?.label ?? v;
  if (!scoring) return '';
  switch (scoring.kind) {
    case 'choice':
      return typeof value === 'string'
        ? `Answered "${label(value)}", worth ${Math.round(credit * 100)}% of this requirement.`
        : 'The answer is not one of the options.';
    case 'all-of': {
      const missing = scoring.required.filter((r) => !Array.isArray(value) || !value.includes(r));
      return missing.length === 0
        ? 'Every required item is in place.'
        : `Missing: ${missing.map(label).join(', ')}.`;
    }
    case 'any-of':
      return credit > 0
        ? `Answered "${Array.isArray(value) ? value.map(label).join(', ') : ''}", worth ${Math.round(credit * 100)}% of this requirement.`
        : 'No selected option earns credit.';
    case 'at-least':
      return credit >= 1
        ? `${String(value)} meets the target of ${scoring.full}.`
        : `${String(value)} is below the target of ${scoring.full}.`;
    case 'present':
      return credit >= 1 ? 'Provided.' : 'Left empty.';
    case 'within-days':
      if (credit >= 1) return `${String(value)} is within the last ${scoring.days} days.`;
      return typeof value === 'string' && value > asOf
        ? `${value} is after the assessment date ${asOf}.`
        : `${String(value)} is more than ${scoring.days} days before ${asOf}.`;
  }
}

/** Whole days from `from` to `to`; negative when `from` is later. ISO dates only. */
function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from}T00:00:00Z`);
  const b = Date.parse(`${to}T00:00:00Z`);
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.POSITIVE_INFINITY;
  return Math.round((b - a) / 86_400_000);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
}
