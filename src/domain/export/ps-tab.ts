import type { Answer, Answers } from '../answers';
import type { Question, RuleSet } from '../rules/schema';
import type { Outcome, Report } from '../scoring/report';
import { answerText } from './describe';
import { escapeMarkdown, safeUrl } from './markdown';

/**
 * The Privacy & Security tab of a Marketplace listing, section by section, with the questions
 * whose answers fill each field. Partners retype these answers into the tab; a draft laid out
 * the same way removes the guesswork (and the lost work partners report from that form).
 */
export const PS_TAB_SECTIONS: readonly { title: string; questions: readonly string[] }[] = [
  { title: 'Data access and storage', questions: ['P1', 'P2', 'P3'] },
  { title: 'Third-party sharing and sub-processors', questions: ['P7'] },
  { title: 'Logging', questions: ['G4', 'P8'] },
  { title: 'Data residency', questions: ['P4', 'T5'] },
  { title: 'Data retention', questions: ['P6'] },
  { title: 'Security', questions: ['S6', 'S8', 'S9', 'S13', 'S16'] },
  { title: 'Privacy', questions: ['C2', 'G6', 'C4', 'C5', 'C3'] },
];

/** The tab's own review status lives in T1: it heads the draft rather than sitting in a section. */
export const PS_TAB_STATUS_QUESTION = 'T1';

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

/** A Markdown worksheet for the Privacy & Security tab. Pure and deterministic. */
export function toPrivacySecurityDraft(
  ruleSet: RuleSet,
  answers: Answers,
  report: Report,
  options: PsTabOptions,
): string {
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

  for (const section of PS_TAB_SECTIONS) {
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
