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
  digestKey,
  digestShardKey,
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
  DIGEST_SHARDS,
  DIGEST_VERSION,
  HEADER_VERSION,
  answerRecordSchema,
  auditRecordSchema,
  digestRecordSchema,
  digestShardSchema,
  headerRecordSchema,
  manifestRecordSchema,
  reviewRecordSchema,
  settingsRecordSchema,
  snapshotRecordSchema,
  type AnswerRecord,
  type AssessmentRecord,
  type AssessmentV2Record,
  type AssessmentV3Record,
  type AnswerChange,
  type AuditRecord,
  type DigestEntry,
  type DigestRecord,
  type StoredAnswerRecord,
  type HeaderRecord,
  type LegacyAssessmentRecord,
  type ManifestRecord,
  type ResolvedAuditRecord,
  type SnapshotRecord,
  type SettingsRecord,
  type StoredReview,
  type TombstoneRecord,
} from './records';
import {
  NO_SHARDS,
  decodeShard,
  digestEntryOf,
  digestWrites,
  earliestEvidenceExpiry,
  mergeDigest,
  stagedToken,
} from './digest';

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
export const MAX_TRANSACTION_OPS = 25;
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

/** A list row: the header, which since format 3 holds nothing a list row does not need. */
export type ListedAssessment = AssessmentRecord;

export interface Commit {
  assessment: AssessmentRecord;
  /**
   * The revision the header must still have. undefined creates a new assessment: its id is
   * fresh, so the write carries no condition (Forge does not document how a condition on a
   * missing key behaves, so the app never writes one).
   */
  expectedRevision: number | undefined;
  /**
   * Answer records to write, by key suffix (`<q>` or a staged `<q>.<token>`, see
   * recordSuffix), and suffixes to delete: cleared answers, records an answer moved away from.
   */
  answers?: { set: Record<string, AnswerRecord>; remove: string[] };
  /**
   * The digest after this change and before it; left out when the change leaves it as it is.
   * Only the shards whose part changed are written. `previous` undefined: no shard is stored
   * yet (a create, or a header converted from an older format), so every shard is written;
   * `dropLegacy` also removes format 3's single digest key in the same transaction.
   */
  digest?: { previous: DigestRecord | undefined; next: DigestRecord; dropLegacy?: boolean };
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

/**
 * Whatever the header key holds, read strongly: a live header (as format 3, without the
 * digest: use loadAssessment for that), a tombstone, or nothing.
 */
export async function readHeader(
  id: string,
): Promise<AssessmentRecord | TombstoneRecord | undefined> {
  const value = await platform(() => assessmentEntity().get(id));
  if (value === undefined) return undefined;
  const header = parseStored(headerRecordSchema, id, value);
  return isTombstone(header) ? header : toListed(header);
}

/**
 * An assessment as a write (or a page) needs it: the header, the scoring digest, the attached
 * manifest, and the answer records asked for. Everything comes by key — the header, digest,
 * manifest and the asked-for records in one batch — so the result is strongly consistent.
 */
export interface LoadedAssessment {
  header: AssessmentRecord;
  /**
   * The header was stored in an older format and converted on read: no digest shard is
   * stored yet, so the next write of the header must write every shard.
   */
  formatUpgrade: boolean;
  /** The digest was read from format 3's single key, which that write removes. */
  legacyDigest: boolean;
  digest: DigestRecord;
  manifest: ManifestRecord | undefined;
  /** The records asked for that exist, by question id. */
  records: Record<string, StoredAnswerRecord>;
}

export interface LoadOptions {
  /** Which answer records to read: none, these questions', or every stored one. */
  answers?: 'all' | readonly string[];
  /** Read the attached manifest too (one more key in the same batch). */
  manifest?: boolean;
}

/**
 * How often a load is repeated when the header and the digest shards it read do not belong
 * together (a write landed between them); after that the mismatch is reported as corruption.
 */
const MAX_TORN_READS = 3;

/** The live assessment, or undefined when there is none or it was deleted. */
export async function loadAssessment(
  id: string,
  options: LoadOptions = {},
): Promise<LoadedAssessment | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    const loaded = await readAssessment(id, options, attempt === MAX_TORN_READS);
    if (loaded !== TORN) return loaded;
  }
}

const TORN = Symbol('torn read');

