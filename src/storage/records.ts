import * as z from 'zod';
import { answerSchema, type Answer } from '../domain/answers';
import { egressHost } from '../domain/manifest/read';
import { READINESS_LEVELS } from '../domain/scoring/policy';
import { AUDIT_ACTIONS, hostingSchema, statusSchema } from '../shared/api';

/**
 * Stored value shapes. Every value carries schemaVersion so a release can migrate on read;
 * values are parsed on the way out, so a corrupt record fails loudly, not silently.
 *
 * Version 2 exists because Forge's Custom Entity Store enforces attribute types: `integer`
 * is 32-bit, so millisecond timestamps (v1) would be rejected, and strings must be non-empty,
 * so v1's `appKey: ""` would be too. v2 stores every time as a fixed-width ISO-8601 UTC
 * string (lexical order is time order, so string index ranges sort chronologically) and
 * omits an absent app key. v1 values, which only a local SQLite store can hold, are
 * converted on read; every write is v2.
 */
export const SCHEMA_VERSION = 2;

/** `Date#toISOString()` output: always 24 characters for years 0000–9999. */
export const storedTimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'ISO-8601 UTC time');
export type StoredTime = z.infer<typeof storedTimeSchema>;
export const toStoredTime = (ms: number): StoredTime => new Date(ms).toISOString();

const levelSchema = z.enum(READINESS_LEVELS);
const v2 = z.literal(SCHEMA_VERSION);
const v1 = z.literal(1);
/** v1 stored epoch milliseconds. */
const v1Time = z
  .number()
  .int()
  .transform((ms) => toStoredTime(ms));

const asCurrent = <T extends object>(value: T) => ({
  ...value,
  schemaVersion: SCHEMA_VERSION as typeof SCHEMA_VERSION,
});

/**
 * Accepts the current shape, or the v1 shape converted to it. `upgrade` maps a parsed v1
 * value (times already converted) to v2.
 */
function versioned<Current extends z.ZodType, Legacy extends z.ZodType>(
  current: Current,
  legacy: Legacy,
  upgrade: (value: z.output<Legacy>) => z.output<Current>,
) {
  return z.union([current, legacy.transform((value) => upgrade(value))]);
}

/**
 * One review round, under its own key (`review:<id>:<round>`): comments can be long and the
 * list never needs them. Format 1 kept only the latest review, under `review:<id>`.
 */
const reviewFields = {
  decision: z.enum(['approve', 'request-changes']),
  summary: z.string(),
  comments: z.record(z.string(), z.string()),
  reviewer: z.string(),
  revision: z.number().int(),
};
const replySchema = z.object({
  text: z.string().min(1),
  by: z.string().min(1),
  at: storedTimeSchema,
});
const reviewV2 = z.object({
  schemaVersion: v2,
  ...reviewFields,
  at: storedTimeSchema,
  round: z.number().int().positive(),
  /** What was decided on: the rule set and figures at the reviewed revision. */
  ruleSetVersion: z.string().min(1),
  score: z.number(),
  level: levelSchema,
  /** The reviewer also submitted it, which a site setting allowed. */
  selfReview: z.boolean(),
  /** The partner's answers to the reviewer's comments, by question. */
  replies: z.record(z.string(), replySchema),
});
export const reviewRecordSchema = versioned(
  reviewV2,
  z.object({ schemaVersion: v1, ...reviewFields, at: v1Time }),
  (legacy) => ({
    ...legacy,
    schemaVersion: SCHEMA_VERSION as typeof SCHEMA_VERSION,
    round: 1,
    ruleSetVersion: 'unknown',
    score: 0,
    level: 'not-ready' as const,
    selfReview: false,
    replies: {},
  }),
);
export type StoredReview = z.output<typeof reviewV2>;

/**
 * The assessment header: everything a list row needs, and nothing else. Format 2 also kept
 * the answer ids and per-answer revisions here, which every list row then carried; format 3
 * keeps them with the scoring digest (see below), format 4 adds where the digest's shards are.
 */
