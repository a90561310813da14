import * as z from 'zod';
import { KVS_ERROR, KvsError } from './kvs-errors';

/**
 * Custom-entity declarations (manifest `app.storage.entities`) and the condition language
 * shared by entity queries (range + filters) and transaction conditions.
 */

// Same patterns as @forge/manifest's schema, so a declaration the validator accepts loads here.
const ENTITY_NAME = /^(?![_.-])(?!.*\.{2})[a-z0-9:\-_.]*(?<![.])$/;
const ATTRIBUTE_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

export const ATTRIBUTE_TYPES = ['string', 'boolean', 'float', 'integer', 'any'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * Declaration limits enforced by @forge/manifest's StorageValidator (what `forge lint` and
 * `forge deploy` refuse), so a declaration that could not be deployed cannot load here either.
 */
export const ENTITY_DECLARATION_LIMITS = {
  attributes: 50,
  attributeNameLength: 30,
  indexes: 7,
  reservedIndexName: 'by-key',
} as const;

/**
 * Types an index partition or range attribute may have. Atlassian does not document this; the
 * store sorts and partitions by value, and booleans and `any` values have no documented order,
 * so the emulator refuses them (guess, strict).
 */
export const INDEXABLE_TYPES: readonly AttributeType[] = ['string', 'integer', 'float'];

const entityIndexSchema = z.union([
  z.string().min(1),
  z.object({
    name: z.string().min(1),
    range: z.array(z.string()).min(1),
    partition: z.array(z.string()).min(1).optional(),
  }),
]);

export const entityDeclarationSchema = z.object({
  name: z.string().min(3).max(60).regex(ENTITY_NAME),
  attributes: z.record(
    z.string().regex(ATTRIBUTE_NAME),
    z.object({ type: z.enum(ATTRIBUTE_TYPES) }),
  ),
  indexes: z.array(entityIndexSchema).optional(),
});

export type EntityDeclaration = z.input<typeof entityDeclarationSchema>;

/** Parses an `app.storage.entities` array, e.g. straight from a YAML-parsed manifest. */
export function parseEntityDeclarations(input: unknown): EntityDeclaration[] {
  return z.array(entityDeclarationSchema).parse(input);
}

/** Extracts `app.storage.entities` from a parsed manifest; a manifest without entities has none. */
export function entitiesFromManifest(manifest: unknown): EntityDeclaration[] {
  const shape = z.object({
    app: z.object({
      storage: z.object({ entities: z.unknown().optional() }).optional(),
    }),
  });
  const entities = shape.parse(manifest).app.storage?.entities;
  return entities === undefined ? [] : parseEntityDeclarations(entities);
}

export interface ResolvedIndex {
  name: string;
  range: string;
  partition: readonly string[];
}

export interface ResolvedEntity {
  name: string;
  attributes: ReadonlyMap<string, AttributeType>;
  indexes: ReadonlyMap<string, ResolvedIndex>;
}

/**
 * Validates declarations up front so a typo in the manifest fails when the emulator starts,
 * not at the first query.
 */
