import { kvs } from '@forge/kvs';
import type { EntityDeclaration } from '../../src/local/kvs-entities';
import { ENTITY_VALUE_LIMITS } from '../../src/local/kvs-entities';
import { KvsEmulator } from '../../src/local/kvs-emulator';
import { KVS_ERROR } from '../../src/local/kvs-errors';
import { kvsRejection } from './support';
import { anyString } from '../support/matchers';

/**
 * Attribute types and ranges, as documented on "Storing data in custom entities" (Type
 * requirements), enforced on every entity write: set, batch set and transaction set.
 */

const ENTITY = 'typed';
const entities: EntityDeclaration[] = [
  {
    name: ENTITY,
    attributes: {
      label: { type: 'string' },
      count: { type: 'integer' },
      ratio: { type: 'float' },
      flag: { type: 'boolean' },
      extra: { type: 'any' },
    },
    indexes: ['label'],
  },
];

type Value = Record<string, unknown>;

const FLOAT_MAX_BELOW = ENTITY_VALUE_LIMITS.floatMagnitudeBelow;
// The largest double below 1e126, i.e. the largest double within the documented maximum.
const LARGEST_FLOAT = 9.999999999999998e125;

const ACCEPTED: [string, Value][] = [
  ['integer minimum', { count: -2_147_483_648 }],
  ['integer maximum', { count: 2_147_483_647 }],
  ['integer zero', { count: 0 }],
  ['float zero', { ratio: 0 }],
  ['float 1E-130', { ratio: 1e-130 }],
  ['float -1E-130', { ratio: -1e-130 }],
  ['float just under 1E+126', { ratio: LARGEST_FLOAT }],
  ['float negative just under 1E+126', { ratio: -LARGEST_FLOAT }],
  ['float written as a whole number', { ratio: 3 }],
  ['float a timestamp would be', { ratio: 1_735_689_600_000 }],
  ['string with a non-whitespace character', { label: ' x ' }],
  ['boolean false', { flag: false }],
  ['any object with a null inside', { extra: { nested: null, list: [1, 'two'] } }],
  ['any array', { extra: [] }],
  ['any string', { extra: 'text' }],
  ['any number', { extra: 4.5 }],
  ['any boolean', { extra: true }],
];

const REJECTED: [string, Value][] = [
  ['integer above 2147483647', { count: 2_147_483_648 }],
  ['integer below -2147483648', { count: -2_147_483_649 }],
  ['integer millisecond timestamp', { count: 1_735_689_600_000 }],
  ['integer with a fraction', { count: 1.5 }],
  ['integer as a string', { count: '1' }],
  ['float between 0 and 1E-130', { ratio: 1e-131 }],
  ['float between -1E-130 and 0', { ratio: -1e-131 }],
  ['float of 1E+126', { ratio: FLOAT_MAX_BELOW }],
  ['float of -1E+126', { ratio: -FLOAT_MAX_BELOW }],
  ['float as a string', { ratio: '0.5' }],
  ['empty string', { label: '' }],
  ['whitespace-only string', { label: ' \t\n' }],
  ['string as a number', { label: 7 }],
  ['boolean as a number', { flag: 1 }],
  ['boolean as a string', { flag: 'true' }],
  ['null in a typed attribute', { label: null }],
  ['null in an any attribute', { extra: null }],
  ['empty string in an any attribute', { extra: '' }],
  ['out-of-range number in an any attribute', { extra: 1e-200 }],
  ['an undeclared attribute', { label: 'ok', owner: 'me' }],
  ['an empty object', {}],
];

