import { isMap, isNode, isScalar, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type {
  ConnectFact,
  CspFact,
  CustomerManagedEgressFact,
  EgressFact,
  ManifestFacts,
  OutdatedNote,
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
  | 'too-large'
  | 'invalid-yaml'
  | 'alias-limit'
  | 'not-an-object'
  | 'not-a-manifest'
  | 'invalid-field';

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

/**
 * Top-level keys of Atlassian's manifest schema. Every key is optional in the reading below, so
 * without this check any YAML mapping (`hello: world`) read as an app with no modules, no
 * egress and no remotes, and the suggestions claimed the strongest answers for it.
 */
export const MANIFEST_TOP_LEVEL_KEYS = [
  'app',
  'modules',
  'permissions',
  'resources',
  'remotes',
  'providers',
  'connectModules',
  'environment',
  'services',
] as const;

export function readManifestFacts(manifestText: string): ManifestFacts {
  const root = parseManifest(manifestText);
  assertForgeManifest(root.value);
  return extractFacts(root.value, root.fail, root.lineOf);
}

interface ParsedManifest {
  value: Obj;
  fail: FailFn;
  lineOf: LineFn;
}

/** The 1-based line a manifest path is declared on (a mapping key's own line), if it exists. */
type LineFn = (path: Path) => number | undefined;

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
  const lineOf: LineFn = (path) => {
    if (path.length === 0) return undefined;
    const last = path[path.length - 1];
    const parent: unknown = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
    if (typeof last === 'string' && isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
      const keyNode = pair?.key;
      if (isNode(keyNode) && keyNode.range) return lineCounter.linePos(keyNode.range[0]).line;
    }
    const node: unknown = doc.getIn(path, true);
    return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
  return { value, fail, lineOf };
}

/**
 * A mapping with none of the manifest schema's top-level keys is some other YAML file (a CI
 * config, a values file), not a manifest with nothing in it.
 */
function assertForgeManifest(root: Obj): void {
  // Any one schema key is enough: partial manifests (only `permissions`, say) are still read.
  if (MANIFEST_TOP_LEVEL_KEYS.some((key) => key in root)) return;
  const keys = Object.keys(root);
  const found =
    keys.length === 0
      ? 'it is empty'
      : `its top-level keys are ${keys
          .slice(0, 5)
          .map((key) => `"${key}"`)
          .join(', ')}${keys.length > 5 ? ` and ${keys.length - 5} more` : ''}`;
  throw new ManifestParseError(
    'not-a-manifest',
    `This is not a Forge manifest: ${found}, and a manifest.yml declares "app" and "modules".`,
    { line: 1, column: 1 },
  );
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
    // Array.isArray narrows unknown to any[]; its items are as unknown as the manifest.
    return Array.isArray(value) ? (value as unknown[]) : this.fail(path, 'a list');
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

function extractFacts(root: Obj, fail: FailFn, lineOf: LineFn): ManifestFacts {
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
    egress: readEgress(read, permissions, lineOf),
    remotes: [
      ...readRemotes(read, root.remotes, ['remotes'], lineOf),
      ...readRemotes(read, modules.remote, ['modules', 'remote'], lineOf),
    ],
    webTriggers: readWebTriggers(read, modules.webtrigger, lineOf),
    csp: readCsp(read, permissions),
    // KVS needs no module, only the storage:app scope, so the scope is the tell-tale.
    usesForgeStorage:
      entities.length > 0 ||
      scopes.includes('storage:app') ||
      moduleTypes.some((type) => STORAGE_MODULES.includes(type)),
    connect: readConnect(app?.connect, root.connectModules, modules, lineOf),
    providers: readProviders(root.providers),
    providerLines: readProviderLines(root.providers, lineOf),
    customerManagedEgress: readCustomerManagedEgress(
      permissions,
      [
        [root.remotes, ['remotes']],
        [modules.remote, ['modules', 'remote']],
      ],
      lineOf,
    ),
    outdated: readOutdated(root, app, runtime, modules, lineOf),
  };
}

function readScopes(read: FieldReader, value: unknown): string[] {
  const path = ['permissions', 'scopes'];
  // The map form (scope -> { allowImpersonation }) is used for offline user impersonation.
  if (isObject(value)) return Object.keys(value);
  return read.strings(value, path);
}

function readEgress(read: FieldReader, permissions: Obj | undefined, lineOf: LineFn): EgressFact[] {
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
      if (fact) facts.push({ ...fact, line: lineOf([...path, i]) });
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
      ...addressFacts(entry),
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
    ...addressFacts(address),
  };
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** `${VAR}` placeholders, which Forge fills from environment variables when it deploys. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/**
 * The host Forge matches an egress address by: the scheme, user info, port, path, query and
 * fragment are dropped ("*.example.com", "https://*.example.com/x" and "example.com:443" name
 * hosts). Empty when a placeholder stands in the host, which is then unknown until deploy.
 */
export function egressHost(address: string): string {
  const withoutScheme = address.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const authority = withoutScheme.split(/[/?#]/)[0] ?? '';
  const host = (authority.split('@').pop() ?? '').replace(/:\d*$/, '').toLowerCase();
  return host.includes('${') ? '' : host;
}

function addressFacts(address: string): Pick<EgressFact, 'wildcard' | 'host' | 'placeholders'> {
  const host = egressHost(address);
  return { wildcard: host.includes('*'), host, placeholders: placeholdersIn(address) };
}

function readRemotes(read: FieldReader, value: unknown, path: Path, lineOf: LineFn): RemoteFact[] {
  const entries = read.array(value, path) ?? [];
  return entries.map((entry, i) => {
    const at = [...path, i];
    const remote = read.requiredObject(entry, at);
    const storage = read.object(remote.storage, [...at, 'storage']);
    const baseUrl =
      readBaseUrl(read, remote.baseUrl, [...at, 'baseUrl']) ??
      readBaseUrl(read, remote.regionBaseUrls, [...at, 'regionBaseUrls']) ??
      '';
    return {
      key: read.requiredString(remote.key, [...at, 'key']),
      baseUrl,
      inScopeEUD: read.boolean(storage?.inScopeEUD, [...at, 'storage', 'inScopeEUD']),
      operations: read.strings(remote.operations, [...at, 'operations']),
      placeholders: placeholdersIn(baseUrl),
      line: lineOf(at),
    };
  });
}

/** Region-specific base URLs (`{ default, EU, US, ... }`) are summarised by their default. */
function readBaseUrl(read: FieldReader, value: unknown, path: Path): string | undefined {
  if (isObject(value)) return read.requiredString(value.default, [...path, 'default']);
  return read.string(value, path);
}

function readWebTriggers(read: FieldReader, value: unknown, lineOf: LineFn): WebTriggerFact[] {
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
      line: lineOf(at),
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

function readConnect(
  appConnect: unknown,
  connectModules: unknown,
  modules: Obj,
  lineOf: LineFn,
): ConnectFact {
  const connect = isObject(appConnect) ? appConnect : {};
  const moduleTypes = isObject(connectModules)
    ? Object.keys(connectModules).filter((type) => isDeclared(connectModules[type]))
    : // Not a mapping of module types, yet it declares something under connectModules.
      isDeclared(connectModules)
      ? ['']
      : [];
  const legacyTypes = Object.keys(modules).filter(
    (type) => type.startsWith('connect-') && isDeclared(modules[type]),
  );
  const remote = looseString(connect.remote);
  const authentication = looseString(connect.authentication);
  return {
    key: isObject(appConnect)
      ? looseString(appConnect.key)
      : isDeclared(appConnect)
        ? ''
        : undefined,
    remote,
    authentication,
    // The older spelling: Connect modules among the Forge modules, prefixed "connect-".
    modules: [...moduleTypes, ...legacyTypes],
    moduleLines: [
      ...moduleTypes.map((type) =>
        type === '' ? lineOf(['connectModules']) : lineOf(['connectModules', type]),
      ),
      ...legacyTypes.map((type) => lineOf(['modules', type])),
    ],
    ...(remote === undefined ? {} : { remoteLine: lineOf(['app', 'connect', 'remote']) }),
    ...(authentication === undefined
      ? {}
      : { authenticationLine: lineOf(['app', 'connect', 'authentication']) }),
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

/** Lines of the entries `readProviders` reports, in the same order. */
function readProviderLines(value: unknown, lineOf: LineFn): (number | undefined)[] {
  const auth = isObject(value) ? value.auth : undefined;
  if (Array.isArray(auth)) {
    return auth.flatMap((entry, i) =>
      isDeclared(entry) ? [lineOf(['providers', 'auth', i])] : [],
    );
  }
  const declared = isObject(value) ? Object.values(value) : [value];
  return declared.some(isDeclared) ? [lineOf(['providers'])] : [];
}

function readCustomerManagedEgress(
  permissions: Obj | undefined,
  remoteLists: [unknown, Path][],
  lineOf: LineFn,
): CustomerManagedEgressFact {
  const external = isObject(permissions?.external) ? permissions.external : {};
  const configurable = external.configurable;
  const remotes: string[] = [];
  const remoteLines: (number | undefined)[] = [];
  for (const [list, path] of remoteLists) {
    if (!Array.isArray(list)) continue;
    list.forEach((remote, i) => {
      if (isObject(remote) && isDeclared(remote.configurable)) {
        remotes.push(typeof remote.key === 'string' ? remote.key : '');
        remoteLines.push(lineOf([...path, i, 'configurable']));
      }
    });
  }
  const egress = isObject(configurable) && configurable.enabled === true;
  return {
    egress,
    remotes,
    ...(egress
      ? { egressLine: lineOf(['permissions', 'external', 'configurable', 'enabled']) }
      : {}),
    remoteLines,
  };
}

/**
 * Node.js runtimes past their end of life (Node.js 18: 2025-04-30, Node.js 20: 2026-04-30);
 * Forge deprecates a runtime after Node.js ends it.
 */
const OUTDATED_RUNTIMES: Record<string, string> = {
  'nodejs18.x': 'Node.js 18 reached end of life on 2025-04-30; deploy on nodejs22.x or later',
  'nodejs20.x': 'Node.js 20 reached end of life on 2026-04-30; deploy on nodejs22.x or later',
};

/**
 * UI modules that UI Kit 1 rendered from a `function`; today they name a `resource` (UI Kit or
 * Custom UI). Only modules that take a resource are listed, so a trigger's `function` is not
 * mistaken for UI Kit 1.
 */
const UI_MODULES = new Set([
  'macro',
  'jira:adminPage',
  'jira:globalPage',
  'jira:projectPage',
  'jira:projectSettingsPage',
  'jira:issuePanel',
  'jira:issueGlance',
  'jira:issueAction',
  'jira:issueActivity',
  'jira:issueContext',
  'jira:dashboardGadget',
  'jira:customField',
  'jira:customFieldType',
  'confluence:globalPage',
  'confluence:globalSettings',
  'confluence:spacePage',
  'confluence:spaceSettings',
  'confluence:contextMenu',
  'confluence:contentAction',
  'confluence:contentBylineItem',
  'confluence:homepageFeed',
  'compass:adminPage',
  'compass:componentPage',
  'compass:globalPage',
  'compass:teamPage',
]);

/**
 * What an older manifest declares in a shape today's schema replaced. The reader still reads
 * it (Forge kept the old facts' meaning); the note says what to change.
 */
function readOutdated(
  root: Obj,
  app: Obj | undefined,
  runtime: Obj | undefined,
  modules: Obj,
  lineOf: LineFn,
): OutdatedNote[] {
  const notes: OutdatedNote[] = [];
  const add = (path: Path, note: string) =>
    notes.push({ path: formatManifestPath(path), line: lineOf(path), note });
  const name = runtime?.name;
  if (typeof name !== 'string' || name === '') {
    add(
      runtime ? ['app', 'runtime'] : app ? ['app'] : [],
      'no app.runtime.name: the app was written for the legacy runtime, which Forge retired; declare a Node.js runtime such as nodejs22.x',
    );
  } else if (OUTDATED_RUNTIMES[name]) {
    add(['app', 'runtime', 'name'], `${name}: ${OUTDATED_RUNTIMES[name]}`);
  }
  for (const [type, entries] of Object.entries(modules)) {
    if (type.startsWith('connect-') && isDeclared(entries)) {
      add(['modules', type], `Connect modules now go under connectModules (${type.slice(8)})`);
    }
    if (!UI_MODULES.has(type) || !Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      if (isObject(entry) && entry.function !== undefined && entry.resource === undefined) {
        add(
          ['modules', type, i, 'function'],
          'a UI module rendered by a function is UI Kit 1, which Forge retired; render a resource with UI Kit or Custom UI',
        );
      }
    });
  }
  if (isDeclared(modules.remote)) {
    add(['modules', 'remote'], 'remotes now go under the top-level remotes list');
  }
  void root;
  return notes;
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
