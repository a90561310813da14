import { conditionQuestionIds } from './conditions';
import type { Condition, Question, QuestionType, RuleSet, Scoring } from './schema';

/**
 * Checks a parsed rule set for mistakes the zod schema cannot see: cross-question references,
 * scoring that does not fit its question, and the design rules that keep scoring monotonic.
 * Returns human-readable problems (empty when sound) rather than throwing, so tests and the
 * CLI can show every problem at once.
 */

export const MAX_TITLE_CHARS = 120;

/** Sources must point at Atlassian's public developer documentation. */
export const SOURCE_HOST = 'developer.atlassian.com';

const SCORING_KINDS_BY_TYPE: Record<QuestionType, readonly Scoring['kind'][]> = {
  'yes-no': ['choice'],
  'single-choice': ['choice'],
  'multi-choice': ['all-of', 'any-of'],
  number: ['at-least'],
  text: ['present'],
  url: ['present'],
  date: ['within-days'],
};

const CHOICE_TYPES: ReadonlySet<QuestionType> = new Set([
  'yes-no',
  'single-choice',
  'multi-choice',
]);

/** Gates feed `equals` / `in` conditions, which need one discrete value per answer. */
const GATE_TYPES: ReadonlySet<QuestionType> = new Set(['yes-no', 'single-choice']);

/**
 * `checkIds` are the ids of the derived checks that come with the rule set (its pack): a
 * question's `derivedBy` must name one of them.
 */
export function checkRuleSetIntegrity(
  ruleSet: RuleSet,
  checkIds: readonly string[] = [],
): string[] {
  const problems: string[] = [];
  const byId = new Map<string, Question>();
  for (const question of ruleSet.questions) {
    if (byId.has(question.id)) problems.push(`${question.id}: duplicate question id`);
    else byId.set(question.id, question);
  }

  problems.push(...checkElements(ruleSet));
  for (const question of ruleSet.questions) {
    problems.push(...checkOptions(question));
    problems.push(...checkCondition(question, byId));
    problems.push(...(question.severity === 'gate' ? checkGate(question) : checkScored(question)));
    problems.push(...checkMetadata(question, checkIds));
  }
  problems.push(...findConditionCycles(ruleSet.questions));
  return problems;
}

function checkElements(ruleSet: RuleSet): string[] {
  const problems: string[] = [];
  const elementIds = new Set<string>();
  for (const element of ruleSet.elements) {
    if (elementIds.has(element.id)) problems.push(`element ${element.id}: listed twice`);
    elementIds.add(element.id);
  }
  for (const question of ruleSet.questions) {
    if (!elementIds.has(question.element)) {
      problems.push(`${question.id}: element "${question.element}" is not in the rule set`);
    }
  }
  for (const id of elementIds) {
    const scored = ruleSet.questions.some((q) => q.element === id && q.severity !== 'gate');
    if (!scored) problems.push(`element ${id}: has no scored question`);
  }
  return problems;
}

function checkOptions(question: Question): string[] {
  const { id, type, options } = question;
  if (!CHOICE_TYPES.has(type)) {
    return options ? [`${id}: a ${type} question must not have options`] : [];
  }
  if (!options) return [`${id}: a ${type} question needs options`];

  const problems: string[] = [];
  const values = options.map((o) => o.value);
  if (new Set(values).size !== values.length) problems.push(`${id}: option values repeat`);
  if (type === 'yes-no') {
    // Exports and answers files rely on "yes"/"no" meaning the same thing everywhere.
    const [first, second] = options;
    const canonical =
      first?.value === 'yes' &&
      first.label === 'Yes' &&
      second?.value === 'no' &&
      second.label === 'No' &&
      options.length <= 3;
    if (!canonical) {
      problems.push(`${id}: yes-no options must be Yes, No and at most one extra option`);
    }
  }
  return problems;
}

function checkCondition(question: Question, byId: Map<string, Question>): string[] {
  const { id, when, whenText } = question;
  if (!when) return whenText ? [`${id}: whenText without a when condition`] : [];

  const problems: string[] = [];
  if (!whenText?.trim()) problems.push(`${id}: a conditional question needs whenText`);
  for (const leaf of conditionLeaves(when)) {
    if (!('question' in leaf)) continue;
    const target = byId.get(leaf.question);
    if (!target) {
      problems.push(`${id}: when references unknown question "${leaf.question}"`);
      continue;
    }
    // A condition on a scored answer would let raising one answer switch other questions off
    // or on, so the score could move the wrong way; only gates may switch questions.
    if (target.severity !== 'gate') {
      problems.push(`${id}: when references ${leaf.question}, which is not a gate question`);
    }
    problems.push(...checkConditionValues(id, leaf, target));
  }
  return problems;
}

type QuestionLeaf = Extract<Condition, { question: string }>;

function checkConditionValues(id: string, leaf: QuestionLeaf, target: Question): string[] {
  const allowed = target.options?.map((o) => o.value);
  if (!allowed) return [`${id}: when tests ${target.id}, which has no options to compare`];
  if ('includes' in leaf) {
    if (target.type !== 'multi-choice') {
      return [`${id}: "includes" needs a multi-choice question, ${target.id} is ${target.type}`];
    }
    return allowed.includes(leaf.includes)
      ? []
      : [`${id}: when tests ${target.id} for unknown option "${leaf.includes}"`];
  }
  const values = 'equals' in leaf ? [leaf.equals] : leaf.in;
  return values
    .filter((value) => typeof value !== 'string' || !allowed.includes(value))
    .map((value) => `${id}: when tests ${target.id} for unknown option "${String(value)}"`);
}

