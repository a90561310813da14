import {
  kvs,
  Filter,
  FilterConditions,
  ForgeKvsAPIError,
  ForgeKvsError,
  Sort,
  WhereConditions,
} from '@forge/kvs';
import type { z } from 'zod';
import { AUDIT_ACTIONS } from '../shared/api';
import { searchKey } from '../shared/search-key';
import {
  ALL_PARTITION,
  ENTITIES,
  INDEXES,
  answerKey,
  answerKeyPrefix,
  auditKey,
  legacyReviewKey,
  manifestKey,
  reviewRoundKey,
  SETTINGS_KEY,
  snapshotKey,
} from './keys';
import {
  PURGING_PARTITION,
  DELETED_PARTITION,
  SCHEMA_VERSION,
  answerRecordSchema,
  auditRecordSchema,
  headerRecordSchema,
  manifestRecordSchema,
  reviewRecordSchema,
  settingsRecordSchema,
  snapshotRecordSchema,
  type AnswerRecord,
  type AssessmentRecord,
  type AuditRecord,
  type HeaderRecord,
  type LegacyAssessmentRecord,
  type ManifestRecord,
  type SnapshotRecord,
  type SettingsRecord,
  type StoredReview,
  type TombstoneRecord,
} from './records';

/**
 * The only module that talks to Forge storage. Services hand it whole records; it decides
 * keys, entities, transactions and pagination, and enforces the revision check.
 *
 * Consistency: Forge documents `get` (and batch get) as strongly consistent and queries as
 * eventually consistent. Every read whose result decides a write therefore goes by key —
 * the header by id, answers by the ids the header lists — and queries only serve lists
 * shown to people and the search for unfinished purges.
 */

/** Forge allows 25 operations per transaction and 25 keys per batch. */
const MAX_TRANSACTION_OPS = 25;
const MAX_BATCH_KEYS = 25;
/** Forge rejects values over 240 KiB; checking first turns that into a clear LIMIT error. */
export const MAX_VALUE_BYTES = 240 * 1024;
const QUERY_PAGE = 100;
/**
 * A purge stops after this long and leaves the rest for the next call, far inside Forge's
 * 25 s resolver limit (an assessment with 5,000 snapshots needs 200 batch deletes).
 */
export const PURGE_BUDGET_MS = 8_000;
/** Batch deletes in flight at once while purging. */
const PURGE_PARALLELISM = 4;
/**
 * @forge/kvs keeps no response headers on its errors, so a KVS 429's Retry-After cannot be
 * read; this is the wait the app asks for instead.
 */
export const DEFAULT_RETRY_AFTER_MS = 2_000;

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

/** Forge storage asked us to slow down (HTTP 429). */
export class StorageRateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Forge storage is rate limiting this app');
    this.name = 'StorageRateLimitedError';
  }
}

/**
 * Forge storage failed or did not answer (5xx, network error, timeout). The request may or
 * may not have been applied, so callers must make retries safe, not assume either outcome.
 */
export class StorageUnavailableError extends Error {
  constructor(readonly detail: string) {
    super(`Forge storage did not complete the request: ${detail}`);
    this.name = 'StorageUnavailableError';
  }
}

/** A page cursor that this app did not issue for this list. */
export class InvalidCursorError extends Error {
  constructor() {
    super('the cursor is not valid for this list');
    this.name = 'InvalidCursorError';
  }
}

function parseStored<S extends z.ZodType>(schema: S, key: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new StoredDataError(key, parsed.error.message);
  return parsed.data;
}

/**
 * Runs one platform request and turns the platform's transient failures into typed errors.
 * 4xx answers other than 429 stay ForgeKvsAPIError: they describe this request, and the
 * caller knows what they mean for it.
 */
async function platform<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw classifyPlatformError(error);
  }
}

