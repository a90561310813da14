import type { Answer, Answers } from '../answers';
import { answerContradictions } from '../checks/answer-consistency';
import { derivedChecks } from '../checks';
import type { Contradiction, Settlement } from '../checks/types';
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

interface Credited {
  credit: number;
  reason: string;
  evidenceIssue?: 'missing' | 'expired';
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Scores answers against a rule set. Pure: the same rule set, answers and options always give
 * a byte-identical report (no clock, no randomness, no iteration over unordered input).
 */
export function score(ruleSet: RuleSet, answers: Answers, options: ScoreOptions): Report {
  const policy: ScoringPolicy = { ...DEFAULT_POLICY, ...options.policy };
  const facts = { manifestSupplied: options.manifest !== undefined };
  const disabled = new Set(options.disabledQuestions ?? []);

  const settlements = new Map<string, Settlement & { checkId: string }>();
  const contradictions: Contradiction[] = [...answerContradictions(answers)];
  if (options.manifest) {
    for (const check of derivedChecks) {
      const result = check.run({ ruleSet, answers, manifest: options.manifest });
      for (const s of result.settlements) {
        // A failing settlement wins over a passing one from another check.
        const existing = settlements.get(s.questionId);
        if (!existing || (existing.outcome === 'pass' && s.outcome === 'fail')) {
          settlements.set(s.questionId, { ...s, checkId: check.id });
        }
      }
      contradictions.push(...result.contradictions);
    }
  }

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

  const blockers: BlockerResult[] = questions
    .filter((q) => q.severity === 'blocker' && (q.outcome === 'fail' || q.outcome === 'partial'))
    .map((q) => ({ questionId: q.id, element: q.element, outcome: q.outcome, reason: q.reason }));
  const openBlockers = questions
    .filter((q) => q.severity === 'blocker' && q.outcome === 'unanswered')
    .map((q) => q.id);

  const cappedBy: LevelCapReason[] = [];
  if (blockers.length > 0) cappedBy.push('failedBlocker');
  if (openBlockers.length > 0) cappedBy.push('unansweredBlocker');
  if (
    questions.some(
      (q) => q.severity === 'major' && (q.outcome === 'fail' || q.outcome === 'partial'),
    )
  )
    cappedBy.push('failedMajor');
  if (completeness.answered < completeness.applicable) cappedBy.push('incomplete');

  const uncappedLevel = levelForScore(overallScore, policy);
  const level = cappedBy.reduce(
    (lvl, reason) => lowerLevel(lvl, LEVEL_CAPS[reason]),
    uncappedLevel,
  );

  const severityRank = { blocker: 0, major: 1, minor: 2 } as const;
  const order = new Map(ruleSet.questions.map((q, i) => [q.id, i]));
  const actions: ActionResult[] = [];
  for (const q of questions) {
    if (q.credit === null || q.credit >= 1 || q.settledBy) continue;
    const sums = elementSums.get(q.element);
    const element = elements.find((e) => e.id === q.element);
    if (!sums || !element || activeWeight === 0) continue;
    const gain =
      (element.weight / activeWeight) * ((weightOf(q) * (1 - q.credit)) / sums.possible) * 100;
    actions.push({
      questionId: q.id,
      element: q.element,
      severity: q.severity,
      kind: q.outcome === 'unanswered' ? 'answer' : q.evidenceIssue ? 'evidence' : 'fix',
      gain: round1(gain),
      remediation: byId.get(q.id)?.remediation ?? '',
    });
  }
  actions.sort(
    (a, b) =>
      b.gain - a.gain ||
      severityRank[a.severity] - severityRank[b.severity] ||
      (order.get(a.questionId) ?? 0) - (order.get(b.questionId) ?? 0),
  );

  return {
    ruleSet: { id: ruleSet.id, version: ruleSet.version },
    asOf: options.asOf,
    levels: READINESS_LEVELS,
    overall: { score: overallScore, level, uncappedLevel, cappedBy },
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

interface JudgeContext {
  applies: boolean;
  disabled: boolean;
  settlement: (Settlement & { checkId: string }) | undefined;
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
