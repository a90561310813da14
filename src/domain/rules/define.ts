import type {
  Condition,
  Element,
  Question,
  QuestionInput,
  QuestionOption,
  RuleSet,
  RuleSetInput,
  Scoring,
} from './schema';

/**
 * A published rule set as `ruleSetSchema.parse` returns it (defaults filled in, keys in the
 * schema's order, fresh objects), built without running zod. The packs are code, so validating
 * them at every start-up only cost time (about 15 ms of a CLI run, both packs parsed at load);
 * the TypeScript input types catch most mistakes and `test/unit/rules/define.test.ts` parses
 * every pack's input with `ruleSetSchema` and requires exactly this function's output.
 * Keep it in step with the schema (`schema.ts`): that test fails when the two differ.
 */
export function defineRuleSet(input: RuleSetInput): RuleSet {
  return {
    id: input.id,
    version: input.version,
    title: input.title,
    elements: input.elements.map(defineElement),
    questions: input.questions.map(defineQuestion),
  };
}

function defineElement(input: Element): Element {
  const element: Element = { id: input.id, title: input.title, weight: input.weight };
  if ('summary' in input) element.summary = input.summary;
  return element;
}

function defineQuestion(input: QuestionInput): Question {
  // Keys in questionSchema's order: the rules JSON and exports print some objects as they are.
  const q: Partial<Question> = {
    id: input.id,
    element: input.element,
    type: input.type,
    title: input.title,
  };
  if ('help' in input) q.help = input.help;
  if ('options' in input) q.options = input.options?.map(defineOption);
  // conditionSchema is a z.lazy typed by its output only, so its input type is unknown.
  if ('when' in input)
    q.when = input.when === undefined ? undefined : defineCondition(input.when as Condition);
  if ('whenText' in input) q.whenText = input.whenText;
  q.severity = input.severity;
  if ('scoring' in input) q.scoring = input.scoring && defineScoring(input.scoring);
  q.notApplicableAllowed = input.notApplicableAllowed ?? false;
  q.evidence = input.evidence ?? 'none';
  if ('remediation' in input) q.remediation = input.remediation;
  q.sources = (input.sources ?? []).map((s) => ({ title: s.title, url: s.url }));
  q.programs = [...(input.programs ?? [])];
  q.legacy = input.legacy ?? false;
  if ('derivedBy' in input) q.derivedBy = input.derivedBy;
  if ('psField' in input) q.psField = input.psField;
  q.informational = input.informational ?? false;
  if ('severityLabel' in input) q.severityLabel = input.severityLabel;
  if ('trustCategory' in input) q.trustCategory = input.trustCategory;
  q.evidencePerOption = input.evidencePerOption ?? false;
  return q as Question;
}

function defineOption(input: QuestionOption): QuestionOption {
  const option: QuestionOption = { value: input.value, label: input.label };
  if ('psValue' in input) option.psValue = input.psValue;
  return option;
}

type ScoringInput = NonNullable<QuestionInput['scoring']>;

function defineScoring(input: ScoringInput): Scoring {
  switch (input.kind) {
    case 'choice':
    case 'any-of':
      return { kind: input.kind, credit: { ...input.credit } };
    case 'all-of':
      return { kind: input.kind, required: [...input.required] };
    case 'at-least':
      return {
        kind: input.kind,
        full: input.full,
        ...('partial' in input ? { partial: input.partial } : {}),
        partialCredit: input.partialCredit ?? 0.5,
      };
    case 'present':
      return { kind: input.kind };
    case 'within-days':
      return { kind: input.kind, days: input.days };
  }
}

/** A condition tree, each node with its variant's keys in the schema's order. */
function defineCondition(input: Condition): Condition {
  if ('all' in input) return { all: input.all.map(defineCondition) };
  if ('any' in input) return { any: input.any.map(defineCondition) };
  if ('not' in input) return { not: defineCondition(input.not) };
  if ('fact' in input) return { fact: input.fact };
  if ('equals' in input) return { question: input.question, equals: input.equals };
  if ('in' in input) return { question: input.question, in: [...input.in] };
  return { question: input.question, includes: input.includes };
}
