import * as z from 'zod';
import { answerSchema } from '../domain/answers';
import type { Answer, Answers } from '../domain/answers';
import type { ManifestFacts } from '../domain/manifest/facts';
import type { Suggestion } from '../domain/manifest/suggest';
import type { Contradiction } from '../domain/checks/types';
import type { RuleSet } from '../domain/rules/schema';
import type { ReadinessLevel } from '../domain/scoring/policy';
import type { Report } from '../domain/scoring/report';

/**
 * The contract between the admin page and the resolvers. The UI imports these schemas and
 * types; the resolvers parse every payload with them. One file, so neither side copies types.
 */

export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'LIMIT',
  /** Forge or Jira asked the app to slow down; retry after `retryAfterMs`. */
  'RATE_LIMITED',
  /**
   * Forge storage failed or did not answer. The change may or may not have been applied;
   * every write is safe to retry with the same payload.
   */
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiIssue {
  path: (string | number)[];
  message: string;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  issues?: ApiIssue[];
  /** For CONFLICT: the revision now stored, so a client can reload and reapply its edits. */
  currentRevision?: number;
  /** For RATE_LIMITED: how long to wait before retrying. */
  retryAfterMs?: number;
  /** For a CONFLICT on answers: per question, what is stored now, who stored it and when. */
  conflicts?: AnswerConflict[];
}

export interface AnswerConflict {
  questionId: string;
  /** null: they cleared it. */
  theirs: Answer | null;
  by: string;
  at: string;
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export const STATUSES = ['draft', 'submitted', 'approved', 'changes-requested'] as const;
export const statusSchema = z.enum(STATUSES);
export type AssessmentStatus = z.infer<typeof statusSchema>;

export const HOSTING_TYPES = ['forge', 'forge-remote', 'connect'] as const;
export const hostingSchema = z.enum(HOSTING_TYPES);

/** Limits that keep each stored value far under Forge's 240 KiB and a page fast to render. */
export const API_LIMITS = {
  pageSize: 100,
  answersPerSave: 18,
  commentChars: 2000,
  commentsPerReview: 60,
  manifestChars: 200_000,
  appNameChars: 120,
  searchChars: 120,
  /** An answers file for every question of a pack, with long notes, is well under this. */
  importChars: 500_000,
} as const;

export const assessmentIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{7,63}$/, 'assessment id');
const revisionSchema = z.number().int().nonnegative();
const cursorSchema = z.string().max(2000);
const questionIdSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,15}$/, 'question id');

export const listAssessmentsSchema = z.strictObject({
  status: statusSchema.optional(),
  search: z.string().trim().max(API_LIMITS.searchChars).optional(),
  limit: z.number().int().min(1).max(API_LIMITS.pageSize).default(25),
  cursor: cursorSchema.optional(),
});

export const createAssessmentSchema = z.strictObject({
  appName: z.string().trim().min(1, 'app name is required').max(API_LIMITS.appNameChars),
  appKey: z
    .string()
    .trim()
    .max(200)
    .regex(/^[A-Za-z0-9._:/-]*$/, 'letters, digits and . _ : / - only')
    .optional(),
  hosting: hostingSchema.default('forge'),
  /**
   * Chosen by the client once per create, and sent again on a retry: a create whose answer
   * was lost then returns the assessment it made instead of making a second one.
   */
  requestId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a lower-case UUID')
    .optional(),
});

export const getAssessmentSchema = z.strictObject({ id: assessmentIdSchema });

/** null clears an answer. */
export const answerPatchSchema = z.record(questionIdSchema, answerSchema.nullable());

export const saveAnswersSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
  /** At most API_LIMITS.answersPerSave entries; the service answers LIMIT beyond that. */
  answers: answerPatchSchema,
  /** Which surface saved, for the audit trail: typed edits or accepted manifest suggestions. */
  source: z.enum(['questionnaire', 'manifest-import']).default('questionnaire'),
});

export const submitSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
});

export const reviewSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
  decision: z.enum(['approve', 'request-changes']),
  summary: z.string().trim().max(API_LIMITS.commentChars).optional(),
  comments: z
    .record(questionIdSchema, z.string().trim().min(1).max(API_LIMITS.commentChars))
    .default({}),
});

export const reopenSchema = submitSchema;

