import * as z from 'zod';
import type { Question, RuleSet } from './rules/schema';

/** Bounds keep every stored value far below Forge's 240 KiB limit; see docs/storage.md. */
export const ANSWER_LIMITS = {
  textChars: 4000,
  noteChars: 2000,
  justificationChars: 1000,
  urlChars: 2000,
  choices: 50,
} as const;

export const isoDateSchema = z.iso.date();

export const httpsUrlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https:// URL' })
  .max(ANSWER_LIMITS.urlChars);

export const evidenceSchema = z.strictObject({
  url: httpsUrlSchema,
  expires: isoDateSchema.optional(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const answerValueSchema = z.union([
  z.string().max(ANSWER_LIMITS.textChars),
  z.number().finite(),
  z.array(z.string().max(200)).max(ANSWER_LIMITS.choices),
]);
export type AnswerValue = z.infer<typeof answerValueSchema>;

export const answerSchema = z
  .strictObject({
    value: answerValueSchema.optional(),
    evidence: evidenceSchema.optional(),
    note: z.string().max(ANSWER_LIMITS.noteChars).optional(),
    notApplicable: z.boolean().optional(),
    justification: z.string().trim().max(ANSWER_LIMITS.justificationChars).optional(),
    /** Evidence per selected option, for questions with `evidencePerOption` (certifications). */
    optionEvidence: z.record(z.string().max(200), evidenceSchema).optional(),
  })
  .superRefine((answer, ctx) => {
    if (answer.notApplicable && !answer.justification) {
      ctx.addIssue({
        code: 'custom',
        path: ['justification'],
        message: 'a not-applicable answer needs a justification',
      });
    }
  });
export type Answer = z.infer<typeof answerSchema>;

export const answersSchema = z.record(z.string(), answerSchema);
export type Answers = Record<string, Answer>;

export interface AnswerIssue {
  /** Path inside the answers map, e.g. ['S1', 'value']. */
  path: (string | number)[];
  message: string;
}

/** True when the answer carries something worth storing. */
export function isEmptyAnswer(answer: Answer): boolean {
  return (
    (answer.value === undefined ||
      answer.value === '' ||
      (Array.isArray(answer.value) && answer.value.length === 0)) &&
    !answer.notApplicable &&
    answer.evidence === undefined &&
    answer.optionEvidence === undefined &&
    (answer.note === undefined || answer.note === '')
  );
}

/**
 * Checks answers against the questions they answer: the schema above only knows shapes, this
 * knows that S1 is a yes/no and that C1 wants a URL.
 */
export function validateAnswers(ruleSet: RuleSet, answers: Answers): AnswerIssue[] {
  const byId = new Map(ruleSet.questions.map((q) => [q.id, q]));
  const issues: AnswerIssue[] = [];
  for (const [id, answer] of Object.entries(answers)) {
    const question = byId.get(id);
    if (!question) {
      issues.push({ path: [id], message: `unknown question id "${id}"` });
      continue;
    }
    if (answer.notApplicable && !question.notApplicableAllowed) {
      issues.push({
        path: [id, 'notApplicable'],
        message: `question ${id} cannot be marked not applicable`,
      });
    }
    if (answer.value !== undefined) {
      const problem = valueProblem(question, answer.value);
      if (problem) issues.push({ path: [id, 'value'], message: problem });
    }
    for (const option of Object.keys(answer.optionEvidence ?? {})) {
      if (!question.evidencePerOption) {
        issues.push({
          path: [id, 'optionEvidence'],
          message: `question ${id} takes one evidence, not evidence per option`,
        });
        break;
      }
      if (!question.options?.some((o) => o.value === option)) {
        issues.push({
          path: [id, 'optionEvidence', option],
          message: `"${option}" is not an option of ${id}`,
        });
      }
    }
  }
  return issues;
}

function valueProblem(question: Question, value: AnswerValue): string | undefined {
  const allowed = question.options?.map((o) => o.value) ?? [];
  switch (question.type) {
    case 'yes-no':
    case 'single-choice':
      if (typeof value !== 'string') return `expected one of ${allowed.join(', ')}`;
      if (value !== '' && !allowed.includes(value))
        return `"${value}" is not one of ${allowed.join(', ')}`;
      return undefined;
    case 'multi-choice': {
      if (!Array.isArray(value)) return `expected a list of ${allowed.join(', ')}`;
      const unknown = value.find((v) => !allowed.includes(v));
      if (unknown !== undefined) return `"${unknown}" is not one of ${allowed.join(', ')}`;
      if (new Set(value).size !== value.length) return 'a choice is listed twice';
      return undefined;
    }
    case 'text':
      return typeof value === 'string' ? undefined : 'expected text';
    case 'url':
      if (typeof value !== 'string') return 'expected an https:// URL';
      return value === '' || httpsUrlSchema.safeParse(value).success
        ? undefined
        : 'expected an https:// URL';
    case 'date':
      if (typeof value !== 'string') return 'expected a date (YYYY-MM-DD)';
      return value === '' || isoDateSchema.safeParse(value).success
        ? undefined
        : 'expected a date (YYYY-MM-DD)';
    case 'number':
      return typeof value === 'number' ? undefined : 'expected a number';
  }
}

/**
 * What scoring reads of an answer: its value, whether it is marked not applicable (and why),
 * and the expiry of its evidence. Notes and evidence links never change a score, so the storage
 * digest (src/storage/digest.ts) scores without them.
 */
export interface ScoringAnswer {
  value?: AnswerValue;
  notApplicable?: boolean;
  justification?: string;
  /** Present when the answer links evidence; scoring reads only the expiry. */
  evidence?: { expires?: string };
  /** Per selected option, for questions with `evidencePerOption` (certifications). */
  optionEvidence?: Record<string, { expires?: string }>;
}
export type ScoringAnswers = Readonly<Record<string, ScoringAnswer>>;
