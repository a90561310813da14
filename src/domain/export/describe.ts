import type { Condition, Question, RuleSet, Scoring } from '../rules/schema';
import type { LevelCapReason, ReadinessLevel } from '../scoring/policy';

/**
 * Wording shared by every export, so the Markdown report, the rule docs, the answers template
 * and the terminal summary never describe the same rule in two different ways.
 */

export const LEVEL_LABELS: Record<ReadinessLevel, string> = {
  'not-ready': 'Not ready',
  'needs-work': 'Needs work',
  ready: 'Ready',
  exemplary: 'Exemplary',
};

export const CAP_LABELS: Record<LevelCapReason, string> = {
  failedBlocker: 'a failed blocker',
  unansweredBlocker: 'an unanswered blocker',
  failedMajor: 'a failed or partial major requirement',
  incomplete: 'unanswered questions',
};

export const PROGRAM_LABELS: Record<string, string> = {
  SR: 'Security requirements for cloud apps',
  SQ: 'App security questionnaire',
  PS: 'Privacy & Security tab',
  CF: 'Cloud Fortified (legacy)',
  RoA: 'Runs on Atlassian',
  DR: 'Forge data residency',
  A4A: 'Architected for Atlassian (proposed)',
  LR: 'Marketplace listing rules',
  AGC: 'Atlassian Government Cloud security requirements',
  TS: 'New Marketplace trust signal (RFC-124 / RFC-133, proposed)',
  AA: 'New-app approval (security enforcement policy, approval guidelines)',
  BFP: 'Security Bug Fix Policy (AMS tickets)',
};

export const TRUST_CATEGORY_LABELS: Record<string, string> = {
  security: 'Security',
  reliability: 'Reliability',
  performance: 'Performance',
  'privacy-compliance': 'Privacy & Compliance',
  accessibility: 'Accessibility',
  migration: 'Migration',
  'ai-responsible-use': 'AI & Responsible Use',
};

export function optionLabel(question: Question, value: string): string {
  return question.options?.find((o) => o.value === value)?.label ?? value;
}

/** An answer value in the words of the question's options. */
export function answerText(question: Question, value: string | number | string[]): string {
  if (Array.isArray(value)) return value.map((v) => optionLabel(question, v)).join(', ');
  return typeof value === 'string' ? optionLabel(question, value) : String(value);
}

/** The values a choice-like question accepts; empty for free-form types. */
export function optionValues(question: Question): string[] {
  return question.options?.map((o) => o.value) ?? [];
}

export function isChoiceType(question: Question): boolean {
  return (
    question.type === 'yes-no' ||
    question.type === 'single-choice' ||
    question.type === 'multi-choice'
  );
}

function percent(credit: number): string {
  return `${Math.round(credit * 100)}%`;
}

/** One sentence saying which answers pass; derived from the scoring data, never hand-written. */
export function passCriteriaText(question: Question): string {
  const scoring: Scoring | undefined = question.scoring;
  if (!scoring) return 'Not scored.';
  switch (scoring.kind) {
    case 'choice': {
      const entries = Object.entries(scoring.credit).filter(([, c]) => c > 0);
      if (entries.length === 0) return 'No answer earns credit.';
      return entries
        .sort(([, a], [, b]) => b - a)
        .map(([value, c]) => `"${optionLabel(question, value)}" earns ${percent(c)}`)
        .join('; ')
        .concat('.');
    }
    case 'any-of': {
      const entries = Object.entries(scoring.credit).filter(([, c]) => c > 0);
      const each = question.evidencePerOption ? ', each with its own evidence' : '';
      return `Any one of: ${entries
        .sort(([, a], [, b]) => b - a)
        .map(([value, c]) => `"${optionLabel(question, value)}" (${percent(c)})`)
        .join(', ')}${each}.`;
    }
    case 'all-of':
      return `All of: ${scoring.required.map((v) => optionLabel(question, v)).join(', ')} (credit is the share selected).`;
    case 'at-least':
      return scoring.partial === undefined
        ? `At least ${scoring.full}.`
        : `At least ${scoring.full}; ${percent(scoring.partialCredit)} from ${scoring.partial}.`;
    case 'present':
      return 'Any non-empty answer.';
    case 'within-days':
      return `A date within the last ${scoring.days} days.`;
  }
}

/** Renders a condition tree for people; used when a rule carries no `whenText`. */
export function conditionText(condition: Condition, ruleSet?: RuleSet): string {
  const label = (questionId: string, value: string | number): string => {
    const q = ruleSet?.questions.find((x) => x.id === questionId);
    return typeof value === 'string' && q ? optionLabel(q, value) : String(value);
  };
  if ('all' in condition) {
    return condition.all.map((c) => wrap(c, conditionText(c, ruleSet))).join(' and ');
  }
  if ('any' in condition) {
    return condition.any.map((c) => wrap(c, conditionText(c, ruleSet))).join(' or ');
  }
  if ('not' in condition) return `not (${conditionText(condition.not, ruleSet)})`;
  if ('fact' in condition) {
    return condition.fact === 'manifestSupplied' ? 'a manifest was supplied' : condition.fact;
  }
  if ('equals' in condition) {
    return `${condition.question} = ${label(condition.question, condition.equals)}`;
  }
  if ('in' in condition) {
    return `${condition.question} is one of ${condition.in.map((v) => label(condition.question, v)).join(', ')}`;
  }
  return `${condition.question} includes ${label(condition.question, condition.includes)}`;
}

function wrap(condition: Condition, text: string): string {
  return 'all' in condition || 'any' in condition ? `(${text})` : text;
}

export function appliesWhenText(question: Question, ruleSet?: RuleSet): string {
  if (question.whenText) return question.whenText;
  if (question.when) return conditionText(question.when, ruleSet);
  return 'Always';
}
