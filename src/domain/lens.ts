import type { Answer, Answers } from './answers';
import { answerText } from './export/describe';
import { evaluateCondition } from './rules/conditions';
import type { Condition, Question, RuleSet } from './rules/schema';
import type { Report } from './scoring/report';

/**
 * A buyer's lens: how one kind of customer reads the listing. Lenses are data in a rule pack
 * (e.g. packs/trust-readiness-v2/lenses.ts); this engine names no question and runs no code
 * from a lens, it only interprets the expectations below.
 */
export interface Lens {
  id: string;
  title: string;
  /** Who reads the listing this way, in one sentence. */
  buyer: string;
  concerns: readonly LensConcern[];
}

export interface LensConcern {
  questionId: string;
  /** `deal-breaker`: the buyer walks away; `question`: the buyer asks before buying. */
  weight: 'deal-breaker' | 'question';
  /** When the concern matters at all (evaluated like a question's `when`); always when absent. */
  appliesWhen?: Condition;
  expect: LensExpectation;
  /** What the buyer says when the answer falls short. `{answer}` is the answer as the tab shows it, `{offending}` what broke a list rule. */
  says: string;
  /** What the buyer says when the listing is silent (no answer). */
  saysUnanswered: string;
}

/** What the buyer needs to read in the answer. Terms match case-insensitively. */
export type LensExpectation =
  /** The answer (yes/no or single choice) is one of these option values. */
  | { oneOf: readonly string[] }
  /** A multi-choice answer selects at least one of these. */
  | { includesAny: readonly string[] }
  /** A text answer mentions at least one of these terms. */
  | { mentionsAny: readonly string[] }
  /** A number answer is at least this. */
  | { atLeast: number }
  /**
   * A `name; link; purpose; countries` list (one line each): every country of every line is one
   * of these terms. `{offending}` lists the lines that break it.
   */
  | { recordCountriesWithin: readonly string[] };

export interface LensFinding {
  questionId: string;
  /** In the buyer's words. */
  says: string;
}

export interface LensView {
  id: string;
  title: string;
  buyer: string;
  /** What makes this buyer walk away, in the lens's order. */
  dealBreakers: LensFinding[];
  /** What this buyer asks about before buying. */
  questions: LensFinding[];
  /** Concerns the answers meet, by question id. */
  met: string[];
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function hasValue(answer: Answer | undefined): boolean {
  const v = answer?.value;
  return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
}

function includesTerm(text: string, terms: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return terms.some((t) => {
    const term = t.toLowerCase();
    // Whole words, so "US" does not match "Russia" nor "EU" match "Neustadt".
    const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^a-z])${escaped}($|[^a-z])`).test(lower);
  });
}

interface Judgement {
  met: boolean;
  offending: string;
}

function judge(expect: LensExpectation, answer: Answer): Judgement {
  const value = answer.value;
  if ('oneOf' in expect) {
    return { met: typeof value === 'string' && expect.oneOf.includes(value), offending: '' };
  }
  if ('includesAny' in expect) {
    const list = Array.isArray(value) ? value : [];
    return { met: list.some((v) => expect.includesAny.includes(v)), offending: '' };
  }
  if ('mentionsAny' in expect) {
    return { met: includesTerm(String(value ?? ''), expect.mentionsAny), offending: '' };
  }
  if ('atLeast' in expect) {
    return { met: typeof value === 'number' && value >= expect.atLeast, offending: '' };
  }
  const offending: string[] = [];
  for (const line of String(value ?? '').split('\n')) {
    const [name = '', , , countries = ''] = line.split(';').map((s) => s.trim());
    if (name === '') continue;
    const outside = countries
      .split(/[,/]/)
      .map((c) => c.trim())
      .filter((c) => c !== '' && !includesTerm(c, expect.recordCountriesWithin));
    if (outside.length > 0) offending.push(`${name} (${outside.join(', ')})`);
  }
  return { met: offending.length === 0, offending: offending.join(', ') };
}

function shown(question: Question, answer: Answer): string {
  const value = answer.value;
  if (value === undefined) return '';
  return answerText(question, value);
}

/**
 * The answers as one kind of buyer reads the listing: deal-breakers first, then what they ask,
 * each in the buyer's words. A concern whose question does not apply (the report says
 * not applicable, or the lens's own `appliesWhen` is false) is left out.
 */
export function renderLens(
  lens: Lens,
  ruleSet: RuleSet,
  answers: Answers,
  report: Report,
): LensView {
  const view: LensView = {
    id: lens.id,
    title: lens.title,
    buyer: lens.buyer,
    dealBreakers: [],
    questions: [],
    met: [],
  };
  const outcomes = new Map(report.questions.map((q) => [q.id, q.outcome]));
  for (const concern of lens.concerns) {
    const question = ruleSet.questions.find((q) => q.id === concern.questionId);
    if (!question) continue;
    const context = { manifestSupplied: report.manifestSupplied };
    if (concern.appliesWhen && evaluateCondition(concern.appliesWhen, answers, context) === false) {
      continue;
    }
    const outcome = outcomes.get(question.id);
    const answer = answers[question.id];
    if (outcome === 'not-applicable' || answer?.notApplicable) continue;
    let says: string | undefined;
    if (!answer || !hasValue(answer)) {
      says = concern.saysUnanswered;
    } else {
      const judgement = judge(concern.expect, answer);
      if (judgement.met) {
        view.met.push(question.id);
        continue;
      }
      says = fill(concern.says, {
        answer: shown(question, answer),
        offending: judgement.offending,
      });
    }
    const finding = { questionId: question.id, says };
    (concern.weight === 'deal-breaker' ? view.dealBreakers : view.questions).push(finding);
  }
  return view;
}

/** The lens as `trust-assess score --lens <id> --format json` prints it. */
export function lensJson(view: LensView): {
  id: string;
  title: string;
  dealBreakers: LensFinding[];
  questions: LensFinding[];
} {
  return {
    id: view.id,
    title: view.title,
    dealBreakers: view.dealBreakers,
    questions: view.questions,
  };
}
