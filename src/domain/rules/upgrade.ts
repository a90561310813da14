import { validateAnswers, type Answer, type Answers } from '../answers';
import { upgradeRules, type RulePack, type UpgradeRule } from './pack';
import { ruleSetRef, type Question } from './schema';

export interface UpgradeResult {
  /** Answers valid for the target pack. */
  answers: Answers;
  /** Old ids whose answer moved over unchanged (same id, same meaning). */
  carried: string[];
  /** Old ids whose answer was translated (new id, new values, or new polarity). */
  mapped: string[];
  /** Target questions nobody has answered yet because they are new. */
  unanswered: string[];
  /** Old ids the target pack cannot hold: their answers stay in `retiredAnswers`, readable. */
  retired: string[];
  retiredAnswers: Answers;
  /** Why each mapped or retired answer changed, for comments and the audit trail. */
  notes: Record<string, string>;
}

function sameShape(a: Question, b: Question): boolean {
  if (a.type !== b.type) return false;
  const av = (a.options ?? []).map((o) => o.value);
  const bv = new Set((b.options ?? []).map((o) => o.value));
  return av.every((v) => bv.has(v));
}

function translate(answer: Answer, rule: UpgradeRule, target: Question): Answer | undefined {
  const { value, evidence, note, notApplicable, justification } = answer;
  if (notApplicable) {
    return target.notApplicableAllowed ? { notApplicable, justification } : undefined;
  }
  let next: Answer['value'] = value;
  if (rule.values) {
    if (typeof value !== 'string') return undefined;
    const mapped = rule.values[value];
    if (mapped === undefined) return undefined;
    next = Array.isArray(mapped) ? [...mapped] : mapped;
  }
  const out: Answer = { ...(next !== undefined ? { value: next } : {}) };
  if (note !== undefined) out.note = note;
  if (evidence) {
    // A single certification's evidence becomes that option's own evidence.
    if (target.evidencePerOption && Array.isArray(next) && next.length === 1 && next[0]) {
      out.optionEvidence = { [next[0]]: evidence };
    } else {
      out.evidence = evidence;
    }
  }
  return out;
}

/**
 * Upgrades answers from one pack to another, losing none: every stored answer ends up carried,
 * mapped, or retired (kept as it was in `retiredAnswers`). Pure; the target pack's upgrade map
 * (`to.upgrades[from ref]`) says where meaning changed.
 */
export function upgradeAnswers(from: RulePack, to: RulePack, answers: Answers): UpgradeResult {
  const map = to.upgrades?.[ruleSetRef(from.ruleSet)];
  const oldById = new Map(from.ruleSet.questions.map((q) => [q.id, q]));
  const newById = new Map(to.ruleSet.questions.map((q) => [q.id, q]));
  const result: UpgradeResult = {
    answers: {},
    carried: [],
    mapped: [],
    unanswered: [],
    retired: [],
    retiredAnswers: {},
    notes: {},
  };
  const valid = (id: string, answer: Answer): boolean =>
    validateAnswers(to.ruleSet, { [id]: answer }).length === 0;
  const retire = (id: string, answer: Answer, why: string) => {
    result.retired.push(id);
    result.retiredAnswers[id] = answer;
    result.notes[id] = why;
  };

  const mappedWrites: [string, string, Answer][] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const rule = map?.map[id];
    const note = map?.notes?.[id];
    if (rule === null) {
      retire(id, answer, note ?? `${id} is not in ${ruleSetRef(to.ruleSet)}`);
      continue;
    }
    if (rule === undefined) {
      const oldQ = oldById.get(id);
      const newQ = newById.get(id);
      if (newQ && (!oldQ || sameShape(oldQ, newQ)) && valid(id, answer)) {
        result.answers[id] = answer;
        result.carried.push(id);
      } else {
        retire(id, answer, note ?? `${id} has no counterpart in ${ruleSetRef(to.ruleSet)}`);
      }
      continue;
    }
    const rules = upgradeRules(rule);
    const writes: [string, Answer][] = [];
    for (const r of rules) {
      const target = newById.get(r.to);
      const next = target ? translate(answer, r, target) : undefined;
      if (next && valid(r.to, next)) writes.push([r.to, next]);
    }
    if (writes.length === 0) {
      retire(id, answer, `${note ?? `${id} changed meaning`}; the answer given has no v2 value`);
      continue;
    }
    for (const [target, next] of writes) mappedWrites.push([id, target, next]);
    result.mapped.push(id);
    if (note) result.notes[id] = note;
  }
  // Mapped answers never overwrite an answer that was carried over as it was.
  for (const [, target, next] of mappedWrites) {
    if (result.answers[target] === undefined) result.answers[target] = next;
  }
  result.unanswered = to.ruleSet.questions
    .filter((q) => result.answers[q.id] === undefined && !oldById.has(q.id))
    .map((q) => q.id);
  return result;
}
