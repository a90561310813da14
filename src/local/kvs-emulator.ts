import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import type {
  FaultKind,
  ForgeFetch,
  ForgeFetchInit,
  ForgeFetchTarget,
  PendingFault,
  PlatformFaults,
} from './forge-fetch';
import {
  delay,
  FaultInjector,
  installForgeFetch,
  jsonResponse,
  networkError,
  readBodyText,
  respond,
  TIMEOUT_FAULT_DELAY_MS,
  timeoutError,
  utf8Length,
} from './forge-fetch';
import { jiraFaultResponse } from './jira-stub';
import type { EntityDeclaration, Filters, ResolvedEntity, ResolvedIndex } from './kvs-entities';
import {
  conditionHolds,
  conditionSchema,
  filterItemSchema,
  filtersHold,
  filtersSchema,
  isPlainObject,
  RANGE_CONDITIONS,
  resolveEntities,
  validateCondition,
  validateEntityValue,
  validateFilters,
} from './kvs-entities';
import type { KvsErrorCode } from './kvs-errors';
import { badRequest, KVS_ERROR, KvsError } from './kvs-errors';
import {
  indexEntries,
  partitionKey,
  SORT_KEY_MAX,
  SORT_KEY_MIN,
  sortKey,
  sortKeyRange,
} from './kvs-index';

/**
 * Answers every request @forge/kvs 1.x sends through `__forge_fetch__` from a SQLite database,
 * so shipped storage code runs unchanged in `npm start` and in tests.
 */

export const KVS_LIMITS = {
  keyLength: 500,
  valueBytes: 240 * 1024,
  valueDepth: 32,
  defaultPageSize: 10,
  maxPageSize: 100,
  transactionOperations: 25,
  batchKeys: 25,
  // Documented as 4MB for transactions and batchSet, but the batch operations page also says a
  // known bug (FRGE-1916) "incorrectly" limits both to 1MB; the emulator enforces the 1MB that
  // real Forge may apply today.
  payloadBytes: 1_000_000,
} as const;

// Forge's documented key pattern /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/, with the dash escaped so the
// class reads the same to a human as it does to the regex engine.
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

// Keys can only hold BMP characters (the pattern allows no astral ones), so every key sorts
// below this sentinel and `[prefix, prefix + sentinel)` is exactly "begins with prefix".
const PREFIX_END = '\uffff';

const SCHEMA_VERSION = 1;

export interface KvsEmulatorOptions {
  /** SQLite file path, or ':memory:' (the default) for a throwaway store. */
  dbPath?: string;
  /** Parsed `app.storage.entities` from manifest.yml. */
  entities?: readonly EntityDeclaration[];
  /** Answers non-KVS `__forge_fetch__` targets (e.g. the Jira stub). */
  productFetch?: ForgeFetch;
  /** Clock in epoch milliseconds; injectable so TTL behaviour can be tested without waiting. */
  now?: () => number;
}

/** Every live value, grouped by store and sorted by key. */
export interface KvsDump {
  kvs: Record<string, unknown>;
  secrets: Record<string, unknown>;
  entities: Record<string, Record<string, unknown>>;
}

export interface KvsCounters {
  requests: number;
  bytesRead: number;
  bytesWritten: number;
}

type Space = 'kvs' | 'secret' | 'entity';

interface Row {
  item_key: string;
  value: string;
  created_at: number;
  updated_at: number;
  expire_at: number | null;
}

interface Address {
  space: Space;
  entity: string;
  key: string;
}

interface Target extends Address {
  resolvedEntity: ResolvedEntity | undefined;
}

interface Outcome {
  status: number;
  body?: unknown;
}

interface Route {
  // Reads are billed on what comes back, writes on what goes in.
  access: 'read' | 'write';
  handle: (body: unknown, bodyBytes: number) => Outcome;
}

// ---------------------------------------------------------------------------------------------
// Request shapes, derived from @forge/kvs's storage-api.js and interfaces/kvs-api.d.ts

const METADATA_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'EXPIRE_TIME'] as const;
type MetadataField = (typeof METADATA_FIELDS)[number];

const metadataFieldsSchema = z.array(z.enum(METADATA_FIELDS)).optional();
const getOptionsSchema = z.object({ metadataFields: metadataFieldsSchema }).optional();
const ttlSchema = z.object({
  value: z.number().int().positive(),
  unit: z.enum(['SECONDS', 'MINUTES', 'HOURS', 'DAYS']),
});
type Ttl = z.infer<typeof ttlSchema>;
const plainSetOptionsSchema = z.object({ ttl: ttlSchema.optional() }).optional();
const setOptionsSchema = z
  .object({
    ttl: ttlSchema.optional(),
    keyPolicy: z.enum(['OVERRIDE', 'FAIL_IF_EXISTS']).optional(),
    returnValue: z.enum(['PREVIOUS', 'LATEST']).optional(),
    returnMetadataFields: metadataFieldsSchema,
  })
  .optional();

const keyBody = z.object({ key: z.string() });
const getBody = keyBody.extend({ options: getOptionsSchema });
const setBody = keyBody.extend({ value: z.unknown(), options: setOptionsSchema });
const withEntity = { entityName: z.string() };
const withOptionalEntity = { entityName: z.string().optional() };

const queryBody = z.object({
  limit: z.number().optional(),
  after: z.string().optional(),
  where: z.array(filterItemSchema).optional(),
  options: getOptionsSchema,
});

const entityQueryBody = z.object({
  entityName: z.string(),
  indexName: z.string(),
  partition: z.array(z.unknown()).optional(),
  range: conditionSchema.optional(),
  filters: filtersSchema.optional(),
  sort: z.enum(['ASC', 'DESC']).optional(),
  cursor: z.string().optional(),
  limit: z.number().optional(),
  options: getOptionsSchema,
  metadataFields: metadataFieldsSchema,
});

