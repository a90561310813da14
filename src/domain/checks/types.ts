import type { ScoringAnswers } from '../answers';
import type { ManifestFacts } from '../manifest/facts';
import type { RuleSet } from '../rules/schema';

export interface CheckContext {
  ruleSet: RuleSet;
  answers: ScoringAnswers;
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

/**
 * A pre-filled answer a partner can accept or overrule. Unlike derived checks, suggestions
 * never settle anything: they save typing and point at the manifest entry behind each guess.
 */
export interface Suggestion {
  questionId: string;
  value: string;
  reason: string;
  /** Manifest entries behind the suggestion, e.g. "permissions.external.fetch.backend: api.example.com". */
  facts: string[];
  /**
   * How strongly the manifest backs the value: `proves` (it declares it, or Forge enforces it)
   * or `presumes` (Forge's default assumption: shown as "confirm this", never held against an
   * answer). Rule set v1's suggestions predate it and leave it out.
   */
  strength?: 'proves' | 'presumes';
}

/** Answer-versus-answer rules of a pack: shown to the partner, never settling a question. */
export type ConsistencyRules = (answers: ScoringAnswers) => Contradiction[];

/** A settlement together with the check that made it. */
export interface Finding extends Settlement {
  checkId: string;
}

/**
 * The findings step's output: what the pack's derived checks settled and every contradiction
 * found. Scoring maps findings and answers to numbers; it runs no check itself.
 */
export interface Findings {
  manifestSupplied: boolean;
  /** At most one per question: a failing settlement wins over a passing one. */
  settlements: Finding[];
  contradictions: Contradiction[];
}
