import type { Answers } from '../answers';
import type { RegisteredCheck } from '../checks/check-helpers';
import type { ConsistencyRules, Suggestion } from '../checks/types';
import type { ManifestFacts } from '../manifest/facts';
import type { RuleSet } from './schema';

/**
 * A rule pack: one published rule set plus everything that knows its question ids. The engine
 * (conditions, findings, scoring, exports) reads packs through this shape and names no
 * question itself. Packs live in `rules/packs/<id>-v<major>/`; the registry lists them.
 */
export interface RulePack {
  ruleSet: RuleSet;
  /** Derived checks run against a manifest, in order; each may settle only questions naming it. */
  checks: readonly RegisteredCheck[];
  /** Answer-versus-answer consistency rules. */
  consistency: ConsistencyRules;
  /** Answers a manifest suggests (never settles). */
  suggest(facts: ManifestFacts): Suggestion[];
  /** How the Privacy & Security tab draft is laid out. */
  psTab: PsTabLayout;
  /**
   * How next best actions are ranked. `points`: by score gained (v1, frozen). `level-first`: an
   * action that lifts the readiness level comes before any score-only gain, then by points.
   */
  actionRanking: 'points' | 'level-first';
  /** Upgrades into this pack from older packs, keyed by the older rule set's ref. */
  upgrades?: Readonly<Record<string, UpgradeMap>>;
}

/** v1's layout: sections of questions whose answers describe each part of the tab. */
export interface PsTabSectionsLayout {
  kind: 'sections';
  sections: readonly { title: string; questions: readonly string[] }[];
  /** The question holding the tab's own review status. */
  statusQuestion: string;
}

/**
 * The tab as the Marketplace form has it: every field in the form's order, each filled from the
 * question that carries its `psField`. Fields a question cannot hold (a derived value) name a
 * `derive` that computes the value from answers.
 */
export interface PsTabFieldsLayout {
  kind: 'fields';
  sections: readonly { title: string; fields: readonly PsTabField[] }[];
  /** The question holding the form status (draft, submitted, approved). */
  statusQuestion: string;
}

export interface PsTabField {
  /** The `privacy-and-security` resource's field name. */
  field: string;
  /** The form's label for it. */
  label: string;
  /** The question whose answer is the value. */
  questionId: string;
  /**
   * How a text answer becomes the resource's value: `list` splits on new lines, commas and
   * semicolons; `records` reads one `name; link; purpose; countries` line per third party.
   * `min` / `max` make a `{ min, max }` object from two number questions sharing the field.
   */
  shape?: 'list' | 'records' | 'min' | 'max';
}

export type PsTabLayout = PsTabSectionsLayout | PsTabFieldsLayout;

/**
 * How answers to an older pack become answers to this one. Questions not listed here carry
 * over unchanged when the same id exists in both with the same type and options; anything
 * else is retired (kept, unscored) or, for new questions, left unanswered.
 */
export interface UpgradeMap {
  /** old id → how its answer maps; `null` retires it explicitly. */
  map: Readonly<Record<string, UpgradeRule | readonly UpgradeRule[] | null>>;
  /** Why a mapping or retirement happened, printed as a comment by `trust-assess upgrade`. */
  notes?: Readonly<Record<string, string>>;
}

export interface UpgradeRule {
  /** The new question id (may equal the old one). */
  to: string;
  /** old option value → new value; values not listed are not mapped (the answer is retired). */
  values?: Readonly<Record<string, string | string[]>>;
}

export type { Answers };

/** The rules of one upgrade-map entry as a list (`Array.isArray` cannot narrow readonly arrays). */
export function upgradeRules(
  rule: UpgradeRule | readonly UpgradeRule[] | null,
): readonly UpgradeRule[] {
  if (rule === null) return [];
  return isRuleList(rule) ? rule : [rule];
}

function isRuleList(rule: UpgradeRule | readonly UpgradeRule[]): rule is readonly UpgradeRule[] {
  return Array.isArray(rule);
}