const batchSetBody = z.array(
  setBody.extend({ ...withOptionalEntity, options: plainSetOptionsSchema }),
);
const batchGetBody = z.array(getBody.extend(withOptionalEntity));
const batchDeleteBody = z.array(keyBody.extend(withOptionalEntity));

const transactionBody = z.object({
  set: z
    .array(
      setBody.extend({
        ...withOptionalEntity,
        conditions: filtersSchema.optional(),
        options: plainSetOptionsSchema,
      }),
    )
    .optional(),
  delete: z
    .array(keyBody.extend({ ...withOptionalEntity, conditions: filtersSchema.optional() }))
    .optional(),
  check: z.array(keyBody.extend({ ...withEntity, conditions: filtersSchema })).optional(),
});

const kvsCursorSchema = z.object({ k: z.string() });
const entityCursorSchema = z.object({
  e: z.string(),
  i: z.string(),
  // Every cursor the emulator issues carries the last range value (never undefined).
  r: z.unknown().refine((value) => value !== undefined),
  k: z.string(),
});

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw badRequest('Provided request body is invalid', {
      issues: result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
  }
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// Small pure helpers

function checkKey(key: string, space: Space): void {
  if (key.length === 0) {
    // The two stores document different codes for the same mistake.
    throw space === 'entity'
      ? new KvsError(400, KVS_ERROR.EMPTY_KEY, 'Key cannot be empty')
      : new KvsError(
          400,
          KVS_ERROR.KEY_TOO_SHORT,
          'The provided key needs to be at least one character',
        );
  }
  if (key.length > KVS_LIMITS.keyLength) {
    throw new KvsError(
      400,
      KVS_ERROR.KEY_TOO_LONG,
      `The provided key has exceeded the maximum ${KVS_LIMITS.keyLength} characters`,
    );
  }
  if (!KEY_PATTERN.test(key)) {
    throw new KvsError(
      400,
      KVS_ERROR.INVALID_KEY,
      `The provided key does not match the regex: ${KEY_PATTERN.source}`,
    );
  }
}

function exceedsDepth(value: unknown, remaining: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (remaining === 0) return true;
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => exceedsDepth(child, remaining - 1));
}

/** Returns the JSON text to store, after the size and depth limits. */
function serializeValue(value: unknown): string {
  if (value === undefined) {
    throw badRequest('A value is required');
  }
  const text = JSON.stringify(value);
  const bytes = utf8Length(text);
  if (bytes > KVS_LIMITS.valueBytes) {
    throw new KvsError(
      400,
      KVS_ERROR.MAX_SIZE,
      `The provided value is ${bytes} bytes; the maximum is ${KVS_LIMITS.valueBytes}`,
    );
  }
  if (exceedsDepth(value, KVS_LIMITS.valueDepth)) {
    throw new KvsError(
      400,
      KVS_ERROR.MAX_DEPTH,
      `The provided value has exceeded the maximum object depth (${KVS_LIMITS.valueDepth}) limit`,
    );
  }
  return text;
}

const TTL_UNIT_MS: Readonly<Record<Ttl['unit'], number>> = {
  SECONDS: 1_000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

function pageSize(limit: number | undefined, code: KvsErrorCode): number {
  if (limit === undefined) return KVS_LIMITS.defaultPageSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > KVS_LIMITS.maxPageSize) {
    throw new KvsError(
      400,
      code,
      `The page limit must be an integer between 1 and ${KVS_LIMITS.maxPageSize}, got ${limit}`,
    );
  }
  return limit;
}

