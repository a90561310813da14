import { CAP_LABELS } from '../domain/export/describe';
import type { AppMeta } from '../domain/export/types';
import type { RuleSet } from '../domain/rules/schema';
import type { ReadinessLevel } from '../domain/scoring/policy';
import type { Outcome, Report } from '../domain/scoring/report';
import { oneLine } from './errors';

export interface TextOptions {
  color: boolean;
  /** Actions listed; the Markdown and JSON exports carry the full ranking. */
  maxActions?: number;
}

type Paint = (text: string) => string;

function painter(enabled: boolean, code: string): Paint {
  return enabled ? (text) => `\u001b[${code}m${text}\u001b[0m` : (text) => text;
}

const LEVEL_COLOR: Record<ReadinessLevel, string> = {
  'not-ready': '31',
  'needs-work': '33',
  ready: '32',
  exemplary: '32;1',
};

const OUTCOME_COLOR: Record<Outcome, string> = {
  pass: '32',
  partial: '33',
  fail: '31',
  unanswered: '33',
  'not-applicable': '2',
};

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3).trimEnd()}...`;
}

/**
 * The terminal summary. Report text can hold partner input, so every dynamic string passes
 * through `oneLine`: a crafted answer must not inject escape codes into someone's terminal.
 */
export function formatText(
  ruleSet: RuleSet,
  report: Report,
  app: AppMeta,
  options: TextOptions,
): string {
  const bold = painter(options.color, '1');
  const dim = painter(options.color, '2');
  const titles = new Map(ruleSet.questions.map((q) => [q.id, q.title]));
  const { overall, completeness } = report;
  const lines: string[] = [];

  lines.push(bold(`Trust readiness: ${oneLine(app.name)}`));
  lines.push(
    dim(
      `Rule set ${report.ruleSet.id}@${report.ruleSet.version}, as of ${report.asOf}, ` +
        (report.manifestSupplied ? 'manifest checked' : 'no manifest checked'),
    ),
  );
  lines.push('');
  lines.push(`Score     ${bold(overall.score.toFixed(1))} / 100`);
  const level = painter(options.color, LEVEL_COLOR[overall.level])(overall.level);
  lines.push(`Level     ${level}`);
  if (overall.cappedBy.length > 0) {
    const alone =
      overall.uncappedLevel === overall.level ? '' : ` (score alone: ${overall.uncappedLevel})`;
    lines.push(`Capped    by ${overall.cappedBy.map((c) => CAP_LABELS[c]).join(', ')}${alone}`);
  }
  lines.push(
    `Answered  ${completeness.answered} of ${completeness.applicable} applicable (${completeness.percent.toFixed(1)}%)`,
  );

  lines.push('', bold('Elements'));
  const width = Math.max(...report.elements.map((e) => e.title.length), 8);
  for (const e of report.elements) {
    const score = e.score === null ? '  n/a' : e.score.toFixed(1).padStart(5);
    lines.push(
      `  ${oneLine(e.title).padEnd(width)}  ${score}  ${dim(`${e.passed}/${e.applicable} pass`)}`,
    );
  }

  if (report.blockers.length > 0 || report.openBlockers.length > 0) {
    lines.push('', bold(`Blockers (${report.blockers.length} failed)`));
    for (const b of report.blockers) {
      const outcome = painter(options.color, OUTCOME_COLOR[b.outcome])(b.outcome.padEnd(7));
      lines.push(`  ${b.questionId.padEnd(4)} ${outcome} ${truncate(oneLine(b.reason), 100)}`);
    }
    if (report.openBlockers.length > 0) {
      lines.push(`  Unanswered: ${report.openBlockers.join(', ')}`);
    }
  }

  const actions = report.actions.slice(0, options.maxActions ?? 5);
  if (actions.length > 0) {
    lines.push('', bold('Next best actions'));
    actions.forEach((a, i) => {
      const what = a.remediation || titles.get(a.questionId) || '';
      lines.push(
        `  ${String(i + 1).padStart(2)}. ${`+${a.gain.toFixed(1)}`.padStart(5)}  ${a.questionId.padEnd(4)} ` +
          `${a.kind.padEnd(8)} ${truncate(oneLine(what), 90)}`,
      );
      if (a.unlocks) lines.push(dim(`                  ${truncate(oneLine(a.unlocks), 100)}`));
    });
    if (report.actions.length > actions.length) {
      lines.push(dim(`  ... ${report.actions.length - actions.length} more (--format markdown)`));
    }
  }

  if (report.contradictions.length > 0) {
    lines.push('', bold(`Contradictions (${report.contradictions.length})`));
    for (const c of report.contradictions) {
      lines.push(`  ${c.questionId.padEnd(4)} ${truncate(oneLine(c.message), 110)}`);
      for (const fact of c.facts) lines.push(dim(`         ${truncate(oneLine(fact), 100)}`));
    }
  }
  return `${lines.join('\n')}\n`;
}