export const HEADER_VERSION = 4;
const headerFields = {
  id: z.string().min(1),
  partition: z.string().min(1),
  appName: z.string().min(1),
  hosting: hostingSchema,
  status: statusSchema,
  revision: z.number().int().nonnegative(),
  ruleSetVersion: z.string().min(1),
  createdBy: z.string().min(1),
  updatedBy: z.string().min(1),
  score: z.number(),
  level: levelSchema,
  completeness: z.number(),
  failedBlockers: z.number().int(),
};
const laterHeaderFields = {
  /** Absent when the partner gave none: Forge rejects empty strings. */
  appKey: z.string().min(1).optional(),
  /** searchKey(appName): the range of the by-name index that answers a search. */
  nameKey: z.string().min(1),
  /** searchKey(appKey), when there is one: the by-app-key index. */
  appKeySearch: z.string().min(1).optional(),
  createdAt: storedTimeSchema,
  updatedAt: storedTimeSchema,
  /** Who submitted the current submission: by default they may not review it. */
  submittedBy: z.string().min(1).optional(),
  /** How many review rounds are stored, each under its own key. */
  reviewRounds: z.number().int().nonnegative().optional(),
  /** Set once a review exists; the review itself lives under its own key. */
  reviewedAt: storedTimeSchema.optional(),
  /** Set while a partner manifest is attached; its facts live under their own key. */
  manifestAttachedAt: storedTimeSchema.optional(),
};
const format3HeaderFields = {
  ...headerFields,
  ...laterHeaderFields,
  /** The earliest evidence expiry (YYYY-MM-DD) among the answers: the portfolio's warning. */
  earliestEvidenceExpiry: z.iso.date().optional(),
};
/** Format 3: the digest under one key, `digest:<id>`. */
const assessmentV3 = z.object({ schemaVersion: z.literal(3), ...format3HeaderFields });
export type AssessmentV3Record = z.output<typeof assessmentV3>;

/** How many shards the scoring digest is split into (format 4); see DigestShardRecord. */
export const DIGEST_SHARDS = 4;
/**
 * Format 4: the digest in DIGEST_SHARDS shards, and the revision at which each shard was last
 * written (0: not stored, it holds nothing). A save rewrites only the shards of the questions
 * it changes. The list lets a reader see that the header and the shards it read belong
 * together: Forge does not document that a batch get sees a transaction all or not at all.
 */
const assessmentV4 = z.object({
  schemaVersion: z.literal(HEADER_VERSION),
  ...format3HeaderFields,
  digestRevisions: z.array(z.number().int().nonnegative()).length(DIGEST_SHARDS),
});
export type AssessmentRecord = z.output<typeof assessmentV4>;

/** Format 2: the same header plus the answer bookkeeping that format 3 moved to the digest. */
const assessmentV2 = z.object({
  schemaVersion: v2,
  ...headerFields,
  ...laterHeaderFields,
  /** Question ids with a stored answer, sorted. */
  answerIds: z.array(z.string()),
  /** The revision at which each question's answer last changed, set or cleared. */
  answerRevisions: z.record(z.string(), z.number().int().nonnegative()),
});
export type AssessmentV2Record = z.output<typeof assessmentV2>;

/** v1 headers carry no answer ids; the store lists them once, by prefix, when it reads one. */
const assessmentV1 = z.object({
  schemaVersion: v1,
  ...headerFields,
  searchText: z.string(),
  appKey: z.string(),
  createdAt: v1Time,
  updatedAt: v1Time,
  reviewedAt: v1Time.optional(),
  manifestAttachedAt: v1Time.optional(),
});
export type LegacyAssessmentRecord = z.output<typeof assessmentV1>;

/**
 * The scoring digest: what scoring reads of every answer, and where each answer's full record
 * lives. A save reads the header, this and the records it changes, and re-scores without
 * reading anyone's notes or evidence links, which are most of the bytes. This is its shape in
 * memory, and as format 3 stored it whole under `digest:<id>`; format 4 stores it in shards
 * (DigestShardRecord).
 *
 * One entry per stored answer record, as a tuple to keep it small (it is read by every save):
 *   [value, evidence?, extra?]
 * value: the answer's value, or null when it has none (a note only, or not applicable);
 * evidence: "" when the answer links evidence without an expiry, else the expiry date;
 * extra: what few answers have: notApplicable + justification, per-option evidence expiries.
 * Scoring never reads notes or evidence URLs (ScoringAnswer), so it needs nothing more.
 */
