import type { Answers } from '../answers';
import type { ManifestFacts } from '../manifest/facts';
import type { RuleSet } from '../rules/schema';

export interface CheckContext {
  ruleSet: RuleSet;
  answers: Answers;
  manifest: ManifestFacts;
}

/** A derived check settles a question's outcome from facts the partner cannot argue with. */
export interface Settlement {
  questionId: string;
  outcome: 'pass' | 'fail';
  reason: string;
}

/** An answer the manifest disproves. */
export interface Contradiction {
  questionId: string;
  checkId: string;
  message: string;
  /** The manifest entries that prove it, e.g. "permissions.external.fetch.backend: api.example.com". */
  facts: string[];
}

export interface CheckResult {
  settlements: Settlement[];
  contradictions: Contradiction[];
}

export interface DerivedCheck {
  id: string;
  title: string;
  run(context: CheckContext): CheckResult;
}