function classifyPlatformError(error: unknown): unknown {
  if (error instanceof ForgeKvsAPIError) {
    const status = error.responseDetails.status;
    if (status === 429) return new StorageRateLimitedError(DEFAULT_RETRY_AFTER_MS);
    if (status >= 500) return new StorageUnavailableError(`HTTP ${status} ${error.code}`);
    return error;
  }
  // ForgeKvsError without a response is a client-side misuse: a bug, not a platform failure.
  if (error instanceof ForgeKvsError) return error;
  if (
    error instanceof StorageRateLimitedError ||
    error instanceof StorageUnavailableError ||
    error instanceof RevisionConflictError ||
    error instanceof AssessmentGoneError
  ) {
    return error;
  }
  // A rejected platform fetch: network failure, timeout, or an answer that never arrived.
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new StorageUnavailableError(detail);
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

/** A list row: the header without what only a write needs. */
export type ListedAssessment = Omit<AssessmentRecord, 'answerIds' | 'answerRevisions'>;

export interface Commit {
  assessment: AssessmentRecord;
  /**
   * The revision the header must still have. undefined creates a new assessment: its id is
   * fresh, so the write carries no condition (Forge does not document how a condition on a
   * missing key behaves, so the app never writes one).
   */
  expectedRevision: number | undefined;
  /** Answers to write; null deletes the stored answer. */
  answers?: Record<string, AnswerRecord | null>;
  audit: AuditRecord;
  snapshot?: SnapshotRecord | undefined;
  /** A manifest to attach, or null to detach it; undefined leaves it alone. */
  manifest?: ManifestRecord | null;
  /** A review round to write (a new round, or the latest with the partner's replies). */
  review?: StoredReview;
}

const assessmentEntity = () => kvs.entity<unknown>(ENTITIES.assessment);

const isTombstone = (header: HeaderRecord): header is TombstoneRecord =>
  header.status === 'deleted';

/** Whatever the header key holds, read strongly: a live header, a tombstone, or nothing. */
export async function readHeader(
  id: string,
): Promise<AssessmentRecord | TombstoneRecord | undefined> {
  const value = await platform(() => assessmentEntity().get(id));
  if (value === undefined) return undefined;
  const header = parseStored(headerRecordSchema, id, value);
  if (isTombstone(header)) return header;
  if (header.schemaVersion === SCHEMA_VERSION) return header;
  return upgradeLegacyHeader(header);
}

/** The live assessment, or undefined when there is none or it was deleted. */
export async function getAssessment(id: string): Promise<AssessmentRecord | undefined> {
  const header = await readHeader(id);
  return header === undefined || isTombstone(header) ? undefined : header;
}

/**
 * v1 headers did not list their answers. Only a local SQLite store written by the first
 * release holds them, so listing the answers once by prefix is safe there; the next write
 * stores the list.
 */
async function upgradeLegacyHeader(legacy: LegacyAssessmentRecord): Promise<AssessmentRecord> {
  const { appKey, schemaVersion: _v1, searchText: _text, ...rest } = legacy;
  const answerIds = (await keysWithPrefix(answerKeyPrefix(legacy.id)))
    .map((key) => key.slice(answerKeyPrefix(legacy.id).length))
    .sort();
  return {
    ...rest,
    schemaVersion: SCHEMA_VERSION,
    nameKey: searchKey(legacy.appName),
    ...(appKey ? { appKey, appKeySearch: searchKey(appKey) } : {}),
    answerIds,
    // Format 1 kept no per-answer revisions: every answer counts as changed at revision 0.
    answerRevisions: Object.fromEntries(answerIds.map((q) => [q, 0])),
    ...(rest.reviewedAt !== undefined ? { reviewRounds: 1 } : {}),
  };
}

/** The assessment's stored answers, fetched by key. */
export async function getAnswers(
  assessment: Pick<AssessmentRecord, 'id' | 'answerIds'>,
): Promise<Record<string, AnswerRecord>> {
  const answers: Record<string, AnswerRecord> = {};
  const keys = assessment.answerIds.map((q) => ({ key: answerKey(assessment.id, q) }));
  const prefix = answerKeyPrefix(assessment.id);
  for (let i = 0; i < keys.length; i += MAX_BATCH_KEYS) {
    const result = await platform(() => kvs.batchGet<unknown>(keys.slice(i, i + MAX_BATCH_KEYS)));
    const failed = result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed.length > 0) {
      throw new StorageUnavailableError(`batch get failed: ${failed[0]?.error.code ?? ''}`);
    }
    for (const { key, value } of result.successfulKeys) {
      answers[key.slice(prefix.length)] = parseStored(answerRecordSchema, key, value);
    }
  }
  return answers;
}

