import { z } from 'zod';
import { answerSchema } from '../domain/answers';
import { READINESS_LEVELS } from '../domain/scoring/policy';
import { AUDIT_ACTIONS, hostingSchema, statusSchema } from '../shared/api';

/**
 * Stored value shapes. Every value carries schemaVersion so a later release can migrate on
 * read; values are parsed on the way out, so a corrupt record fails loudly, not silently.
 */
export const SCHEMA_VERSION = 1;

const levelSchema = z.enum(READINESS_LEVELS);
const schemaVersionSchema = z.literal(SCHEMA_VERSION);

/** The latest review, under its own key: comments can be long and the list never needs them. */
export const reviewRecordSchema = z.object({
  schemaVersion: schemaVersionSchema,
  decision: z.enum(['approve', 'request-changes']),
  summary: z.string(),
  comments: z.record(z.string(), z.string()),
  reviewer: z.string(),
  at: z.number().int(),
  revision: z.number().int(),
});
export type StoredReview = z.infer<typeof reviewRecordSchema>;

/** The assessment header: everything a list row needs, nothing a list row does not. */
export const assessmentRecordSchema = z.object({
  schemaVersion: schemaVersionSchema,
  id: z.string(),
  partition: z.string(),
  appName: z.string(),
  /** Lower-cased name and key, because entity filters compare case-sensitively. */
  searchText: z.string(),
  appKey: z.string(),
  hosting: hostingSchema,
  status: statusSchema,
  revision: z.number().int().nonnegative(),
  ruleSetVersion: z.string(),
  createdAt: z.number().int(),
  createdBy: z.string(),
  updatedAt: z.number().int(),
  updatedBy: z.string(),
  score: z.number(),
  level: levelSchema,
  completeness: z.number(),
  failedBlockers: z.number().int(),
  /** Set once a review exists; the review itself lives under its own key. */
  reviewedAt: z.number().int().optional(),
  /** Set while a partner manifest is attached; its facts live under their own key. */
  manifestAttachedAt: z.number().int().optional(),
});
export type AssessmentRecord = z.infer<typeof assessmentRecordSchema>;

export const answerRecordSchema = z.object({
  schemaVersion: schemaVersionSchema,
  answer: answerSchema,
  updatedAt: z.number().int(),
  updatedBy: z.string(),
});
export type AnswerRecord = z.infer<typeof answerRecordSchema>;

export const snapshotRecordSchema = z.object({
  schemaVersion: schemaVersionSchema,
  assessmentId: z.string(),
  at: z.number().int(),
  revision: z.number().int(),
  score: z.number(),
  level: levelSchema,
  status: statusSchema,
  elements: z.record(z.string(), z.number().nullable()),
});
export type SnapshotRecord = z.infer<typeof snapshotRecordSchema>;

const egressFactSchema = z.object({
  address: z.string(),
  kind: z.string(),
  category: z.enum(['analytics', 'other']),
  inScopeEUD: z
    .boolean()
    .optional()
    .transform((v) => v),
  wildcard: z.boolean(),
});

/**
 * Mirrors ManifestFacts; stored facts are re-checked on read like every other value. JSON
 * drops undefined keys, and the no-op transforms turn "absent" back into "present but
 * undefined", which is how ManifestFacts spells "the manifest does not say".
 */
export const manifestFactsSchema = z.object({
  appId: z
    .string()
    .optional()
    .transform((v) => v),
  runtime: z
    .string()
    .optional()
    .transform((v) => v),
  modules: z.array(z.string()),
  scopes: z.array(z.string()),
  egress: z.array(egressFactSchema),
  remotes: z.array(
    z.object({
      key: z.string(),
      baseUrl: z.string(),
      inScopeEUD: z
        .boolean()
        .optional()
        .transform((v) => v),
      operations: z.array(z.string()),
    }),
  ),
  webTriggers: z.array(z.object({ key: z.string(), dynamic: z.boolean() })),
  csp: z.object({
    scriptsUnsafeInline: z.boolean(),
    scriptsUnsafeEval: z.boolean(),
    stylesUnsafeInline: z.boolean(),
  }),
  usesForgeStorage: z.boolean(),
  // Optional: facts stored before these were read lack them (ManifestFacts says why).
  connect: z
    .object({
      key: z
        .string()
        .optional()
        .transform((v) => v),
      remote: z
        .string()
        .optional()
        .transform((v) => v),
      authentication: z
        .string()
        .optional()
        .transform((v) => v),
      modules: z.array(z.string()),
    })
    .optional(),
  providers: z.array(z.string()).optional(),
  customerManagedEgress: z.object({ egress: z.boolean(), remotes: z.array(z.string()) }).optional(),
});

export const manifestRecordSchema = z.object({
  schemaVersion: schemaVersionSchema,
  facts: manifestFactsSchema,
  attachedAt: z.number().int(),
  attachedBy: z.string(),
});
export type ManifestRecord = z.infer<typeof manifestRecordSchema>;

export const auditRecordSchema = z.object({
  schemaVersion: schemaVersionSchema,
  assessmentId: z.string(),
  at: z.number().int(),
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  revision: z.number().int(),
  changed: z.array(z.string()),
  summary: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;
