import type { Answer, Answers } from '../answers';
import type { Question, RuleSet } from '../rules/schema';
import type { ActionResult, Outcome, Report } from '../scoring/report';
import {
  CAP_LABELS,
  LEVEL_LABELS,
  PROGRAM_LABELS,
  TRUST_CATEGORY_LABELS,
  answerText,
  appliesWhenText,
  isChoiceType,
  passCriteriaText,
} from './describe';

export interface MarkdownOptions {
  appName: string;
  /** How many next best actions to list; the report ranks them all. */
  maxActions?: number;
  /**
   * The stored answers. When given (the app's export), the report adds what the partner
   * entered beside each value: evidence and its expiry, notes, N/A justifications. Without
   * them (the CLI, whose v1 report is frozen) the report is as before.
   */
  answers?: Answers;
}

const OUTCOME_LABELS: Record<Outcome, string> = {
  pass: 'Pass',
  partial: 'Partial',
  fail: 'Fail',
  unanswered: 'Unanswered',
  'not-applicable': 'N/A',
};

const ACTION_LABELS: Record<ActionResult['kind'], string> = {
  answer: 'Answer',
  fix: 'Fix',
  evidence: 'Add evidence',
};

const TYPE_LABELS: Record<Question['type'], string> = {
  'yes-no': 'Yes / no',
  'single-choice': 'Single choice',
  'multi-choice': 'Multiple choice',
  text: 'Text',
  url: 'URL',
  date: 'Date',
  number: 'Number',
};

/**
 * Makes text inert inside Markdown, including table cells. Partner text (app names,
 * justifications, manifest entries) ends up on public pages and in customer portals that
 * render HTML, so tags are entity-encoded and Markdown syntax is backslash-escaped. A bare `&`
 * stays: at worst it spells an entity, which renders as text, never as markup.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|#~!]/g, '\\$&');
}

/** Link targets cannot be backslash-escaped; percent-encode what would end or break the link. */
export function safeUrl(url: string): string {
  return url.replace(
    /[()<>\s"'`]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/**
 * A GFM table padded the way Prettier pads it, so a generated file (docs/rules.md, a report a
 * partner commits) passes `prettier --check` unchanged.
 */
function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  const widths = header.map((h, i) =>
    Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const pad = (cell: string, i: number): string =>
    align[i] === 'r' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0);
  const line = (cells: string[]): string => `| ${cells.map(pad).join(' | ')} |`;
  const rule = widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)];
}

const fixed1 = (n: number): string => n.toFixed(1);

/**
 * A report a partner can publish or attach to a customer questionnaire. Pure: the same rule set,
 * report and options give the same bytes.
 */
