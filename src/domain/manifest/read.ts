import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type {
  ConnectFact,
  CspFact,
  CustomerManagedEgressFact,
  EgressFact,
  ManifestFacts,
  RemoteFact,
  WebTriggerFact,
} from './facts';

/**
 * Reads the facts a partner's manifest.yml proves. The shapes follow Atlassian's own manifest
 * schema (@forge/manifest, manifest-schema.json): unknown keys are ignored because partners'
 * manifests carry modules and options this app has no use for, but every field read here must
 * have the type Forge gives it, so a typo cannot silently turn into "no egress".
 *
 * The Connect, provider and customer-managed egress facts are read leniently instead: only
 * their presence matters (each disqualifies Runs on Atlassian), so an entry of an unexpected
 * shape is still reported, without a key, rather than failing the whole manifest.
 */

/**
 * Far above real manifests (tens of KiB), low enough that the worst case the YAML parser meets
 * (deeply nested flow collections) stays around a second of work inside a 25 s resolver.
 */
export const MAX_MANIFEST_CHARS = 256 * 1024;

/** yaml's own default; aliases are rare in manifests and each one can multiply the output. */
export const MAX_ALIAS_COUNT = 100;

/**
 * The permission lists that are egress, as @forge/egress enumerates them (EgressType). The
 * `navigation` list is left out on purpose: it only allows links the user follows.
 */
export const EGRESS_KINDS = [
  'fetch.backend',
  'fetch.client',
  'images',
  'media',
  'scripts',
  'styles',
  'frames',
  'fonts',
] as const;
export type EgressKind = (typeof EGRESS_KINDS)[number];

/** Modules that store data in Forge-hosted storage without a KVS scope. */
const STORAGE_MODULES = ['sql', 'objectStore'];

export type ManifestParseErrorCode =
  'too-large' | 'invalid-yaml' | 'alias-limit' | 'not-an-object' | 'invalid-field';

export interface ManifestLocation {
  /** Dotted path inside the manifest, e.g. "permissions.external.fetch.backend[2]". */
  path?: string;
  /** 1-based line and column in the manifest text. */
  line?: number;
  column?: number;
}

export class ManifestParseError extends Error {
  override readonly name = 'ManifestParseError';
  readonly code: ManifestParseErrorCode;
  readonly path: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: ManifestParseErrorCode, message: string, location: ManifestLocation = {}) {
    super(message);
    this.code = code;
    this.path = location.path;
    this.line = location.line;
    this.column = location.column;
  }
}

type PathSegment = string | number;
type Path = readonly PathSegment[];
type Obj = Record<string, unknown>;

