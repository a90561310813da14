export { toCsv, csvCell, CSV_COLUMNS } from './csv';
export { toJson, rulesToJson, rulesToJsonValue } from './json';
export type { RulesJson, RuleQuestionJson, PassJson, ReportJson } from './json';
export { toMarkdown, rulesToMarkdown, escapeMarkdown } from './markdown';
export type { MarkdownOptions } from './markdown';
export { answersTemplate } from './template';
export type { AppMeta } from './types';
export { toPrivacySecurityDraft, PS_TAB_SECTIONS, PS_TAB_STATUS_QUESTION } from './ps-tab';
export type { PsTabOptions } from './ps-tab';