async function readAssessment(
  id: string,
  options: LoadOptions,
  lastAttempt: boolean,
): Promise<LoadedAssessment | undefined | typeof TORN> {
  const wanted = options.answers ?? [];
  const shardKeys = Array.from({ length: DIGEST_SHARDS }, (_, shard) => digestShardKey(id, shard));
  const first: { key: string; entityName?: string }[] = [
    { key: id, entityName: ENTITIES.assessment },
    ...shardKeys.map((key) => ({ key })),
  ];
  if (options.manifest) first.push({ key: manifestKey(id) });
  // Guessing each record's key saves a round trip; the digest then says which guesses hold.
  const guessed = wanted === 'all' ? [] : [...new Set(wanted)];
  const room = MAX_BATCH_KEYS - first.length;
  for (const questionId of guessed.slice(0, room)) first.push({ key: answerKey(id, questionId) });
  const found = await batchRead(first);

  const headerValue = found.get(id);
  if (headerValue === undefined) return undefined;
  const parsed = parseStored(headerRecordSchema, id, headerValue);
  if (isTombstone(parsed)) return undefined;
  let header: AssessmentRecord;
  let digest: DigestRecord;
  if (parsed.schemaVersion === HEADER_VERSION) {
    header = parsed;
    const parts: (DigestRecord | undefined)[] = [];
    for (const [shard, key] of shardKeys.entries()) {
      const listed = header.digestRevisions[shard] ?? 0;
      const value = found.get(key);
      const stored = value === undefined ? 0 : parseStored(digestShardSchema, key, value).revision;
      if (stored !== listed) {
        if (!lastAttempt) return TORN;
        throw new StoredDataError(
          key,
          `the header lists this shard at revision ${listed}, the shard says ${stored}`,
        );
      }
      parts.push(
        value === undefined ? undefined : decodeShard(parseStored(digestShardSchema, key, value)),
      );
    }
    digest = mergeDigest(parts);
  } else if (parsed.schemaVersion === 3) {
    const format3 = await readFormat3Digest(parsed, lastAttempt);
    if (format3 === TORN) return TORN;
    ({ header, digest } = format3);
  } else {
    ({ header, digest } = await upgradeOlderHeader(parsed));
  }
  const manifestValue = found.get(manifestKey(id));
  const manifest =
    options.manifest && header.manifestAttachedAt !== undefined && manifestValue !== undefined
      ? parseStored(manifestRecordSchema, manifestKey(id), manifestValue)
      : undefined;

  const records: Record<string, StoredAnswerRecord> = {};
  const missing: string[] = [];
  const targets = wanted === 'all' ? Object.keys(digest.answers) : guessed;
  for (const questionId of targets) {
    if (digest.answers[questionId] === undefined) continue;
    const key = answerKey(id, questionId, stagedToken(digest, questionId));
    const value = found.get(key);
    if (value === undefined) missing.push(key);
    else records[questionId] = parseStored(answerRecordSchema, key, value);
  }
  if (missing.length > 0) {
    const more = await batchRead(missing.map((key) => ({ key })));
    const prefix = answerKeyPrefix(id);
    for (const key of missing) {
      const value = more.get(key);
      // The digest and its records are written in one transaction: a gap is corruption.
      if (value === undefined) throw new StoredDataError(key, 'listed in the digest, not stored');
      const questionId = key.slice(prefix.length).split('.')[0] ?? '';
      records[questionId] = parseStored(answerRecordSchema, key, value);
    }
  }
  return {
    header,
    digest,
    manifest,
    records,
    formatUpgrade: parsed.schemaVersion !== HEADER_VERSION,
    legacyDigest: parsed.schemaVersion === 3,
  };
}

/**
 * Format 3 kept the whole digest under one key, which the first batch does not ask for: only
 * stores written before format 4 pay this one extra read, and only until their next write.
 */
async function readFormat3Digest(
  header: AssessmentV3Record,
  lastAttempt: boolean,
): Promise<{ header: AssessmentRecord; digest: DigestRecord } | typeof TORN> {
  const key = digestKey(header.id);
  const value = await platform(() => kvs.get<unknown>(key));
  if (value === undefined) {
    // A converting write can land between the header read and this one: it removes the key
    // and writes the shards, so reading again finds a format-4 header.
    if (!lastAttempt) return TORN;
    throw new StoredDataError(key, 'missing for a format-3 header');
  }
  return {
    header: toListed(header),
    digest: parseStored(digestRecordSchema, key, value),
  };
}

/**
 * Values by key; absent keys are simply not in the map. Matched by key alone: whether Forge
 * echoes an item's entity name is not documented, and no key this app reads in one batch is
 * used both in an entity and outside.
 */