export function formatManifestPath(path: Path): string {
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`,
    )
    .join('');
}

export function readManifestFacts(manifestText: string): ManifestFacts {
  const root = parseManifest(manifestText);
  return extractFacts(root.value, root.fail);
}

interface ParsedManifest {
  value: Obj;
  fail: FailFn;
}

type FailFn = (path: Path, expected: string) => never;

function parseManifest(manifestText: string): ParsedManifest {
  if (manifestText.length > MAX_MANIFEST_CHARS) {
    throw new ManifestParseError(
      'too-large',
      `the manifest is ${manifestText.length} characters; the limit is ${MAX_MANIFEST_CHARS}`,
    );
  }
  const lineCounter = new LineCounter();
  let doc: Document;
  try {
    // prettyErrors stays off: formatting the error context for deeply nested input makes V8
    // build a regular expression that exhausts the heap and aborts the whole process.
    doc = parseDocument(manifestText, {
      lineCounter,
      prettyErrors: false,
      merge: true,
    });
  } catch (error) {
    throw new ManifestParseError(
      'invalid-yaml',
      `the manifest is not valid YAML: ${message(error)}`,
    );
  }
  const firstError = doc.errors[0];
  if (firstError) {
    const position = lineCounter.linePos(firstError.pos[0]);
    throw new ManifestParseError(
      'invalid-yaml',
      `the manifest is not valid YAML at line ${position.line}: ${firstLine(firstError.message)}`,
      { line: position.line, column: position.col },
    );
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new ManifestParseError(
        'alias-limit',
        `the manifest expands YAML aliases more than ${MAX_ALIAS_COUNT} times`,
      );
    }
    throw new ManifestParseError(
      'invalid-yaml',
      `the manifest is not valid YAML: ${message(error)}`,
    );
  }
  if (!isObject(value)) {
    throw new ManifestParseError('not-an-object', 'the manifest must be a YAML mapping', {
      line: 1,
      column: 1,
    });
  }

  const fail: FailFn = (path, expected) => {
    const location: ManifestLocation = { path: formatManifestPath(path) };
    // A missing field has no node; point at the nearest enclosing one instead.
    for (let depth = path.length; depth > 0; depth--) {
      const node: unknown = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) {
        const position = lineCounter.linePos(node.range[0]);
        location.line = position.line;
        location.column = position.col;
        break;
      }
    }
    throw new ManifestParseError('invalid-field', `${location.path} must be ${expected}`, location);
  };
  return { value, fail };
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Typed access to the parsed tree; every failure names the manifest path. */
class FieldReader {
  constructor(private readonly fail: FailFn) {}

  object(value: unknown, path: Path): Obj | undefined {
    if (value === undefined || value === null) return undefined;
    return isObject(value) ? value : this.fail(path, 'a mapping');
  }

  array(value: unknown, path: Path): unknown[] | undefined {
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? value : this.fail(path, 'a list');
  }

  string(value: unknown, path: Path): string | undefined {
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : this.fail(path, 'a string');
  }

  requiredObject(value: unknown, path: Path, expected = 'a mapping'): Obj {
    return isObject(value) ? value : this.fail(path, expected);
  }

  requiredString(value: unknown, path: Path): string {
    return typeof value === 'string' && value !== ''
      ? value
      : this.fail(path, 'a non-empty string');
  }

  boolean(value: unknown, path: Path): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    return typeof value === 'boolean' ? value : this.fail(path, 'true or false');
  }

  strings(value: unknown, path: Path): string[] {
    const list = this.array(value, path) ?? [];
    return list.map((item, i) => this.requiredString(item, [...path, i]));
  }
}

function extractFacts(root: Obj, fail: FailFn): ManifestFacts {
  const read = new FieldReader(fail);
  const app = read.object(root.app, ['app']);
  const runtime = read.object(app?.runtime, ['app', 'runtime']);
  const appStorage = read.object(app?.storage, ['app', 'storage']);
  const entities = read.array(appStorage?.entities, ['app', 'storage', 'entities']) ?? [];
  const modules = read.object(root.modules, ['modules']) ?? {};
  const permissions = read.object(root.permissions, ['permissions']);
  const scopes = readScopes(read, permissions?.scopes);
  const moduleTypes = Object.keys(modules);

  return {
    appId: read.string(app?.id, ['app', 'id']),
    runtime: read.string(runtime?.name, ['app', 'runtime', 'name']),
    modules: moduleTypes,
    scopes,
    egress: readEgress(read, permissions),
    remotes: [
      ...readRemotes(read, root.remotes, ['remotes']),
      ...readRemotes(read, modules.remote, ['modules', 'remote']),
    ],
    webTriggers: readWebTriggers(read, modules.webtrigger),
    csp: readCsp(read, permissions),
    // KVS needs no module, only the storage:app scope, so the scope is the tell-tale.
    usesForgeStorage:
      entities.length > 0 ||
      scopes.includes('storage:app') ||
      moduleTypes.some((type) => STORAGE_MODULES.includes(type)),
    connect: readConnect(app?.connect, root.connectModules, modules),
    providers: readProviders(root.providers),
    customerManagedEgress: readCustomerManagedEgress(permissions, [root.remotes, modules.remote]),
  };
}

function readScopes(read: FieldReader, value: unknown): string[] {
  const path = ['permissions', 'scopes'];
  // The map form (scope -> { allowImpersonation }) is used for offline user impersonation.
  if (isObject(value)) return Object.keys(value);
  return read.strings(value, path);
}

function readEgress(read: FieldReader, permissions: Obj | undefined): EgressFact[] {
  const external = read.object(permissions?.external, ['permissions', 'external']);
  if (!external) return [];
  const fetch = read.object(external.fetch, ['permissions', 'external', 'fetch']);
  const facts: EgressFact[] = [];
  for (const kind of EGRESS_KINDS) {
    const path = ['permissions', 'external', ...kind.split('.')];
    const value = kind.startsWith('fetch.') ? fetch?.[kind.slice('fetch.'.length)] : external[kind];
    const entries = read.array(value, path) ?? [];
    entries.forEach((entry, i) => {
      const fact = readEgressEntry(read, entry, kind, [...path, i]);
      if (fact) facts.push(fact);
    });
  }
  return facts;
}

function readEgressEntry(
  read: FieldReader,
  entry: unknown,
  kind: EgressKind,
  path: Path,
): EgressFact | undefined {
  if (typeof entry === 'string') {
    return {
      address: entry,
      kind,
      category: 'other',
      inScopeEUD: undefined,
      wildcard: isWildcard(entry),
    };
  }
  const object = read.requiredObject(entry, path, 'a domain or a mapping with an address');
  // `{ remote: key }` points fetch at a declared remote; the remote itself is the fact.
  if (object.remote !== undefined && object.address === undefined) {
    read.requiredString(object.remote, [...path, 'remote']);
    return undefined;
  }
  const address = read.requiredString(object.address, [...path, 'address']);
  const category = read.string(object.category, [...path, 'category']);
  return {
    address,
    kind,
    // Atlassian's docs spell it both "analytics" and "ANALYTICS"; @forge/egress upper-cases it.
    category: category?.toLowerCase() === 'analytics' ? 'analytics' : 'other',
    inScopeEUD: read.boolean(object.inScopeEUD, [...path, 'inScopeEUD']),
    wildcard: isWildcard(address),
  };
}

function isWildcard(address: string): boolean {
  return address.includes('*');
}

function readRemotes(read: FieldReader, value: unknown, path: Path): RemoteFact[] {
  const entries = read.array(value, path) ?? [];
  return entries.map((entry, i) => {
    const at = [...path, i];
    const remote = read.requiredObject(entry, at);
    const storage = read.object(remote.storage, [...at, 'storage']);
    return {
      key: read.requiredString(remote.key, [...at, 'key']),
      baseUrl:
        readBaseUrl(read, remote.baseUrl, [...at, 'baseUrl']) ??
        readBaseUrl(read, remote.regionBaseUrls, [...at, 'regionBaseUrls']) ??
        '',
      inScopeEUD: read.boolean(storage?.inScopeEUD, [...at, 'storage', 'inScopeEUD']),
      operations: read.strings(remote.operations, [...at, 'operations']),
    };
  });
}

/** Region-specific base URLs (`{ default, EU, US, ... }`) are summarised by their default. */
function readBaseUrl(read: FieldReader, value: unknown, path: Path): string | undefined {
  if (isObject(value)) return read.requiredString(value.default, [...path, 'default']);
  return read.string(value, path);
}

function readWebTriggers(read: FieldReader, value: unknown): WebTriggerFact[] {
  const path = ['modules', 'webtrigger'];
  const entries = read.array(value, path) ?? [];
  return entries.map((entry, i) => {
    const at = [...path, i];
    const trigger = read.requiredObject(entry, at);
    const response = read.object(trigger.response, [...at, 'response']);
    const type = read.string(response?.type, [...at, 'response', 'type']);
    return {
      key: read.requiredString(trigger.key, [...at, 'key']),
      // Forge treats a web trigger as dynamic unless its response type says static.
      dynamic: type !== 'static',
    };
  });
}

/** Whether a value declares anything: absent, null, an empty list or an empty mapping do not. */
function isDeclared(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

function looseString(value: unknown): string | undefined {
  if (!isDeclared(value)) return undefined;
  return typeof value === 'string' ? value : '';
}

function readConnect(appConnect: unknown, connectModules: unknown, modules: Obj): ConnectFact {
  const connect = isObject(appConnect) ? appConnect : {};
  const moduleTypes = isObject(connectModules)
    ? Object.keys(connectModules).filter((type) => isDeclared(connectModules[type]))
    : // Not a mapping of module types, yet it declares something under connectModules.
      isDeclared(connectModules)
      ? ['']
      : [];
  return {
    key: isObject(appConnect)
      ? looseString(appConnect.key)
      : isDeclared(appConnect)
        ? ''
        : undefined,
    remote: looseString(connect.remote),
    authentication: looseString(connect.authentication),
    modules: [
      ...moduleTypes,
      // The older spelling: Connect modules among the Forge modules, prefixed "connect-".
      ...Object.keys(modules).filter(
        (type) => type.startsWith('connect-') && isDeclared(modules[type]),
      ),
    ],
  };
}

function readProviders(value: unknown): string[] {
  const auth = isObject(value) ? value.auth : undefined;
  if (Array.isArray(auth)) {
    return auth
      .filter(isDeclared)
      .map((entry) => (isObject(entry) && typeof entry.key === 'string' ? entry.key : ''));
  }
  // Anything else under `providers` is not Forge's shape; report it as one keyless provider.
  const declared = isObject(value) ? Object.values(value) : [value];
  return declared.some(isDeclared) ? [''] : [];
}

function readCustomerManagedEgress(
  permissions: Obj | undefined,
  remoteLists: unknown[],
): CustomerManagedEgressFact {
  const external = isObject(permissions?.external) ? permissions.external : {};
  const configurable = external.configurable;
  const remotes: string[] = [];
  for (const list of remoteLists) {
    if (!Array.isArray(list)) continue;
    for (const remote of list) {
      if (isObject(remote) && isDeclared(remote.configurable)) {
        remotes.push(typeof remote.key === 'string' ? remote.key : '');
      }
    }
  }
  return {
    egress: isObject(configurable) && configurable.enabled === true,
    remotes,
  };
}

function readCsp(read: FieldReader, permissions: Obj | undefined): CspFact {
  const content = read.object(permissions?.content, ['permissions', 'content']);
  const scripts = read
    .strings(content?.scripts, ['permissions', 'content', 'scripts'])
    .map(cspSource);
  const styles = read.strings(content?.styles, ['permissions', 'content', 'styles']).map(cspSource);
  return {
    scriptsUnsafeInline: scripts.includes('unsafe-inline'),
    scriptsUnsafeEval: scripts.includes('unsafe-eval'),
    stylesUnsafeInline: styles.includes('unsafe-inline'),
  };
}

/** Partners often paste CSP syntax ("'unsafe-eval'"); Forge wants the bare keyword. */
function cspSource(value: string): string {
  return value
    .trim()
    .replace(/^'(.*)'$/, '$1')
    .toLowerCase();
}
