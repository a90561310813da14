import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestFacts } from '../../../src/domain/manifest/facts';
import { readManifestFacts } from '../../../src/domain/manifest/read';

export const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures', 'manifests');

export type FixtureName =
  | 'runs-on-atlassian'
  | 'remote-and-egress'
  | 'remote-storage-undeclared'
  | 'no-egress'
  | 'roa-analytics-eud'
  | 'roa-connect-modules'
  | 'roa-customer-managed-egress'
  | 'roa-dynamic-webtrigger'
  | 'roa-egress'
  | 'roa-providers'
  | 'roa-remote'
  | 'invalid'
  | 'billion-laughs';

export function fixtureText(name: FixtureName): string {
  return readFileSync(join(FIXTURE_DIR, `${name}.yml`), 'utf8');
}

export function fixtureFacts(name: FixtureName): ManifestFacts {
  return readManifestFacts(fixtureText(name));
}

/** Facts for a manifest that is all defaults except what a test cares about. */
export function facts(overrides: Partial<ManifestFacts> = {}): ManifestFacts {
  return {
    appId: 'ari:cloud:ecosystem::app/test',
    runtime: 'nodejs22.x',
    modules: ['jira:adminPage', 'function'],
    scopes: ['read:jira-work'],
    egress: [],
    remotes: [],
    webTriggers: [],
    csp: { scriptsUnsafeInline: false, scriptsUnsafeEval: false, stylesUnsafeInline: false },
    usesForgeStorage: false,
    connect: { key: undefined, remote: undefined, authentication: undefined, modules: [] },
    providers: [],
    customerManagedEgress: { egress: false, remotes: [] },
    ...overrides,
  };
}

/** Fields that locate a fact in the manifest text (lines, hosts, placeholders, outdated notes). */
const LOCATION_KEYS = new Set([
  'line',
  'moduleLines',
  'remoteLine',
  'authenticationLine',
  'remoteLines',
  'egressLine',
  'providerLines',
  'outdated',
  'host',
  'placeholders',
]);

/** The facts without where they came from, for tests about what the facts say. */
export function withoutLocations<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutLocations(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !LOCATION_KEYS.has(key))
      .map(([key, v]) => [key, withoutLocations(v)]),
  ) as T;
}
