import type { Condition, ResolvedEntity } from './kvs-entities';
import { isPlainObject } from './kvs-entities';

/**
 * The SQL side of entity indexes: what the emulator stores per item and index so that an entity
 * query is an indexed range read in SQLite instead of a scan of every item of the entity.
 *
 * An item is in an index when its value is an object holding the index's range attribute and
 * every partition attribute (sparse, as in DynamoDB). Its entry is
 *
 *   (entity, index, partition key, sort key, item key)
 *
 * - partition key: JSON text of the partition values. Two values are `deepEqual` exactly when
 *   their JSON texts are equal (JSON-parsed values; 0 and -0 both print as 0), so equal text is
 *   the partition test the query used to run in JavaScript.
 * - sort key: bytes whose order (SQLite compares BLOBs with memcmp, shorter first on a tie) is
 *   `compareIndexValues`'s order: a type rank first (number < string < boolean < anything else),
 *   then for numbers the IEEE-754 double made order-preserving, for strings their UTF-16 code
 *   units big-endian (JavaScript's `<` compares code units, not code points or UTF-8 bytes), for
 *   the rest the UTF-16 of their JSON text. Equal values get equal keys, so ties fall to the
 *   item key, as before.
 */

const RANK = { number: 0, string: 1, boolean: 2, other: 3 } as const;

/** Sorts below every sort key (all of them start with a rank byte). */
export const SORT_KEY_MIN = Buffer.alloc(0);
/** Sorts above every sort key. */
export const SORT_KEY_MAX = Buffer.from([0xff]);

function utf16be(text: string): Buffer {
  // Node writes UTF-16 code units as they are (lone surrogates included).
  return Buffer.from(text, 'utf16le').swap16();
}

function ranked(rank: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([rank]), body]);
}

function numberBody(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  // -0 equals 0 for compareIndexValues, so both get the key of 0.
  bytes.writeDoubleBE(value === 0 ? 0 : value);
  if ((bytes[0] ?? 0) & 0x80) {
    // Negative: flipping every bit reverses their order and puts them below the positives.
    for (let i = 0; i < 8; i += 1) bytes[i] = ~(bytes[i] ?? 0) & 0xff;
  } else {
    bytes[0] = (bytes[0] ?? 0) | 0x80;
  }
  return bytes;
}

/** The sort key of a range value (any JSON value). */
export function sortKey(value: unknown): Buffer {
  if (typeof value === 'number') return ranked(RANK.number, numberBody(value));
  if (typeof value === 'string') return ranked(RANK.string, utf16be(value));
  const text = JSON.stringify(value) ?? '';
  return ranked(typeof value === 'boolean' ? RANK.boolean : RANK.other, utf16be(text));
}

export function partitionKey(values: readonly unknown[]): string {
  return JSON.stringify(values);
}

/** The smallest key above `key`: every key that has `key` as a prefix lies in [key, this). */
function justAbove(key: Buffer): Buffer {
  return Buffer.concat([key, Buffer.from([0])]);
}

/** The smallest key above every key that starts with `prefix`. */
function prefixEnd(prefix: Buffer): Buffer {
  const bytes = Buffer.from(prefix);
  for (let i = bytes.length - 1; i >= 0; i -= 1) {
    if (bytes[i] !== 0xff) {
      bytes[i] = (bytes[i] ?? 0) + 1;
      return bytes.subarray(0, i + 1);
    }
  }
  return SORT_KEY_MAX;
}

export interface SortKeyRange {
  /** Inclusive. */
  low: Buffer;
  /** Exclusive. */
  high: Buffer;
}

const EMPTY: SortKeyRange = { low: SORT_KEY_MIN, high: SORT_KEY_MIN };
const EVERYTHING: SortKeyRange = { low: SORT_KEY_MIN, high: SORT_KEY_MAX };

/** The sort keys of one type: numbers or strings, the only types comparisons order. */
function ofType(value: unknown): SortKeyRange | undefined {
  if (typeof value === 'number')
    return { low: Buffer.from([RANK.number]), high: Buffer.from([RANK.number + 1]) };
  if (typeof value === 'string')
    return { low: Buffer.from([RANK.string]), high: Buffer.from([RANK.string + 1]) };
  return undefined;
}

/**
 * Sort keys a range condition can hold for: a superset (the query still checks every candidate
 * with `conditionHolds`), but one that holds nothing else for the values a typed index holds.
 */
export function sortKeyRange(condition: Condition | undefined): SortKeyRange {
  if (condition === undefined) return EVERYTHING;
  const [first, second] = condition.values;
  switch (condition.condition) {
    case 'EQUAL_TO': {
      const key = sortKey(first);
      return { low: key, high: justAbove(key) };
    }
    case 'BEGINS_WITH': {
      const prefix = sortKey(String(first));
      return { low: prefix, high: prefixEnd(prefix) };
    }
    case 'GREATER_THAN':
    case 'GREATER_THAN_EQUAL_TO': {
      const type = ofType(first);
      return type === undefined ? EMPTY : { low: sortKey(first), high: type.high };
    }
    case 'LESS_THAN':
    case 'LESS_THAN_EQUAL_TO': {
      const type = ofType(first);
      return type === undefined ? EMPTY : { low: type.low, high: justAbove(sortKey(first)) };
    }
    case 'BETWEEN': {
      const type = ofType(first);
      if (type === undefined || typeof first !== typeof second) return EMPTY;
      return { low: sortKey(first), high: justAbove(sortKey(second)) };
    }
    default:
      // Not a range condition; the emulator validates before it gets here.
      return EVERYTHING;
  }
}

export interface IndexEntry {
  indexName: string;
  partitionKey: string;
  sortKey: Buffer;
}

/** The index entries of one stored value of an entity. */
export function indexEntries(entity: ResolvedEntity, value: unknown): IndexEntry[] {
  if (!isPlainObject(value)) return [];
  const entries: IndexEntry[] = [];
  for (const index of entity.indexes.values()) {
    const rangeValue = value[index.range];
    if (rangeValue === undefined) continue;
    const partition = index.partition.map((attribute) => value[attribute]);
    if (partition.some((part) => part === undefined)) continue;
    entries.push({
      indexName: index.name,
      partitionKey: partitionKey(partition),
      sortKey: sortKey(rangeValue),
    });
  }
  return entries;
}
