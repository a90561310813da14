import type { AnswerValue, ScoringAnswer, ScoringAnswers } from '../answers';
import type { Finding } from '../checks/types';
import { evaluateCondition, type ConditionFacts } from '../rules/conditions';
import type { Condition, Scoring } from '../rules/schema';
import type { ScoringPolicy } from './policy';
import type { Outcome, ProfileAnswer, QuestionResult } from './report';
import { choiceReason, type QuestionInfo, type RuleSetIndex } from './rule-set-index';

export type { ScoringAnswer, ScoringAnswers } from '../answers';

export interface JudgeContext {
  asOf: string;
  policy: ScoringPolicy;
  /** What conditions may read besides answers (`fact` conditions). */
  facts: ConditionFacts;
  /** Questions an admin switched off; undefined when none are. */
  disabled: ReadonlySet<string> | undefined;
  /** The findings that count, by question (each names the question's own `derivedBy`). */
  settlements: ReadonlyMap<string, Finding>;
}

export interface Judged {
  /** One result per scored question, in rule set order (RuleSetIndex.scored). */
  questions: QuestionResult[];
  profile: ProfileAnswer[];
  gatesApplicable: number;
  gatesAnswered: number;
}

/**
 * Every question's outcome, in rule set order: gates become the profile, scored questions a
 * result. The loop lives here with the judging it calls (one module, plain calls).
 */
export function judgeAll(index: RuleSetIndex, answers: ScoringAnswers, ctx: JudgeContext): Judged {
  const { disabled, settlements } = ctx;
  // Each distinct condition once; `undefined` means not evaluated yet (null stands for the
  // evaluator's "unknown", which counts as applying).
  const conditionResults: (boolean | null | undefined)[] = [];
  const questions: QuestionResult[] = [];
  const profile: ProfileAnswer[] = [];
  let gatesApplicable = 0;
  let gatesAnswered = 0;

  // Indexed loops in this file: the first few thousand scores run before the JIT optimises,
  // and there `for...of` allocates an iterator result per step.
  const infos = index.questions;
  for (let i = 0; i < infos.length; i += 1) {
    const info = infos[i] as QuestionInfo;
    const id = info.id;
    const answer = answers[id];
    const isDisabled = disabled !== undefined && disabled.has(id);
    let applies = !isDisabled;
    if (applies && info.condition >= 0) {
      let result = conditionResults[info.condition];
      if (result === undefined) {
        const condition = index.conditions[info.condition] as Condition;
        result = evaluateCondition(condition, answers, ctx.facts) ?? null;
        conditionResults[info.condition] = result;
      }
      applies = result !== false;
    }

    if (info.isGate) {
      const value = answer?.value;
      const answered = value !== undefined && value !== '';
      profile.push({ id, value: answered ? value : null });
      if (applies) {
        gatesApplicable += 1;
        if (answered) gatesAnswered += 1;
      }
      continue;
    }

    const settlement = settlements.size > 0 ? settlements.get(id) : undefined;
    questions.push(
      isDisabled
        ? switchedOff(info)
        : !applies
          ? doesNotApply(info)
          : settlement
            ? settled(info, settlement)
            : judgeAnswer(info, answer, ctx),
    );
  }
  return { questions, profile, gatesApplicable, gatesAnswered };
}

interface Credited {
  credit: number;
  reason: string;
  evidenceIssue: 'missing' | 'expired' | undefined;
}

/*
 * The result objects are written out field by field in one order (id, element, severity,
 * outcome, credit, reason, then settledBy or evidenceIssue when set): the report's JSON is
 * compared byte for byte, and literals are cheaper than spreading a shared base object.
 */

function switchedOff(info: QuestionInfo): QuestionResult {
  return {
    id: info.id,
    element: info.element,
    severity: info.severity,
    outcome: 'not-applicable',
    credit: null,
    reason: 'Switched off for this assessment.',
  };
}

function doesNotApply(info: QuestionInfo): QuestionResult {
  return {
    id: info.id,
    element: info.element,
    severity: info.severity,
    outcome: 'not-applicable',
    credit: null,
    reason: info.doesNotApplyReason,
  };
}

function settled(info: QuestionInfo, settlement: Finding): QuestionResult {
  const outcome: Outcome = settlement.outcome;
  return {
    id: info.id,
    element: info.element,
    severity: info.severity,
    outcome,
    credit: outcome === 'pass' ? 1 : 0,
    reason: settlement.reason,
    settledBy: settlement.checkId,
  };
}