describe('custom entity attribute types through @forge/kvs', () => {
  let emulator: KvsEmulator;

  beforeEach(() => {
    emulator = new KvsEmulator({ entities });
    emulator.install();
  });

  afterEach(() => emulator.close());

  const stored = () => emulator.dump().entities[ENTITY] ?? {};

  describe.each<[string, (value: Value) => Promise<unknown>]>([
    ['entity set', (value) => kvs.entity<Value>(ENTITY).set('k1', value)],
    [
      'transaction set',
      (value) => kvs.transact().set('k1', value, { entityName: ENTITY }).execute(),
    ],
  ])('%s', (_name, write) => {
    it.each(ACCEPTED)('accepts %s', async (_case, value) => {
      await write(value);
      expect(await kvs.entity<Value>(ENTITY).get('k1')).toEqual(value);
    });

    it.each(REJECTED)('rejects %s with INVALID_ENTITY_VALUE (400)', async (_case, value) => {
      const error = await kvsRejection(write(value));
      expect(error.code).toBe(KVS_ERROR.INVALID_ENTITY_VALUE);
      expect(error.responseDetails.status).toBe(400);
      expect(stored()).toEqual({});
    });
  });

  describe('batch set', () => {
    it.each(REJECTED)('fails only the item with %s', async (_case, value) => {
      const result = await kvs.batchSet([
        { key: 'good', value: { label: 'fine' }, entityName: ENTITY },
        { key: 'bad', value, entityName: ENTITY },
      ]);
      expect(result.successfulKeys).toEqual([{ key: 'good', entityName: ENTITY }]);
      expect(result.failedKeys).toEqual([
        {
          key: 'bad',
          entityName: ENTITY,
          error: { code: KVS_ERROR.INVALID_ENTITY_VALUE, message: anyString },
        },
      ]);
      expect(Object.keys(stored())).toEqual(['good']);
    });
  });

  it('rejects a non-object entity value', async () => {
    const error = await kvsRejection(
      kvs.entity<unknown>(ENTITY).set('k1', 'just a string' as unknown as Value),
    );
    expect(error.code).toBe(KVS_ERROR.INVALID_ENTITY_VALUE);
  });
});

describe('custom entity declarations (the limits @forge/manifest enforces, plus index types)', () => {
  const declare = (declaration: EntityDeclaration) => () =>
    new KvsEmulator({ entities: [declaration] }).close();

  it.each<[string, EntityDeclaration, RegExp]>([
    [
      'an index on an undeclared attribute',
      { name: 'broken', attributes: { a: { type: 'string' } }, indexes: ['b'] },
      /undeclared attribute "b"/,
    ],
    [
      'a partition on an undeclared attribute',
      {
        name: 'broken',
        attributes: { a: { type: 'string' } },
        indexes: [{ name: 'by-x', partition: ['x'], range: ['a'] }],
      },
      /undeclared attribute "x"/,
    ],
    [
      'a boolean range attribute',
      { name: 'broken', attributes: { a: { type: 'boolean' } }, indexes: ['a'] },
      /of type boolean/,
    ],
    [
      'an any partition attribute',
      {
        name: 'broken',
        attributes: { a: { type: 'string' }, b: { type: 'any' } },
        indexes: [{ name: 'by-b', partition: ['b'], range: ['a'] }],
      },
      /of type any/,
    ],
    [
      'the reserved index name by-key',
      {
        name: 'broken',
        attributes: { a: { type: 'string' } },
        indexes: [{ name: 'by-key', range: ['a'] }],
      },
      /reserved index name/,
    ],
    [
      'eight indexes',
      {
        name: 'broken',
        attributes: Object.fromEntries(
          Array.from({ length: 8 }, (_, i) => [`a${i}`, { type: 'string' as const }]),
        ),
        indexes: Array.from({ length: 8 }, (_, i) => `a${i}`),
      },
      /more than 7 indexes/,
    ],
    [
      '51 attributes',
      {
        name: 'broken',
        attributes: Object.fromEntries(
          Array.from({ length: 51 }, (_, i) => [`a${i}`, { type: 'string' as const }]),
        ),
      },
      /at most 50/,
    ],
    [
      'a 31-character attribute name',
      { name: 'broken', attributes: { ['a'.repeat(31)]: { type: 'string' } } },
      /longer than 30/,
    ],
    [
      'a two-attribute range',
      {
        name: 'broken',
        attributes: { a: { type: 'string' }, b: { type: 'string' } },
        indexes: [{ name: 'by-ab', range: ['a', 'b'] }],
      },
      /exactly one attribute/,
    ],
  ])('refuses %s', (_name, declaration, message) => {
    expect(declare(declaration)).toThrow(message);
  });

  it('accepts string, integer and float index attributes', () => {
    expect(
      declare({
        name: 'fine',
        attributes: { s: { type: 'string' }, i: { type: 'integer' }, f: { type: 'float' } },
        indexes: ['s', { name: 'by-i', partition: ['s'], range: ['i'] }, 'f'],
      }),
    ).not.toThrow();
  });
});