export function toMarkdown(ruleSet: RuleSet, report: Report, options: MarkdownOptions): string {
  const byId = new Map(ruleSet.questions.map((q) => [q.id, q]));
  const title = (id: string): string => escapeMarkdown(byId.get(id)?.title ?? id);
  const ref = `${report.ruleSet.id}@${report.ruleSet.version}`;
  const { overall, completeness } = report;
  const out: string[] = [];

  out.push(`# Trust readiness report: ${escapeMarkdown(options.appName)}`, '');
  out.push(`- **Score:** ${fixed1(overall.score)} / 100`);
  out.push(`- **Readiness level:** ${LEVEL_LABELS[overall.level]}`);
  if (overall.cappedBy.length > 0) {
    const alone =
      overall.uncappedLevel === overall.level
        ? ''
        : ` (the score alone reaches ${LEVEL_LABELS[overall.uncappedLevel]})`;
    out.push(`- **Capped by:** ${overall.cappedBy.map((c) => CAP_LABELS[c]).join('; ')}${alone}`);
  }
  out.push(
    `- **Completeness:** ${completeness.answered} of ${completeness.applicable} applicable questions answered (${fixed1(completeness.percent)}%)`,
  );
  out.push(`- **Manifest checked:** ${report.manifestSupplied ? 'yes' : 'no'}`);
  out.push(`- **Assessed as of:** ${report.asOf}`, '');

  out.push('## Scores by element', '');
  out.push(
    ...table(
      ['Element', 'Score', 'Weight', 'Passed', 'Answered', 'Applicable'],
      ['l', 'r', 'r', 'r', 'r', 'r'],
      report.elements.map((e) => [
        escapeMarkdown(e.title),
        e.score === null ? 'n/a' : fixed1(e.score),
        String(e.weight),
        String(e.passed),
        String(e.answered),
        String(e.applicable),
      ]),
    ),
    '',
  );

  out.push('## Failed blockers', '');
  if (report.blockers.length === 0) {
    out.push('No blocker fails.', '');
  } else {
    out.push(
      ...table(
        ['Question', 'Requirement', 'Outcome', 'Reason'],
        ['l', 'l', 'l', 'l'],
        report.blockers.map((b) => [
          escapeMarkdown(b.questionId),
          title(b.questionId),
          OUTCOME_LABELS[b.outcome],
          escapeMarkdown(b.reason),
        ]),
      ),
      '',
    );
  }
  if (report.openBlockers.length > 0) {
    out.push('Blockers not answered yet:', '');
    out.push(...report.openBlockers.map((id) => `- ${escapeMarkdown(id)}: ${title(id)}`), '');
  }

  const maxActions = options.maxActions ?? 10;
  out.push('## Next best actions', '');
  if (report.actions.length === 0) {
    out.push('Nothing left to gain.', '');
  } else {
    const listed = report.actions.slice(0, maxActions);
    const unlocks = listed.some((a) => a.unlocks !== undefined);
    out.push(
      ...table(
        ['#', 'Question', 'Action', 'Gain', ...(unlocks ? ['Unlocks'] : []), 'How'],
        ['r', 'l', 'l', 'r', ...(unlocks ? (['l'] as const) : []), 'l'],
        listed.map((a, i) => [
          String(i + 1),
          `${escapeMarkdown(a.questionId)}: ${title(a.questionId)}`,
          a.via === 'manifest' ? 'Change the manifest' : ACTION_LABELS[a.kind],
          `+${fixed1(a.gain)}`,
          ...(unlocks ? [escapeMarkdown(a.unlocks ?? '')] : []),
          escapeMarkdown(a.remediation),
        ]),
      ),
      '',
    );
  }

  const gates = ruleSet.questions.filter((q) => q.severity === 'gate');
  if (gates.length > 0) {
    const profile = new Map(report.profile.map((p) => [p.id, p.value]));
    out.push('## App profile', '');
    out.push(
      ...table(
        ['Question', 'Answer'],
        ['l', 'l'],
        gates.map((q) => {
          const value = profile.get(q.id) ?? null;
          return [
            `${escapeMarkdown(q.id)}: ${escapeMarkdown(q.title)}`,
            value === null ? 'Not answered' : escapeMarkdown(answerText(q, value)),
          ];
        }),
      ),
      '',
    );
  }

  for (const element of report.elements) {
    const results = report.questions.filter((q) => q.element === element.id);
    if (results.length === 0) continue;
    const score = element.score === null ? 'n/a' : fixed1(element.score);
    out.push(`## ${escapeMarkdown(element.title)} (${score})`, '');
    out.push(
      ...table(
        ['ID', 'Requirement', 'Severity', 'Outcome', 'Reason'],
        ['l', 'l', 'l', 'l', 'l'],
        results.map((r) => [
          escapeMarkdown(r.id),
          title(r.id),
          r.severity,
          OUTCOME_LABELS[r.outcome],
          escapeMarkdown(r.reason),
        ]),
      ),
      '',
    );
  }

  if (options.answers) out.push(...enteredSection(ruleSet, options.answers));

  out.push('## Contradictions', '');
  if (report.contradictions.length === 0) {
    out.push(
      report.manifestSupplied
        ? 'None found between the answers and the manifest.'
        : 'None found between the answers. No manifest was checked.',
      '',
    );
  } else {
    out.push(
      ...table(
        ['Question', 'Check', 'Finding', 'Evidence'],
        ['l', 'l', 'l', 'l'],
        report.contradictions.map((c) => [
          escapeMarkdown(c.questionId),
          escapeMarkdown(c.checkId),
          escapeMarkdown(c.message),
          c.facts.map(escapeMarkdown).join('<br>'),
        ]),
      ),
      '',
    );
  }

  out.push('---', '');
  out.push(
    `Self-assessment scored with rule set ${escapeMarkdown(ref)} as of ${report.asOf}. ` +
      'It is not an approval by Atlassian.',
  );
  return `${out.join('\n')}\n`;
}

function evidenceCell(url: string, expires: string | undefined, option?: string): string {
  const link = `[${escapeMarkdown(url)}](${safeUrl(url)})`;
  return `${option === undefined ? '' : `${escapeMarkdown(option)}: `}${link}${expires ? ` (expires ${expires})` : ''}`;
}

function hasEntered(answer: Answer | undefined): answer is Answer {
  if (!answer) return false;
  return (
    answer.evidence !== undefined ||
    Object.keys(answer.optionEvidence ?? {}).length > 0 ||
    (answer.note ?? '') !== '' ||
    answer.notApplicable === true
  );
}

/**
 * What the partner entered beside each value, in rule-set order: one row per question that
 * has evidence, a note or a not-applicable justification. Answers to questions the rule set
 * no longer has are left out, as they are from the score.
 */