function conditionLeaves(condition: Condition): Condition[] {
  if ('all' in condition) return condition.all.flatMap(conditionLeaves);
  if ('any' in condition) return condition.any.flatMap(conditionLeaves);
  if ('not' in condition) return conditionLeaves(condition.not);
  return [condition];
}

function checkGate(question: Question): string[] {
  const { id } = question;
  const problems: string[] = [];
  if (question.scoring) problems.push(`${id}: a gate question must not be scored`);
  if (!GATE_TYPES.has(question.type)) {
    problems.push(`${id}: a gate question must be yes-no or single-choice`);
  }
  // An unanswered or n/a gate makes its dependants "unknown", which callers treat as applying.
  if (question.notApplicableAllowed) problems.push(`${id}: a gate question cannot allow n/a`);
  return problems;
}

function checkScored(question: Question): string[] {
  const { id, type, scoring } = question;
  const problems: string[] = [];
  if (!question.remediation?.trim()) problems.push(`${id}: missing remediation`);
  if (!question.sources.some((s) => sourceHost(s.url) === SOURCE_HOST)) {
    problems.push(`${id}: needs at least one source on ${SOURCE_HOST}`);
  }
  if (!scoring) return [...problems, `${id}: a scored question needs scoring`];

  const expected = SCORING_KINDS_BY_TYPE[type];
  if (!expected.includes(scoring.kind)) {
    return [
      ...problems,
      `${id}: a ${type} question needs "${expected.join('" or "')}" scoring, not "${scoring.kind}"`,
    ];
  }
  const optionValues = question.options?.map((o) => o.value) ?? [];
  switch (scoring.kind) {
    case 'any-of':
    case 'choice': {
      const keys = Object.keys(scoring.credit);
      const sameKeys =
        keys.length === optionValues.length && keys.every((k) => optionValues.includes(k));
      if (!sameKeys) {
        problems.push(
          `${id}: credit keys [${keys.join(', ')}] must equal option values [${optionValues.join(', ')}]`,
        );
      }
      if (!Object.values(scoring.credit).some((credit) => credit === 1)) {
        problems.push(`${id}: no option earns full credit, so the question can never pass`);
      }
      break;
    }
    case 'all-of': {
      const unknown = scoring.required.filter((value) => !optionValues.includes(value));
      if (unknown.length > 0) {
        problems.push(`${id}: required values [${unknown.join(', ')}] are not options`);
      }
      break;
    }
    case 'at-least':
      if (scoring.partial !== undefined && scoring.partial >= scoring.full) {
        problems.push(`${id}: the partial threshold must be below the full threshold`);
      }
      break;
    case 'present':
    case 'within-days':
      break;
  }
  return problems;
}

function checkMetadata(question: Question, checkIds: readonly string[]): string[] {
  const { id } = question;
  const problems: string[] = [];
  if (question.title.length > MAX_TITLE_CHARS) {
    problems.push(`${id}: title is longer than ${MAX_TITLE_CHARS} characters`);
  }
  if (new Set(question.programs).size !== question.programs.length) {
    problems.push(`${id}: a program tag repeats`);
  }
  // Cloud Fortified is being retired: a requirement that exists only for it is legacy. One
  // that another program still asks for (T1 is also a Privacy & Security tab field) is not,
  // or the UI would hide a live requirement behind a legacy badge.
  const onlyCloudFortified = question.programs.length === 1 && question.programs[0] === 'CF';
  if (onlyCloudFortified && !question.legacy) problems.push(`${id}: only tagged CF but not legacy`);
  if (!onlyCloudFortified && question.legacy) problems.push(`${id}: legacy but not CF-only`);
  if (question.derivedBy !== undefined && !checkIds.includes(question.derivedBy)) {
    problems.push(`${id}: derivedBy "${question.derivedBy}" is not a known derived check`);
  }
  if (question.evidencePerOption && question.type !== 'multi-choice') {
    problems.push(`${id}: evidence per option needs a multi-choice question`);
  }
  if (question.severityLabel === 'legal' && question.severity !== 'blocker') {
    problems.push(`${id}: only a blocker carries the legal label`);
  }
  if (question.informational && question.severity === 'gate') {
    problems.push(`${id}: a gate cannot be informational`);
  }
  for (const source of question.sources) {
    // Tracking parameters from search results make links unstable and leak nothing useful.
    if (new URL(source.url).search !== '') {
      problems.push(`${id}: source ${source.url} has a query string`);
    }
  }
  return problems;
}

function sourceHost(url: string): string {
  return new URL(url).hostname;
}

/**
 * Depth-first search over "question → questions its `when` reads". The gate-only rule makes a
 * cycle unlikely, but gates may one day depend on other gates; a cycle there would make
 * applicability undecidable.
 */
export function findConditionCycles(questions: readonly Question[]): string[] {
  const edges = new Map<string, string[]>();
  for (const q of questions) edges.set(q.id, q.when ? conditionQuestionIds(q.when) : []);

  const state = new Map<string, 'visiting' | 'done'>();
  const problems: string[] = [];
  const path: string[] = [];

  const visit = (id: string): void => {
    state.set(id, 'visiting');
    path.push(id);
    for (const next of edges.get(id) ?? []) {
      if (!edges.has(next)) continue; // reported as an unknown reference elsewhere
      const seen = state.get(next);
      if (seen === 'visiting') {
        const cycle = [...path.slice(path.indexOf(next)), next];
        problems.push(`condition cycle: ${cycle.join(' → ')}`);
      } else if (seen === undefined) {
        visit(next);
      }
    }
    path.pop();
    state.set(id, 'done');
  };

  for (const id of edges.keys()) if (!state.has(id)) visit(id);
  return problems;
}
