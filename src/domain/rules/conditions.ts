import type { ScoringAnswers } from '../answers';
import type { Condition, ConditionFact } from './schema';

export type ConditionFacts = Partial<Record<ConditionFact, boolean>>;

/**
 * Three-valued: `undefined` means an answer the condition needs is missing. Callers treat an
 * unknown condition as "applies", so a partner is asked rather than silently excused.
 */
export function evaluateCondition(
  condition: Condition,
  answers: ScoringAnswers,
  facts: ConditionFacts,
): boolean | undefined {
  if ('all' in condition) {
    const results = condition.all.map((c) => evaluateCondition(c, answers, facts));
    if (results.includes(false)) return false;
    return results.includes(undefined) ? undefined : true;
  }
  if ('any' in condition) {
    const results = condition.any.map((c) => evaluateCondition(c, answers, facts));
    if (results.includes(true)) return true;
    return results.includes(undefined) ? undefined : false;
  }
  if ('not' in condition) {
    const inner = evaluateCondition(condition.not, answers, facts);
    return inner === undefined ? undefined : !inner;
  }
  if ('fact' in condition) return facts[condition.fact] === true;

  const answer = answers[condition.question];
  const value = answer?.notApplicable ? undefined : answer?.value;
  if (value === undefined || value === '') return undefined;
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return !Array.isArray(value) && condition.in.includes(value);
  return Array.isArray(value) && value.includes(condition.includes);
}

/** Every question id a condition reads, for the rule-set integrity checks. */
export function conditionQuestionIds(condition: Condition): string[] {
  if ('all' in condition) return condition.all.flatMap(conditionQuestionIds);
  if ('any' in condition) return condition.any.flatMap(conditionQuestionIds);
  if ('not' in condition) return conditionQuestionIds(condition.not);
  if ('fact' in condition) return [];
  return [condition.question];
}
