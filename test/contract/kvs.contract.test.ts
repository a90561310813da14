import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kvs, MetadataField, WhereConditions } from '@forge/kvs';
import { KVS_LIMITS, KvsEmulator } from '../../src/local/kvs-emulator';
import { KVS_ERROR } from '../../src/local/kvs-errors';
import { kvsRejection, manualClock } from './support';
import { anyString } from '../support/matchers';

const byteLength = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** A JSON string value whose serialised form is exactly `bytes` long. */
const stringOfSerializedSize = (bytes: number): string => 'x'.repeat(bytes - 2);

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { child: value };
  return value;
}

describe('KVS emulator through @forge/kvs', () => {
  let clock: ReturnType<typeof manualClock>;
  let emulator: KvsEmulator;

  beforeEach(() => {
    clock = manualClock();
    emulator = new KvsEmulator({ now: clock.now });
    emulator.install();
  });

  afterEach(() => emulator.close());

  const storedKeys = async (): Promise<string[]> =>
    (await kvs.query().limit(100).getMany()).results.map((result) => result.key);

  describe('set / get / delete', () => {
    it.each<[string, unknown]>([
      ['string', 'hello'],
      ['unicode string', 'Grüße – 信頼 ✓'],
      ['number', 42.5],
      ['zero', 0],
      ['boolean', false],
      ['array', [1, 'two', { three: 3 }]],
      ['object', { app: 'demo', answers: { q1: true }, score: null }],
    ])('round-trips a %s', async (_name, value) => {
      await kvs.set('assessment:demo', value);
      expect(await kvs.get('assessment:demo')).toEqual(value);
    });

    it('returns undefined for a missing key and deleting it is not an error', async () => {
      expect(await kvs.get('missing')).toBeUndefined();
      await expect(kvs.delete('missing')).resolves.toBeUndefined();
    });

    it('deletes a stored key', async () => {
      await kvs.set('doomed', 1);
      await kvs.delete('doomed');
      expect(await kvs.get('doomed')).toBeUndefined();
    });

    it('keeps createdAt and moves updatedAt on overwrite', async () => {
      const createdAt = clock.now();
      await kvs.set('k', 'v1');
      clock.advance(1_000);
      await kvs.set('k', 'v2');
      const result = await kvs.get('k', {
        metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT],
      });
      expect(result).toEqual({
        key: 'k',
        value: 'v2',
        createdAt,
        updatedAt: createdAt + 1_000,
      });
    });

    it('refuses FAIL_IF_EXISTS on an existing key and keeps the old value', async () => {
      await kvs.set('once', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
      const error = await kvsRejection(kvs.set('once', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }));
      expect(error.code).toBe(KVS_ERROR.KEY_ALREADY_EXISTS);
      expect(error.responseDetails.status).toBe(409);
      expect(await kvs.get('once')).toBe('first');
    });

    it('returns the previous and the latest value when asked', async () => {
      expect(
        await kvs.set('r', 'a', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }),
      ).toBeUndefined();
      expect(await kvs.set('r', 'b', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toEqual({
        key: 'r',
        value: 'a',
      });
      expect(await kvs.set('r', 'c', { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' })).toEqual({
        key: 'r',
        value: 'c',
      });
    });

    it('expires a value after its TTL', async () => {
      await kvs.set('session', 'token', { ttl: { value: 5, unit: 'SECONDS' } });
      const withExpiry = await kvs.get('session', { metadataFields: [MetadataField.EXPIRE_TIME] });
      expect(withExpiry).toEqual({
        key: 'session',
        value: 'token',
        expireTime: new Date(clock.now() + 5_000).toISOString(),
      });
      clock.advance(4_999);
      expect(await kvs.get('session')).toBe('token');
      clock.advance(1);
      expect(await kvs.get('session')).toBeUndefined();
      expect(await storedKeys()).toEqual([]);
    });

    it('keeps secrets apart from plain keys and out of queries', async () => {
      await kvs.setSecret('api-token', { token: 's3cret' });
      expect(await kvs.getSecret('api-token')).toEqual({ token: 's3cret' });
      expect(await kvs.get('api-token')).toBeUndefined();
      expect(await storedKeys()).toEqual([]);
      await kvs.deleteSecret('api-token');
      expect(await kvs.getSecret('api-token')).toBeUndefined();
    });
  });

  describe('query', () => {
    it('pages 250 keys with beginsWith in pages of 100 via the cursor', async () => {
      const expected = Array.from(
        { length: 250 },
        (_, i) => `assessment:${String(i).padStart(3, '0')}`,
      );
      // Written in reverse so the order of the results comes from the store, not from insertion.
      for (const key of [...expected].reverse()) await kvs.set(key, { key });
      for (const key of ['answers:1', 'assessmenu', 'zeta']) await kvs.set(key, 'noise');

      const pageSizes: number[] = [];
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const query = kvs
          .query()
          .where('key', WhereConditions.beginsWith('assessment:'))
          .limit(100);
        const page = await (cursor === undefined ? query : query.cursor(cursor)).getMany<{
          key: string;
        }>();
        pageSizes.push(page.results.length);
        for (const result of page.results) {
          expect(result.value).toEqual({ key: result.key });
          seen.push(result.key);
        }
        cursor = page.nextCursor;
      } while (cursor !== undefined);

      expect(pageSizes).toEqual([100, 100, 50]);
      expect(seen).toEqual(expected);
    });

    it('returns 10 results by default and everything without a where clause', async () => {
      for (let i = 0; i < 12; i += 1) await kvs.set(`k${String(i).padStart(2, '0')}`, i);
      const first = await kvs.query().getMany();
      expect(first.results).toHaveLength(KVS_LIMITS.defaultPageSize);
      expect(first.nextCursor).toEqual(anyString);
      const rest = await kvs
        .query()
        .cursor(first.nextCursor ?? '')
        .getMany();
      expect(rest.results.map((result) => result.key)).toEqual(['k10', 'k11']);
      expect(rest.nextCursor).toBeUndefined();
    });

    it('returns only requested metadata in query results', async () => {
      await kvs.set('m', 1);
      const page = await kvs
        .query({ metadataFields: [MetadataField.CREATED_AT] })
        .where('key', WhereConditions.beginsWith('m'))
        .getMany();
      expect(page.results).toEqual([{ key: 'm', value: 1, createdAt: clock.now() }]);
    });

    it('rejects a cursor it did not issue', async () => {
      const error = await kvsRejection(kvs.query().cursor('not-a-cursor').getMany());
      expect(error.code).toBe(KVS_ERROR.INVALID_CURSOR);
    });
  });

  describe('Forge limits', () => {
    it.each<[string, () => Promise<unknown>, string]>([
      ['a 501-character key', () => kvs.set('k'.repeat(501), 1), KVS_ERROR.KEY_TOO_LONG],
      ['a key with a slash', () => kvs.set('assessment/1', 1), KVS_ERROR.INVALID_KEY],
      ['a key with a question mark', () => kvs.set('what?', 1), KVS_ERROR.INVALID_KEY],
      ['a whitespace-only key', () => kvs.set('   ', 1), KVS_ERROR.INVALID_KEY],
      ['an empty key', () => kvs.set('', 1), KVS_ERROR.KEY_TOO_SHORT],
      [
        'a value over 240 KiB',
        () => kvs.set('big', stringOfSerializedSize(KVS_LIMITS.valueBytes + 1)),
        KVS_ERROR.MAX_SIZE,
      ],
      ['a value nested 33 deep', () => kvs.set('deep', nested(33)), KVS_ERROR.MAX_DEPTH],
      [
        'a secret over 240 KiB',
        () => kvs.setSecret('big', stringOfSerializedSize(KVS_LIMITS.valueBytes + 1)),
        KVS_ERROR.MAX_SIZE,
      ],
      [
        'a query page of 101',
        () => kvs.query().limit(101).getMany(),
        KVS_ERROR.LIST_QUERY_LIMIT_EXCEEDED,
      ],
      [
        'a query page of 0',
        () => kvs.query().limit(0).getMany(),
        KVS_ERROR.LIST_QUERY_LIMIT_EXCEEDED,
      ],
    ])('rejects %s with a 400 and stores nothing', async (_name, call, code) => {
      const error = await kvsRejection(call());
      expect(error.code).toBe(code);
      expect(error.responseDetails.status).toBe(400);
      expect(await storedKeys()).toEqual([]);
    });

    it.each<[string, string, unknown]>([
      ['a 500-character key', 'k'.repeat(500), 1],
      ['a key using every allowed symbol', 'a-Z_0.9:#x y\tz', 1],
      ['a value of exactly 240 KiB', 'big', stringOfSerializedSize(KVS_LIMITS.valueBytes)],
      ['a value nested 32 deep', 'deep', nested(32)],
    ])('accepts %s at the limit', async (_name, key, value) => {
      await kvs.set(key, value);
      expect(await kvs.get(key)).toEqual(value);
    });
  });

  describe('batch operations', () => {
    it('reports per-key success and failure', async () => {
      const result = await kvs.batchSet([
        { key: 'b1', value: 1 },
        { key: 'bad/key', value: 2 },
        { key: 'b3', value: 3 },
      ]);
      expect(result.successfulKeys).toEqual([{ key: 'b1' }, { key: 'b3' }]);
      expect(result.failedKeys).toEqual([
        { key: 'bad/key', error: { code: KVS_ERROR.INVALID_KEY, message: anyString } },
      ]);

      const read = await kvs.batchGet([{ key: 'b1' }, { key: 'nope' }]);
      expect(read.successfulKeys).toEqual([{ key: 'b1', value: 1 }]);
      expect(read.failedKeys).toEqual([
        { key: 'nope', error: { code: KVS_ERROR.KEY_NOT_FOUND, message: anyString } },
      ]);

      const removed = await kvs.batchDelete([{ key: 'b1' }, { key: 'b3' }]);
      expect(removed.successfulKeys).toEqual([{ key: 'b1' }, { key: 'b3' }]);
      expect(await storedKeys()).toEqual([]);
    });

    it.each<[string, () => Promise<unknown>, string]>([
      ['an empty batch', () => kvs.batchSet([]), KVS_ERROR.BAD_REQUEST],
      [
        'a batch of 26 keys',
        () => kvs.batchSet(Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: i }))),
        KVS_ERROR.TOO_MANY_OPERATIONS,
      ],
      [
        'a batch using a key twice',
        () =>
          kvs.batchSet([
            { key: 'twice', value: 1 },
            { key: 'twice', value: 2 },
          ]),
        KVS_ERROR.DUPLICATE_KEYS,
      ],
      [
        'a batch over the 1MB payload Forge may apply today (FRGE-1916)',
        () =>
          kvs.batchSet(
            Array.from({ length: 5 }, (_, i) => ({
              key: `big${i}`,
              value: stringOfSerializedSize(KVS_LIMITS.valueBytes),
            })),
          ),
        KVS_ERROR.PAYLOAD_TOO_LARGE,
      ],
    ])('rejects %s as a whole', async (_name, call, code) => {
      const error = await kvsRejection(call());
      expect(error.code).toBe(code);
      expect(await storedKeys()).toEqual([]);
    });
  });

  describe('counters', () => {
    it('counts requests, bytes written and bytes read', async () => {
      await kvs.set('warm-up', 1);
      emulator.resetCounters();
      expect(emulator.counters).toEqual({ requests: 0, bytesRead: 0, bytesWritten: 0 });

      const value = { answers: { q1: 'yes' }, note: 'naïve' };
      await kvs.set('assessment:1', value);
      expect(emulator.counters).toEqual({
        requests: 1,
        bytesRead: 0,
        bytesWritten: byteLength({ key: 'assessment:1', value }),
      });

      await kvs.get('assessment:1');
      expect(emulator.counters).toEqual({
        requests: 2,
        bytesRead: byteLength({ key: 'assessment:1', value }),
        bytesWritten: byteLength({ key: 'assessment:1', value }),
      });

      await kvsRejection(kvs.set('bad/key', 1));
      expect(emulator.counters.requests).toBe(3);
    });
  });

  describe('the seam', () => {
    it('answers non-KVS targets with a 404 when no product handler is configured', async () => {
      const response = await emulator.fetch(
        { type: 'fpp', provider: 'user', remote: 'jira' },
        '/rest/api/3/myself',
      );
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ code: 'NOT_FOUND', message: anyString });
    });

    it('restores the previous __forge_fetch__ on uninstall', async () => {
      const previous = globalThis.__forge_fetch__;
      const other = new KvsEmulator();
      other.install();
      expect(globalThis.__forge_fetch__).toBe(other.fetch);
      other.close();
      expect(globalThis.__forge_fetch__).toBe(previous);
    });

    it('serves every endpoint the installed @forge/kvs can call', () => {
      // Read from the SDK itself so an upgrade that adds an endpoint fails here first.
      const source = readFileSync(require.resolve('@forge/kvs/out/storage-api.js'), 'utf8');
      const called = [...source.matchAll(/'(\/api\/v1\/[a-z/]+)'/g)].map((match) => match[1]);
      expect(called.length).toBeGreaterThanOrEqual(15);
      expect([...emulator.endpoints].sort()).toEqual([...new Set(called)].sort());
    });
  });
});

describe('file-backed KVS emulator', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'kvs-emulator-'));
  });

  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('creates the parent directory, uses WAL and keeps data across a reopen', async () => {
    const dbPath = join(directory, 'nested', 'dir', 'kvs.sqlite');
    const first = new KvsEmulator({ dbPath });
    first.install();
    await kvs.set('assessment:persisted', { score: 87 });
    first.close();

    const inspect = new Database(dbPath, { readonly: true });
    expect(inspect.pragma('journal_mode', { simple: true })).toBe('wal');
    inspect.close();

    const second = new KvsEmulator({ dbPath });
    second.install();
    try {
      expect(await kvs.get('assessment:persisted')).toEqual({ score: 87 });
    } finally {
      second.close();
    }
  });
});