function enteredSection(ruleSet: RuleSet, answers: Answers): string[] {
  const rows: string[][] = [];
  for (const question of ruleSet.questions) {
    const answer = answers[question.id];
    if (!hasEntered(answer)) continue;
    const evidence = [
      ...(answer.evidence ? [evidenceCell(answer.evidence.url, answer.evidence.expires)] : []),
      ...Object.entries(answer.optionEvidence ?? {}).map(([option, e]) =>
        evidenceCell(
          e.url,
          e.expires,
          question.options?.find((o) => o.value === option)?.label ?? option,
        ),
      ),
    ];
    rows.push([
      `${escapeMarkdown(question.id)}: ${escapeMarkdown(question.title)}`,
      evidence.join('<br>'),
      escapeMarkdown(answer.note ?? ''),
      answer.notApplicable ? escapeMarkdown(answer.justification ?? '') || 'yes' : '',
    ]);
  }
  const out = ['## What the partner entered', ''];
  if (rows.length === 0) {
    out.push('No evidence, notes or not-applicable justifications were entered.', '');
    return out;
  }
  out.push(
    ...table(['Question', 'Evidence', 'Note', 'Not applicable'], ['l', 'l', 'l', 'l'], rows),
    '',
  );
  return out;
}

/**
 * Human documentation generated from the rule metadata, so the docs cannot drift from what
 * the scorer does.
 */
export function rulesToMarkdown(ruleSet: RuleSet): string {
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(ruleSet.title)} (${escapeMarkdown(ruleSet.id)}@${ruleSet.version})`);
  out.push('');
  out.push(
    'Generated from the rule metadata by `trust-assess rules --format markdown`. ' +
      'Edit the rule set, not this page.',
  );
  out.push('');
  out.push(
    ...table(
      ['Element', 'Weight', 'Questions'],
      ['l', 'r', 'r'],
      ruleSet.elements.map((e) => [
        escapeMarkdown(e.title),
        String(e.weight),
        String(ruleSet.questions.filter((q) => q.element === e.id).length),
      ]),
    ),
    '',
  );

  const used = new Set(ruleSet.questions.flatMap((q) => q.programs));
  if (used.size > 0) {
    out.push('## Programs', '');
    out.push(
      ...table(
        ['Tag', 'Program'],
        ['l', 'l'],
        [...used].sort().map((tag) => [tag, escapeMarkdown(PROGRAM_LABELS[tag] ?? tag)]),
      ),
      '',
    );
  }

  for (const element of ruleSet.elements) {
    const questions = ruleSet.questions.filter((q) => q.element === element.id);
    out.push(`## ${escapeMarkdown(element.title)}`, '');
    if (element.summary) out.push(escapeMarkdown(element.summary), '');
    out.push(`Weight: ${element.weight}.`, '');
    for (const q of questions) {
      out.push(`### ${escapeMarkdown(q.id)}: ${escapeMarkdown(q.title)}`, '');
      if (q.help) out.push(escapeMarkdown(q.help), '');
      const label = q.severityLabel === 'legal' ? ' (legal duty, not a listing blocker)' : '';
      const info = q.informational ? ', informational: never caps the level' : '';
      out.push(
        `- **Severity:** ${q.severity}${label}${q.legacy ? ' (legacy program' + info + ')' : info ? ` (${info.slice(2)})` : ''}`,
      );
      out.push(`- **Programs:** ${q.programs.length > 0 ? q.programs.join(', ') : 'none'}`);
      if (q.trustCategory) {
        out.push(
          `- **RFC-133 category:** ${TRUST_CATEGORY_LABELS[q.trustCategory] ?? q.trustCategory}`,
        );
      }
      if (q.psField) out.push(`- **Privacy & Security tab field:** \`${q.psField}\``);
      const options =
        isChoiceType(q) && q.options
          ? `; options: ${q.options.map((o) => `${escapeMarkdown(o.label)} (${o.value})`).join(', ')}`
          : '';
      out.push(`- **Type:** ${TYPE_LABELS[q.type]}${options}`);
      out.push(`- **Applies when:** ${escapeMarkdown(appliesWhenText(q, ruleSet))}`);
      if (q.severity !== 'gate') {
        out.push(`- **Passes when:** ${escapeMarkdown(passCriteriaText(q))}`);
        out.push(
          `- **Evidence:** ${q.evidence}${q.evidencePerOption ? ', one per selected option' : ''}`,
        );
        out.push(`- **Not applicable allowed:** ${q.notApplicableAllowed ? 'yes' : 'no'}`);
      }
      if (q.derivedBy)
        out.push(`- **Settled from the manifest by:** ${escapeMarkdown(q.derivedBy)}`);
      out.push('');
      if (q.remediation) out.push(`**Remediation:** ${escapeMarkdown(q.remediation)}`, '');
      if (q.sources.length > 0) {
        out.push('**Sources:**', '');
        out.push(...q.sources.map((s) => `- [${escapeMarkdown(s.title)}](${safeUrl(s.url)})`), '');
      }
    }
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** The docs page of every published rule set, newest first (`trust-assess rules`). */
export function rulesToMarkdownAll(ruleSets: readonly RuleSet[]): string {
  return `${[...ruleSets]
    .reverse()
    .map((r) => rulesToMarkdown(r).trimEnd())
    .join('\n\n')}\n`;
}
