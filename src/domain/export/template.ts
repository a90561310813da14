import type { Question, RuleSet } from '../rules/schema';
import { ruleSetRef } from '../rules/schema';
import { appliesWhenText, isChoiceType, optionValues } from './describe';

/** Comment text must stay on its line, or it would turn into YAML. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function typeHint(question: Question): string {
  if (question.type === 'multi-choice') {
    return `a list of: ${optionValues(question).join(', ')}`;
  }
  if (isChoiceType(question)) return `one of: ${optionValues(question).join(', ')}`;
  switch (question.type) {
    case 'url':
      return 'an https:// URL';
    case 'date':
      return 'a date, YYYY-MM-DD';
    case 'number':
      return 'a number';
    default:
      return 'text';
  }
}

function questionBlock(question: Question, ruleSet: RuleSet): string[] {
  const details = [
    `severity: ${question.severity}`,
    ...(question.programs.length > 0 ? [`programs: ${question.programs.join(', ')}`] : []),
    ...(question.evidence !== 'none' ? [`evidence: ${question.evidence}`] : []),
    ...(question.notApplicableAllowed ? ['may be marked notApplicable'] : []),
  ];
  return [
    `  # ${question.id}: ${oneLine(question.title)}`,
    `  #   ${question.type}, answer with ${typeHint(question)}`,
    `  #   applies: ${oneLine(appliesWhenText(question, ruleSet))}`,
    `  #   ${details.join('; ')}`,
    `  ${question.id}:`,
  ];
}

/**
 * A commented answers file with every question left blank. Blank answers parse as "not
 * answered", so the template scores as-is and a partner can fill it in one answer at a time.
 */
export function answersTemplate(ruleSet: RuleSet): string {
  const lines: string[] = [
    `# Answers for "${oneLine(ruleSet.title)}" (${ruleSetRef(ruleSet)}).`,
    '# Score it with: trust-assess score answers.yaml [--manifest manifest.yml]',
    '#',
    '# Each answer is either a bare value or an object:',
    '#   S1: yes',
    '#   C1: { value: https://example.com/privacy, evidence: { url: https://example.com/privacy, expires: 2026-12-31 }, note: Reviewed by legal }',
    '#   S15: { notApplicable: true, justification: Why it does not apply }',
    '# Lists are written [a, b]. Blank answers count as not answered.',
    `ruleSet: ${ruleSetRef(ruleSet)}`,
    'app:',
    '  name: Your app name',
    '  # key: your-app-key',
    '  # hosting: forge',
    'answers:',
  ];
  const gates = ruleSet.questions.filter((q) => q.severity === 'gate');
  if (gates.length > 0) {
    lines.push('  # ---- Gates: these switch other questions on or off; answer them first ----');
    for (const q of gates) lines.push(...questionBlock(q, ruleSet));
  }
  for (const element of ruleSet.elements) {
    const questions = ruleSet.questions.filter(
      (q) => q.element === element.id && q.severity !== 'gate',
    );
    if (questions.length === 0) continue;
    lines.push('', `  # ---- ${oneLine(element.title)} ----`);
    for (const q of questions) lines.push(...questionBlock(q, ruleSet));
  }
  return `${lines.join('\n')}\n`;
}
