import { LineCounter, parseDocument, stringify } from 'yaml';
import * as z from 'zod';
import { answerSchema, validateAnswers, type Answer, type Answers } from './answers';
import type { AppMeta } from './export/types';
import type { RulePack } from './rules/pack';
import { findPack, knownPackRefs } from './rules/packs';
import type { Question, RuleSet } from './rules/schema';
import type { Report } from './scoring/report';

/**
 * The answers file: one format for the CLI, the partner's repository and the admin page.
 * `parseAnswersFile` reads it (YAML or JSON, or an assessment export of the app, which carries
 * the same answers); `toAnswersFile` writes it. Both are pure, so the service and the UI
 * validate with exactly the CLI's schema and messages.
 */

/** Far above any real answers file; stops a mistaken path to a huge file from stalling CI. */
export const MAX_ANSWERS_FILE_CHARS = 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

/** Kept in step with src/shared/api.ts (a test compares them); the domain imports no API layer. */
export const ANSWERS_FILE_HOSTING_TYPES = ['forge', 'forge-remote', 'connect'] as const;

export interface AnswersFile {
  pack: RulePack;
  ruleSet: RuleSet;
  app: AppMeta;
  answers: Answers;
  /** `assessment-export`: the app's JSON export (report plus answers) was read. */
  source: 'answers-file' | 'assessment-export';
}

/** One problem, named as the CLI prints it: `field: reason`, field absent for the whole file. */
export interface AnswersFileIssue {
  field?: string;
  reason: string;
}

export type ParseAnswersFileResult =
  | { ok: true; file: AnswersFile }
  | {
      ok: false;
      /** The CLI's one-line error: the first issue, with "(and N more)" when there are more. */
      error: AnswersFileIssue;
      /** Every issue found (parse errors stop at the first). */
      issues: AnswersFileIssue[];
    };

export interface ParseAnswersFileOptions {
  /** Decides YAML or JSON by extension (.json, .yaml, .yml); otherwise the text is sniffed. */
  fileName?: string;
  format?: 'yaml' | 'json';
}