/** An applicable question no check settled: judged on its answer. */
function judgeAnswer(
  info: QuestionInfo,
  answer: ScoringAnswer | undefined,
  ctx: JudgeContext,
): QuestionResult {
  const id = info.id;
  const element = info.element;
  const severity = info.severity;
  if (answer?.notApplicable && info.notApplicableAllowed) {
    return {
      id,
      element,
      severity,
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
    return {
      id,
      element,
      severity,
      outcome: 'unanswered',
      credit: 0,
      reason: 'Not answered yet.',
    };
  }
  const { credit, reason, evidenceIssue } = creditFor(info, answer, ctx);
  const clamped = Math.max(0, Math.min(1, credit));
  const outcome: Outcome = clamped >= 1 ? 'pass' : clamped > 0 ? 'partial' : 'fail';
  if (evidenceIssue) {
    return { id, element, severity, outcome, credit: clamped, reason, evidenceIssue };
  }
  return { id, element, severity, outcome, credit: clamped, reason };
}

const NO_CRITERIA: Credited = {
  credit: 0,
  reason: 'This question has no pass criteria.',
  evidenceIssue: undefined,
};

/**
 * The answer's credit with its reason. Shared objects come back where nothing but the option
 * decides (a choice answered with one of its options), so judging most questions allocates
 * only the result; callers read these, never change them.
 */
function creditFor(info: QuestionInfo, answer: ScoringAnswer, ctx: JudgeContext): Credited {
  const scoring = info.scoring;
  if (!scoring) return NO_CRITERIA;
  if (info.perOption && scoring.kind === 'any-of') {
    return perOptionCredit(info, scoring.credit, answer, ctx);
  }
  const value = answer.value;
  let credited = typeof value === 'string' ? info.choices?.get(value) : undefined;
  if (!credited) {
    const raw = rawCredit(scoring, value, ctx.asOf);
    credited = {
      credit: raw,
      reason: describeCredit(info, scoring, value, raw, ctx.asOf),
      evidenceIssue: undefined,
    };
  }
  const { credit, reason } = credited;
  // Only a rule that demands proof caps credit for missing or expired proof. Evidence a
  // partner adds voluntarily never costs them: supplying more must not lower a score.
  if (credit === 0 || !info.evidenceRequired) return credited;
  const capped = Math.min(credit, ctx.policy.evidenceCap);
  const evidence = answer.evidence;
  if (!evidence) {
    return {
      credit: capped,
      reason: `${reason} Evidence is required and missing.`,
      evidenceIssue: 'missing',
    };
  }
  if (evidence.expires && evidence.expires < ctx.asOf) {
    return {
      credit: capped,
      reason: `${reason} The evidence expired on ${evidence.expires}.`,
      evidenceIssue: 'expired',
    };
  }
  return credited;
}

/**
 * The best selected option, each judged on its own evidence: a certificate without a link, or
 * one past its expiry, counts only up to the evidence cap when the rule requires evidence.
 */
function perOptionCredit(
  info: QuestionInfo,
  credits: Record<string, number>,
  answer: ScoringAnswer,
  ctx: JudgeContext,
): Credited {
  const selected = Array.isArray(answer.value) ? answer.value : [];
  const required = info.evidenceRequired;
  let best: Credited = {
    credit: 0,
    reason: 'No selected option earns credit.',
    evidenceIssue: undefined,
  };
  for (const value of selected) {
    const full = credits[value] ?? 0;
    if (full === 0) continue;
    const evidence = answer.optionEvidence?.[value];
    let candidate: Credited;
    if (required && !evidence) {
      candidate = {
        credit: Math.min(full, ctx.policy.evidenceCap),
        reason: `${labelOf(info, value)}: evidence is required and missing.`,
        evidenceIssue: 'missing',
      };
    } else if (required && evidence?.expires && evidence.expires < ctx.asOf) {
      candidate = {
        credit: Math.min(full, ctx.policy.evidenceCap),
        reason: `${labelOf(info, value)}: the evidence expired on ${evidence.expires}.`,
        evidenceIssue: 'expired',
      };
    } else {
      candidate = {
        credit: full,
        reason: `${labelOf(info, value)} counts.`,
        evidenceIssue: undefined,
      };
    }
    if (candidate.credit > best.credit) best = candidate;
  }
  return best;
}

/** Credit before evidence rules; `asOf` is only read by date scoring. */
function rawCredit(scoring: Scoring, value: AnswerValue | undefined, asOf: string): number {
  switch (scoring.kind) {
    case 'choice':
      return typeof value === 'string' ? (scoring.credit[value] ?? 0) : 0;
    case 'all-of': {
      if (!Array.isArray(value)) return 0;
      let hit = 0;
      for (const r of scoring.required) if (value.includes(r)) hit += 1;
      return hit / scoring.required.length;
    }
    case 'any-of': {
      if (!Array.isArray(value)) return 0;
      // Math.max over 0 and every credit, as Math.max(0, ...credits) had it (NaN included).
      let best = 0;
      for (const v of value) best = Math.max(best, scoring.credit[v] ?? 0);
      return best;
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

function describeCredit(
  info: QuestionInfo,
  scoring: Scoring,
  value: AnswerValue | undefined,
  credit: number,
  asOf: string,
): string {
  switch (scoring.kind) {
    case 'choice':
      return typeof value === 'string'
        ? choiceReason(labelOf(info, value), credit)
        : 'The answer is not one of the options.';
    case 'all-of': {
      const missing: string[] = [];
      for (const r of scoring.required) {
        if (!Array.isArray(value) || !value.includes(r)) missing.push(labelOf(info, r));
      }
      return missing.length === 0
        ? 'Every required item is in place.'
        : `Missing: ${missing.join(', ')}.`;
    }
    case 'any-of':
      return credit > 0
        ? `Answered "${Array.isArray(value) ? labelsOf(info, value) : ''}", worth ${Math.round(credit * 100)}% of this requirement.`
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

function labelOf(info: QuestionInfo, value: string): string {
  return info.labels.get(value) ?? value;
}

function labelsOf(info: QuestionInfo, values: readonly string[]): string {
  let text = '';
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i] ?? '';
    text += i === 0 ? labelOf(info, value) : `, ${labelOf(info, value)}`;
  }
  return text;
}

/**
 * Date.parse of each date seen, kept: answers and the assessment date repeat from one score to
 * the next, and parsing is the slowest step of judging a date. Bounded, so odd input cannot grow
 * it without end.
 */
const parsedDates = new Map<string, number>();

function parseDate(date: string): number {
  let time = parsedDates.get(date);
  if (time === undefined) {
    if (parsedDates.size >= 1024) parsedDates.clear();
    time = Date.parse(`${date}T00:00:00Z`);
    parsedDates.set(date, time);
  }
  return time;
}

/** Whole days from `from` to `to`; negative when `from` is later. ISO dates only. */
function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.POSITIVE_INFINITY;
  return Math.round((b - a) / 86_400_000);
}