export async function getManifest(id: string): Promise<ManifestRecord | undefined> {
  const key = manifestKey(id);
  const value = await platform(() => kvs.get<unknown>(key));
  return value === undefined ? undefined : parseStored(manifestRecordSchema, key, value);
}

/**
 * Every review round, oldest first, read by key in one batch. Format 1 kept its one review
 * under the legacy key; it reads as round 1, and rounds written since follow it.
 */
export async function getReviews(
  assessment: Pick<AssessmentRecord, 'id' | 'reviewRounds'>,
): Promise<StoredReview[]> {
  const rounds = assessment.reviewRounds ?? 0;
  if (rounds === 0) return [];
  const keys = [
    legacyReviewKey(assessment.id),
    ...Array.from({ length: rounds }, (_, i) => reviewRoundKey(assessment.id, i + 1)),
  ];
  const reviews: StoredReview[] = [];
  for (let i = 0; i < keys.length; i += MAX_BATCH_KEYS) {
    const result = await platform(() =>
      kvs.batchGet<unknown>(keys.slice(i, i + MAX_BATCH_KEYS).map((key) => ({ key }))),
    );
    for (const { key, value } of result.successfulKeys) {
      reviews.push(parseStored(reviewRecordSchema, key, value));
    }
  }
  return reviews.sort((a, b) => a.round - b.round);
}

/** The audit entry of one revision, by key; a revision has one entry, whatever its action. */
export async function getAuditEntry(
  assessmentId: string,
  revision: number,
): Promise<AuditRecord | undefined> {
  const keys = AUDIT_ACTIONS.map((action) => ({
    key: auditKey(assessmentId, revision, action),
    entityName: ENTITIES.audit,
  }));
  for (let i = 0; i < keys.length; i += MAX_BATCH_KEYS) {
    const result = await platform(() => kvs.batchGet<unknown>(keys.slice(i, i + MAX_BATCH_KEYS)));
    const [found] = result.successfulKeys;
    if (found) return parseStored(auditRecordSchema, found.key, found.value);
  }
  return undefined;
}

export async function getSettings(): Promise<SettingsRecord | undefined> {
  const value = await platform(() => kvs.get<unknown>(SETTINGS_KEY));
  return value === undefined ? undefined : parseStored(settingsRecordSchema, SETTINGS_KEY, value);
}

/**
 * Settings carry their own revision; the write is guarded by a `check` on nothing else, so
 * two admins changing a setting at once are ordered by a strongly consistent read first.
 */
export async function saveSettings(settings: SettingsRecord, audit: AuditRecord): Promise<void> {
  await platform(() =>
    kvs
      .transact()
      .set(SETTINGS_KEY, settings)
      .set(auditKey(audit.assessmentId, audit.revision, audit.action), audit, {
        entityName: ENTITIES.audit,
      })
      .execute(),
  );
}

// ---------------------------------------------------------------------------------------------
// Cursors: the platform's cursor wrapped with the list it belongs to, so a cursor from one list
// (or a made-up one) is a validation error, not a platform failure.

function encodeCursor(scope: string, platformCursor: string | undefined): string | null {
  if (platformCursor === undefined) return null;
  return Buffer.from(JSON.stringify([scope, platformCursor]), 'utf8').toString('base64url');
}

function decodeCursor(scope: string, cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (
    !Array.isArray(decoded) ||
    decoded.length !== 2 ||
    decoded[0] !== scope ||
    typeof decoded[1] !== 'string' ||
    decoded[1].length === 0
  ) {
    throw new InvalidCursorError();
  }
  return decoded[1];
}

/** The platform rejecting a cursor we decoded means it was forged or has expired. */
async function withCursor<T>(cursor: string | undefined, request: () => Promise<T>): Promise<T> {
  try {
    return await platform(request);
  } catch (error) {
    if (cursor !== undefined && error instanceof ForgeKvsAPIError) {
      const status = error.responseDetails.status;
      if (status >= 400 && status < 500) throw new InvalidCursorError();
    }
    throw error;
  }
}