function encodeCursor(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function decodeCursor<S extends z.ZodType>(cursor: string, schema: S): z.output<S> {
  const invalid = new KvsError(400, KVS_ERROR.INVALID_CURSOR, 'The provided cursor is invalid');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  const result = schema.safeParse(decoded);
  if (!result.success) throw invalid;
  return result.data;
}

function view(row: Row, fields: readonly MetadataField[] = []): Record<string, unknown> {
  const value: unknown = JSON.parse(row.value);
  const result: Record<string, unknown> = { key: row.item_key, value };
  if (fields.includes('CREATED_AT')) result.createdAt = row.created_at;
  if (fields.includes('UPDATED_AT')) result.updatedAt = row.updated_at;
  if (fields.includes('EXPIRE_TIME') && row.expire_at !== null) {
    result.expireTime = new Date(row.expire_at).toISOString();
  }
  return result;
}

function itemRef(item: { key: string; entityName?: string | undefined }): {
  key: string;
  entityName?: string;
} {
  return item.entityName === undefined
    ? { key: item.key }
    : { key: item.key, entityName: item.entityName };
}

function identity(item: { key: string; entityName?: string | undefined }): string {
  return JSON.stringify([item.entityName ?? null, item.key]);
}

function rejectDuplicates(
  items: readonly { key: string; entityName?: string | undefined }[],
): void {
  const seen = new Set<string>();
  for (const item of items) {
    const id = identity(item);
    if (seen.has(id)) {
      throw new KvsError(
        400,
        KVS_ERROR.DUPLICATE_KEYS,
        `Key "${item.key}"${item.entityName === undefined ? '' : ` of entity "${item.entityName}"`} is used more than once`,
      );
    }
    seen.add(id);
  }
}

function checkPayload(bodyBytes: number): void {
  if (bodyBytes > KVS_LIMITS.payloadBytes) {
    throw new KvsError(
      413,
      KVS_ERROR.PAYLOAD_TOO_LARGE,
      `The request is ${bodyBytes} bytes; the maximum is ${KVS_LIMITS.payloadBytes}`,
    );
  }
}

function checkPartition(
  index: ResolvedIndex,
  partition: readonly unknown[] | undefined,
): readonly unknown[] {
  if (index.partition.length === 0) {
    if (partition !== undefined && partition.length > 0) {
      throw badRequest(`Index "${index.name}" has no partition, but a partition was given`);
    }
    return [];
  }
  if (partition === undefined || partition.length !== index.partition.length) {
    throw badRequest(
      `Index "${index.name}" is partitioned by [${index.partition.join(', ')}]; pass one partition value for each`,
    );
  }
  return partition;
}

// better-sqlite3 rejects named parameters the statement does not use, so strip extras.
function addressOf(address: Address): Address {
  return { space: address.space, entity: address.entity, key: address.key };
}

interface PageEntry {
  row: Row;
  value: Record<string, unknown>;
  rangeValue: unknown;
  key: string;
}

const COLUMNS = 'item_key, value, created_at, updated_at, expire_at';
const LIVE = '(expire_at IS NULL OR expire_at > @now)';

/** One entity query's index read: the candidates in index order (see kvs-index.ts). */
interface IndexRead {
  entity: string;
  index: string;
  partition: string;
  low: Buffer;
  high: Buffer;
  afterSort: Buffer;
  afterKey: string;
  now: number;
}

// The entity indexes, kept beside kvs_item (and beside the lagging replica). TEMP tables: built
// from the items when the emulator opens, so they always match the manifest's declarations and
// never land in a file-backed database.
const INDEX_TABLE_COLUMNS = `
  entity TEXT NOT NULL,
  index_name TEXT NOT NULL,
  partition_key TEXT NOT NULL,
  sort_key BLOB NOT NULL,
  item_key TEXT NOT NULL,
  PRIMARY KEY (entity, index_name, partition_key, sort_key, item_key)`;

/** The statements queries run, against the primary table or against the lagging replica. */
function prepareQueryStatements(db: Database.Database, table: string, indexTable: string) {
  const indexRead = (direction: 'ASC' | 'DESC') =>
    db.prepare<[IndexRead], Row>(
      `SELECT k.item_key, k.value, k.created_at, k.updated_at, k.expire_at
       FROM ${indexTable} AS i
       JOIN ${table} AS k ON k.space = 'entity' AND k.entity = i.entity AND k.item_key = i.item_key
       WHERE i.entity = @entity AND i.index_name = @index AND i.partition_key = @partition
         AND i.sort_key >= @low AND i.sort_key < @high
         AND (i.sort_key, i.item_key) ${direction === 'ASC' ? '>' : '<'} (@afterSort, @afterKey)
         AND (k.expire_at IS NULL OR k.expire_at > @now)
       ORDER BY i.sort_key ${direction}, i.item_key ${direction}`,
    );
  return {
    query: db.prepare<
      [{ from: string; to: string; after: string; now: number; limit: number }],
      Row
    >(
      `SELECT ${COLUMNS} FROM ${table}
       WHERE space = 'kvs' AND entity = '' AND item_key >= @from AND item_key < @to
         AND item_key > @after AND ${LIVE}
       ORDER BY item_key LIMIT @limit`,
    ),
    indexAscending: indexRead('ASC'),
    indexDescending: indexRead('DESC'),
  };
}

type QueryStatements = ReturnType<typeof prepareQueryStatements>;

function prepareStatements(db: Database.Database) {
  const columns = COLUMNS;
  const live = LIVE;
  return {
    read: db.prepare<[Address & { now: number }], Row>(
      `SELECT ${columns} FROM kvs_item
       WHERE space = @space AND entity = @entity AND item_key = @key AND ${live}`,
    ),
    upsert: db.prepare<[Address & Omit<Row, 'item_key'>]>(
      `INSERT INTO kvs_item (space, entity, item_key, value, created_at, updated_at, expire_at)
       VALUES (@space, @entity, @key, @value, @created_at, @updated_at, @expire_at)
       ON CONFLICT (space, entity, item_key) DO UPDATE SET
         value = excluded.value, created_at = excluded.created_at,
         updated_at = excluded.updated_at, expire_at = excluded.expire_at`,
    ),
    delete: db.prepare<[Address]>(
      'DELETE FROM kvs_item WHERE space = @space AND entity = @entity AND item_key = @key',
    ),
    all: db.prepare<[{ now: number }], Row & { space: Space; entity: string }>(
      `SELECT space, entity, ${columns} FROM kvs_item WHERE ${live}
       ORDER BY space, entity, item_key`,
    ),
    replicaReset: db.prepare('DELETE FROM temp.kvs_replica'),
    replicaCopy: db.prepare('INSERT INTO temp.kvs_replica SELECT * FROM main.kvs_item'),
    replicaIndexReset: db.prepare('DELETE FROM temp.kvs_replica_index'),
    replicaIndexCopy: db.prepare(
      'INSERT INTO temp.kvs_replica_index SELECT * FROM temp.kvs_entity_index',
    ),
    entityItems: db.prepare<[], { entity: string; item_key: string; value: string }>(
      "SELECT entity, item_key, value FROM kvs_item WHERE space = 'entity'",
    ),
    unindex: db.prepare<[{ entity: string; key: string }]>(
      'DELETE FROM temp.kvs_entity_index WHERE entity = @entity AND item_key = @key',
    ),
    index: db.prepare<
      [{ entity: string; index: string; partition: string; sort: Buffer; key: string }]
    >(
      `INSERT INTO temp.kvs_entity_index (entity, index_name, partition_key, sort_key, item_key)
       VALUES (@entity, @index, @partition, @sort, @key)`,
    ),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * The KVS answer to an injected `server-error` or `rate-limit` fault. A 429 carries the
 * documented code: RATE_LIMIT_EXCEEDED on the error-handling pages, TOO_MANY_REQUESTS on the
 * transaction pages (so a transaction gets that one), plus a `Retry-After` header in seconds
 * (Forge's storage pages do not mention the header; Jira's rate-limiting page does).
 */
function kvsFaultResponse(
  kind: Extract<FaultKind, 'server-error' | 'rate-limit'>,
  retryAfterSeconds: number,
  path: string,
  headers: Record<string, string>,
): Response {
  if (kind === 'server-error') {
    return jsonResponse(
      500,
      {
        code: KVS_ERROR.INTERNAL_SERVER_ERROR,
        message: 'Internal server error (local platform: injected fault)',
      },
      headers,
    );
  }
  const code =
    path === '/api/v1/transaction' ? KVS_ERROR.TOO_MANY_REQUESTS : KVS_ERROR.RATE_LIMIT_EXCEEDED;
  return jsonResponse(
    429,
    { code, message: 'Rate limit exceeded (local platform: injected fault)' },
    { ...headers, 'retry-after': String(retryAfterSeconds) },
  );
}

// ---------------------------------------------------------------------------------------------

export class KvsEmulator {
  private readonly db: Database.Database;
  private readonly entities: ReadonlyMap<string, ResolvedEntity>;
  private readonly productFetch: ForgeFetch | undefined;
  private readonly now: () => number;
  private readonly stats: KvsCounters = { requests: 0, bytesRead: 0, bytesWritten: 0 };
  private readonly routes: ReadonlyMap<string, Route>;
  private readonly statements: Statements;
  private readonly primaryQueries: QueryStatements;
  private readonly replicaQueries: QueryStatements;
  private queryLag = false;
  private readonly faultInjector = new FaultInjector();
  private traceSequence = 0;
  private restore: (() => void) | undefined;

  constructor(options: KvsEmulatorOptions = {}) {
    this.entities = resolveEntities(options.entities ?? []);
    this.productFetch = options.productFetch;
    this.now = options.now ?? Date.now;

    const dbPath = options.dbPath ?? ':memory:';
    const inMemory = dbPath === ':memory:' || dbPath === '';
    if (!inMemory) mkdirSync(dirname(dbPath), { recursive: true });
    this.db = new Database(dbPath);
    // WAL lets a second process (e.g. a CLI) read the file while the local server writes.
    if (!inMemory) this.db.pragma('journal_mode = WAL');
    this.migrate();
    this.statements = prepareStatements(this.db);
    this.primaryQueries = prepareQueryStatements(this.db, 'main.kvs_item', 'temp.kvs_entity_index');
    this.replicaQueries = prepareQueryStatements(
      this.db,
      'temp.kvs_replica',
      'temp.kvs_replica_index',
    );
    this.buildIndexes();

    this.routes = new Map<string, Route>([
      ['/api/v1/get', { access: 'read', handle: (body) => this.get('kvs', body) }],
      ['/api/v1/set', { access: 'write', handle: (body) => this.set('kvs', body) }],
      ['/api/v1/delete', { access: 'write', handle: (body) => this.remove('kvs', body) }],
      ['/api/v1/query', { access: 'read', handle: (body) => this.query(body) }],
      ['/api/v1/secret/get', { access: 'read', handle: (body) => this.get('secret', body) }],
      ['/api/v1/secret/set', { access: 'write', handle: (body) => this.set('secret', body) }],
      ['/api/v1/secret/delete', { access: 'write', handle: (body) => this.remove('secret', body) }],
      ['/api/v1/entity/get', { access: 'read', handle: (body) => this.get('entity', body) }],
      ['/api/v1/entity/set', { access: 'write', handle: (body) => this.set('entity', body) }],
      ['/api/v1/entity/delete', { access: 'write', handle: (body) => this.remove('entity', body) }],
      ['/api/v1/entity/query', { access: 'read', handle: (body) => this.entityQuery(body) }],
      ['/api/v1/batch/set', { access: 'write', handle: (body, n) => this.batchSet(body, n) }],
      ['/api/v1/batch/get', { access: 'read', handle: (body, n) => this.batchGet(body, n) }],
      ['/api/v1/batch/delete', { access: 'write', handle: (body, n) => this.batchDelete(body, n) }],
      ['/api/v1/transaction', { access: 'write', handle: (body, n) => this.transaction(body, n) }],
    ]);
  }

  /** The paths this emulator answers, for documentation and tests. */
  get endpoints(): string[] {
    return [...this.routes.keys()];
  }

  /** A snapshot; compare two snapshots to see what a piece of code cost. */
  get counters(): KvsCounters {
    return { ...this.stats };
  }

  /**
   * Everything stored, read straight from SQLite without touching the counters; tests compare
   * two dumps to prove that a failed call wrote nothing.
   */
  dump(): KvsDump {
    const result: KvsDump = { kvs: {}, secrets: {}, entities: {} };
    for (const row of this.statements.all.all({ now: this.now() })) {
      const value: unknown = JSON.parse(row.value);
      if (row.space === 'kvs') result.kvs[row.item_key] = value;
      else if (row.space === 'secret') result.secrets[row.item_key] = value;
      else (result.entities[row.entity] ??= {})[row.item_key] = value;
    }
    return result;
  }

  resetCounters(): void {
    this.stats.requests = 0;
    this.stats.bytesRead = 0;
    this.stats.bytesWritten = 0;
  }

  // -------------------------------------------------------------------------------------------
  // Eventual consistency

  /**
   * With lag on, every query (`kvs.query()` and entity queries) reads a view that does not yet
   * include writes made since lag was switched on or since the last `catchUp()`. get, batch get
   * and transaction conditions keep reading the latest state (they are strongly consistent).
   * Switching lag off catches up and stops lagging.
   */
  setQueryLag(on: boolean): void {
    if (on && !this.queryLag) this.catchUp();
    this.queryLag = on;
  }

  /** Applies every pending write (sets, deletes, expiries) to the view lagging queries read. */
  catchUp(): void {
    this.db.transaction(() => {
      this.statements.replicaReset.run();
      this.statements.replicaCopy.run();
      this.statements.replicaIndexReset.run();
      this.statements.replicaIndexCopy.run();
    })();
  }

  get queryLagging(): boolean {
    return this.queryLag;
  }

  private get queries(): QueryStatements {
    return this.queryLag ? this.replicaQueries : this.primaryQueries;
  }

  // -------------------------------------------------------------------------------------------
  // The seam

  /** Fault injection for every request through this seam, KVS and product alike. */
  get faults(): PlatformFaults {
    return this.faultInjector;
  }

  /** Suitable for `global.__forge_fetch__`. */
  readonly fetch: ForgeFetch = async (target, path, init) => {
    const fault = this.faultInjector.next();
    if (fault === undefined) return this.handle(target, path, init);
    return this.suffer(fault, target, path, init);
  };

  private async suffer(
    fault: PendingFault,
    target: ForgeFetchTarget,
    path: string,
    init: ForgeFetchInit | undefined,
  ): Promise<Response> {
    if (fault.kind === 'applied-lost') {
      // Applied and committed; only the answer is lost on the way back.
      await this.handle(target, path, init);
      throw networkError();
    }
    const isKvs = target.type === 'kvs';
    // A faulted KVS request still counts as a request; nothing was read or written.
    const headers = isKvs ? this.countKvsRequest() : {};
    switch (fault.kind) {
      case 'throw':
        throw networkError();
      case 'timeout':
        await delay(TIMEOUT_FAULT_DELAY_MS);
        throw timeoutError();
      case 'server-error':
      case 'rate-limit':
        return isKvs
          ? kvsFaultResponse(fault.kind, fault.retryAfterSeconds, path, headers)
          : jiraFaultResponse(fault);
    }
  }

  private countKvsRequest(): Record<string, string> {
    this.stats.requests += 1;
    this.traceSequence += 1;
    return { 'x-trace-id': `local-kvs-${this.traceSequence}` };
  }

  private async handle(
    target: ForgeFetchTarget,
    path: string,
    init: ForgeFetchInit | undefined,
  ): Promise<Response> {
    if (target.type !== 'kvs') return this.delegate(target, path, init);
    const headers = this.countKvsRequest();
    try {
      const route = this.routes.get(path);
      if (route === undefined) {
        throw new KvsError(
          404,
          KVS_ERROR.NOT_FOUND,
          `The local KVS emulator has no endpoint ${path}`,
        );
      }
      if ((init?.method ?? 'GET').toUpperCase() !== 'POST') {
        throw new KvsError(405, KVS_ERROR.METHOD_NOT_ALLOWED, `${path} only accepts POST`);
      }
      const requestText = readBodyText(init);
      if (requestText === undefined) throw badRequest('The request body must be a JSON string');
      let body: unknown;
      try {
        body = requestText === '' ? undefined : JSON.parse(requestText);
      } catch {
        throw badRequest('Provided request body is invalid');
      }
      const requestBytes = utf8Length(requestText);
      const outcome = route.handle(body, requestBytes);
      const responseText = outcome.body === undefined ? null : JSON.stringify(outcome.body);
      if (route.access === 'write') this.stats.bytesWritten += requestBytes;
      else this.stats.bytesRead += utf8Length(responseText ?? '');
      return respond(outcome.status, responseText, headers);
    } catch (error) {
      if (error instanceof KvsError) return jsonResponse(error.status, error.toBody(), headers);
      const message = error instanceof Error ? error.message : String(error);
      return jsonResponse(
        500,
        { code: KVS_ERROR.INTERNAL_SERVER_ERROR, message: `Local KVS emulator failed: ${message}` },
        headers,
      );
    }
  }

  install(): void {
    this.uninstall();
    this.restore = installForgeFetch(this.fetch);
  }

  uninstall(): void {
    this.restore?.();
    this.restore = undefined;
  }

  close(): void {
    this.uninstall();
    if (this.db.open) this.db.close();
  }

  // -------------------------------------------------------------------------------------------
  // Storage

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true });
    if (typeof version === 'number' && version > SCHEMA_VERSION) {
      throw new Error(
        `KVS database schema version ${version} is newer than this emulator (${SCHEMA_VERSION})`,
      );
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS kvs_item (
        space TEXT NOT NULL,
        entity TEXT NOT NULL,
        item_key TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expire_at INTEGER,
        PRIMARY KEY (space, entity, item_key)
      ) WITHOUT ROWID;
      PRAGMA user_version = ${SCHEMA_VERSION};
    `);
    // The lagging view that eventually consistent queries read while query lag is on. A TEMP
    // table lives in this connection only, so it never lands in a file-backed database.
    this.db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS kvs_replica (
        space TEXT NOT NULL,
        entity TEXT NOT NULL,
        item_key TEXT NOT NULL,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        expire_at INTEGER,
        PRIMARY KEY (space, entity, item_key)
      ) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS kvs_entity_index (${INDEX_TABLE_COLUMNS}) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS temp.kvs_entity_index_item ON kvs_entity_index (entity, item_key);
      CREATE TEMP TABLE IF NOT EXISTS kvs_replica_index (${INDEX_TABLE_COLUMNS}) WITHOUT ROWID;
    `);
    // Expired rows are invisible anyway; dropping them on open keeps the file from growing.
    this.db
      .prepare('DELETE FROM kvs_item WHERE expire_at IS NOT NULL AND expire_at <= ?')
      .run(this.now());
  }

  /** Index entries for every stored item of a declared entity (the tables start empty). */
  private buildIndexes(): void {
    this.db.transaction(() => {
      for (const item of this.statements.entityItems.all()) {
        this.indexItem(item.entity, item.item_key, item.value);
      }
    })();
  }

  /** Replaces the index entries of one entity item (none: it was deleted). */
  private indexItem(entityName: string, key: string, valueText: string | undefined): void {
    this.statements.unindex.run({ entity: entityName, key });
    const entity = this.entities.get(entityName);
    if (entity === undefined || valueText === undefined) return;
    const value: unknown = JSON.parse(valueText);
    for (const entry of indexEntries(entity, value)) {
      this.statements.index.run({
        entity: entityName,
        index: entry.indexName,
        partition: entry.partitionKey,
        sort: entry.sortKey,
        key,
      });
    }
  }

  private erase(address: Address): void {
    this.statements.delete.run(addressOf(address));
    if (address.space === 'entity') this.indexItem(address.entity, address.key, undefined);
  }

  private read(address: Address, now: number): Row | undefined {
    return this.statements.read.get({ ...addressOf(address), now });
  }

  private write(address: Address, valueText: string, ttl: Ttl | undefined, now: number): Row {
    const existing = this.read(address, now);
    const columns = {
      value: valueText,
      created_at: existing?.created_at ?? now,
      updated_at: now,
      expire_at: ttl === undefined ? null : now + ttl.value * TTL_UNIT_MS[ttl.unit],
    };
    this.statements.upsert.run({ ...addressOf(address), ...columns });
    if (address.space === 'entity') this.indexItem(address.entity, address.key, valueText);
    return { item_key: address.key, ...columns };
  }

  private resolveEntity(name: string): ResolvedEntity {
    const entity = this.entities.get(name);
    if (entity === undefined) {
      const declared = [...this.entities.keys()].join(', ') || 'none';
      throw new KvsError(
        400,
        KVS_ERROR.INVALID_ENTITY_TYPE,
        `Entity "${name}" is not declared in manifest app.storage.entities (declared: ${declared})`,
      );
    }
    return entity;
  }

  /** Validates the key (and entity name) of one operation. */
  private target(space: Space, key: string, entityName: string | undefined): Target {
    if (space === 'entity' && entityName === undefined) throw badRequest('entityName is required');
    const resolvedEntity =
      space === 'entity' && entityName !== undefined ? this.resolveEntity(entityName) : undefined;
    checkKey(key, space);
    return { space, entity: resolvedEntity?.name ?? '', key, resolvedEntity };
  }

  private storeTarget(key: string, entityName: string | undefined): Target {
    return this.target(entityName === undefined ? 'kvs' : 'entity', key, entityName);
  }

  private serializeFor(target: Target, value: unknown): string {
    const text = serializeValue(value);
    if (target.resolvedEntity !== undefined) validateEntityValue(target.resolvedEntity, value);
    return text;
  }

  // -------------------------------------------------------------------------------------------
  // Single-key endpoints

  private get(space: Space, body: unknown): Outcome {
    const request = parseBody(getBody.extend(withOptionalEntity), body);
    const target = this.target(space, request.key, request.entityName);
    const row = this.read(target, this.now());
    if (row === undefined) {
      throw new KvsError(404, KVS_ERROR.KEY_NOT_FOUND, 'Provided key does not exist');
    }
    return { status: 200, body: view(row, request.options?.metadataFields) };
  }

  private set(space: Space, body: unknown): Outcome {
    const request = parseBody(setBody.extend(withOptionalEntity), body);
    const target = this.target(space, request.key, request.entityName);
    const valueText = this.serializeFor(target, request.value);
    const options = request.options;
    const now = this.now();
    const previous = this.read(target, now);
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous !== undefined) {
      throw new KvsError(409, KVS_ERROR.KEY_ALREADY_EXISTS, `Key "${request.key}" already exists`);
    }
    const latest = this.write(target, valueText, options?.ttl, now);
    const fields = options?.returnMetadataFields;
    if (options?.returnValue === 'LATEST') return { status: 200, body: view(latest, fields) };
    if (options?.returnValue === 'PREVIOUS' && previous !== undefined) {
      return { status: 200, body: view(previous, fields) };
    }
    return { status: 204 };
  }

  private remove(space: Space, body: unknown): Outcome {
    const request = parseBody(keyBody.extend(withOptionalEntity), body);
    const target = this.target(space, request.key, request.entityName);
    const existed = this.read(target, this.now()) !== undefined;
    this.erase(target);
    if (!existed) throw new KvsError(404, KVS_ERROR.KEY_NOT_FOUND, 'Provided key does not exist');
    return { status: 204 };
  }

  // -------------------------------------------------------------------------------------------
  // Queries

  private query(body: unknown): Outcome {
    const request = parseBody(queryBody, body);
    const limit = pageSize(request.limit, KVS_ERROR.LIST_QUERY_LIMIT_EXCEEDED);
    const prefix = this.queryPrefix(request.where ?? []);
    const after = request.after === undefined ? '' : decodeCursor(request.after, kvsCursorSchema).k;
    const rows = this.queries.query.all({
      from: prefix,
      to: prefix + PREFIX_END,
      after,
      now: this.now(),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const fields = request.options?.metadataFields;
    return {
      status: 200,
      body: {
        data: page.map((row) => view(row, fields)),
        ...(rows.length > limit && last !== undefined
          ? { cursor: encodeCursor({ k: last.item_key }) }
          : {}),
      },
    };
  }

  private queryPrefix(where: readonly z.infer<typeof filterItemSchema>[]): string {
    if (where.length > 1) {
      throw new KvsError(
        400,
        KVS_ERROR.QUERY_WHERE_INVALID,
        'KVS queries should contain only a single "where" clause',
      );
    }
    const [clause] = where;
    if (clause === undefined) return '';
    if (clause.property !== 'key') {
      throw new KvsError(
        400,
        KVS_ERROR.QUERY_WHERE_FIELD_INVALID,
        `KVS queries can only filter on "key", not "${clause.property}"`,
      );
    }
    const [prefix] = validateCondition(clause, ['BEGINS_WITH']).values;
    if (typeof prefix !== 'string' && typeof prefix !== 'number') {
      throw new KvsError(400, KVS_ERROR.INVALID_FILTER_VALUES, 'BEGINS_WITH needs a string value');
    }
    return String(prefix);
  }

  /**
   * A page is read from the index first and filtered second (DynamoDB query semantics), so a
   * filtered page can hold fewer than `limit` results, even none, while a cursor still points
   * at more. Atlassian does not document which way Forge does it; this is the stricter choice:
   * code that keeps paging until the cursor runs out works either way, code that stops at a
   * short page breaks here first.
   */
  private entityQuery(body: unknown): Outcome {
    const request = parseBody(entityQueryBody, body);
    const entity = this.resolveEntity(request.entityName);
    const index = entity.indexes.get(request.indexName);
    if (index === undefined) {
      const declared = [...entity.indexes.keys()].join(', ') || 'none';
      throw new KvsError(
        400,
        KVS_ERROR.INVALID_ENTITY_INDEX,
        `Entity "${entity.name}" has no index "${request.indexName}" (declared: ${declared})`,
      );
    }
    const limit = pageSize(request.limit, KVS_ERROR.COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE);
    const partition = checkPartition(index, request.partition);
    const range =
      request.range === undefined ? undefined : validateCondition(request.range, RANGE_CONDITIONS);
    const filters: Filters | undefined =
      request.filters === undefined ? undefined : validateFilters(request.filters, entity);
    const cursor =
      request.cursor === undefined ? undefined : decodeCursor(request.cursor, entityCursorSchema);
    if (cursor !== undefined && (cursor.e !== entity.name || cursor.i !== index.name)) {
      throw new KvsError(400, KVS_ERROR.INVALID_CURSOR, 'The cursor belongs to a different index');
    }

    // Candidates in index order from SQLite (partition, the range's key bounds, after the
    // cursor, live); each is still checked against the range condition itself, so the bounds
    // only need to hold every match.
    const descending = request.sort === 'DESC';
    const bounds = sortKeyRange(range);
    const read: IndexRead = {
      entity: entity.name,
      index: index.name,
      partition: partitionKey(partition),
      low: bounds.low,
      high: bounds.high,
      afterSort:
        cursor === undefined ? (descending ? SORT_KEY_MAX : SORT_KEY_MIN) : sortKey(cursor.r),
      afterKey: cursor === undefined ? '' : cursor.k,
      now: this.now(),
    };
    const statement = descending ? this.queries.indexDescending : this.queries.indexAscending;
    // One more than a page, to know whether a cursor is due.
    const entries: PageEntry[] = [];
    for (const row of statement.iterate(read)) {
      const value: unknown = JSON.parse(row.value);
      if (!isPlainObject(value)) continue;
      const rangeValue = value[index.range];
      if (range !== undefined && !conditionHolds(rangeValue, range)) continue;
      entries.push({ row, value, rangeValue, key: row.item_key });
      if (entries.length > limit) break;
    }

    const page = entries.slice(0, limit);
    const last = page.at(-1);
    const fields = request.options?.metadataFields ?? request.metadataFields;
    const results =
      filters === undefined ? page : page.filter((entry) => filtersHold(filters, entry.value));
    return {
      status: 200,
      body: {
        data: results.map((entry) => view(entry.row, fields)),
        ...(entries.length > limit && last !== undefined
          ? {
              cursor: encodeCursor({
                e: entity.name,
                i: index.name,
                r: last.rangeValue,
                k: last.key,
              }),
            }
          : {}),
      },
    };
  }

  // -------------------------------------------------------------------------------------------
  // Batches: each item succeeds or fails on its own; only malformed batches fail as a whole.

  private checkBatch(
    items: readonly { key: string; entityName?: string | undefined }[],
    bytes: number,
  ): void {
    checkPayload(bytes);
    if (items.length === 0) throw badRequest('A batch needs at least one key');
    if (items.length > KVS_LIMITS.batchKeys) {
      throw new KvsError(
        400,
        KVS_ERROR.TOO_MANY_OPERATIONS,
        `A batch can hold at most ${KVS_LIMITS.batchKeys} keys, got ${items.length}`,
      );
    }
    rejectDuplicates(items);
  }

  private runBatch<T extends { key: string; entityName?: string | undefined }>(
    items: readonly T[],
    apply: (item: T, now: number) => Record<string, unknown>,
  ): Outcome {
    const successfulKeys: Record<string, unknown>[] = [];
    const failedKeys: Record<string, unknown>[] = [];
    const now = this.now();
    this.db.transaction(() => {
      for (const item of items) {
        try {
          successfulKeys.push(apply(item, now));
        } catch (error) {
          if (!(error instanceof KvsError)) throw error;
          failedKeys.push({
            ...itemRef(item),
            error: { code: error.code, message: error.message },
          });
        }
      }
    })();
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private batchSet(body: unknown, bytes: number): Outcome {
    const items = parseBody(batchSetBody, body);
    this.checkBatch(items, bytes);
    return this.runBatch(items, (item, now) => {
      const target = this.storeTarget(item.key, item.entityName);
      this.write(target, this.serializeFor(target, item.value), item.options?.ttl, now);
      return itemRef(item);
    });
  }

  private batchGet(body: unknown, bytes: number): Outcome {
    const items = parseBody(batchGetBody, body);
    this.checkBatch(items, bytes);
    return this.runBatch(items, (item, now) => {
      const row = this.read(this.storeTarget(item.key, item.entityName), now);
      if (row === undefined) {
        throw new KvsError(404, KVS_ERROR.KEY_NOT_FOUND, 'Provided key does not exist');
      }
      // @forge/kvs hands batch results back untouched, so metadata must be trimmed here.
      return { ...itemRef(item), ...view(row, item.options?.metadataFields) };
    });
  }

  private batchDelete(body: unknown, bytes: number): Outcome {
    const items = parseBody(batchDeleteBody, body);
    this.checkBatch(items, bytes);
    return this.runBatch(items, (item, now) => {
      const target = this.storeTarget(item.key, item.entityName);
      const existed = this.read(target, now) !== undefined;
      this.erase(target);
      if (!existed) throw new KvsError(404, KVS_ERROR.KEY_NOT_FOUND, 'Provided key does not exist');
      return itemRef(item);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Transactions: all conditions are evaluated before any write, inside one SQLite transaction.

  private transaction(body: unknown, bytes: number): Outcome {
    checkPayload(bytes);
    const request = parseBody(transactionBody, body);
    const sets = request.set ?? [];
    const deletes = request.delete ?? [];
    const checks = request.check ?? [];
    const count = sets.length + deletes.length + checks.length;
    if (count === 0) throw badRequest('A transaction needs at least one operation');
    if (count > KVS_LIMITS.transactionOperations) {
      throw new KvsError(
        400,
        KVS_ERROR.TOO_MANY_OPERATIONS,
        `A transaction can hold at most ${KVS_LIMITS.transactionOperations} operations, got ${count}`,
      );
    }
    rejectDuplicates([...sets, ...deletes, ...checks]);

    type Planned = {
      kind: 'set' | 'delete' | 'check';
      target: Target;
      conditions: Filters | undefined;
      valueText?: string;
      ttl?: Ttl;
    };
    const conditionsFor = (
      target: Target,
      raw: z.infer<typeof filtersSchema> | undefined,
    ): Filters | undefined => {
      if (raw === undefined) return undefined;
      if (target.resolvedEntity === undefined) {
        throw badRequest(`Conditions on key "${target.key}" need an entityName`);
      }
      return validateFilters(raw, target.resolvedEntity);
    };
    const planned: Planned[] = [
      ...sets.map((op): Planned => {
        const target = this.storeTarget(op.key, op.entityName);
        return {
          kind: 'set',
          target,
          conditions: conditionsFor(target, op.conditions),
          valueText: this.serializeFor(target, op.value),
          ...(op.options?.ttl === undefined ? {} : { ttl: op.options.ttl }),
        };
      }),
      ...deletes.map((op): Planned => {
        const target = this.storeTarget(op.key, op.entityName);
        return { kind: 'delete', target, conditions: conditionsFor(target, op.conditions) };
      }),
      ...checks.map((op): Planned => {
        const target = this.storeTarget(op.key, op.entityName);
        return { kind: 'check', target, conditions: conditionsFor(target, op.conditions) };
      }),
    ];

    const now = this.now();
    const describe = (op: Planned) => ({
      operation: op.kind,
      key: op.target.key,
      ...(op.target.resolvedEntity === undefined ? {} : { entityName: op.target.entity }),
    });
    this.db.transaction(() => {
      const conditional = planned.flatMap((op) => {
        if (op.conditions === undefined) return [];
        const row = this.read(op.target, now);
        return [{ op, conditions: op.conditions, row }];
      });
      // Atlassian documents no outcome for a condition on a key that does not exist, so the
      // emulator refuses the transaction rather than pick one (see kvs-errors.ts).
      const missing = conditional.filter(({ row }) => row === undefined);
      if (missing.length > 0) {
        throw new KvsError(
          409,
          KVS_ERROR.LOCAL_UNDOCUMENTED_CONDITION_ON_MISSING_KEY,
          'Transaction refused by the local emulator: it puts a condition on a key that does not ' +
            'exist, and Forge does not document how such a condition behaves. Nothing was written.',
          { missingKeys: missing.map(({ op }) => describe(op)) },
        );
      }
      const failed = conditional
        .filter(({ conditions, row }) => {
          const current: unknown = row === undefined ? undefined : JSON.parse(row.value);
          return !filtersHold(conditions, isPlainObject(current) ? current : undefined);
        })
        .map(({ op }) => op);
      if (failed.length > 0) {
        throw new KvsError(
          409,
          KVS_ERROR.CONDITIONAL_CHECK_FAILED,
          'Transaction cancelled: a condition did not hold, so nothing was written',
          { failedOperations: failed.map(describe) },
        );
      }
      for (const op of planned) {
        if (op.kind === 'set' && op.valueText !== undefined) {
          this.write(op.target, op.valueText, op.ttl, now);
        } else if (op.kind === 'delete') {
          this.erase(op.target);
        }
      }
    })();
    return { status: 204 };
  }

  // -------------------------------------------------------------------------------------------

  private delegate(
    target: ForgeFetchTarget,
    path: string,
    init: ForgeFetchInit | undefined,
  ): Promise<Response> {
    if (this.productFetch !== undefined) return this.productFetch(target, path, init);
    return Promise.resolve(
      jsonResponse(404, {
        code: KVS_ERROR.NOT_FOUND,
        message: `No local handler for a "${target.type}" request to ${path}; pass productFetch to KvsEmulator`,
      }),
    );
  }
}
