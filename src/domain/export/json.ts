import type { Condition, Question, RuleSet } from '../rules/schema';
import type { Report } from '../scoring/report';
import { isChoiceType, optionValues } from './describe';
import type { AppMeta } from './types';

/**
 * The JSON contract of `trust-assess rules --format json` (docs/cli.md). Fields may be added;
 * none may be renamed, because partners' CI scripts read them.
 */
export interface RulesJson {
  id: string;
  version: string;
  title: string;
  elements: { id: string; title: string; weight: number }[];
  questions: RuleQuestionJson[];
}

export type PassJson =
  | string[]
  | { allOf: string[] }
  | { anyOf: string[] }
  | { atLeast: number }
  | { present: true }
  | { withinDays: number };

export interface RuleQuestionJson {
  id: string;
  element: string;
  type: string;
  title: string;
  options?: string[];
  severity: string;
  when?: Condition;
  whenText?: string;
  pass?: PassJson;
  /** Answers that earn some but not full credit: option value → credit, or a lower bound. */
  partial?: Record<string, number> | { atLeast: number; credit: number };
  notApplicableAllowed: boolean;
  evidence: string;
  programs: string[];
  legacy: boolean;
  /** Rule set v2 on: the Privacy & Security tab field the answer is the value of. */
  psField?: string;
  /** Rule set v2 on: the RFC-133 category. */
  trustCategory?: string;
  /** Rule set v2 on: `legal` for a legal duty that is not a listing blocker. */
  severityLabel?: string;
  /** Rule set v2 on: present (true) when the question informs but never caps the level. */
  informational?: true;
  /** Rule set v2 on: present (true) when each selected option takes its own evidence. */
  evidencePerOption?: true;
}

export type ReportJson = { app?: AppMeta } & Report;

function stringify(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * The report as JSON. Key order is fixed by construction (ruleSet, app, then the report as
 * `score` built it), so the same report always gives the same bytes.
 */
export function toJson(report: Report, app?: AppMeta): string {
  const { ruleSet, ...rest } = report;
  const body: ReportJson = app ? { ruleSet, app: cleanApp(app), ...rest } : report;
  return stringify(body);
}

function cleanApp(app: AppMeta): AppMeta {
  return {
    name: app.name,
    ...(app.key !== undefined ? { key: app.key } : {}),
    ...(app.hosting !== undefined ? { hosting: app.hosting } : {}),
  };
}

export function rulesToJsonValue(ruleSet: RuleSet): RulesJson {
  return {
    id: ruleSet.id,
    version: ruleSet.version,
    title: ruleSet.title,
    elements: ruleSet.elements.map((e) => ({ id: e.id, title: e.title, weight: e.weight })),
    questions: ruleSet.questions.map(questionJson),
  };
}

export function rulesToJson(ruleSet: RuleSet): string {
  return stringify(rulesToJsonValue(ruleSet));
}

function questionJson(question: Question): RuleQuestionJson {
  const criteria = passAndPartial(question);
  return {
    id: question.id,
    element: question.element,
    type: question.type,
    title: question.title,
    ...(isChoiceType(question) ? { options: optionValues(question) } : {}),
    severity: question.severity,
    ...(question.when ? { when: question.when } : {}),
    ...(question.whenText ? { whenText: question.whenText } : {}),
    ...criteria,
    notApplicableAllowed: question.notApplicableAllowed,
    evidence: question.evidence,
    programs: [...question.programs],
    legacy: question.legacy,
    ...(question.psField ? { psField: question.psField } : {}),
    ...(question.trustCategory ? { trustCategory: question.trustCategory } : {}),
    ...(question.severityLabel ? { severityLabel: question.severityLabel } : {}),
    ...(question.informational ? { informational: true as const } : {}),
    ...(question.evidencePerOption ? { evidencePerOption: true as const } : {}),
  };
}

function passAndPartial(question: Question): Pick<RuleQuestionJson, 'pass' | 'partial'> {
  const scoring = question.scoring;
  if (!scoring) return {};
  switch (scoring.kind) {
    case 'choice': {
      // Option order, not record order, so the list reads like the question.
      const order = [
        ...optionValues(question),
        ...Object.keys(scoring.credit).filter((v) => !optionValues(question).includes(v)),
      ];
      const pass = order.filter((v) => (scoring.credit[v] ?? 0) >= 1);
      const partialEntries = order
        .map((v) => [v, scoring.credit[v] ?? 0] as const)
        .filter(([, c]) => c > 0 && c < 1);
      return {
        pass,
        ...(partialEntries.length > 0 ? { partial: Object.fromEntries(partialEntries) } : {}),
      };
    }
    case 'all-of':
      return { pass: { allOf: [...scoring.required] } };
    case 'any-of': {
      const order = optionValues(question);
      const pass = order.filter((v) => (scoring.credit[v] ?? 0) >= 1);
      const partialEntries = order
        .map((v) => [v, scoring.credit[v] ?? 0] as const)
        .filter(([, c]) => c > 0 && c < 1);
      return {
        pass: { anyOf: pass },
        ...(partialEntries.length > 0 ? { partial: Object.fromEntries(partialEntries) } : {}),
      };
    }
    case 'at-least':
      return {
        pass: { atLeast: scoring.full },
        ...(scoring.partial !== undefined
          ? { partial: { atLeast: scoring.partial, credit: scoring.partialCredit } }
          : {}),
      };
    case 'present':
      return { pass: { present: true } };
    case 'within-days':
      return { pass: { withinDays: scoring.days } };
  }
}
