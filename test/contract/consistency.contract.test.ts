import { Filter, FilterConditions, kvs, WhereConditions } from '@forge/kvs';
import { KvsEmulator } from '../../src/local/kvs-emulator';
import { manualClock } from './support';

/**
 * Queries are eventually consistent, get / batch get / transaction conditions are not.
 * `setQueryLag(true)` makes every query read a view that misses writes made since lag was
 * switched on (or since the last `catchUp()`), so code that reads its own writes through a query
 * fails here instead of on Forge.
 */

interface Item {
  label: string;
  revision: number;
}

const entities = [
  {
    name: 'item',
    attributes: { label: { type: 'string' as const }, revision: { type: 'integer' as const } },
    indexes: ['label'],
  },
];

const items = () => kvs.entity<Item>('item');
const keysOf = (page: { results: { key: string }[] }) => page.results.map((r) => r.key);
const queryKeys = async () =>
  keysOf(await kvs.query().where('key', WhereConditions.beginsWith('k:')).limit(100).getMany());
const entityKeys = async () =>
  keysOf(await items().query().index('label').where(WhereConditions.beginsWith('')).getMany());

describe('eventual consistency of queries (setQueryLag / catchUp)', () => {
  let clock: ReturnType<typeof manualClock>;
  let emulator: KvsEmulator;

  beforeEach(async () => {
    clock = manualClock();
    emulator = new KvsEmulator({ entities, now: clock.now });
    emulator.install();
    await kvs.set('k:old', 'old');
    await items().set('i-old', { label: 'old', revision: 1 });
  });

  afterEach(() => emulator.close());

  it('reads the latest state while lag is off (the default)', async () => {
    expect(emulator.queryLagging).toBe(false);
    await kvs.set('k:new', 'new');
    expect(await queryKeys()).toEqual(['k:new', 'k:old']);
  });

  it('hides a set from kvs.query() under lag while kvs.get sees it', async () => {
    emulator.setQueryLag(true);
    await kvs.set('k:new', 'new');
    expect(await kvs.get('k:new')).toBe('new');
    expect(await queryKeys()).toEqual(['k:old']);
    emulator.catchUp();
    expect(await queryKeys()).toEqual(['k:new', 'k:old']);
  });

  it('hides an entity set from entity queries while entity get and batch get see it', async () => {
    emulator.setQueryLag(true);
    await items().set('i-new', { label: 'new', revision: 1 });
    expect(await items().get('i-new')).toEqual({ label: 'new', revision: 1 });
    const batch = await kvs.batchGet([{ key: 'i-new', entityName: 'item' }]);
    expect(batch.successfulKeys).toEqual([
      { key: 'i-new', entityName: 'item', value: { label: 'new', revision: 1 } },
    ]);
    expect(await entityKeys()).toEqual(['i-old']);
    emulator.catchUp();
    expect(await entityKeys()).toEqual(['i-new', 'i-old']);
  });

  it('lags deletes too: a deleted key keeps turning up in queries until catchUp', async () => {
    emulator.setQueryLag(true);
    await kvs.delete('k:old');
    await items().delete('i-old');
    expect(await kvs.get('k:old')).toBeUndefined();
    expect(await queryKeys()).toEqual(['k:old']);
    expect(await entityKeys()).toEqual(['i-old']);
    emulator.catchUp();
    expect(await queryKeys()).toEqual([]);
    expect(await entityKeys()).toEqual([]);
  });

  it('shows the old value of an overwritten key until catchUp', async () => {
    emulator.setQueryLag(true);
    await kvs.set('k:old', 'changed');
    const page = await kvs.query().where('key', WhereConditions.beginsWith('k:')).getMany();
    expect(page.results).toEqual([{ key: 'k:old', value: 'old' }]);
  });

  it('lags batch and transaction writes the same way', async () => {
    emulator.setQueryLag(true);
    await kvs.batchSet([{ key: 'k:batch', value: 1 }]);
    await kvs.transact().set('k:tx', 2).execute();
    expect(await queryKeys()).toEqual(['k:old']);
    emulator.catchUp();
    expect(await queryKeys()).toEqual(['k:batch', 'k:old', 'k:tx']);
  });

  it('evaluates transaction conditions against the latest state, not the lagging view', async () => {
    emulator.setQueryLag(true);
    await items().set('i-old', { label: 'old', revision: 2 });
    await kvs
      .transact()
      .set(
        'i-old',
        { label: 'old', revision: 3 },
        {
          entityName: 'item',
          conditions: new Filter<Item>().and('revision', FilterConditions.equalTo(2)),
        },
      )
      .execute();
    expect(await items().get('i-old')).toEqual({ label: 'old', revision: 3 });
  });

  it('catches up and stops lagging when lag is switched off', async () => {
    emulator.setQueryLag(true);
    await kvs.set('k:new', 'new');
    emulator.setQueryLag(false);
    expect(emulator.queryLagging).toBe(false);
    expect(await queryKeys()).toEqual(['k:new', 'k:old']);
    await kvs.set('k:newer', 'newer');
    expect(await queryKeys()).toEqual(['k:new', 'k:newer', 'k:old']);
  });

  it('keeps its lagging view when lag is switched on twice', async () => {
    emulator.setQueryLag(true);
    await kvs.set('k:new', 'new');
    emulator.setQueryLag(true);
    expect(await queryKeys()).toEqual(['k:old']);
  });

  it('still expires TTL values in the lagging view', async () => {
    await kvs.set('k:brief', 'x', { ttl: { value: 1, unit: 'SECONDS' } });
    emulator.setQueryLag(true);
    expect(await queryKeys()).toEqual(['k:brief', 'k:old']);
    clock.advance(1_000);
    expect(await queryKeys()).toEqual(['k:old']);
  });
});