async function batchRead(
  items: { key: string; entityName?: string }[],
): Promise<Map<string, unknown>> {
  const found = new Map<string, unknown>();
  for (let i = 0; i < items.length; i += MAX_BATCH_KEYS) {
    const result = await platform(() => kvs.batchGet<unknown>(items.slice(i, i + MAX_BATCH_KEYS)));
    const failed = result.failedKeys.filter((f) => f.error.code !== 'KEY_NOT_FOUND');
    if (failed.length > 0) {
      throw new StorageUnavailableError(`batch get failed: ${failed[0]?.error.code ?? ''}`);
    }
    for (const { key, value } of result.successfulKeys) found.set(key, value);
  }
  return found;
}

/**
 * Headers of formats 1 and 2 kept the answer bookkeeping themselves (format 1 not even the
 * ids). Only stores written before format 3 hold them; the digest is built once from their
 * answers, and the next write stores both in format 3. Format-2 answer records carry no
 * revision, so the format-2 header's per-answer revisions move into the digest with them.
 */
async function upgradeOlderHeader(
  older: AssessmentV2Record | LegacyAssessmentRecord,
): Promise<{ header: AssessmentRecord; digest: DigestRecord }> {
  let answerIds: string[];
  let revisions: Record<string, number>;
  let rest: Omit<AssessmentRecord, 'schemaVersion' | 'digestRevisions'>;
  if (older.schemaVersion === SCHEMA_VERSION) {
    const { answerIds: ids, answerRevisions, schemaVersion: _v2, ...fields } = older;
    answerIds = ids;
    revisions = answerRevisions;
    rest = fields;
  } else {
    const { appKey, schemaVersion: _v1, searchText: _text, ...fields } = older;
    answerIds = (await keysWithPrefix(answerKeyPrefix(older.id)))
      .map((key) => key.slice(answerKeyPrefix(older.id).length))
      .sort();
    // Format 1 kept no per-answer revisions: every answer counts as changed at revision 0.
    revisions = Object.fromEntries(answerIds.map((q) => [q, 0]));
    rest = {
      ...fields,
      nameKey: searchKey(older.appName),
      ...(appKey ? { appKey, appKeySearch: searchKey(appKey) } : {}),
      ...(fields.reviewedAt !== undefined ? { reviewRounds: 1 } : {}),
    };
  }
  const found = await batchRead(answerIds.map((q) => ({ key: answerKey(older.id, q) })));
  const answers: Record<string, DigestEntry> = {};
  const legacyRevisions: Record<string, number> = {};
  const cleared: Record<string, number> = {};
  for (const questionId of answerIds) {
    const key = answerKey(older.id, questionId);
    const value = found.get(key);
    if (value === undefined) continue;
    answers[questionId] = digestEntryOf(parseStored(answerRecordSchema, key, value).answer);
    legacyRevisions[questionId] = revisions[questionId] ?? 0;
  }
  for (const [questionId, revision] of Object.entries(revisions)) {
    if (answers[questionId] === undefined) cleared[questionId] = revision;
  }
  const digest: DigestRecord = {
    schemaVersion: DIGEST_VERSION,
    answers,
    ...(Object.keys(cleared).length > 0 ? { cleared } : {}),
    ...(Object.keys(legacyRevisions).length > 0 ? { legacyRevisions } : {}),
  };
  const expiry = earliestEvidenceExpiry(digest);
  return {
    header: {
      ...rest,
      schemaVersion: HEADER_VERSION,
      ...(expiry ? { earliestEvidenceExpiry: expiry } : {}),
      digestRevisions: [...NO_SHARDS],
    },
    digest,
  };
}

/** Every stored answer record of an assessment, by question id. */
export async function getAnswers(
  loaded: Pick<LoadedAssessment, 'header' | 'digest'>,
): Promise<Record<string, StoredAnswerRecord>> {
  const id = loaded.header.id;
  const keys = Object.keys(loaded.digest.answers).map((questionId) => ({
    questionId,
    key: answerKey(id, questionId, stagedToken(loaded.digest, questionId)),
  }));
  const found = await batchRead(keys.map(({ key }) => ({ key })));
  const records: Record<string, StoredAnswerRecord> = {};
  for (const { questionId, key } of keys) {
    const value = found.get(key);
    if (value === undefined) throw new StoredDataError(key, 'listed in the digest, not stored');
    records[questionId] = parseStored(answerRecordSchema, key, value);
  }
  return records;
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
): Promise<ResolvedAuditRecord | undefined> {
  const keys = AUDIT_ACTIONS.map((action) => ({
    key: auditKey(assessmentId, revision, action),
    entityName: ENTITIES.audit,
  }));
  for (let i = 0; i < keys.length; i += MAX_BATCH_KEYS) {
    const result = await platform(() => kvs.batchGet<unknown>(keys.slice(i, i + MAX_BATCH_KEYS)));
    const [found] = result.successfulKeys;
    if (found) {
      const [entry] = await resolveBefores([
        parseStored(auditRecordSchema, found.key, found.value),
      ]);
      return entry;
    }
  }
  return undefined;
}