/**
 * A list page. Without a search: newest first, from the by-updated (or by-status) index. With a
 * search: every assessment whose name or app key starts with it (after searchKey), straight
 * from the by-name and by-app-key indexes, so a search finds its match in one request per index
 * however many assessments exist — a filter applied after paging would not.
 */
export async function listAssessments(filter: ListFilter): Promise<StoredPage<ListedAssessment>> {
  if (filter.search && searchKey(filter.search)) return searchAssessments(filter);
  const scope = `assessments:${filter.status ?? '*'}`;
  const platformCursor = decodeCursor(scope, filter.cursor);
  const base = filter.status
    ? assessmentEntity()
        .query()
        .index(INDEXES.assessmentByStatus, { partition: [filter.status] })
    : assessmentEntity()
        .query()
        .index(INDEXES.assessmentByUpdated, { partition: [ALL_PARTITION] });
  let query = base.sort(Sort.DESC).limit(filter.limit);
  if (platformCursor) query = query.cursor(platformCursor);
  const page = await withCursor(platformCursor, () => query.getMany());
  return { items: listedOf(page.results), cursor: encodeCursor(scope, page.nextCursor) };
}

async function searchAssessments(filter: ListFilter): Promise<StoredPage<ListedAssessment>> {
  const prefix = searchKey(filter.search ?? '');
  const scope = `search:${filter.status ?? '*'}:${prefix}`;
  // One cursor per index, wrapped together; an index that ran out has none.
  const cursors = decodeSearchCursor(scope, filter.cursor);
  const byIndex = async (index: string, cursor: string | null | undefined) => {
    if (cursor === null) return { results: [], nextCursor: undefined };
    let query = assessmentEntity()
      .query()
      .index(index, { partition: [ALL_PARTITION] })
      .where(WhereConditions.beginsWith(prefix))
      .limit(filter.limit);
    if (filter.status) {
      query = query.filters(
        new Filter<Record<string, unknown>>().and(
          'status',
          FilterConditions.equalTo(filter.status),
        ),
      );
    }
    if (cursor) query = query.cursor(cursor);
    return withCursor(cursor ?? undefined, () => query.getMany());
  };
  const [byName, byKey] = await Promise.all([
    byIndex(INDEXES.assessmentByName, cursors?.[0]),
    byIndex(INDEXES.assessmentByAppKey, cursors?.[1]),
  ]);
  const seen = new Set<string>();
  const items = listedOf([...byName.results, ...byKey.results]).filter(
    (item) => !seen.has(item.id) && seen.add(item.id),
  );
  items.sort((a, b) => a.nameKey.localeCompare(b.nameKey) || a.id.localeCompare(b.id));
  const more = byName.nextCursor !== undefined || byKey.nextCursor !== undefined;
  return {
    items,
    cursor: more
      ? encodeCursor(scope, JSON.stringify([byName.nextCursor ?? null, byKey.nextCursor ?? null]))
      : null,
  };
}

function decodeSearchCursor(
  scope: string,
  cursor: string | undefined,
): [string | null, string | null] | undefined {
  const inner = decodeCursor(scope, cursor);
  if (inner === undefined) return undefined;
  let pair: unknown;
  try {
    pair = JSON.parse(inner);
  } catch {
    throw new InvalidCursorError();
  }
  const valid = (c: unknown): c is string | null =>
    c === null || (typeof c === 'string' && c !== '');
  if (!Array.isArray(pair) || pair.length !== 2 || !valid(pair[0]) || !valid(pair[1])) {
    throw new InvalidCursorError();
  }
  return [pair[0], pair[1]];
}

function listedOf(results: { key: string; value: unknown }[]): ListedAssessment[] {
  const items: ListedAssessment[] = [];
  for (const { key, value } of results) {
    const header = parseStored(headerRecordSchema, key, value);
    // A lagging index can still show a header that has since become a tombstone.
    if (isTombstone(header)) continue;
    items.push(toListed(header));
  }
  return items;
}