/** The partner's answer to a reviewer's comment on one question, in the latest round. */
export const replyToReviewSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
  questionId: questionIdSchema,
  text: z.string().trim().min(1, 'write a reply').max(API_LIMITS.commentChars),
});

/** Puts back the value an answer had before (or after) the change audited at a revision. */
export const restoreAnswerSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
  questionId: questionIdSchema,
  auditRevision: revisionSchema,
  which: z.enum(['before', 'after']),
});

export const updateSettingsSchema = z.strictObject({
  expectedRevision: revisionSchema,
  allowSelfReview: z.boolean(),
});

export const historySchema = z.strictObject({
  id: assessmentIdSchema,
  limit: z.number().int().min(1).max(API_LIMITS.pageSize).default(50),
  cursor: cursorSchema.optional(),
});

export const auditSchema = historySchema;

export const exportSchema = z.strictObject({
  id: assessmentIdSchema,
  /**
   * ps-tab: a draft of the listing's Privacy & Security tab, in Markdown; ps-tab-json: the same
   * as one object keyed by the tab's field names (rule sets that ask for the field values).
   */
  format: z.enum(['json', 'csv', 'markdown', 'ps-tab', 'ps-tab-json']),
});

/**
 * The assessment as the CLI's answers file (`trust-assess score` reads it): YAML as `init`
 * writes it, or the same document as JSON; evidence, notes and N/A justifications included.
 */
export const ANSWERS_FILE_EXPORT_FORMATS = ['answers-yaml', 'answers-json'] as const;
export type AnswersFileExportFormat = (typeof ANSWERS_FILE_EXPORT_FORMATS)[number];
export type ExportFormat = z.infer<typeof exportSchema>['format'] | AnswersFileExportFormat;

/**
 * The `exportAssessment` payload: the report formats of `exportSchema` plus the answers-file
 * formats. The answers-file formats are parsed into `{ format: 'json', answersFile }`, so the
 * report export (AssessmentService.export) keeps seeing only the formats it writes, and the
 * resolver (src/resolvers/reports.ts) sends `answersFile` requests to
 * src/services/answers-export.ts. Were one ever passed on, the JSON export is what it would
 * get: the report with the same answers, which the CLI also reads.
 */
export const exportAssessmentSchema = z
  .strictObject({
    id: assessmentIdSchema,
    format: z.enum([...exportSchema.shape.format.options, ...ANSWERS_FILE_EXPORT_FORMATS]),
  })
  .transform(
    ({
      id,
      format,
    }):
      | z.infer<typeof exportSchema>
      | { id: string; format: 'json'; answersFile: AnswersFileExportFormat } =>
      format === 'answers-yaml' || format === 'answers-json'
        ? { id, format: 'json', answersFile: format }
        : { id, format },
  );

/** A rule set by its `id@version` ref; without one, the rule set new assessments use. */
export const getRuleSetSchema = z.strictObject({
  version: z
    .string()
    .regex(/^[a-z0-9-]+@\d+\.\d+\.\d+$/, 'a rule set ref')
    .optional(),
});

/**
 * Moves an assessment to a newer rule set: answers carried over where the meaning is the same,
 * mapped where it changed, nothing dropped. One revision-checked write, audited.
 */
export const upgradeAssessmentSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
  to: z.string().regex(/^[a-z0-9-]+@\d+\.\d+\.\d+$/, 'a rule set ref'),
});

export const analyzeManifestSchema = z.strictObject({
  manifest: z.string().min(1, 'paste a manifest.yml').max(API_LIMITS.manifestChars),
  /** When given, contradictions are computed against this assessment's answers. */
  id: assessmentIdSchema.optional(),
});

/** Attaching a manifest makes its facts part of every report (T3 and the derived checks). */
export const attachManifestSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
  /** null detaches the manifest. */
  manifest: z.string().min(1, 'paste a manifest.yml').max(API_LIMITS.manifestChars).nullable(),
});

/**
 * What an import would change, before anything is written: the answers of an answers file
 * (the CLI's YAML or JSON format) or of another assessment, as a per-question diff.
 */
