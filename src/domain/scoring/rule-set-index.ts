import type { Condition, ElementId, Question, RuleSet } from '../rules/schema';
import type { ScoringPolicy } from './policy';

/**
 * What scoring looks up about a rule set, computed once per rule set object instead of once per
 * assessment (a save, an import preview and the portfolio all score the same few rule sets).
 * Rule sets are parsed once and never mutated, so the rule set object is the cache key; a rule
 * set built elsewhere (a test's copy) simply gets its own entry.
 *
 * Lookups keep the semantics of the searches they replace: `Array.find` (first match) where
 * scoring searched, `new Map(...)` (last match) where it built a map. Question ids are unique in
 * every pack (checkRuleSetIntegrity), so the difference only shows for hand-made rule sets.
 */
export interface RuleSetIndex {
  /** One entry per question, in rule set order. */
  questions: readonly QuestionInfo[];
  /**
   * The scored (non-gate) questions in rule set order: every one yields exactly one result, so
   * this is also the entry of each result by its position in `Report.questions`.
   */
  scored: readonly QuestionInfo[];
  /** Per element slot: the positions in `scored` of that element's questions, in order. */
  scoredInSlot: readonly (readonly number[])[];
  /**
   * The distinct `when` conditions (by content): questions often share one (all the "only when
   * data is stored outside Atlassian" questions), so each is evaluated once per assessment.
   */
  conditions: readonly Condition[];
  /** First question with each id (settlements are matched as `questions.find` did). */
  firstById: ReadonlyMap<string, Question>;
  /**
   * One accumulator slot per distinct element id; `elementSlots[i]` is the slot of
   * `ruleSet.elements[i]`, so two entries with one id read the same sums, as a filter by id did.
   */
  elementSlots: readonly number[];
  slotOfElement: ReadonlyMap<ElementId, number>;
  slotCount: number;
  /** Position in `ruleSet.elements` of the first element with each id (`elements.find`). */
  firstElementPosition: ReadonlyMap<ElementId, number>;
}

/**
 * One question as scoring reads it. Questions differ in which optional fields they carry, so
 * reading them in the per-question loop would go through many object shapes; these entries all
 * have one, and they copy the few fields judging needs.
 */
export interface QuestionInfo {
  question: Question;
  id: string;
  element: ElementId;
  /** The question's severity; only read as a scored severity once `isGate` is false. */
  severity: Exclude<Question['severity'], 'gate'>;
  isGate: boolean;
  /** 0 blocker, 1 major, 2 minor: the position of the severity's weight (see `weightsOf`). */
  severityRank: number;
  scoring: Question['scoring'];
  notApplicableAllowed: boolean;
  evidenceRequired: boolean;
  /** `evidencePerOption` on an `any-of` question: each selected option is judged on its own. */
  perOption: boolean;
  /** Informational (by id): earns points but never caps the level. */
  informational: boolean;
  /** Accumulator slot of the question's element; undefined when the rule set lacks it. */
  slot: number | undefined;
  /** Index into `RuleSetIndex.conditions` of the question's `when`; -1 when it has none. */
  condition: number;
  /** Position in the rule set (the id's last position, as the action ordering's map had it). */
  order: number;
  remediation: string;
  /** The reason of a question its condition switched off. */
  doesNotApplyReason: string;
  /** Option labels by value, first option winning (`options.find`). */
  labels: ReadonlyMap<string, string>;
  /**
   * `choice` scoring only: each option's credit and the sentence describing it, worked out once
   * (both depend on the option alone). Values that are not options are described as they come.
   */
  choices: ReadonlyMap<string, ChoiceCredit> | undefined;
}

export interface ChoiceCredit {
  credit: number;
  reason: string;
  /** Always undefined: the shape of judge.ts's Credited, so an entry can stand for one. */
  evidenceIssue: undefined;
}

const indexes = new WeakMap<RuleSet, RuleSetIndex>();

export function ruleSetIndex(ruleSet: RuleSet): RuleSetIndex {
  let index = indexes.get(ruleSet);
  if (!index) {
    index = buildIndex(ruleSet);
    indexes.set(ruleSet, index);
  }
  return index;
}