export const DIGEST_VERSION = 3;
const digestExtraSchema = z.strictObject({
  na: z.literal(true).optional(),
  j: z.string().optional(),
  /** Per selected option: "" for evidence without an expiry, else the expiry date. */
  oe: z.record(z.string(), z.string()).optional(),
});
const digestValueSchema = answerSchema.shape.value.unwrap().nullable();
export const digestEntrySchema = z.union([
  z.tuple([digestValueSchema]),
  z.tuple([digestValueSchema, z.string().nullable()]),
  z.tuple([digestValueSchema, z.string().nullable(), digestExtraSchema]),
]);
export type DigestEntry = z.output<typeof digestEntrySchema>;
/** Staged-record tokens: lower-case letters and digits, so a key stays within Forge's pattern. */
export const recordTokenSchema = z.string().regex(/^[a-z0-9]{6,32}$/);
export const digestRecordSchema = z.object({
  schemaVersion: z.literal(DIGEST_VERSION),
  answers: z.record(z.string(), digestEntrySchema),
  /**
   * Questions whose answer was cleared, with the revision that cleared it: there is no record
   * left to carry that revision, and a stale save must still see that it changed.
   */
  cleared: z.record(z.string(), z.number().int().nonnegative()).optional(),
  /**
   * Answers whose record lives under a staged key (`ans:<id>:<q>.<token>`), by token: an
   * import writes its records there before the one guarded write that points the digest at
   * them. Any other answer's record lives under `ans:<id>:<q>`.
   */
  staged: z.record(recordTokenSchema, z.array(z.string()).min(1)).optional(),
  /**
   * For records written before format 3 (which carry no revision): the revision at which they
   * last changed, taken from the format-2 header. An entry goes when its record is rewritten.
   */
  legacyRevisions: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type DigestRecord = z.output<typeof digestRecordSchema>;

/**
 * Format 4 stores the digest in DIGEST_SHARDS shards, `digest:<id>:<n>` (shardOf in digest.ts
 * says which question goes where), so a save rewrites about a quarter of it, not all of it.
 * A shard holds the digest's fields for its questions only, plus the revision at which it was
 * written, which the header lists (digestRevisions). Evidence expiries are stored as day
 * numbers (days since 1970-01-01): a date is 5 characters instead of 12, and almost every entry
 * has one. A date that does not survive that round trip stays a string.
 */
export const SHARD_VERSION = 4;
const shardDaySchema = z.union([z.number().int(), z.string()]);
const shardExtraSchema = z.strictObject({
  na: z.literal(true).optional(),
  j: z.string().optional(),
  oe: z.record(z.string(), shardDaySchema).optional(),
});
const shardEntrySchema = z.union([
  z.tuple([digestValueSchema]),
  z.tuple([digestValueSchema, shardDaySchema.nullable()]),
  z.tuple([digestValueSchema, shardDaySchema.nullable(), shardExtraSchema]),
]);
export type DigestShardEntry = z.output<typeof shardEntrySchema>;
export const digestShardSchema = z.object({
  schemaVersion: z.literal(SHARD_VERSION),
  revision: z.number().int().positive(),
  answers: z.record(z.string(), shardEntrySchema),
  cleared: digestRecordSchema.shape.cleared,
  staged: digestRecordSchema.shape.staged,
  legacyRevisions: digestRecordSchema.shape.legacyRevisions,
});
export type DigestShardRecord = z.output<typeof digestShardSchema>;

/**
 * What a delete leaves behind, for good: the header key stays taken, so a late write guarded
 * by a revision condition still finds a key to fail on (Forge does not document how a
 * condition on a missing key behaves), and a repeated delete can answer "already deleted".
 * `partition` is 'purging' until every key the assessment owned is gone, then 'deleted'; the
 * list index on partition 'purging' is how unfinished purges are found again.
 */
export const PURGING_PARTITION = 'purging';
export const DELETED_PARTITION = 'deleted';
const tombstoneV2 = z.object({
  schemaVersion: v2,
  id: z.string().min(1),
  partition: z.enum([PURGING_PARTITION, DELETED_PARTITION]),
  status: z.literal('deleted'),
  appName: z.string().min(1),
  revision: z.number().int().nonnegative(),
  updatedAt: storedTimeSchema,
  updatedBy: z.string().min(1),
  /** What is left to remove while purging; dropped once the purge is done. */
  answerIds: z.array(z.string()).optional(),
  reviewRounds: z.number().int().nonnegative().optional(),
  /** Snapshots are keyed by revision: those at or above this revision are still stored. */
  snapshotsFrom: z.number().int().positive().optional(),
});
export type TombstoneRecord = z.output<typeof tombstoneV2>;

/** Whatever the header key holds: a live assessment (any format) or a tombstone. */
export const headerRecordSchema = z.union([
  assessmentV4,
  tombstoneV2,
  assessmentV3,
  assessmentV2,
  assessmentV1,
]);
export type HeaderRecord = z.output<typeof headerRecordSchema>;

const answerFields = { answer: answerSchema, updatedBy: z.string() };
/**
 * Format 4 answer records also say which audited action wrote them. The audit entry of that
 * revision and action holds this answer as its `after`, so a later change audits its `before`
 * as a pointer there (see storedAnswerChangeSchema) instead of a second copy of the answer.
 */
export const RECORD_VERSION = 4;
const answerV4 = z.object({
  schemaVersion: z.literal(RECORD_VERSION),
  ...answerFields,
  updatedAt: storedTimeSchema,
  revision: z.number().int().nonnegative(),
  action: z.enum(AUDIT_ACTIONS),
});
/**
 * Format 3 answer records carry the revision at which they last changed, so a save checks
 * for a concurrent change by reading only the records it writes. Older records read with
 * `revision` undefined; the digest's legacyRevisions supplies it.
 */
const answerV3 = z.object({
  schemaVersion: z.literal(DIGEST_VERSION),
  ...answerFields,
  updatedAt: storedTimeSchema,
  revision: z.number().int().nonnegative(),
});
const answerV2 = z.object({ schemaVersion: v2, ...answerFields, updatedAt: storedTimeSchema });
export const answerRecordSchema = z.union([
  answerV4,
  answerV3,
  answerV2,
  z.object({ schemaVersion: v1, ...answerFields, updatedAt: v1Time }).transform(asCurrent),
]);
export type AnswerRecord = z.output<typeof answerV4>;
/** A record as read: format 3, or an earlier one whose revision the digest knows. */
export type StoredAnswerRecord = z.output<typeof answerRecordSchema>;

const snapshotFields = {
  assessmentId: z.string().min(1),
  revision: z.number().int(),
  score: z.number(),
  level: levelSchema,
  status: statusSchema,
  elements: z.record(z.string(), z.number().nullable()),
};
const snapshotV2 = z.object({ schemaVersion: v2, ...snapshotFields, at: storedTimeSchema });
export const snapshotRecordSchema = versioned(
  snapshotV2,
  z.object({ schemaVersion: v1, ...snapshotFields, at: v1Time }),
  asCurrent,
);
export type SnapshotRecord = z.output<typeof snapshotV2>;

/** A manifest line: JSON stores an unknown one in a list as null. */
const lineSchema = z
  .number()
  .int()
  .nullable()
  .transform((v) => v ?? undefined)
  .optional();

const egressFactSchema = z
  .object({
    address: z.string(),
    kind: z.string(),
    category: z.enum(['analytics', 'other']),
    inScopeEUD: z
      .boolean()
      .optional()
      .transform((v) => v),
    wildcard: z.boolean(),
    host: z.string().optional(),
    placeholders: z.array(z.string()).optional(),
    line: lineSchema,
  })
  // Facts stored before `host` was read counted a `*` anywhere in the URL as a wildcard;
  // Forge matches egress by host, so the wildcard is re-derived from the host.
  .transform((e) =>
    e.host === undefined ? { ...e, wildcard: egressHost(e.address).includes('*') } : e,
  );

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
      placeholders: z.array(z.string()).optional(),
      line: lineSchema,
    }),
  ),
  webTriggers: z.array(z.object({ key: z.string(), dynamic: z.boolean(), line: lineSchema })),
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
      moduleLines: z.array(lineSchema).optional(),
      remoteLine: lineSchema,
      authenticationLine: lineSchema,
    })
    .optional(),
  providers: z.array(z.string()).optional(),
  customerManagedEgress: z
    .object({
      egress: z.boolean(),
      remotes: z.array(z.string()),
      egressLine: lineSchema,
      remoteLines: z.array(lineSchema).optional(),
    })
    .optional(),
  providerLines: z.array(lineSchema).optional(),
  outdated: z.array(z.object({ path: z.string(), line: lineSchema, note: z.string() })).optional(),
});

