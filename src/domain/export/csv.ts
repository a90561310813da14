import type { Answer, Answers } from '../answers';
import type { RuleSet } from '../rules/schema';
import type { Report } from '../scoring/report';
import { answerText } from './describe';

export const CSV_COLUMNS = [
  'id',
  'element',
  'severity',
  'title',
  'outcome',
  'credit',
  'reason',
  'programs',
  'remediation',
  // Appended, not inserted: scripts that read columns by position keep working.
  'evidence_url',
  'evidence_expires',
  'option_evidence',
  'note',
  'not_applicable_justification',
] as const;
/** The report's own columns, before what the partner entered. */
const REPORT_COLUMNS = 9;

/** What the partner typed beside the value, so a reviewer's spreadsheet has the evidence too. */
function enteredCells(answer: Answer | undefined): string[] {
  const optionEvidence = Object.entries(answer?.optionEvidence ?? {})
    .map(([option, e]) => `${option}: ${e.url}${e.expires ? ` (expires ${e.expires})` : ''}`)
    .join('; ');
  return [
    answer?.evidence?.url ?? '',
    answer?.evidence?.expires ?? '',
    optionEvidence,
    answer?.note ?? '',
    answer?.notApplicable ? (answer.justification ?? '') : '',
  ];
}

/** Characters a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell, RFC 4180 quoted. Reasons and notes carry partner text, and the file is opened in
 * spreadsheets, so a leading formula character is defused with an apostrophe first.
 */
export function csvCell(raw: string): string {
  const text = FORMULA_START.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per question of the rule set, in rule-set order. Gate questions have no score, so
 * their row says whether they were answered and with what.
 */
/**
 * Without answers (the CLI's report of a scored file, whose format rule set v1 froze) the
 * entered columns are left out; the app's export passes the answers and carries them.
 */
export function toCsv(ruleSet: RuleSet, report: Report, answers?: Answers): string {
  const results = new Map(report.questions.map((q) => [q.id, q]));
  const profile = new Map(report.profile.map((p) => [p.id, p.value]));
  const columns = answers ? CSV_COLUMNS : CSV_COLUMNS.slice(0, REPORT_COLUMNS);
  const entered = (questionId: string): string[] =>
    answers ? enteredCells(answers[questionId]) : [];
  const rows: string[][] = [[...columns]];
  for (const question of ruleSet.questions) {
    const programs = question.programs.join('; ');
    const remediation = question.remediation ?? '';
    if (question.severity === 'gate') {
      const value = profile.get(question.id) ?? null;
      rows.push([
        question.id,
        question.element,
        question.severity,
        question.title,
        value === null ? 'unanswered' : 'answered',
        '',
        value === null ? 'Not answered yet.' : `Answered "${answerText(question, value)}".`,
        programs,
        remediation,
        ...entered(question.id),
      ]);
      continue;
    }
    const result = results.get(question.id);
    rows.push([
      question.id,
      question.element,
      question.severity,
      question.title,
      result?.outcome ?? 'unanswered',
      result?.credit === null || result?.credit === undefined ? '' : String(result.credit),
      result?.reason ?? '',
      programs,
      remediation,
      ...entered(question.id),
    ]);
  }
  // RFC 4180 records end in CRLF, including the last one.
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