function buildIndex(ruleSet: RuleSet): RuleSetIndex {
  const firstById = new Map<string, Question>();
  const lastById = new Map<string, Question>();
  const lastOrder = new Map<string, number>();
  const informational = new Set<string>();
  ruleSet.questions.forEach((q, i) => {
    if (!firstById.has(q.id)) firstById.set(q.id, q);
    lastById.set(q.id, q);
    lastOrder.set(q.id, i);
    if (q.informational) informational.add(q.id);
  });

  const slotOfElement = new Map<ElementId, number>();
  const firstElementPosition = new Map<ElementId, number>();
  const elementSlots = ruleSet.elements.map((element, position) => {
    if (!firstElementPosition.has(element.id)) firstElementPosition.set(element.id, position);
    let slot = slotOfElement.get(element.id);
    if (slot === undefined) {
      slot = slotOfElement.size;
      slotOfElement.set(element.id, slot);
    }
    return slot;
  });

  const conditions: Condition[] = [];
  const conditionAt = new Map<string, number>();
  const conditionOf = (when: Condition | undefined): number => {
    if (when === undefined) return -1;
    const key = JSON.stringify(when);
    let at = conditionAt.get(key);
    if (at === undefined) {
      at = conditions.length;
      conditions.push(when);
      conditionAt.set(key, at);
    }
    return at;
  };

  const questions = ruleSet.questions.map((question): QuestionInfo => {
    const labels = new Map<string, string>();
    for (const option of question.options ?? []) {
      if (!labels.has(option.value)) labels.set(option.value, option.label);
    }
    const severity = question.severity;
    return {
      question,
      id: question.id,
      element: question.element,
      severity: severity === 'gate' ? 'minor' : severity,
      isGate: severity === 'gate',
      severityRank: severity === 'blocker' ? 0 : severity === 'major' ? 1 : 2,
      scoring: question.scoring,
      notApplicableAllowed: question.notApplicableAllowed,
      evidenceRequired: question.evidence === 'required',
      perOption: question.evidencePerOption && question.scoring?.kind === 'any-of',
      informational: informational.has(question.id),
      slot: slotOfElement.get(question.element),
      condition: conditionOf(question.when),
      order: lastOrder.get(question.id) ?? 0,
      remediation: lastById.get(question.id)?.remediation ?? '',
      doesNotApplyReason: question.whenText
        ? `Does not apply: ${lowerFirst(question.whenText)}.`
        : 'Does not apply to this app.',
      labels,
      choices: choicesOf(question, labels),
    };
  });

  const scored = questions.filter((q) => !q.isGate);
  const scoredInSlot: number[][] = [];
  for (let slot = 0; slot < slotOfElement.size; slot += 1) scoredInSlot.push([]);
  scored.forEach((q, position) => {
    if (q.slot !== undefined) scoredInSlot[q.slot]?.push(position);
  });

  return {
    questions,
    scored,
    scoredInSlot,
    conditions,
    firstById,
    elementSlots,
    slotOfElement,
    slotCount: slotOfElement.size,
    firstElementPosition,
  };
}

/** The credit and sentence of each option of a `choice` question (see judge.ts choiceReason). */
function choicesOf(
  question: Question,
  labels: ReadonlyMap<string, string>,
): ReadonlyMap<string, ChoiceCredit> | undefined {
  const scoring = question.scoring;
  if (scoring?.kind !== 'choice') return undefined;
  const choices = new Map<string, ChoiceCredit>();
  for (const [value, label] of labels) {
    const credit = scoring.credit[value] ?? 0;
    choices.set(value, { credit, reason: choiceReason(label, credit), evidenceIssue: undefined });
  }
  return choices;
}

/** How a `choice` answer is described; judge.ts uses it for values that are not options. */
export function choiceReason(label: string, credit: number): string {
  return `Answered "${label}", worth ${Math.round(credit * 100)}% of this requirement.`;
}

/** A policy's severity weights by `severityRank`, read once per assessment. */
export function weightsOf(policy: ScoringPolicy): readonly [number, number, number] {
  const w = policy.severityWeights;
  return [w.blocker, w.major, w.minor];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');
}