const manifestFields = { facts: manifestFactsSchema, attachedBy: z.string() };
const manifestV2 = z.object({ schemaVersion: v2, ...manifestFields, attachedAt: storedTimeSchema });
export const manifestRecordSchema = versioned(
  manifestV2,
  z.object({ schemaVersion: v1, ...manifestFields, attachedAt: v1Time }),
  asCurrent,
);
export type ManifestRecord = z.output<typeof manifestV2>;

/** A changed answer, before and after, so any overwrite can be undone from the audit trail. */
export const answerChangeSchema = z.object({
  questionId: z.string().min(1),
  before: answerSchema.nullable(),
  after: answerSchema.nullable(),
});
export type AnswerChange = z.output<typeof answerChangeSchema>;

/**
 * Where an audited `before` is kept when the overwritten record was format 4: in the `after`
 * of the same question in the audit entry of the revision and action that wrote that record.
 * The trail then holds each answer once, not twice (a save's audit entry was mostly the
 * `before` it repeated). Audit entries are never removed, not even by a delete, so the
 * pointer always has somewhere to go; the store resolves it on every read.
 */
export const auditPointerSchema = z.object({
  revision: z.number().int().positive(),
  action: z.enum(AUDIT_ACTIONS),
});
export type AuditPointer = z.output<typeof auditPointerSchema>;
export const storedAnswerChangeSchema = z.union([
  answerChangeSchema,
  z.object({
    questionId: z.string().min(1),
    beforeIn: auditPointerSchema,
    after: answerSchema.nullable(),
  }),
]);
export type StoredAnswerChange = z.output<typeof storedAnswerChangeSchema>;