function toListed(header: AssessmentRecord | LegacyAssessmentRecord): ListedAssessment {
  if (header.schemaVersion === SCHEMA_VERSION) {
    const { answerIds: _ids, answerRevisions: _revisions, ...listed } = header;
    return listed;
  }
  const { appKey, schemaVersion: _v1, searchText: _text, ...rest } = header;
  return {
    ...rest,
    schemaVersion: SCHEMA_VERSION,
    nameKey: searchKey(header.appName),
    ...(appKey ? { appKey, appKeySearch: searchKey(appKey) } : {}),
  };
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
  const scope = `${entity}:${assessmentId}`;
  const platformCursor = decodeCursor(scope, page.cursor);
  let query = kvs
    .entity<unknown>(entity)
    .query()
    .index(index, { partition: [assessmentId] })
    .sort(Sort.DESC)
    .limit(page.limit);
  if (platformCursor) query = query.cursor(platformCursor);
  const result = await withCursor(platformCursor, () => query.getMany());
  return {
    items: result.results.map(({ key, value }) => parse(key, value)),
    cursor: encodeCursor(scope, result.nextCursor),
  };
}

// ---------------------------------------------------------------------------------------------
// Writes

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
  if (change.review) {
    assertStorable(reviewRoundKey(assessment.id, change.review.round), change.review);
  }
  assertStorable(auditKey(assessment.id, change.audit.revision, change.audit.action), change.audit);

  let tx = kvs
    .transact()
    .set(assessment.id, assessment, {
      entityName: ENTITIES.assessment,
      ...(expectedRevision === undefined ? {} : { conditions: revisionIs(expectedRevision) }),
    })
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
  if (change.review) {
    tx = tx.set(reviewRoundKey(assessment.id, change.review.round), change.review);
  }
  if (change.snapshot) {
    tx = tx.set(snapshotKey(assessment.id, change.snapshot.revision), change.snapshot, {
      entityName: ENTITIES.snapshot,
    });
  }
  await executeGuarded(tx, assessment.id, expectedRevision);
}

const revisionIs = <T extends { revision: number }>(revision: number) =>
  new Filter<T>().and('revision', FilterConditions.equalTo(revision));

/**
 * Deleting is two steps that can each be interrupted without leaving anything unreachable.
 * First the header becomes a tombstone, under the revision check and in one transaction with
 * the audit entry: from then on the assessment is gone for every reader and writer, and the
 * tombstone lists what is left to remove. Then `purge` removes it, by key.
 */
export async function deleteAssessment(
  tombstone: TombstoneRecord,
  expectedRevision: number,
  audit: AuditRecord,
): Promise<void> {
  assertStorable(tombstone.id, tombstone);
  const tx = kvs
    .transact()
    .set(tombstone.id, tombstone, {
      entityName: ENTITIES.assessment,
      conditions: revisionIs(expectedRevision),
    })
    .set(auditKey(tombstone.id, audit.revision, audit.action), audit, {
      entityName: ENTITIES.audit,
    });
  await executeGuarded(tx, tombstone.id, expectedRevision);
}

export interface PurgeOptions {
  budgetMs?: number;
  clock?: () => number;
}

/**
 * Removes everything a tombstone's assessment owned except its audit trail, by key and
 * without reading a value, so a record in a format this release cannot parse cannot stop it.
 * Stops when the budget runs out and records how far it got; returns true when done. Safe to
 * run twice at once: deleting a deleted key is a no-op, and progress only moves forward.
 */
