import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { answerSchema, validateAnswers, type Answer, type Answers } from '../domain/answers';
import type { AppMeta } from '../domain/export/types';
import type { Question, RuleSet } from '../domain/rules/schema';
import { HOSTING_TYPES } from '../shared/api';
import { CliInputError, formatPath, oneLine } from './errors';
import type { RulePack } from '../domain/rules/pack';
import { knownRuleSetRefs, packByRef, ruleSetByRef } from './rule-sets';

/** Far above any real answers file; stops a mistaken path to a huge file from stalling CI. */
export const MAX_ANSWERS_FILE_CHARS = 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

export interface AnswersFile {
  pack: RulePack;
  ruleSet: RuleSet;
  app: AppMeta;
  answers: Answers;
}

const appSchema = z.strictObject({
  name: z
    .string({ error: 'expected the app name as text' })
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters'),
  key: z.string({ error: 'expected text' }).trim().min(1).max(200).optional(),
  hosting: z
    .enum(HOSTING_TYPES, { error: `expected one of ${HOSTING_TYPES.join(', ')}` })
    .optional(),
});

const fileSchema = z.strictObject({
  ruleSet: z.string({ error: 'expected a rule-set reference such as trust-readiness@1.0.0' }),
  app: appSchema,
  // `answers:` with nothing under it is YAML null; a fresh template has exactly that.
  answers: z
    .record(z.string(), z.unknown(), { error: 'expected a mapping of question id to answer' })
    .nullable(),
});

/** Parses and validates an answers file. Throws CliInputError naming the first bad field. */
export function readAnswersFile(text: string, file: string): AnswersFile {
  if (text.length > MAX_ANSWERS_FILE_CHARS) {
    throw new CliInputError(file, undefined, `larger than ${MAX_ANSWERS_FILE_CHARS} characters`);
  }
  const raw = parseText(text, file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new CliInputError(file, undefined, 'expected a mapping with ruleSet, app and answers');
  }

  // The rule set is checked first: every later message depends on which questions exist.
  const ref: unknown = (raw as Record<string, unknown>).ruleSet;
  if (typeof ref === 'string' && !ruleSetByRef(ref)) {
    throw new CliInputError(
      file,
      'ruleSet',
      `unknown rule set "${oneLine(ref)}"; known: ${knownRuleSetRefs().join(', ')}`,
    );
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw zodError(file, [], parsed.error.issues);
  const pack = packByRef(parsed.data.ruleSet);
  if (!pack) throw new Error('unreachable: rule set checked above');
  const ruleSet = pack.ruleSet;

  const byId = new Map(ruleSet.questions.map((q) => [q.id, q]));
  const answers: Answers = {};
  const problems: CliInputError[] = [];
  for (const [id, rawAnswer] of Object.entries(parsed.data.answers ?? {})) {
    const question = byId.get(id);
    if (!question) {
      problems.push(new CliInputError(file, `answers.${id}`, 'unknown question id'));
      continue;
    }
    const result = readAnswer(question, rawAnswer);
    if ('issue' in result) {
      problems.push(
        new CliInputError(file, `answers.${id}${result.issue.at}`, result.issue.reason),
      );
      continue;
    }
    if (result.answer === undefined) continue;
    const issue = validateAnswers(ruleSet, { [id]: result.answer })[0];
    if (issue) {
      problems.push(new CliInputError(file, `answers.${formatPath(issue.path)}`, issue.message));
      continue;
    }
    answers[id] = result.answer;
  }
  const first = problems[0];
  if (first) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new CliInputError(first.file, first.field, `${first.reason}${more}`);
  }
  return { pack, ruleSet, app: cleanApp(parsed.data.app), answers };
}

function cleanApp(app: z.infer<typeof appSchema>): AppMeta {
  return {
    name: app.name,
    ...(app.key !== undefined ? { key: app.key } : {}),
    ...(app.hosting !== undefined ? { hosting: app.hosting } : {}),
  };
}

type ReadResult = { answer: Answer | undefined } | { issue: { at: string; reason: string } };

/**
 * Expands the shorthand (`S1: yes` means `{ value: yes }`) and YAML booleans before the shared
 * answer schema sees it, so the file stays pleasant to write by hand.
 */
