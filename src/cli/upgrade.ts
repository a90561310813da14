import { stringify } from 'yaml';
import type { Answer } from '../domain/answers';
import { assess } from '../domain/assess';
import type { RulePack } from '../domain/rules/pack';
import { ruleSetRef } from '../domain/rules/schema';
import { upgradeAnswers } from '../domain/rules/upgrade';
import type { AnswersFile } from './answers-file';
import { oneLine } from './errors';

function compact(answer: Answer): unknown {
  const keys = Object.keys(answer);
  return keys.length === 1 && keys[0] === 'value' ? answer.value : answer;
}

function yamlLine(id: string, answer: Answer): string[] {
  return stringify({ [id]: compact(answer) }, { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`);
}

/**
 * The answers file upgraded to `to`: carried and mapped answers as YAML, new questions left
 * blank, and every answer the new rule set cannot hold kept as a comment, so nothing is lost.
 */
export function formatUpgrade(file: AnswersFile, to: RulePack, asOf: string): string {
  const fromRef = ruleSetRef(file.ruleSet);
  const toRef = ruleSetRef(to.ruleSet);
  const result = upgradeAnswers(file.pack, to, file.answers);
  const before = assess(file.pack, file.answers, { asOf });
  const after = assess(to, result.answers, { asOf });
  const lines: string[] = [
    `# Upgraded from ${fromRef} to ${toRef} by trust-assess upgrade (as of ${asOf}).`,
    `# Score before: ${before.overall.score.toFixed(1)} (${before.overall.level}); after: ${after.overall.score.toFixed(1)} (${after.overall.level}).`,
    `# Carried over unchanged: ${result.carried.join(', ') || 'none'}.`,
    `# Mapped (meaning changed, check each): ${result.mapped.join(', ') || 'none'}.`,
  ];
  for (const id of result.mapped) {
    const note = result.notes[id];
    if (note) lines.push(`#   ${id}: ${oneLine(note)}`);
  }
  lines.push(
    `# Could not be mapped (kept as comments at the end): ${result.retired.join(', ') || 'none'}.`,
    `# New questions, not answered yet: ${result.unanswered.join(', ') || 'none'}.`,
    `ruleSet: ${toRef}`,
    ...stringify({ app: file.app }, { lineWidth: 0 }).trimEnd().split('\n'),
    'answers:',
  );
  const fromMapped = new Set<string>();
  for (const q of to.ruleSet.questions) {
    const answer = result.answers[q.id];
    if (answer === undefined) continue;
    if (!result.carried.includes(q.id)) fromMapped.add(q.id);
    lines.push(...yamlLine(q.id, answer));
  }
  if (result.unanswered.length > 0) {
    lines.push(`  # ---- New in ${toRef}, not answered yet ----`);
    for (const id of result.unanswered) {
      const q = to.ruleSet.questions.find((x) => x.id === id);
      lines.push(`  # ${id}: ${oneLine(q?.title ?? '')}`, `  ${id}:`);
    }
  }
  if (result.retired.length > 0) {
    lines.push(`# ---- Answers ${toRef} cannot hold, kept as they were in ${fromRef} ----`);
    for (const id of result.retired) {
      const answer = result.retiredAnswers[id];
      lines.push(`# ${id}: ${oneLine(result.notes[id] ?? '')}`);
      if (answer) for (const line of yamlLine(id, answer)) lines.push(`# ${line.trimStart()}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