export function resolveEntities(
  declarations: readonly EntityDeclaration[],
): Map<string, ResolvedEntity> {
  const resolved = new Map<string, ResolvedEntity>();
  for (const raw of declarations) {
    const declaration = entityDeclarationSchema.parse(raw);
    if (resolved.has(declaration.name)) {
      throw new Error(`Entity "${declaration.name}" is declared twice`);
    }
    const attributes = new Map<string, AttributeType>(
      Object.entries(declaration.attributes).map(([name, { type }]) => [name, type]),
    );
    const where = `entity "${declaration.name}"`;
    if (attributes.size > ENTITY_DECLARATION_LIMITS.attributes) {
      throw new Error(
        `${where} declares ${attributes.size} attributes; at most ${ENTITY_DECLARATION_LIMITS.attributes} are allowed`,
      );
    }
    for (const attribute of attributes.keys()) {
      if (attribute.length > ENTITY_DECLARATION_LIMITS.attributeNameLength) {
        throw new Error(
          `Attribute "${attribute}" of ${where} is longer than ${ENTITY_DECLARATION_LIMITS.attributeNameLength} characters`,
        );
      }
    }
    if ((declaration.indexes?.length ?? 0) > ENTITY_DECLARATION_LIMITS.indexes) {
      throw new Error(`${where} declares more than ${ENTITY_DECLARATION_LIMITS.indexes} indexes`);
    }
    const requireAttribute = (attribute: string, indexName: string): void => {
      const type = attributes.get(attribute);
      if (type === undefined) {
        throw new Error(
          `Index "${indexName}" of ${where} uses undeclared attribute "${attribute}"`,
        );
      }
      if (!INDEXABLE_TYPES.includes(type)) {
        throw new Error(
          `Index "${indexName}" of ${where} uses attribute "${attribute}" of type ${type}; index attributes must be ${INDEXABLE_TYPES.join(', ')}`,
        );
      }
    };
    const indexes = new Map<string, ResolvedIndex>();
    for (const index of declaration.indexes ?? []) {
      const resolvedIndex: ResolvedIndex =
        typeof index === 'string'
          ? { name: index, range: index, partition: [] }
          : {
              name: index.name,
              range: rangeAttribute(index.range),
              partition: index.partition ?? [],
            };
      if (resolvedIndex.name === ENTITY_DECLARATION_LIMITS.reservedIndexName) {
        throw new Error(`${where} cannot use the reserved index name "${resolvedIndex.name}"`);
      }
      if (indexes.has(resolvedIndex.name)) {
        throw new Error(
          `Entity "${declaration.name}" declares index "${resolvedIndex.name}" twice`,
        );
      }
      requireAttribute(resolvedIndex.range, resolvedIndex.name);
      resolvedIndex.partition.forEach((attribute) =>
        requireAttribute(attribute, resolvedIndex.name),
      );
      indexes.set(resolvedIndex.name, resolvedIndex);
    }
    resolved.set(declaration.name, { name: declaration.name, attributes, indexes });
  }
  return resolved;
}

function rangeAttribute(range: readonly string[]): string {
  const [first, ...rest] = range;
  // The manifest schema allows an array, but Forge sorts by a single range attribute.
  if (first === undefined || rest.length > 0) {
    throw new Error(`An index range must name exactly one attribute, got [${range.join(', ')}]`);
  }
  return first;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Documented ranges ("Storing data in custom entities", Type requirements):
 * integer is a 32-bit signed integer; float is 0 or has a magnitude from 1E-130 to
 * 9.9999999999999999999999999999999999999E+125 (both inclusive); string must be non-empty with
 * at least one non-whitespace character; boolean is true or false.
 */
export const ENTITY_VALUE_LIMITS = {
  integerMin: -2_147_483_648,
  integerMax: 2_147_483_647,
  floatMinMagnitude: 1e-130,
  // The documented maximum (38 nines, then E+125) is below 1e126 but rounds to it as a double,
  // so "at most the maximum" is "below 1e126" for every double.
  floatMagnitudeBelow: 1e126,
} as const;

function isEntityInteger(value: unknown): boolean {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= ENTITY_VALUE_LIMITS.integerMin &&
    value <= ENTITY_VALUE_LIMITS.integerMax
  );
}

function isEntityFloat(value: unknown): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (value === 0) return true;
  const magnitude = Math.abs(value);
  return (
    magnitude >= ENTITY_VALUE_LIMITS.floatMinMagnitude &&
    magnitude < ENTITY_VALUE_LIMITS.floatMagnitudeBelow
  );
}

function isEntityString(value: unknown): boolean {
  return typeof value === 'string' && /\S/u.test(value);
}

/**
 * `any` is documented to take "string, integer, float, boolean, object, array". The list has no
 * null, so null is refused (guess, strict). A top-level string or number has to pass the string
 * or float rule (guess, strict); what sits inside objects and arrays is only JSON-checked.
 */
