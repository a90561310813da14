import type { Answer, Answers } from '../answers';
import type { Question, RuleSet } from '../rules/schema';
import type { Outcome, Report } from '../scoring/report';
import { answerText } from './describe';
import { escapeMarkdown, safeUrl } from './markdown';
import type { PsTabLayout } from '../rules/pack';
import { psTabFieldsDraft } from './ps-tab-fields';

type FieldStatus = 'Ready' | 'Needs work' | 'Missing' | 'Does not apply';

const STATUS_BY_OUTCOME: Record<Outcome, FieldStatus> = {
  pass: 'Ready',
  partial: 'Needs work',
  fail: 'Needs work',
  unanswered: 'Missing',
  'not-applicable': 'Does not apply',
};

export interface PsTabOptions {
  appName: string;
}

/**
 * A Markdown worksheet for the Privacy & Security tab, laid out as the pack says. Pure and
 * deterministic.
 */
export function psTabDraft(
  layout: PsTabLayout,
  ruleSet: RuleSet,
  answers: Answers,
  report: Report,
  options: PsTabOptions,
): string {
  if (layout.kind === 'fields') return psTabFieldsDraft(layout, ruleSet, answers, report, options);
  const PS_TAB_STATUS_QUESTION = layout.statusQuestion;
  const questions = new Map(ruleSet.questions.map((q) => [q.id, q]));
  const outcomes = new Map(report.questions.map((q) => [q.id, q.outcome]));
  const lines: string[] = [
    `# Privacy & Security tab draft: ${escapeMarkdown(options.appName)}`,
    '',
    `Prepared from the trust readiness self-assessment (rule set ${report.ruleSet.id}@${report.ruleSet.version}, as of ${report.asOf}). Copy each answer into the matching field of the listing's Privacy & Security tab, then submit the tab for Atlassian's review.`,
    '',
  ];

  const status = questions.get(PS_TAB_STATUS_QUESTION);
  const statusValue = answers[PS_TAB_STATUS_QUESTION]?.value;
  if (status) {
    const current =
      typeof statusValue === 'string' ? answerText(status, statusValue) : 'not answered';
    lines.push(`**Tab status:** ${escapeMarkdown(current)}.`);
    if (statusValue !== 'approved') {
      lines.push(
        '',
        '> Submitted is not approved: customers see the tab as trustworthy only once Atlassian has reviewed and approved it.',
      );
    }
    lines.push('');
  }

  for (const section of layout.sections) {
    lines.push(`## ${section.title}`, '');
    for (const id of section.questions) {
      const question = questions.get(id);
      if (question)
        lines.push(
          ...field(question, answers[id], fieldStatus(question, answers[id], outcomes.get(id))),
        );
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function fieldStatus(
  question: Question,
  answer: Answer | undefined,
  outcome: Outcome | undefined,
): FieldStatus {
  // Gates are not scored, so the report has no outcome for them: answered is all they need.
  if (question.severity === 'gate') {
    return answer?.value === undefined || answer.value === '' ? 'Missing' : 'Ready';
  }
  return STATUS_BY_OUTCOME[outcome ?? 'unanswered'];
}

function field(question: Question, answer: Answer | undefined, status: FieldStatus): string[] {
  const lines = [`### ${escapeMarkdown(question.title)}`, '', `- **Status:** ${status}`];
  if (answer?.notApplicable) {
    lines.push(`- **Answer:** not applicable — ${escapeMarkdown(answer.justification ?? '')}`);
  } else if (answer?.value !== undefined && answer.value !== '') {
    lines.push(`- **Answer:** ${escapeMarkdown(answerText(question, answer.value))}`);
  }
  if (answer?.note) lines.push(`- **Details:** ${escapeMarkdown(answer.note)}`);
  if (answer?.evidence) {
    const expires = answer.evidence.expires ? ` (valid until ${answer.evidence.expires})` : '';
    lines.push(`- **Link:** <${safeUrl(answer.evidence.url)}>${expires}`);
  }
  if ((status === 'Needs work' || status === 'Missing') && question.remediation) {
    lines.push(`- **To do:** ${escapeMarkdown(question.remediation)}`);
  }
  lines.push('');
  return lines;
}
