import type { Answers } from '../answers';
import { packForRuleSet } from '../rules/packs';
import type { RuleSet } from '../rules/schema';
import type { Report } from '../scoring/report';
import { psTabDraft, type PsTabOptions } from './ps-tab';

export { toCsv, csvCell, CSV_COLUMNS } from './csv';
export { toJson, rulesToJson, rulesToJsonValue } from './json';
export type { RulesJson, RuleQuestionJson, PassJson, ReportJson } from './json';
export { toMarkdown, rulesToMarkdown, rulesToMarkdownAll, escapeMarkdown } from './markdown';
export type { MarkdownOptions } from './markdown';
export { answersTemplate } from './template';
export type { AppMeta } from './types';
export { psTabDraft } from './ps-tab';
export type { PsTabOptions } from './ps-tab';
export { psTabJson, psTabUnanswered } from './ps-tab-fields';

/**
 * Compatibility shim (src/services): the tab draft of the pack the rule set belongs to.
 * @deprecated Use `psTabDraft(pack.psTab, pack.ruleSet, answers, report, options)`.
 */
export function toPrivacySecurityDraft(
  ruleSet: RuleSet,
  answers: Answers,
  report: Report,
  options: PsTabOptions,
): string {
  return psTabDraft(packForRuleSet(ruleSet).psTab, ruleSet, answers, report, options);
}
