import type { AndFilter, OrFilter } from '@forge/kvs';
import { Filter, FilterConditions, kvs, MetadataField, Sort, WhereConditions } from '@forge/kvs';
import { parse } from 'yaml';
import { entitiesFromManifest } from '../../src/local/kvs-entities';
import { KvsEmulator } from '../../src/local/kvs-emulator';
import { KVS_ERROR } from '../../src/local/kvs-errors';
import { kvsRejection, manualClock } from './support';

interface Assessment {
  appKey: string;
  status: string;
  score?: number;
  hosting: string;
  tags?: string[];
}

const MANIFEST = `
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
  storage:
    entities:
      - name: assessment
        attributes:
          appKey: { type: string }
          status: { type: string }
          score: { type: integer }
          hosting: { type: string }
          tags: { type: any }
        indexes:
          - appKey
          - name: by-status-score
            partition: [status]
            range: [score]
`;

const entities = entitiesFromManifest(parse(MANIFEST));

// a12 has no score, so it is absent from the by-status-score index; a04/a05 tie on score.
const SEED = {
  a01: { appKey: 'app-a01', status: 'draft', score: 10, hosting: 'cloud' },
  a02: { appKey: 'app-a02', status: 'draft', score: 25, hosting: 'cloud', tags: ['security'] },
  a03: { appKey: 'app-a03', status: 'draft', score: 30, hosting: 'connect' },
  a04: { appKey: 'app-a04', status: 'draft', score: 40, hosting: 'cloud' },
  a05: { appKey: 'app-a05', status: 'draft', score: 40, hosting: 'cloud', tags: ['privacy'] },
  a06: { appKey: 'app-a06', status: 'draft', score: 55, hosting: 'connect' },
  a07: { appKey: 'app-a07', status: 'draft', score: 60, hosting: 'connect' },
  a08: { appKey: 'app-a08', status: 'draft', score: 70, hosting: 'cloud', tags: ['security'] },
  a09: { appKey: 'app-a09', status: 'draft', score: 85, hosting: 'cloud' },
  a10: { appKey: 'app-a10', status: 'submitted', score: 50, hosting: 'cloud' },
  a11: { appKey: 'app-a11', status: 'submitted', score: 65, hosting: 'cloud' },
  a12: { appKey: 'app-a12', status: 'draft', hosting: 'cloud' },
} satisfies Record<string, Assessment>;

const assessments = () => kvs.entity<Assessment>('assessment');

