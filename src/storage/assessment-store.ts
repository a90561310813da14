import { kvs, Filter, FilterConditions, ForgeKvsAPIError, Sort, WhereConditions } from '@forge/kvs';
import type { z } from 'zod';
import {
  ALL_PARTITION,
  ENTITIES,
  INDEXES,
  answerKey,
  answerKeyPrefix,
  auditKey,
  manifestKey,
  reviewKey,
  snapshotKey,
} from './keys';
import {
  answerRecordSchema,
  assessmentRecordSchema,
  auditRecordSchema,
  manifestRecordSchema,
  reviewRecordSchema,
  snapshotRecordSchema,
  type AnswerRecord,
  type AssessmentRecord,
  type AuditRecord,
  type ManifestRecord,
  type SnapshotRecord,
  type StoredReview,
} from './records';

/**
 * The only module that talks to Forge storage. Services hand it whole records; it decides
 * keys, entities, transactions and pagination, and enforces the revision check.
 */

/** Forge allows 25 operations per transaction and 25 keys per batch. */
const MAX_TRANSACTION_OPS = 25;
const MAX_BATCH_KEYS = 25;
/** Forge rejects values over 240 KiB; checking first turns that into a clear LIMIT error. */
export const MAX_VALUE_BYTES = 240 * 1024;
const QUERY_PAGE = 100;

export class RevisionConflictError extends Error {
  constructor(
    readonly assessmentId: string,
    readonly currentRevision: number | undefined,
  ) {
    super(`assessment ${assessmentId} has changed since it was read`);
    this.name = 'RevisionConflictError';
  }
}

/** The assessment a write expected is gone: deleted while the client was looking at it. */
export class AssessmentGoneError extends Error {
  constructor(readonly assessmentId: string) {
    super(`assessment ${assessmentId} no longer exists`);
    this.name = 'AssessmentGoneError';
  }
}

export class ValueTooLargeError extends Error {
  constructor(
    readonly key: string,
    readonly bytes: number,
  ) {
    super(
      `the value for ${key} would take ${bytes} bytes; Forge stores at most ${MAX_VALUE_BYTES}`,
    );
    this.name = 'ValueTooLargeError';
  }
}

export class StoredDataError extends Error {
  constructor(key: string, issues: string) {
    super(`stored value at ${key} does not match its schema: ${issues}`);
    this.name = 'StoredDataError';
  }
}

