import type { Answer, Answers } from '../answers';
import { evaluateCondition } from '../rules/conditions';
import type { PsTabField, PsTabFieldsLayout } from '../rules/pack';
import type { Question, RuleSet } from '../rules/schema';
import type { Report } from '../scoring/report';
import { answerText } from './describe';
import { escapeMarkdown } from './markdown';

/**
 * The Privacy & Security tab as the Marketplace form has it: every field in the form's order
 * with the value to enter. The JSON is one object keyed by the tab's field names, in the shape
 * of the Marketplace `privacy-and-security` resource; a field still unanswered, or one that does
 * not apply, is null.
 */

export type PsValue = string | number | boolean | string[] | PsRecord[] | PsRange | null;
export interface PsRecord {
  name: string;
  link: string;
  purpose: string;
  countries: string[];
}
export interface PsRange {
  min: number | null;
  max: number | null;
}

type FieldState =
  | { state: 'value'; value: Exclude<PsValue, null>; text: string }
  | { state: 'unanswered' }
  | { state: 'not-applicable'; why: string };

function splitList(text: string): string[] {
  return text
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function records(text: string): PsRecord[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [name = '', link = '', purpose = '', countries = ''] = line
        .split(';')
        .map((s) => s.trim());
      return { name, link, purpose, countries: splitList(countries.replace(/;/g, ',')) };
    });
}

function hasValue(answer: Answer | undefined): answer is Answer & { value: Answer['value'] } {
  const v = answer?.value;
  return (
    !answer?.notApplicable && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)
  );
}

function valueOf(question: Question, answer: Answer, field: PsTabField): FieldState {
  const value = answer.value;
  if (value === undefined) return { state: 'unanswered' };
  const option = (v: string) => question.options?.find((o) => o.value === v);
  switch (question.type) {
    case 'yes-no': {
      const chosen = typeof value === 'string' ? option(value) : undefined;
      if (chosen?.psValue) return { state: 'value', value: chosen.psValue, text: chosen.label };
      return { state: 'value', value: value === 'yes', text: value === 'yes' ? 'Yes' : 'No' };
    }
    case 'single-choice': {
      const chosen = typeof value === 'string' ? option(value) : undefined;
      return {
        state: 'value',
        value: chosen?.psValue ?? String(value),
        text: chosen?.label ?? String(value),
      };
    }
    case 'multi-choice': {
      const list = Array.isArray(value) ? value : [];
      return {
        state: 'value',
        value: list.map((v) => option(v)?.psValue ?? v),
        text: answerText(question, list),
      };
    }
    case 'number':
      return { state: 'value', value: Number(value), text: String(value) };
    default: {
      const text = String(value);
      if (field.shape === 'list') {
        const list = splitList(text);
        return { state: 'value', value: list, text: list.join(', ') };
      }
      if (field.shape === 'records') {
        const rows = records(text);
        return {
          state: 'value',
          value: rows,
          text: rows
            .map((r) => `${r.name} (${r.link}; ${r.purpose}; ${r.countries.join(', ')})`)
            .join(' · '),
        };
      }
      return { state: 'value', value: text, text };
    }
  }
}

function fieldState(
  ruleSet: RuleSet,
  answers: Answers,
  field: PsTabField,
  manifestSupplied: boolean,
): FieldState {
  const question = ruleSet.questions.find((q) => q.id === field.questionId);
  if (!question) return { state: 'unanswered' };
  const applies =
    question.when === undefined ||
    evaluateCondition(question.when, answers, { manifestSupplied }) !== false;
  if (!applies) return { state: 'not-applicable', why: question.whenText ?? 'does not apply' };
  const answer = answers[question.id];
  if (answer?.notApplicable) {
    return { state: 'not-applicable', why: answer.justification ?? 'marked not applicable' };
  }
  if (!hasValue(answer)) return { state: 'unanswered' };
  return valueOf(question, answer, field);
}

/** The fields still unanswered, in the form's order (a field that does not apply is not one). */
export function psTabUnanswered(
  layout: PsTabFieldsLayout,
  ruleSet: RuleSet,
  answers: Answers,
  manifestSupplied = false,
): string[] {
  const out: string[] = [];
  for (const section of layout.sections) {
    for (const field of section.fields) {
      if (fieldState(ruleSet, answers, field, manifestSupplied).state !== 'unanswered') continue;
      if (!out.includes(field.field)) out.push(field.field);
    }
  }
  return out;
}

/** One JSON object keyed by the tab's field names, in the form's order. */
export function psTabJson(
  layout: PsTabFieldsLayout,
  ruleSet: RuleSet,
  answers: Answers,
  manifestSupplied = false,
): Record<string, PsValue> {
  const out: Record<string, PsValue> = {};
  for (const section of layout.sections) {
    for (const field of section.fields) {
      const state = fieldState(ruleSet, answers, field, manifestSupplied);
      const value = state.state === 'value' ? state.value : null;
      if (field.shape === 'min' || field.shape === 'max') {
        const range = (out[field.field] as PsRange | undefined) ?? { min: null, max: null };
        range[field.shape] = typeof value === 'number' ? value : null;
        out[field.field] = range;
        continue;
      }
      out[field.field] = value;
    }
  }
  for (const [key, value] of Object.entries(out)) {
    if (value !== null && typeof value === 'object' && 'min' in value) {
      if (value.min === null && value.max === null) out[key] = null;
    }
  }
  return out;
}

export interface PsTabFieldsOptions {
  appName: string;
}

/** The Markdown draft: each field's label, resource name and the value to enter. */
export function psTabFieldsDraft(
  layout: PsTabFieldsLayout,
  ruleSet: RuleSet,
  answers: Answers,
  report: Report,
  options: PsTabFieldsOptions,
): string {
  const manifestSupplied = report.manifestSupplied;
  const unanswered = psTabUnanswered(layout, ruleSet, answers, manifestSupplied);
  const total = new Set(layout.sections.flatMap((s) => s.fields.map((f) => f.field))).size;
  const lines: string[] = [
    `# Privacy & Security tab draft: ${escapeMarkdown(options.appName)}`,
    '',
    `Prepared from the trust readiness self-assessment (rule set ${report.ruleSet.id}@${report.ruleSet.version}, as of ${report.asOf}). ` +
      "Each line is a field of the listing's Privacy & Security tab, in the form's order, with the value to enter. " +
      'Send it with your own API token from a CLI (Forge apps cannot call the privacy-and-security resource), then submit the tab for approval.',
    '',
    unanswered.length === 0
      ? `All ${total} fields have a value.`
      : `${total - unanswered.length} of ${total} fields have a value; still unanswered: ${unanswered.map((f) => `\`${f}\``).join(', ')}.`,
    '',
  ];
  for (const section of layout.sections) {
    lines.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const field of section.fields) {
      const state = fieldState(ruleSet, answers, field, manifestSupplied);
      const label = `**${escapeMarkdown(field.label)}** (\`${field.field}\`${field.shape === 'min' || field.shape === 'max' ? `, ${field.shape}` : ''})`;
      if (state.state === 'value') {
        lines.push(`- ${label}: ${escapeMarkdown(state.text)}`);
      } else if (state.state === 'not-applicable') {
        lines.push(`- ${label}: not applicable (${escapeMarkdown(state.why)})`);
      } else {
        lines.push(`- ${label}: **UNANSWERED** (answer ${escapeMarkdown(field.questionId)})`);
      }
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