/**
 * Audit entries with every `before` in full: a pointer (format 4) is replaced by the `after` it
 * points at, read by key in batches unless the entry pointed at is among these already.
 */
async function resolveBefores(entries: AuditRecord[]): Promise<ResolvedAuditRecord[]> {
  const byKey = new Map<string, AuditRecord>();
  for (const entry of entries) {
    byKey.set(auditKey(entry.assessmentId, entry.revision, entry.action), entry);
  }
  const keyOf = (entry: AuditRecord, change: { beforeIn: { revision: number; action: string } }) =>
    auditKey(entry.assessmentId, change.beforeIn.revision, change.beforeIn.action);
  const wanted = new Set<string>();
  for (const entry of entries) {
    for (const change of entry.changes ?? []) {
      if ('beforeIn' in change && !byKey.has(keyOf(entry, change)))
        wanted.add(keyOf(entry, change));
    }
  }
  if (wanted.size > 0) {
    const found = await batchRead([...wanted].map((key) => ({ key, entityName: ENTITIES.audit })));
    for (const [key, value] of found) byKey.set(key, parseStored(auditRecordSchema, key, value));
  }
  return entries.map((entry) => {
    if (!entry.changes) return { ...entry, changes: undefined };
    const changes = entry.changes.map((change): AnswerChange => {
      if (!('beforeIn' in change)) return change;
      const key = keyOf(entry, change);
      const source = byKey.get(key)?.changes?.find((c) => c.questionId === change.questionId);
      // Both entries were written with the record between them; a gap is corruption.
      if (!source) throw new StoredDataError(key, `holds no change of ${change.questionId}`);
      return { questionId: change.questionId, before: source.after, after: change.after };
    });
    return { ...entry, changes };
  });
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

/**
 * Older headers list like format 4; their answer bookkeeping is not a list row's business. A
 * converted header lists no digest shard: loadAssessment reads its digest where it was kept.
 */
function toListed(
  header: AssessmentRecord | AssessmentV3Record | AssessmentV2Record | LegacyAssessmentRecord,
): ListedAssessment {
  if (header.schemaVersion === HEADER_VERSION) return header;
  const noShards = {
    schemaVersion: HEADER_VERSION as typeof HEADER_VERSION,
    digestRevisions: [...NO_SHARDS],
  };
  if (header.schemaVersion === 3) return { ...header, ...noShards };
  if (header.schemaVersion === SCHEMA_VERSION) {
    const { answerIds: _ids, answerRevisions: _revisions, schemaVersion: _v2, ...listed } = header;
    return { ...listed, ...noShards };
  }
  const { appKey, schemaVersion: _v1, searchText: _text, ...rest } = header;
  return {
    ...rest,
    ...noShards,
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
): Promise<StoredPage<ResolvedAuditRecord>> {
  const stored = await listByAssessment(
    ENTITIES.audit,
    INDEXES.auditByAssessment,
    assessmentId,
    page,
    (key, value) => parseStored(auditRecordSchema, key, value),
  );
  return { items: await resolveBefores(stored.items), cursor: stored.cursor };
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
 * client loses the race cleanly: nothing is written and the caller gets a conflict. Returns
 * the header as written: with the digest shards it lists after this write.
 */
export async function commit(change: Commit): Promise<AssessmentRecord> {
  const { expectedRevision } = change;
  const id = change.assessment.id;
  const digest = change.digest
    ? digestWrites(
        change.digest.previous,
        change.digest.next,
        change.assessment.digestRevisions,
        change.assessment.revision,
      )
    : undefined;
  const assessment: AssessmentRecord = digest
    ? { ...change.assessment, digestRevisions: digest.revisions }
    : change.assessment;
  const dropLegacy = change.digest?.dropLegacy === true;
  const sets = Object.entries(change.answers?.set ?? {});
  const removes = change.answers?.remove ?? [];
  const ops =
    2 +
    sets.length +
    removes.length +
    (digest?.shards.size ?? 0) +
    (dropLegacy ? 1 : 0) +
    (change.snapshot ? 1 : 0) +
    (change.manifest === undefined ? 0 : 1) +
    (change.review ? 1 : 0);
  if (ops > MAX_TRANSACTION_OPS) {
    throw new RangeError(`a commit may hold at most ${MAX_TRANSACTION_OPS} operations, got ${ops}`);
  }
  assertStorable(id, assessment);
  for (const [suffix, record] of sets) assertStorable(`${answerKeyPrefix(id)}${suffix}`, record);
  for (const [shard, value] of digest?.shards ?? []) {
    if (value) assertStorable(digestShardKey(id, shard), value);
  }
  if (change.manifest) assertStorable(manifestKey(id), change.manifest);
  if (change.review) assertStorable(reviewRoundKey(id, change.review.round), change.review);
  assertStorable(auditKey(id, change.audit.revision, change.audit.action), change.audit);

  let tx = kvs
    .transact()
    .set(id, assessment, {
      entityName: ENTITIES.assessment,
      ...(expectedRevision === undefined ? {} : { conditions: revisionIs(expectedRevision) }),
    })
    .set(auditKey(id, assessment.revision, change.audit.action), change.audit, {
      entityName: ENTITIES.audit,
    });
  for (const [shard, value] of digest?.shards ?? []) {
    const key = digestShardKey(id, shard);
    tx = value ? tx.set(key, value) : tx.delete(key);
  }
  if (dropLegacy) tx = tx.delete(digestKey(id));
  for (const [suffix, record] of sets) tx = tx.set(`${answerKeyPrefix(id)}${suffix}`, record);
  for (const suffix of removes) tx = tx.delete(`${answerKeyPrefix(id)}${suffix}`);
  if (change.manifest !== undefined) {
    const key = manifestKey(id);
    tx = change.manifest === null ? tx.delete(key) : tx.set(key, change.manifest);
  }
  if (change.review) {
    tx = tx.set(reviewRoundKey(id, change.review.round), change.review);
  }
  if (change.snapshot) {
    tx = tx.set(snapshotKey(id, change.snapshot.revision), change.snapshot, {
      entityName: ENTITIES.snapshot,
    });
  }
  await executeGuarded(tx, id, expectedRevision);
  return assessment;
}

/**
 * Writes records under fresh staged keys ahead of the one guarded write that makes the digest
 * point at them. Until then nothing reads them, so an interrupted import changes nothing a
 * reader sees; `discardKeys` removes them again when that write does not happen.
 */
export async function stageAnswers(
  assessmentId: string,
  records: Record<string, AnswerRecord>,
): Promise<void> {
  const items = Object.entries(records).map(([suffix, value]) => {
    const key = `${answerKeyPrefix(assessmentId)}${suffix}`;
    assertStorable(key, value);
    return { key, value };
  });
  for (let i = 0; i < items.length; i += MAX_BATCH_KEYS) {
    const result = await platform(() => kvs.batchSet(items.slice(i, i + MAX_BATCH_KEYS)));
    if (result.failedKeys.length > 0) {
      throw new StorageUnavailableError(
        `batch set failed: ${result.failedKeys[0]?.error.code ?? ''}`,
      );
    }
  }
}

/** Removes answer records by key suffix, best effort for the caller to decide. */
export async function discardAnswerRecords(
  assessmentId: string,
  suffixes: string[],
): Promise<void> {
  await deleteKeys(
    suffixes.map((suffix) => ({ key: `${answerKeyPrefix(assessmentId)}${suffix}` })),
  );
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
    // The digest listed every stored answer record (written in the same transaction as each
    // record), so the tombstone's copy of that list is complete: no query, nothing read.
    ...(tombstone.answerIds ?? []).map((suffix) => ({ key: `${answerKeyPrefix(id)}${suffix}` })),
    { key: digestKey(id) },
    ...Array.from({ length: DIGEST_SHARDS }, (_, shard) => ({ key: digestShardKey(id, shard) })),
    { key: manifestKey(id) },
    { key: legacyReviewKey(id) },
    ...Array.from({ length: tombstone.reviewRounds ?? 0 }, (_, i) => ({
      key: reviewRoundKey(id, i + 1),
    })),
  ];
  await deleteKeys(owned);
  // Records an import staged but never committed, or superseded and not yet removed, are in
  // no list; the key query finds them (eventually consistent, which only delays such leftovers).
  if ((tombstone.snapshotsFrom ?? 1) === 1) {
    await deleteKeys((await keysWithPrefix(answerKeyPrefix(id))).map((key) => ({ key })));
  }

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
