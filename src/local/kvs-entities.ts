import { z } from 'zod';
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
    const requireAttribute = (attribute: string, indexName: string): void => {
      if (!attributes.has(attribute)) {
        throw new Error(
          `Index "${indexName}" of entity "${declaration.name}" uses undeclared attribute "${attribute}"`,
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

function matchesType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'any':
      return true;
  }
}

/** Entity values must be objects whose attributes are declared and of the declared type. */
export function validateEntityValue(entity: ResolvedEntity, value: unknown): void {
  if (!isPlainObject(value)) {
    throw new KvsError(
      400,
      KVS_ERROR.INVALID_ENTITY_VALUE,
      `A value of entity "${entity.name}" must be an object`,
    );
  }
  for (const [attribute, attributeValue] of Object.entries(value)) {
    const type = entity.attributes.get(attribute);
    if (type === undefined) {
      throw new KvsError(
        400,
        KVS_ERROR.INVALID_ENTITY_VALUE,
        `Attribute "${attribute}" is not declared for entity "${entity.name}"`,
      );
    }
    if (!matchesType(attributeValue, type)) {
      throw new KvsError(
        400,
        KVS_ERROR.INVALID_ENTITY_VALUE,
        `Attribute "${attribute}" of entity "${entity.name}" must be of type ${type}`,
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