export const previewImportSchema = z.strictObject({
  id: assessmentIdSchema,
  source: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('file'),
      text: z.string().min(1, 'choose or paste an answers file').max(API_LIMITS.importChars),
    }),
    z.strictObject({ kind: z.literal('assessment'), fromId: assessmentIdSchema }),
  ]),
});

/** The accepted part of a previewed import, written as one revision-checked change. */
export const importAnswersSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
  answers: answerPatchSchema,
  source: z.enum(['answers-file', 'copy']),
});

export const deleteAssessmentSchema = z.strictObject({
  id: assessmentIdSchema,
  expectedRevision: revisionSchema,
});

export const emptySchema = z.strictObject({});

export type ListAssessmentsInput = z.input<typeof listAssessmentsSchema>;
export type CreateAssessmentInput = z.input<typeof createAssessmentSchema>;
export type SaveAnswersInput = z.input<typeof saveAnswersSchema>;
export type ReviewInput = z.input<typeof reviewSchema>;

export interface AssessmentSummary {
  id: string;
  appName: string;
  appKey: string;
  hosting: z.infer<typeof hostingSchema>;
  status: AssessmentStatus;
  revision: number;
  ruleSetVersion: string;
  score: number;
  level: ReadinessLevel;
  completeness: number;
  failedBlockers: number;
  /** When a partner manifest was attached; null when none is. */
  manifestAttachedAt: string | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /** The earliest expiry (YYYY-MM-DD) among the answers' evidence, when any has one. */
  earliestEvidenceExpiry?: string;
}

export interface ReviewReply {
  text: string;
  by: string;
  at: string;
}

export interface ReviewRecord {
  round: number;
  decision: 'approve' | 'request-changes';
  summary: string;
  comments: Record<string, string>;
  reviewer: string;
  at: string;
  /** The revision the decision made; the figures below are those it decided on. */
  revision: number;
  ruleSetVersion: string;
  score: number;
  level: ReadinessLevel;
  /** The reviewer had submitted it too, which the site setting allowed. */
  selfReview: boolean;
  replies: Record<string, ReviewReply>;
}

/** The approval in force, and whether answers have changed since it was given. */
export interface ApprovalState {
  round: number;
  revision: number;
  score: number;
  ruleSetVersion: string;
  reviewer: string;
  at: string;
  stale: boolean;
}

export interface AssessmentDetail {
  assessment: AssessmentSummary;
  answers: Answers;
  report: Report;
  /** The latest review round. */
  review: ReviewRecord | null;
  /** Every review round, oldest first. */
  reviews: ReviewRecord[];
  /** The last approval, if any; stale once the assessment changed after it. */
  approval: ApprovalState | null;
  /** Who submitted the current submission (the default rules do not let them review it). */
  submittedBy: string | null;
  /** Answers to questions the current rule set no longer has: kept, shown, not scored. */
  retiredAnswers: string[];
  /** Facts of the attached manifest, already part of `report`. */
  manifest: ManifestFacts | null;
  /** The revision at which each stored answer last changed (set, changed or cleared). */
  answerRevisions: Record<string, number>;
}

export interface ImportChange {
  questionId: string;
  before: Answer | null;
  after: Answer | null;
}

export interface ImportPreview {
  /** The revision the diff was computed at: send it back as `expectedRevision`. */
  revision: number;
  /** The rule set the answers are checked against: the target assessment's. */
  ruleSetVersion: string;
  changes: ImportChange[];
  /** Answers in the source equal to what is stored. */
  unchanged: number;
  /** Source answers left out, with why (a question this rule set does not have, …). */
  ignored: { questionId: string; reason: string }[];
}

export interface SaveResult {
  revision: number;
  report: Report;
  assessment: AssessmentSummary;
  /** Question ids actually written; unchanged answers in the patch are skipped. */
  written: string[];
  /** Questions others changed since the client's revision, merged in by this save. */
  merged: string[];
  /** Every stored answer, when `merged` is not empty, so the page can show what arrived. */
  answers?: Answers;
}

