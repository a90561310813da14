/** Built by scripts/rule-sets-plugin.ts from the published rule packs. */
declare module 'virtual:rule-sets' {
  // An ambient module may not import a relative path; an import type may.
  // eslint-disable-next-line @typescript-eslint/consistent-type-imports
  type RuleSet = import('../../../src/domain/rules/schema').RuleSet;

  /** The ref new assessments use (the deployed app's current pack). */
  export const CURRENT_RULE_SET: string;
  /** Every published rule set by ref: the refs it upgrades to, and its data as a lazy chunk. */
  export const RULE_SETS: Readonly<
    Record<string, { upgrades: readonly string[]; load: () => Promise<RuleSet> }>
  >;
}