function parseStored<S extends z.ZodType>(schema: S, key: string, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredDataError(key, parsed.error.message);
  return parsed.data;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface StoredPage<T> {
  items: T[];
  cursor: string | null;
}

export interface ListFilter extends PageRequest {
  status?: AssessmentRecord['status'] | undefined;
  search?: string | undefined;
}

export interface Commit {
  assessment: AssessmentRecord;
  /** undefined for a new assessment: it must not exist yet. */
  expectedRevision: number | undefined;
  /** Answers to write; null deletes the stored answer. */
  answers?: Record<string, AnswerRecord | null>;
  audit: AuditRecord;
  snapshot?: SnapshotRecord | undefined;
  /** A manifest to attach, or null to detach it; undefined leaves it alone. */
  manifest?: ManifestRecord | null;
  /** The review that replaces the previous one. */
  review?: StoredReview;
}

const assessmentEntity = () => kvs.entity<AssessmentRecord>(ENTITIES.assessment);

export async function getAssessment(id: string): Promise<AssessmentRecord | undefined> {
  const value = await assessmentEntity().get(id);
  return value === undefined ? undefined : parseStored(assessmentRecordSchema, id, value);
}

/** One query per 100 answers; a rule set has fewer than 100 questions, so one in practice. */
export async function getAnswers(id: string): Promise<Record<string, AnswerRecord>> {
  const prefix = answerKeyPrefix(id);
  const answers: Record<string, AnswerRecord> = {};
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(QUERY_PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<unknown>();
    for (const { key, value } of page.results) {
      answers[key.slice(prefix.length)] = parseStored(answerRecordSchema, key, value);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return answers;
}

export async function getManifest(id: string): Promise<ManifestRecord | undefined> {
  const key = manifestKey(id);
  const value = await kvs.get<unknown>(key);
  return value === undefined ? undefined : parseStored(manifestRecordSchema, key, value);
}

export async function getReview(id: string): Promise<StoredReview | undefined> {
  const key = reviewKey(id);
  const value = await kvs.get<unknown>(key);
  return value === undefined ? undefined : parseStored(reviewRecordSchema, key, value);
}

export async function listAssessments(filter: ListFilter): Promise<StoredPage<AssessmentRecord>> {
  const base = filter.status
    ? assessmentEntity()
        .query()
        .index(INDEXES.assessmentByStatus, { partition: [filter.status] })
    : assessmentEntity()
        .query()
        .index(INDEXES.assessmentByUpdated, { partition: [ALL_PARTITION] });
  let query = base.sort(Sort.DESC).limit(filter.limit);
  if (filter.search) {
    query = query.filters(
      new Filter<AssessmentRecord>().and(
        'searchText',
        FilterConditions.contains(filter.search.toLowerCase()),
      ),
    );
  }
  if (filter.cursor) query = query.cursor(filter.cursor);
  const page = await query.getMany();
  return {
    items: page.results.map(({ key, value }) => parseStored(assessmentRecordSchema, key, value)),
    cursor: page.nextCursor ?? null,
  };
}

/**
 * Writes a change all-or-nothing. The header write carries the revision check, so a stale
 * client loses the race cleanly: nothing is written and the caller gets a conflict.
 */
export async function commit(change: Commit): Promise<void> {
  const { assessment, expectedRevision } = change;
  const answerOps = Object.entries(change.answers ?? {});
  const ops =
    2 +
    answerOps.length +
    (change.snapshot ? 1 : 0) +
    (change.manifest === undefined ? 0 : 1) +
    (change.review ? 1 : 0);
  if (ops > MAX_TRANSACTION_OPS) {
    throw new RangeError(`a commit may hold at most ${MAX_TRANSACTION_OPS} operations, got ${ops}`);
  }
  assertStorable(assessment.id, assessment);
  for (const [questionId, record] of answerOps) {
    if (record) assertStorable(answerKey(assessment.id, questionId), record);
  }
  if (change.manifest) assertStorable(manifestKey(assessment.id), change.manifest);
  if (change.review) assertStorable(reviewKey(assessment.id), change.review);
  const revisionGuard =
    expectedRevision === undefined
      ? new Filter<AssessmentRecord>().and('revision', FilterConditions.notExists())
      : new Filter<AssessmentRecord>().and('revision', FilterConditions.equalTo(expectedRevision));

  let tx = kvs
    .transact()
    .set(assessment.id, assessment, { entityName: ENTITIES.assessment, conditions: revisionGuard })
    .set(auditKey(assessment.id, assessment.revision, change.audit.action), change.audit, {
      entityName: ENTITIES.audit,
    });
  for (const [questionId, record] of answerOps) {
    const key = answerKey(assessment.id, questionId);
    tx = record === null ? tx.delete(key) : tx.set(key, record);
  }
  if (change.manifest !== undefined) {
    const key = manifestKey(assessment.id);
    tx = change.manifest === null ? tx.delete(key) : tx.set(key, change.manifest);
  }
  if (change.review) tx = tx.set(reviewKey(assessment.id), change.review);
  if (change.snapshot) {
    tx = tx.set(snapshotKey(assessment.id, change.snapshot.revision), change.snapshot, {
      entityName: ENTITIES.snapshot,
    });
  }
  await executeGuarded(tx, assessment.id, expectedRevision);
}

/**
 * Deletes an assessment; the audit trail stays, with a final entry. The header goes first,
 * under the revision check and in one transaction with that entry: from then on the
 * assessment is invisible, and its leftovers are purged.
 */
export async function deleteAssessment(
  id: string,
  expectedRevision: number,
  audit: AuditRecord,
): Promise<void> {
  const tx = kvs
    .transact()
    .delete(id, {
      entityName: ENTITIES.assessment,
      conditions: new Filter<AssessmentRecord>().and(
        'revision',
        FilterConditions.equalTo(expectedRevision),
      ),
    })
    .set(auditKey(id, audit.revision, audit.action), audit, { entityName: ENTITIES.audit });
  await executeGuarded(tx, id, expectedRevision);
  await purgeLeftovers(id);
}

/**
 * Removes everything an assessment owned except its audit trail, and says how many keys it
 * removed. Safe to repeat, so a delete interrupted after its header went is finished by
 * deleting again.
 */
export async function purgeLeftovers(id: string): Promise<number> {
  const items = [
    ...Object.keys(await getAnswers(id)).map((q) => ({ key: answerKey(id, q) })),
    ...(await collectKeys(ENTITIES.snapshot, INDEXES.snapshotByAssessment, id)).map((key) => ({
      key,
      entityName: ENTITIES.snapshot,
    })),
    { key: manifestKey(id) },
    { key: reviewKey(id) },
  ];
  let removed = 0;
  for (let i = 0; i < items.length; i += MAX_BATCH_KEYS) {
    const result = await kvs.batchDelete(items.slice(i, i + MAX_BATCH_KEYS));
    // The manifest and review keys exist only sometimes; a missing key is already purged.
    const failed = result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed.length > 0) {
      throw new Error(`could not purge ${failed.length} key(s) of ${id}: ${failed[0]?.error.code}`);
    }
    removed += result.successfulKeys.length;
  }
  return removed;
}

async function collectKeys(entity: string, index: string, assessmentId: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs
      .entity(entity)
      .query()
      .index(index, { partition: [assessmentId] })
      .limit(QUERY_PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    keys.push(...page.results.map((r) => r.key));
    cursor = page.nextCursor;
  } while (cursor);
  return keys;
}

export async function listSnapshots(
  assessmentId: string,
  page: PageRequest,
): Promise<StoredPage<SnapshotRecord>> {
  return listByAssessment(
    ENTITIES.snapshot,
    INDEXES.snapshotByAssessment,
    assessmentId,
    page,
    (key, value) => parseStored(snapshotRecordSchema, key, value),
  );
}

export async function listAudit(
  assessmentId: string,
  page: PageRequest,
): Promise<StoredPage<AuditRecord>> {
  return listByAssessment(
    ENTITIES.audit,
    INDEXES.auditByAssessment,
    assessmentId,
    page,
    (key, value) => parseStored(auditRecordSchema, key, value),
  );
}

async function listByAssessment<T>(
  entity: string,
  index: string,
  assessmentId: string,
  page: PageRequest,
  parse: (key: string, value: unknown) => T,
): Promise<StoredPage<T>> {
  let query = kvs
    .entity<unknown>(entity)
    .query()
    .index(index, { partition: [assessmentId] })
    .sort(Sort.DESC)
    .limit(page.limit);
  if (page.cursor) query = query.cursor(page.cursor);
  const result = await query.getMany();
  return {
    items: result.results.map(({ key, value }) => parse(key, value)),
    cursor: result.nextCursor ?? null,
  };
}

function assertStorable(key: string, value: unknown): void {
  const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (bytes > MAX_VALUE_BYTES) throw new ValueTooLargeError(key, bytes);
}

interface Executable {
  execute(): Promise<void>;
}

async function executeGuarded(
  tx: Executable,
  assessmentId: string,
  expectedRevision: number | undefined,
): Promise<void> {
  try {
    await tx.execute();
  } catch (error) {
    if (!(error instanceof ForgeKvsAPIError)) throw error;
    // Whatever code the platform used, a moved revision means someone else won the race.
    const current = await getAssessment(assessmentId);
    if (!current && expectedRevision !== undefined) throw new AssessmentGoneError(assessmentId);
    if (current?.revision !== expectedRevision) {
      throw new RevisionConflictError(assessmentId, current?.revision);
    }
    throw error;
  }
}