const appSchema = z.strictObject({
  name: z
    .string({ error: 'expected the app name as text' })
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters'),
  key: z.string({ error: 'expected text' }).trim().min(1).max(200).optional(),
  hosting: z
    .enum(ANSWERS_FILE_HOSTING_TYPES, {
      error: `expected one of ${ANSWERS_FILE_HOSTING_TYPES.join(', ')}`,
    })
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

class IssueError extends Error {
  constructor(readonly issue: AnswersFileIssue) {
    super(issue.reason);
  }
}

function fail(field: string | undefined, reason: string): never {
  throw new IssueError(field === undefined ? { reason } : { field, reason });
}

/** Parses and validates an answers file (or an assessment export) without throwing. */
export function parseAnswersFile(
  text: string,
  options: ParseAnswersFileOptions = {},
): ParseAnswersFileResult {
  try {
    return readFile(text, options);
  } catch (error) {
    if (error instanceof IssueError) {
      return { ok: false, error: error.issue, issues: [error.issue] };
    }
    throw error;
  }
}

function readFile(text: string, options: ParseAnswersFileOptions): ParseAnswersFileResult {
  if (text.length > MAX_ANSWERS_FILE_CHARS) {
    fail(undefined, `larger than ${MAX_ANSWERS_FILE_CHARS} characters`);
  }
  let raw = parseText(text, options);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    fail(undefined, 'expected a mapping with ruleSet, app and answers');
  }
  let source: AnswersFile['source'] = 'answers-file';
  if (isAssessmentExport(raw)) {
    raw = fromAssessmentExport(raw);
    source = 'assessment-export';
  }

  // The rule set is checked first: every later message depends on which questions exist.
  const ref: unknown = (raw as Record<string, unknown>).ruleSet;
  if (typeof ref === 'string' && !findPack(ref)) {
    fail('ruleSet', `unknown rule set "${oneLine(ref)}"; known: ${knownPackRefs().join(', ')}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) throw new IssueError(zodIssue(parsed.error.issues));
  const pack = findPack(parsed.data.ruleSet);
  if (!pack) throw new Error('unreachable: rule set checked above');
  const ruleSet = pack.ruleSet;

  const byId = new Map(ruleSet.questions.map((q) => [q.id, q]));
  const answers: Answers = {};
  const issues: AnswersFileIssue[] = [];
  for (const [id, rawAnswer] of Object.entries(parsed.data.answers ?? {})) {
    const question = byId.get(id);
    if (!question) {
      issues.push({ field: `answers.${id}`, reason: 'unknown question id' });
      continue;
    }
    const result = readAnswer(question, rawAnswer);
    if ('issue' in result) {
      issues.push({ field: `answers.${id}${result.issue.at}`, reason: result.issue.reason });
      continue;
    }
    if (result.answer === undefined) continue;
    const issue = validateAnswers(ruleSet, { [id]: result.answer })[0];
    if (issue) {
      issues.push({ field: `answers.${formatPath(issue.path)}`, reason: issue.message });
      continue;
    }
    answers[id] = result.answer;
  }
  const first = issues[0];
  if (first) {
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return { ok: false, error: { ...first, reason: `${first.reason}${more}` }, issues };
  }
  return {
    ok: true,
    file: { pack, ruleSet, app: cleanApp(parsed.data.app), answers, source },
  };
}

/**
 * The app's JSON export (`toAssessmentExport`): the report of `toJson`, whose `ruleSet` is an
 * object, with the assessment's `answers` added.
 */
function isAssessmentExport(raw: object): boolean {
  const ruleSet: unknown = (raw as Record<string, unknown>).ruleSet;
  return typeof ruleSet === 'object' && ruleSet !== null && !Array.isArray(ruleSet);
}

function fromAssessmentExport(raw: object): Record<string, unknown> {
  const record = raw as Record<string, unknown>;
  const ruleSet = record.ruleSet as Record<string, unknown>;
  if (typeof ruleSet.id !== 'string' || typeof ruleSet.version !== 'string') {
    fail('ruleSet', "expected the export's rule set as { id, version }");
  }
  if (!('answers' in record)) {
    fail(
      'answers',
      'this export is a report without answers; export the assessment again as an answers file (JSON exports include the answers)',
    );
  }
  return { ruleSet: `${ruleSet.id}@${ruleSet.version}`, app: record.app, answers: record.answers };
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

function zodIssue(issues: readonly z.core.$ZodIssue[]): AnswersFileIssue {
  const issue = issues[0];
  if (!issue) return { reason: 'invalid file' };
  const path = formatPath(issuePath(issue));
  return path === '' ? { reason: issueReason(issue) } : { field: path, reason: issueReason(issue) };
}

function parseText(text: string, options: ParseAnswersFileOptions): unknown {
  const file = options.fileName ?? '';
  const looksJson =
    options.format === 'json' ||
    (options.format !== 'yaml' &&
      (/\.json$/i.test(file) || (!/\.ya?ml$/i.test(file) && /^\s*[{[]/.test(text))));
  if (looksJson) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      const reason = errorText(error).replace(/\s*in JSON at position \d+.*$/, '');
      fail(jsonErrorLine(text, error), `invalid JSON: ${reason}`);
    }
  }
  const lineCounter = new LineCounter();
  // prettyErrors stays off: building its context snippet for deeply nested input can exhaust
  // the heap (the manifest reader found this the hard way).
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const { line } = lineCounter.linePos(error.pos[0]);
    fail(`line ${line}`, `invalid YAML: ${yamlReason(error.message)}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    fail(undefined, `invalid YAML: ${errorText(error)}`);
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

/** Renders a zod-style path as `answers.C8.value[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** One line, no control characters: user text must not forge extra log lines or escape codes. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

// ---- Writing ----

const ANSWER_KEY_ORDER = [
  'value',
  'notApplicable',
  'justification',
  'evidence',
  'optionEvidence',
  'note',
] as const;

/** One answer in a fixed key order, as the shorthand `value` alone when it is only a value. */
function canonicalAnswer(answer: Answer): unknown {
  const out: Record<string, unknown> = {};
  for (const key of ANSWER_KEY_ORDER) {
    const value = answer[key];
    if (value === undefined) continue;
    if (key === 'evidence' && typeof value === 'object' && !Array.isArray(value)) {
      const e = value as { url: string; expires?: string };
      out.evidence = { url: e.url, ...(e.expires !== undefined ? { expires: e.expires } : {}) };
      continue;
    }
    out[key] = value;
  }
  const keys = Object.keys(out);
  return keys.length === 1 && keys[0] === 'value' ? out.value : out;
}

/** The answers in the rule set's question order (then any others, sorted), each canonical. */
export function canonicalAnswers(ruleSet: RuleSet | undefined, answers: Answers): Answers {
  const order = ruleSet?.questions.map((q) => q.id) ?? [];
  const ids = [
    ...order.filter((id) => answers[id] !== undefined),
    ...Object.keys(answers)
      .filter((id) => !order.includes(id))
      .sort(),
  ];
  const out: Answers = {};
  for (const id of ids) {
    const answer = answers[id];
    if (answer) out[id] = answer;
  }
  return out;
}

/**
 * The answers file for `answers` on rule set `ruleSetRef` ("id@version"), as YAML the CLI
 * reads: app first, then one entry per answered question in the rule set's order, evidence,
 * per-option evidence, notes and not-applicable justifications included. Deterministic, so an
 * imported file exported again is byte for byte the same.
 */
export function toAnswersFile(ruleSetRef: string, answers: Answers, app: AppMeta): string {
  return stringify(answersFileDocument(ruleSetRef, answers, app), { lineWidth: 0 });
}

/**
 * The same answers file as JSON (`trust-assess score answers.json` reads it): the document
 * `toAnswersFile` writes, key for key, two-space indented with a final newline. Parsing it and
 * writing it again gives the same bytes.
 */
export function toAnswersFileJson(ruleSetRef: string, answers: Answers, app: AppMeta): string {
  return `${JSON.stringify(answersFileDocument(ruleSetRef, answers, app), null, 2)}\n`;
}

function answersFileDocument(
  ruleSetRef: string,
  answers: Answers,
  app: AppMeta,
): { ruleSet: string; app: AppMeta; answers: Record<string, unknown> | null } {
  const ruleSet = findPack(ruleSetRef)?.ruleSet;
  const body: Record<string, unknown> = {};
  for (const [id, answer] of Object.entries(canonicalAnswers(ruleSet, answers))) {
    body[id] = canonicalAnswer(answer);
  }
  return {
    ruleSet: ruleSetRef,
    app: cleanAppMeta(app),
    answers: Object.keys(body).length === 0 ? null : body,
  };
}

function cleanAppMeta(app: AppMeta): AppMeta {
  return {
    name: app.name,
    ...(app.key !== undefined ? { key: app.key } : {}),
    ...(app.hosting !== undefined ? { hosting: app.hosting } : {}),
  };
}

/**
 * The app's JSON export: the report exactly as `toJson(report, app)` writes it, with the
 * assessment's answers added as `answers` (canonical order). `trust-assess score` reads it as
 * an answers file, so the app and CI share one source of truth.
 */
export function toAssessmentExport(report: Report, app: AppMeta, answers: Answers): string {
  const { ruleSet, ...rest } = report;
  const pack = findPack(`${ruleSet.id}@${ruleSet.version}`);
  const body = {
    ruleSet,
    app: cleanAppMeta(app),
    ...rest,
    answers: canonicalAnswers(pack?.ruleSet, answers),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