function readAnswer(question: Question, raw: unknown): ReadResult {
  if (raw === null || raw === undefined) return { answer: undefined };
  const isObject = typeof raw === 'object' && !Array.isArray(raw);
  const candidate: Record<string, unknown> = isObject
    ? { ...(raw as Record<string, unknown>) }
    : { value: raw };
  if (candidate.value === null) delete candidate.value;
  if (question.type === 'yes-no' && typeof candidate.value === 'boolean') {
    candidate.value = candidate.value ? 'yes' : 'no';
  }
  const parsed = answerSchema.safeParse(candidate);
  if (parsed.success) return { answer: parsed.data };
  const issue = parsed.error.issues[0];
  if (!issue) return { issue: { at: '', reason: 'invalid answer' } };
  const at = issuePath(issue);
  const path = formatPath(at);
  return {
    issue: {
      at: path === '' ? '' : `.${path}`,
      reason: isWrongType(issue, at) ? expectedValue(question) : issueReason(issue),
    },
  };
}

/**
 * A value of the wrong kind gets the question's own expectation ("expected one of yes, no")
 * rather than zod's union summary; a value of the right kind that breaks a bound keeps
 * zod's message (e.g. too long).
 */
function isWrongType(issue: z.core.$ZodIssue, at: PropertyKey[]): boolean {
  if (at[0] !== 'value') return false;
  if (issue.code === 'invalid_type') return true;
  if (issue.code !== 'invalid_union') return false;
  return issue.errors.every((branch) => branch.some((inner) => inner.code === 'invalid_type'));
}

function issueReason(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return 'unknown key';
  if (issue.code === 'invalid_union') {
    // The branch that got past the type check explains the real problem.
    const explained = issue.errors
      .find((branch) => branch.every((inner) => inner.code !== 'invalid_type'))
      ?.at(0);
    if (explained) return oneLine(explained.message);
  }
  return oneLine(issue.message);
}

/** What a value of this question looks like, worded like `validateAnswers`. */
function expectedValue(question: Question): string {
  const allowed = question.options?.map((o) => o.value).join(', ') ?? '';
  switch (question.type) {
    case 'yes-no':
    case 'single-choice':
      return `expected one of ${allowed}`;
    case 'multi-choice':
      return `expected a list of ${allowed}`;
    case 'text':
      return 'expected text';
    case 'url':
      return 'expected an https:// URL';
    case 'date':
      return 'expected a date (YYYY-MM-DD)';
    case 'number':
      return 'expected a number';
  }
}

function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  // zod reports an unknown key at its parent; naming the key itself is what a reader needs.
  if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) {
    return [...issue.path, issue.keys[0]];
  }
  return [...issue.path];
}

function zodError(
  file: string,
  prefix: PropertyKey[],
  issues: readonly z.core.$ZodIssue[],
): CliInputError {
  const issue = issues[0];
  if (!issue) return new CliInputError(file, undefined, 'invalid file');
  const path = formatPath([...prefix, ...issuePath(issue)]);
  return new CliInputError(file, path === '' ? undefined : path, issueReason(issue));
}

function parseText(text: string, file: string): unknown {
  const looksJson = /\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && /^\s*[{[]/.test(text));
  if (looksJson) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const reason = errorText(error).replace(/\s*in JSON at position \d+.*$/, '');
      throw new CliInputError(file, jsonErrorLine(text, error), `invalid JSON: ${reason}`);
    }
  }
  const lineCounter = new LineCounter();
  // prettyErrors stays off: building its context snippet for deeply nested input can exhaust
  // the heap (the manifest reader found this the hard way).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const { line } = lineCounter.linePos(error.pos[0]);
    throw new CliInputError(file, `line ${line}`, `invalid YAML: ${yamlReason(error.message)}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    throw new CliInputError(file, undefined, `invalid YAML: ${errorText(error)}`);
  }
}

function yamlReason(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return oneLine(first.replace(/\s*at line \d+, column \d+:?\s*$/, ''));
}

function errorText(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}

/**
 * Node 20's JSON.parse reports a character offset, and not for every error; YAML reads JSON
 * too and knows lines, so it answers when the offset is missing.
 */
function jsonErrorLine(text: string, error: unknown): string | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const offset = /at position (\d+)/.exec(errorText(error))?.[1];
  const pos = offset !== undefined ? Number(offset) : doc.errors[0]?.pos[0];
  return pos === undefined ? undefined : `line ${lineCounter.linePos(pos).line}`;
}
