import * as z from 'zod';

/**
 * The rule-set schema. A rule set is data: every question, its condition, severity, scoring
 * and remediation live here so that scoring, docs, the UI and the CLI read one source.
 */

export const ELEMENT_IDS = [
  'security',
  'reliability',
  'compliance',
  'privacy',
  'transparency',
] as const;
export const elementIdSchema = z.enum(ELEMENT_IDS);
export type ElementId = z.infer<typeof elementIdSchema>;

export const SEVERITIES = ['blocker', 'major', 'minor', 'gate'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof severitySchema>;

/** Atlassian programs a requirement belongs to; see docs/rules.md for what each stands for. */
export const PROGRAM_TAGS = [
  'SR',
  'SQ',
  'PS',
  'CF',
  'RoA',
  'DR',
  'A4A',
  'LR',
  'AGC',
  'TS',
  'AA',
  'BFP',
] as const;
export const programTagSchema = z.enum(PROGRAM_TAGS);
export type ProgramTag = z.infer<typeof programTagSchema>;

/**
 * The seven requirement categories of RFC-133 (the proposed new Marketplace trust programme,
 * provisionally "Architected for Atlassian"); rule set v2 tags each question with one.
 */
export const TRUST_CATEGORIES = [
  'security',
  'reliability',
  'performance',
  'privacy-compliance',
  'accessibility',
  'migration',
  'ai-responsible-use',
] as const;
export const trustCategorySchema = z.enum(TRUST_CATEGORIES);
export type TrustCategory = z.infer<typeof trustCategorySchema>;

export const QUESTION_TYPES = [
  'yes-no',
  'single-choice',
  'multi-choice',
  'text',
  'url',
  'date',
  'number',
] as const;
export const questionTypeSchema = z.enum(QUESTION_TYPES);
export type QuestionType = z.infer<typeof questionTypeSchema>;

/** Question ids double as KVS key segments and answers-file keys, so keep them tame. */
export const questionIdSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'question id');

/** Facts a condition may test that do not come from an answer. */
export const CONDITION_FACTS = ['manifestSupplied'] as const;
export const conditionFactSchema = z.enum(CONDITION_FACTS);
export type ConditionFact = z.infer<typeof conditionFactSchema>;

const scalarValueSchema = z.union([z.string(), z.number()]);

/**
 * A structured condition tree. It is interpreted, never evaluated as code, so a rule set
 * loaded from anywhere cannot run anything.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { question: string; equals: string | number }
  | { question: string; in: (string | number)[] }
  | { question: string; includes: string }
  | { fact: ConditionFact };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(conditionSchema).min(1) }),
    z.strictObject({ any: z.array(conditionSchema).min(1) }),
    z.strictObject({ not: conditionSchema }),
    z.strictObject({ question: questionIdSchema, equals: scalarValueSchema }),
    z.strictObject({ question: questionIdSchema, in: z.array(scalarValueSchema).min(1) }),
    z.strictObject({ question: questionIdSchema, includes: z.string() }),
    z.strictObject({ fact: conditionFactSchema }),
  ]),
);

export const optionSchema = z.strictObject({
  value: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'option value'),
  label: z.string().min(1),
  /** The value the Privacy & Security resource takes for this option, when it is not yes/no. */
  psValue: z
    .string()
    .regex(/^[A-Z][A-Z_]*$/)
    .optional(),
});
export type QuestionOption = z.infer<typeof optionSchema>;

/**
 * How an answer turns into credit between 0 and 1. Kept declarative so the pass criteria can
 * be printed (`trust-assess rules`) and checked by tests rather than hidden in code.
 */