export async function purge(
  tombstone: TombstoneRecord,
  options: PurgeOptions = {},
): Promise<boolean> {
  if (tombstone.partition === DELETED_PARTITION) return true;
  const clock = options.clock ?? Date.now;
  const deadline = clock() + (options.budgetMs ?? PURGE_BUDGET_MS);
  const id = tombstone.id;

  // Answers, manifest and review first: they hold partner text; snapshots hold only figures.
  const owned = [
    // The header listed every stored answer (written in the same transaction as each answer),
    // so the tombstone's copy of that list is complete: no query, nothing read.
    ...(tombstone.answerIds ?? []).map((q) => ({ key: answerKey(id, q) })),
    { key: manifestKey(id) },
    { key: legacyReviewKey(id) },
    ...Array.from({ length: tombstone.reviewRounds ?? 0 }, (_, i) => ({
      key: reviewRoundKey(id, i + 1),
    })),
  ];
  await deleteKeys(owned);

  let next = tombstone.snapshotsFrom ?? 1;
  while (next <= tombstone.revision) {
    if (clock() >= deadline) {
      await saveProgress(tombstone, { answerIds: [], reviewRounds: 0, snapshotsFrom: next });
      return false;
    }
    const round: { key: string; entityName: string }[][] = [];
    for (let p = 0; p < PURGE_PARALLELISM && next <= tombstone.revision; p += 1) {
      const batch: { key: string; entityName: string }[] = [];
      for (; batch.length < MAX_BATCH_KEYS && next <= tombstone.revision; next += 1) {
        batch.push({ key: snapshotKey(id, next), entityName: ENTITIES.snapshot });
      }
      round.push(batch);
    }
    await Promise.all(round.map((batch) => deleteKeys(batch)));
  }

  const done: TombstoneRecord = {
    schemaVersion: SCHEMA_VERSION,
    id,
    partition: DELETED_PARTITION,
    status: 'deleted',
    appName: tombstone.appName,
    revision: tombstone.revision,
    updatedAt: tombstone.updatedAt,
    updatedBy: tombstone.updatedBy,
  };
  await platform(() =>
    kvs
      .transact()
      .set(id, done, {
        entityName: ENTITIES.assessment,
        conditions: revisionIs(tombstone.revision),
      })
      .execute(),
  );
  return true;
}

async function saveProgress(
  tombstone: TombstoneRecord,
  progress: Pick<TombstoneRecord, 'answerIds' | 'reviewRounds' | 'snapshotsFrom'>,
): Promise<void> {
  const next: TombstoneRecord = { ...tombstone, ...progress };
  await platform(() =>
    kvs
      .transact()
      .set(tombstone.id, next, {
        entityName: ENTITIES.assessment,
        conditions: revisionIs(tombstone.revision),
      })
      .execute(),
  );
}

/**
 * Finishes purges that an interrupted delete left behind. The partition query is eventually
 * consistent, which is fine here: it only finds work, and each tombstone is re-read by key
 * before anything is removed.
 */
export async function finishPendingPurges(options: PurgeOptions = {}): Promise<number> {
  const page = await platform(() =>
    assessmentEntity()
      .query()
      .index(INDEXES.assessmentByUpdated, { partition: [PURGING_PARTITION] })
      .limit(10)
      .getMany(),
  );
  let finished = 0;
  for (const { key } of page.results) {
    const header = await readHeader(key);
    if (header && isTombstone(header) && (await purge(header, options))) finished += 1;
  }
  return finished;
}

async function deleteKeys(items: { key: string; entityName?: string }[]): Promise<void> {
  for (let i = 0; i < items.length; i += MAX_BATCH_KEYS) {
    const result = await platform(() => kvs.batchDelete(items.slice(i, i + MAX_BATCH_KEYS)));
    // A key that is not there is already purged.
    const failed = result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed.length > 0) {
      throw new StorageUnavailableError(`batch delete failed: ${failed[0]?.error.code ?? ''}`);
    }
  }
}

/** Keys only: values are never parsed, so any stored format can be listed (and purged). */
async function keysWithPrefix(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(QUERY_PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await platform(() => query.getMany<unknown>());
    keys.push(...page.results.map((r) => r.key));
    cursor = page.nextCursor;
  } while (cursor);
  return keys;
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
    await platform(() => tx.execute());
  } catch (error) {
    if (!(error instanceof ForgeKvsAPIError) || expectedRevision === undefined) throw error;
    // Whatever code the platform used for a failed condition, a moved revision means someone
    // else won the race; the header is re-read by key, so the answer is current.
    const current = await readHeader(assessmentId);
    if (!current || isTombstone(current)) throw new AssessmentGoneError(assessmentId);
    if (current.revision !== expectedRevision) {
      throw new RevisionConflictError(assessmentId, current.revision);
    }
    throw error;
  }
}