export interface Settings {
  allowSelfReview: boolean;
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface HistoryPoint {
  at: string;
  revision: number;
  score: number;
  level: ReadinessLevel;
  status: AssessmentStatus;
  elements: Record<string, number | null>;
}

export const AUDIT_ACTIONS = [
  'create',
  'save',
  'submit',
  'approve',
  'request-changes',
  'reopen',
  'attach-manifest',
  'detach-manifest',
  'delete',
  'restore',
  'reply',
  'settings',
  'upgrade',
  'import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  at: string;
  actor: string;
  action: AuditAction;
  revision: number;
  /** Question ids whose answers changed, or a short description. */
  changed: string[];
  summary: string;
  /** For saves and restores: every changed answer before and after. */
  changes: { questionId: string; before: Answer | null; after: Answer | null }[];
}

export interface Page<T> {
  items: T[];
  cursor: string | null;
}

export interface ExportResult {
  format: ExportFormat;
  filename: string;
  mimeType: string;
  content: string;
}

export interface ManifestAnalysis {
  facts: ManifestFacts;
  suggestions: Suggestion[];
  contradictions: Contradiction[];
  runsOnAtlassian: { eligible: boolean; reasons: string[] };
}

export interface RuleSetInfo {
  ruleSet: RuleSet;
  levels: readonly ReadinessLevel[];
  /** The ref new assessments use. */
  current: string;
  /** Refs an assessment on this rule set can be upgraded to. */
  upgrades: string[];
}

export interface UpgradeResult {
  detail: AssessmentDetail;
  from: string;
  to: string;
  scoreBefore: number;
  scoreAfter: number;
  levelBefore: ReadinessLevel;
  levelAfter: ReadinessLevel;
  carried: string[];
  mapped: string[];
  /** New questions, left unanswered. */
  unanswered: string[];
  /** Answers to questions the new rule set dropped: kept stored and readable. */
  retired: string[];
}

export interface Viewer {
  accountId: string;
  isAdmin: true;
}

/** Every resolver: its key, its payload schema, and what it returns. */
export const resolverSchemas = {
  listAssessments: listAssessmentsSchema,
  createAssessment: createAssessmentSchema,
  getAssessment: getAssessmentSchema,
  saveAnswers: saveAnswersSchema,
  submitAssessment: submitSchema,
  reviewAssessment: reviewSchema,
  reopenAssessment: reopenSchema,
  getHistory: historySchema,
  getAudit: auditSchema,
  exportAssessment: exportAssessmentSchema,
  analyzeManifest: analyzeManifestSchema,
  attachManifest: attachManifestSchema,
  getRuleSet: getRuleSetSchema,
  upgradeAssessment: upgradeAssessmentSchema,
  deleteAssessment: deleteAssessmentSchema,
  whoAmI: emptySchema,
  // The list view's first data in one invoke: who is signed in and the first page.
  getStartup: z.strictObject({ limit: listAssessmentsSchema.shape.limit }),
  replyToReview: replyToReviewSchema,
  restoreAnswer: restoreAnswerSchema,
  getSettings: emptySchema,
  updateSettings: updateSettingsSchema,
  previewImport: previewImportSchema,
  importAnswers: importAnswersSchema,
} as const;

export type ResolverKey = keyof typeof resolverSchemas;

export interface ResolverResults {
  listAssessments: Page<AssessmentSummary>;
  createAssessment: AssessmentDetail;
  getAssessment: AssessmentDetail;
  saveAnswers: SaveResult;
  submitAssessment: AssessmentDetail;
  reviewAssessment: AssessmentDetail;
  reopenAssessment: AssessmentDetail;
  getHistory: Page<HistoryPoint>;
  getAudit: Page<AuditEntry>;
  exportAssessment: ExportResult;
  analyzeManifest: ManifestAnalysis;
  attachManifest: AssessmentDetail;
  getRuleSet: RuleSetInfo;
  upgradeAssessment: UpgradeResult;
  /** purgePending: the assessment is gone, and removing its data continues on the next call. */
  deleteAssessment: { id: string; deleted: true; purgePending: boolean };
  whoAmI: Viewer;
  getStartup: { viewer: Viewer; firstPage: Page<AssessmentSummary> };
  replyToReview: AssessmentDetail;
  restoreAnswer: SaveResult;
  getSettings: Settings;
  updateSettings: Settings;
  previewImport: ImportPreview;
  importAnswers: SaveResult;
}

export type ResolverInput<K extends ResolverKey> = z.input<(typeof resolverSchemas)[K]>;
export type ResolverPayload<K extends ResolverKey> = z.output<(typeof resolverSchemas)[K]>;