export const scoringSchema = z.discriminatedUnion('kind', [
  /** yes-no and single-choice: credit per option value; a missing value earns 0. */
  z.strictObject({
    kind: z.literal('choice'),
    credit: z.record(z.string(), z.number().min(0).max(1)),
  }),
  /** multi-choice: the share of `required` values selected. */
  z.strictObject({ kind: z.literal('all-of'), required: z.array(z.string()).min(1) }),
  /**
   * multi-choice: the best credit among the values selected (e.g. any one certification). With
   * `evidencePerOption`, a selected value counts only as far as its own evidence allows.
   */
  z.strictObject({
    kind: z.literal('any-of'),
    credit: z.record(z.string(), z.number().min(0).max(1)),
  }),
  /** number: full credit at or above `full`, partial at or above `partial`. */
  z.strictObject({
    kind: z.literal('at-least'),
    full: z.number(),
    partial: z.number().optional(),
    partialCredit: z.number().min(0).max(1).default(0.5),
  }),
  /** text or url: any non-empty answer passes. */
  z.strictObject({ kind: z.literal('present') }),
  /** date: passes when no older than `days` before the assessment date. */
  z.strictObject({ kind: z.literal('within-days'), days: z.number().int().positive() }),
]);
export type Scoring = z.infer<typeof scoringSchema>;

export const sourceSchema = z.strictObject({
  title: z.string().min(1),
  url: z.url({ protocol: /^https$/ }),
});

export const questionSchema = z.strictObject({
  id: questionIdSchema,
  element: elementIdSchema,
  type: questionTypeSchema,
  title: z.string().min(1).max(200),
  help: z.string().max(1000).optional(),
  options: z.array(optionSchema).min(2).optional(),
  when: conditionSchema.optional(),
  /** Human wording of `when`, shown next to a switched-off question. */
  whenText: z.string().optional(),
  severity: severitySchema,
  scoring: scoringSchema.optional(),
  notApplicableAllowed: z.boolean().default(false),
  evidence: z.enum(['none', 'recommended', 'required']).default('none'),
  remediation: z.string().max(1000).optional(),
  sources: z.array(sourceSchema).default([]),
  programs: z.array(programTagSchema).default([]),
  /** A program Atlassian is retiring (Cloud Fortified): the UI labels it legacy. */
  legacy: z.boolean().default(false),
  /** Set when a derived check can settle this question from the manifest. */
  derivedBy: z.string().optional(),
  /**
   * The Marketplace Privacy & Security tab field this question's answer is the value of
   * (`TrustInfo` field name, e.g. `countriesWhereEndUserDataStored`).
   */
  psField: z
    .string()
    .regex(/^[a-zA-Z]+$/)
    .optional(),
  /**
   * Informs, never caps the readiness level (retired programmes such as Cloud Fortified): the
   * answer still earns points, but a failure or gap does not hold the level down.
   */
  informational: z.boolean().default(false),
  /**
   * How a blocker is labelled: `legal` for a legal duty (a DPA, a transfer mechanism) that keeps
   * a blocker's weight but is not a reason Atlassian blocks a listing.
   */
  severityLabel: z.enum(['legal']).optional(),
  /** The RFC-133 category the requirement falls under (rule set v2 on). */
  trustCategory: trustCategorySchema.optional(),
  /** multi-choice only: each selected option carries its own evidence (`optionEvidence`). */
  evidencePerOption: z.boolean().default(false),
});
export type Question = z.infer<typeof questionSchema>;
export type QuestionInput = z.input<typeof questionSchema>;

export const elementSchema = z.strictObject({
  id: elementIdSchema,
  title: z.string().min(1),
  weight: z.number().positive(),
  summary: z.string().optional(),
});
export type Element = z.infer<typeof elementSchema>;

export const ruleSetSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'semver'),
  title: z.string().min(1),
  elements: z.array(elementSchema).length(ELEMENT_IDS.length),
  questions: z.array(questionSchema).min(1),
});
export type RuleSet = z.infer<typeof ruleSetSchema>;
export type RuleSetInput = z.input<typeof ruleSetSchema>;

export function ruleSetRef(ruleSet: Pick<RuleSet, 'id' | 'version'>): string {
  return `${ruleSet.id}@${ruleSet.version}`;
}