describe('custom entities through @forge/kvs', () => {
  let clock: ReturnType<typeof manualClock>;
  let emulator: KvsEmulator;

  beforeEach(async () => {
    clock = manualClock();
    emulator = new KvsEmulator({ entities, now: clock.now });
    emulator.install();
    for (const [key, value] of Object.entries(SEED)) await assessments().set(key, value);
  });

  afterEach(() => emulator.close());

  it('gets, sets and deletes an entity, separately from plain keys', async () => {
    expect(await assessments().get('a01')).toEqual(SEED.a01);
    expect(await kvs.get('a01')).toBeUndefined();
    expect(await assessments().get('missing')).toBeUndefined();
    await assessments().delete('a01');
    expect(await assessments().get('a01')).toBeUndefined();
  });

  it('dumps every store without counting it as traffic', async () => {
    await kvs.set('plain', 1);
    await kvs.setSecret('token', 'x');
    emulator.resetCounters();
    const dump = emulator.dump();
    expect(dump.kvs).toEqual({ plain: 1 });
    expect(dump.secrets).toEqual({ token: 'x' });
    expect(dump.entities).toEqual({ assessment: SEED });
    expect(Object.keys(dump.entities.assessment ?? {})).toEqual(Object.keys(SEED).sort());
    expect(emulator.counters.requests).toBe(0);
  });

  it('queries by partition, range, filter and descending sort across cursor pages', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      let query = assessments()
        .query()
        .index('by-status-score', { partition: ['draft'] })
        .where(WhereConditions.between(20, 80))
        .filters(new Filter<Assessment>().and('hosting', FilterConditions.equalTo('cloud')))
        .sort(Sort.DESC)
        .limit(3);
      if (cursor !== undefined) query = query.cursor(cursor);
      const page = await query.getMany();
      pages.push(page.results.map((result) => result.key));
      cursor = page.nextCursor;
    } while (cursor !== undefined);

    // Index pages [a08 a07 a06] [a05 a04 a03] [a02]; the filter runs after each page is read.
    expect(pages).toEqual([['a08'], ['a05', 'a04'], ['a02']]);
  });

  it('sorts ascending by the range attribute, then by key', async () => {
    const page = await assessments()
      .query()
      .index('by-status-score', { partition: ['draft'] })
      .where(WhereConditions.greaterThanEqualTo(40))
      .limit(4)
      .getMany();
    expect(page.results.map((result) => result.key)).toEqual(['a04', 'a05', 'a06', 'a07']);
  });

  it.each<[string, () => AndFilter<Assessment> | OrFilter<Assessment>, string[]]>([
    [
      'and beginsWith + equalTo',
      () =>
        new Filter<Assessment>()
          .and('appKey', FilterConditions.beginsWith('app-a1'))
          .and('status', FilterConditions.equalTo('submitted')),
      ['a10', 'a11'],
    ],
    [
      'or equalTo / greaterThan',
      () =>
        new Filter<Assessment>()
          .or('hosting', FilterConditions.equalTo('connect'))
          .or('score', FilterConditions.greaterThan(80)),
      ['a03', 'a06', 'a07', 'a09'],
    ],
    [
      'contains in an array attribute',
      () => new Filter<Assessment>().and('tags', FilterConditions.contains('security')),
      ['a02', 'a08'],
    ],
    [
      'notExists',
      () => new Filter<Assessment>().and('score', FilterConditions.notExists()),
      ['a12'],
    ],
    [
      'between + notEqualTo',
      () =>
        new Filter<Assessment>()
          .and('score', FilterConditions.between(40, 55))
          .and('hosting', FilterConditions.notEqualTo('connect')),
      ['a04', 'a05', 'a10'],
    ],
    [
      'lessThanEqualTo',
      () => new Filter<Assessment>().and('score', FilterConditions.lessThanEqualTo(25)),
      ['a01', 'a02'],
    ],
  ])('filters with %s', async (_name, filter, expected) => {
    const page = await assessments()
      .query()
      .index('appKey')
      .where(WhereConditions.beginsWith('app-'))
      .filters(filter())
      .limit(100)
      .getMany();
    expect(page.results.map((result) => result.key)).toEqual(expected);
    expect(page.nextCursor).toBeUndefined();
  });

  it('returns requested metadata in entity query results', async () => {
    const result = await assessments()
      .query({ metadataFields: [MetadataField.UPDATED_AT] })
      .index('appKey')
      .where(WhereConditions.equalTo('app-a01'))
      .getOne();
    expect(result).toEqual({ key: 'a01', value: SEED.a01, updatedAt: clock.now() });
  });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      'an undeclared entity',
      () => kvs.entity('unknown-entity').set('k1', { a: 1 }),
      KVS_ERROR.INVALID_ENTITY_TYPE,
    ],
    [
      'an undeclared index',
      () => assessments().query().index('by-nothing').getMany(),
      KVS_ERROR.INVALID_ENTITY_INDEX,
    ],
    [
      'an attribute of the wrong type',
      () => kvs.entity('assessment').set('x1', { appKey: 7 }),
      KVS_ERROR.INVALID_ENTITY_VALUE,
    ],
    [
      'a float in an integer attribute',
      () => kvs.entity('assessment').set('x1', { score: 1.5 }),
      KVS_ERROR.INVALID_ENTITY_VALUE,
    ],
    [
      'an undeclared attribute',
      () => kvs.entity('assessment').set('x1', { appKey: 'a', owner: 'me' }),
      KVS_ERROR.INVALID_ENTITY_VALUE,
    ],
    ['an invalid key', () => assessments().set('x/1', SEED.a01), KVS_ERROR.INVALID_KEY],
    ['an empty key', () => assessments().set('', SEED.a01), KVS_ERROR.EMPTY_KEY],
    [
      'a partitioned index queried without a partition',
      () => assessments().query().index('by-status-score').getMany(),
      KVS_ERROR.BAD_REQUEST,
    ],
    [
      'a query page of 101',
      () => assessments().query().index('appKey').limit(101).getMany(),
      KVS_ERROR.COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE,
    ],
    [
      'a filter on an undeclared attribute',
      () =>
        kvs
          .entity<Record<string, unknown>>('assessment')
          .query()
          .index('appKey')
          .filters(new Filter<Record<string, unknown>>().and('owner', FilterConditions.exists()))
          .getMany(),
      KVS_ERROR.QUERY_WHERE_FIELD_INVALID,
    ],
  ])('rejects %s', async (_name, call, code) => {
    const error = await kvsRejection(call());
    expect(error.code).toBe(code);
    expect(error.responseDetails.status).toBe(400);
    expect(await kvs.entity('assessment').get('x1')).toBeUndefined();
  });

  it('refuses a declaration whose index names an undeclared attribute', () => {
    expect(
      () =>
        new KvsEmulator({
          entities: [{ name: 'broken', attributes: { a: { type: 'string' } }, indexes: ['b'] }],
        }),
    ).toThrow(/undeclared attribute "b"/);
  });
});