/**
 * How a change of one answer is audited: its `before` as a pointer when the record it
 * overwrites says which audit entry holds it (format 4), else in full.
 */
export function auditedChange(
  questionId: string,
  previous: StoredAnswerRecord | undefined,
  after: Answer | null,
): StoredAnswerChange {
  if (previous && 'action' in previous && previous.revision > 0) {
    return {
      questionId,
      beforeIn: { revision: previous.revision, action: previous.action },
      after,
    };
  }
  return { questionId, before: previous?.answer ?? null, after };
}

const auditFields = {
  assessmentId: z.string().min(1),
  actor: z.string().min(1),
  action: z.enum(AUDIT_ACTIONS),
  revision: z.number().int(),
  changed: z.array(z.string()),
  summary: z.string().min(1),
};
export const AUDIT_VERSION = 3;
const auditV3 = z.object({
  schemaVersion: z.literal(AUDIT_VERSION),
  ...auditFields,
  at: storedTimeSchema,
  changes: z.array(storedAnswerChangeSchema).optional(),
});
const asAuditV3 = <T extends object>(value: T) => ({
  ...value,
  schemaVersion: AUDIT_VERSION as typeof AUDIT_VERSION,
});
/** Formats 1 and 2 read as format 3: format 2's changes are format 3 changes without pointers. */
export const auditRecordSchema = z.union([
  auditV3,
  z
    .object({
      schemaVersion: v2,
      ...auditFields,
      at: storedTimeSchema,
      changes: z.array(answerChangeSchema).optional(),
    })
    .transform(asAuditV3),
  z.object({ schemaVersion: v1, ...auditFields, at: v1Time }).transform(asAuditV3),
]);
/** An audit entry as stored: a change's `before` may be a pointer. */
export type AuditRecord = z.output<typeof auditV3>;
/** An audit entry as read through the store: every `before` resolved. */
export type ResolvedAuditRecord = Omit<AuditRecord, 'changes'> & { changes?: AnswerChange[] };

/** Site-wide settings, one KVS key. */
export const settingsRecordSchema = z.object({
  schemaVersion: v2,
  /** A single-admin site may let the submitter review their own submission. */
  allowSelfReview: z.boolean(),
  revision: z.number().int().nonnegative(),
  updatedBy: z.string().min(1),
  updatedAt: storedTimeSchema,
});
export type SettingsRecord = z.output<typeof settingsRecordSchema>;