function isEntityAny(value: unknown): boolean {
  if (value === null) return false;
  if (typeof value === 'string') return isEntityString(value);
  if (typeof value === 'number') return isEntityFloat(value);
  return typeof value === 'boolean' || typeof value === 'object';
}

function matchesType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'string':
      return isEntityString(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return isEntityInteger(value);
    case 'float':
      return isEntityFloat(value);
    case 'any':
      return isEntityAny(value);
  }
}

const TYPE_RULE: Readonly<Record<AttributeType, string>> = {
  string: 'a string with at least one non-whitespace character',
  boolean: 'true or false',
  integer: 'a 32-bit signed integer (-2147483648 to 2147483647)',
  float: 'a number that is 0 or has a magnitude from 1E-130 to 9.99…E+125',
  any: 'a string, number, boolean, object or array (not null)',
};

const invalidValue = (message: string): KvsError =>
  new KvsError(400, KVS_ERROR.INVALID_ENTITY_VALUE, message);

/**
 * Entity values must be objects whose attributes are declared and within their type's documented
 * range. Runs on every entity write: set, batch set and transaction set.
 *
 * Undeclared attributes are refused and an empty object is refused: the docs do not say what
 * Forge does with either, so the emulator takes the strict side (guess).
 */
export function validateEntityValue(entity: ResolvedEntity, value: unknown): void {
  if (!isPlainObject(value)) {
    throw invalidValue(`A value of entity "${entity.name}" must be an object`);
  }
  const attributes = Object.entries(value);
  if (attributes.length === 0) {
    throw invalidValue(`A value of entity "${entity.name}" needs at least one attribute`);
  }
  for (const [attribute, attributeValue] of attributes) {
    const type = entity.attributes.get(attribute);
    if (type === undefined) {
      throw invalidValue(`Attribute "${attribute}" is not declared for entity "${entity.name}"`);
    }
    if (!matchesType(attributeValue, type)) {
      throw invalidValue(
        `Attribute "${attribute}" of entity "${entity.name}" is declared ${type}, so it must be ${TYPE_RULE[type]}; got ${JSON.stringify(attributeValue).slice(0, 80)}`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions

export const RANGE_CONDITIONS = [
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
] as const;

export const FILTER_CONDITIONS = [
  ...RANGE_CONDITIONS,
  'CONTAINS',
  'NOT_CONTAINS',
  'NOT_EQUAL_TO',
  'EXISTS',
  'NOT_EXISTS',
] as const;

export type ConditionName = (typeof FILTER_CONDITIONS)[number];

export interface Condition {
  condition: ConditionName;
  values: readonly unknown[];
}

export interface FilterItem extends Condition {
  property: string;
}

export const conditionSchema = z.object({
  condition: z.string(),
  values: z.array(z.unknown()),
});

export const filterItemSchema = conditionSchema.extend({ property: z.string() });

export const filtersSchema = z.object({
  and: z.array(filterItemSchema).optional(),
  or: z.array(filterItemSchema).optional(),
});

export type RawCondition = z.infer<typeof conditionSchema>;
export type RawFilters = z.infer<typeof filtersSchema>;

export interface Filters {
  operator: 'and' | 'or';
  items: readonly FilterItem[];
}

/** Checks the condition name against `allowed` and the value count against the condition. */
export function validateCondition(raw: RawCondition, allowed: readonly ConditionName[]): Condition {
  const name = allowed.find((candidate) => candidate === raw.condition);
  if (name === undefined) {
    throw new KvsError(
      400,
      KVS_ERROR.INVALID_FILTER_CONDITION,
      `Condition "${raw.condition}" is not supported here; use one of ${allowed.join(', ')}`,
    );
  }
  if (name === 'BETWEEN' && raw.values.length !== 2) {
    throw new KvsError(
      400,
      KVS_ERROR.INSUFFICIENT_FILTER_VALUES,
      'BETWEEN needs exactly two values',
    );
  }
  if (name !== 'BETWEEN' && raw.values.length !== 1) {
    throw new KvsError(400, KVS_ERROR.INVALID_FILTER_VALUES, `${name} needs exactly one value`);
  }
  return { condition: name, values: raw.values };
}

/** Validates an `{ and } | { or }` filter block against the entity's declared attributes. */
export function validateFilters(raw: RawFilters, entity: ResolvedEntity): Filters {
  if (raw.and !== undefined && raw.or !== undefined) {
    throw new KvsError(
      400,
      KVS_ERROR.INVALID_FILTER_OPERATORS_COMBINATION,
      'Filter operators "and" and "or" cannot be present at the same level',
    );
  }
  const operator = raw.and !== undefined ? 'and' : 'or';
  const items = raw.and ?? raw.or;
  if (items === undefined || items.length === 0) {
    throw new KvsError(
      400,
      KVS_ERROR.EMPTY_FILTER_OPERATOR,
      'Filter operators "and" and "or" cannot be empty',
    );
  }
  return {
    operator,
    items: items.map((item) => {
      if (!entity.attributes.has(item.property)) {
        throw new KvsError(
          400,
          KVS_ERROR.QUERY_WHERE_FIELD_INVALID,
          `Attribute "${item.property}" is not declared for entity "${entity.name}"`,
        );
      }
      return { property: item.property, ...validateCondition(item, FILTER_CONDITIONS) };
    }),
  };
}

export function filtersHold(filters: Filters, value: Record<string, unknown> | undefined): boolean {
  const holds = (item: FilterItem): boolean => conditionHolds(value?.[item.property], item);
  return filters.operator === 'and' ? filters.items.every(holds) : filters.items.some(holds);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Ordering for comparison conditions: only numbers with numbers and strings with strings. */
function compareSameType(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

/**
 * Evaluates one condition against an attribute value (`undefined` = attribute absent). Absent
 * attributes follow DynamoDB's rules, which Forge's entity store sits on: comparisons are false,
 * while NOT_EQUAL_TO, NOT_CONTAINS and NOT_EXISTS are true.
 */
export function conditionHolds(actual: unknown, condition: Condition): boolean {
  const [first, second] = condition.values;
  const ordered = (test: (order: number) => boolean): boolean => {
    const order = compareSameType(actual, first);
    return order !== undefined && test(order);
  };
  switch (condition.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual !== undefined && deepEqual(actual, first);
    case 'NOT_EQUAL_TO':
      return !deepEqual(actual, first);
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(first));
    case 'CONTAINS':
      return contains(actual, first);
    case 'NOT_CONTAINS':
      return !contains(actual, first);
    case 'GREATER_THAN':
      return ordered((order) => order > 0);
    case 'GREATER_THAN_EQUAL_TO':
      return ordered((order) => order >= 0);
    case 'LESS_THAN':
      return ordered((order) => order < 0);
    case 'LESS_THAN_EQUAL_TO':
      return ordered((order) => order <= 0);
    case 'BETWEEN': {
      const low = compareSameType(actual, first);
      const high = compareSameType(actual, second);
      return low !== undefined && high !== undefined && low >= 0 && high <= 0;
    }
  }
}

function contains(actual: unknown, needle: unknown): boolean {
  if (typeof actual === 'string') return actual.includes(String(needle));
  if (Array.isArray(actual)) return actual.some((element) => deepEqual(element, needle));
  return false;
}

const TYPE_RANK: Readonly<Record<string, number>> = { number: 0, string: 1, boolean: 2 };

/** A total order over index values so mixed `any`-typed range values still sort deterministically. */
export function compareIndexValues(a: unknown, b: unknown): number {
  const same = compareSameType(a, b);
  if (same !== undefined) return Math.sign(same);
  const rankA = TYPE_RANK[typeof a] ?? 3;
  const rankB = TYPE_RANK[typeof b] ?? 3;
  if (rankA !== rankB) return rankA - rankB;
  const textA = JSON.stringify(a);
  const textB = JSON.stringify(b);
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}
