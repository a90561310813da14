import fc from 'fast-check';
import type { ManifestFacts } from '../../../src/domain/manifest/facts';
import {
  MAX_MANIFEST_CHARS,
  ManifestParseError,
  readManifestFacts,
} from '../../../src/domain/manifest/read';
import type { ManifestParseErrorCode } from '../../../src/domain/manifest/read';
import { fixtureFacts, fixtureText, withoutLocations } from './fixtures';

function parseError(text: string): ManifestParseError {
  try {
    readManifestFacts(text);
  } catch (error) {
    if (error instanceof ManifestParseError) return error;
    throw error;
  }
  throw new Error('expected a ManifestParseError');
}

describe('readManifestFacts on the fixtures', () => {
  it('reads a Forge-only app eligible for Runs on Atlassian', () => {
    expect(withoutLocations(fixtureFacts('runs-on-atlassian'))).toEqual<ManifestFacts>({
      appId: 'ari:cloud:ecosystem::app/3f1c2a9e-7b4d-4e1a-9c55-0d2f6a8b1e77',
      runtime: 'nodejs22.x',
      modules: ['jira:issuePanel', 'webtrigger', 'function'],
      scopes: ['read:jira-work', 'write:jira-work', 'storage:app'],
      egress: [
        {
          address: 'in.accoil.com',
          kind: 'fetch.backend',
          category: 'analytics',
          inScopeEUD: false,
          wildcard: false,
        },
      ],
      remotes: [],
      webTriggers: [{ key: 'health-check', dynamic: false }],
      csp: { scriptsUnsafeInline: false, scriptsUnsafeEval: false, stylesUnsafeInline: false },
      usesForgeStorage: true,
      connect: { key: undefined, remote: undefined, authentication: undefined, modules: [] },
      providers: [],
      customerManagedEgress: { egress: false, remotes: [] },
    });
  });

  it('reads a Forge Remote app with egress, a wildcard, unsafe-eval and dynamic web triggers', () => {
    expect(withoutLocations(fixtureFacts('remote-and-egress'))).toEqual<ManifestFacts>({
      appId: 'ari:cloud:ecosystem::app/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      runtime: 'nodejs22.x',
      modules: ['jira:projectPage', 'endpoint', 'webtrigger', 'trigger', 'function'],
      // The map form (used for allowImpersonation) yields its keys.
      scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user'],
      // `{ remote: acme-backend }` and `navigation` are not egress facts.
      egress: [
        {
          address: 'api.acme-sync.io',
          kind: 'fetch.backend',
          category: 'other',
          inScopeEUD: undefined,
          wildcard: false,
        },
        {
          address: 'api.segment.io',
          kind: 'fetch.client',
          category: 'other',
          inScopeEUD: undefined,
          wildcard: false,
        },
        {
          address: 'https://o123456.ingest.sentry.io',
          kind: 'fetch.client',
          category: 'other',
          inScopeEUD: undefined,
          wildcard: false,
        },
        {
          address: '*.acme-cdn.net',
          kind: 'images',
          category: 'other',
          inScopeEUD: undefined,
          wildcard: true,
        },
      ],
      remotes: [
        {
          key: 'acme-backend',
          baseUrl: 'https://api.acme-sync.io',
          inScopeEUD: true,
          operations: ['storage', 'compute'],
        },
      ],
      webTriggers: [
        { key: 'inbound-webhook', dynamic: true },
        // No response block: Forge treats the trigger as dynamic.
        { key: 'legacy-callback', dynamic: true },
      ],
      csp: { scriptsUnsafeInline: false, scriptsUnsafeEval: true, stylesUnsafeInline: true },
      usesForgeStorage: false,
      connect: { key: undefined, remote: undefined, authentication: undefined, modules: [] },
      providers: [],
      customerManagedEgress: { egress: false, remotes: [] },
    });
  });

  it('keeps a storage remote whose inScopeEUD is missing as undefined', () => {
    expect(withoutLocations(fixtureFacts('remote-storage-undeclared').remotes)).toEqual([
      {
        key: 'glossary-store',
        baseUrl: 'https://glossary.example.com',
        inScopeEUD: undefined,
        operations: ['storage'],
      },
      {
        key: 'ml-scorer',
        baseUrl: 'https://scorer.example.com',
        inScopeEUD: undefined,
        operations: ['compute'],
      },
    ]);
  });

  it('reads an app without egress', () => {
    const facts = fixtureFacts('no-egress');
    expect([facts.egress, facts.remotes, facts.webTriggers, facts.usesForgeStorage]).toEqual([
      [],
      [],
      [],
      false,
    ]);
  });
});

describe('readManifestFacts on manifest variants', () => {
  const egressOf = (yaml: string) => readManifestFacts(yaml).egress;

  it.each([
    ['lower case', 'analytics', 'analytics'],
    // Atlassian's own Runs on Atlassian example writes ANALYTICS; @forge/egress upper-cases.
    ['upper case', 'ANALYTICS', 'analytics'],
    ['unknown category', 'marketing', 'other'],
  ])('reads category %s', (_name, category, expected) => {
    const egress = egressOf(`
permissions:
  external:
    fetch:
      backend:
        - address: stats.example.com
          category: ${category}
`);
    expect(egress.map((e) => e.category)).toEqual([expected]);
  });

  it('reads every egress list as its own kind and skips navigation', () => {
    const egress = egressOf(`
permissions:
  external:
    fetch:
      backend: [a.example.com]
      client: [b.example.com]
    images: [c.example.com]
    media: [d.example.com]
    scripts: [e.example.com]
    styles: [f.example.com]
    frames: [g.example.com]
    fonts: [h.example.com]
    navigation: [i.example.com]
`);
    expect(egress.map((e) => `${e.kind}=${e.address}`)).toEqual([
      'fetch.backend=a.example.com',
      'fetch.client=b.example.com',
      'images=c.example.com',
      'media=d.example.com',
      'scripts=e.example.com',
      'styles=f.example.com',
      'frames=g.example.com',
      'fonts=h.example.com',
    ]);
  });

  it.each([
    ['*', true],
    ['*.example.com', true],
    ['https://*.example.com/path', true],
    ['api.example.com', false],
  ])('marks %s as wildcard=%s', (address, wildcard) => {
    const egress = egressOf(`
permissions:
  external:
    fetch:
      backend:
        - '${address}'
`);
    expect(egress[0]?.wildcard).toBe(wildcard);
  });

  it('reads region-specific base URLs by their default, and remotes declared as modules', () => {
    const { remotes } = readManifestFacts(`
remotes:
  - key: regional
    baseUrl:
      default: https://app.example.com
      EU: https://eu.app.example.com
modules:
  remote:
    - key: module-remote
      regionBaseUrls:
        default: https://mod.example.com
      operations: [compute]
`);
    expect(withoutLocations(remotes)).toEqual([
      {
        key: 'regional',
        baseUrl: 'https://app.example.com',
        inScopeEUD: undefined,
        operations: [],
      },
      {
        key: 'module-remote',
        baseUrl: 'https://mod.example.com',
        inScopeEUD: undefined,
        operations: ['compute'],
      },
    ]);
  });

  it('accepts CSP keywords written with CSP quotes', () => {
    const { csp } = readManifestFacts(`
permissions:
  content:
    scripts: ["'unsafe-inline'", "'UNSAFE-EVAL'"]
`);
    expect(csp).toEqual({
      scriptsUnsafeInline: true,
      scriptsUnsafeEval: true,
      stylesUnsafeInline: false,
    });
  });

  it.each([
    [
      'custom entities',
      'app:\n  storage:\n    entities:\n      - name: note\n        attributes: {}\n',
    ],
    ['the storage:app scope', 'permissions:\n  scopes: [storage:app]\n'],
    ['a Forge SQL module', 'modules:\n  sql:\n    - key: main\n      engine: mysql\n'],
  ])('flags Forge-hosted storage from %s', (_name, yaml) => {
    expect(readManifestFacts(yaml).usesForgeStorage).toBe(true);
  });

  it('ignores keys it does not know', () => {
    const facts = readManifestFacts(`
app:
  id: ari:cloud:ecosystem::app/x
  licensing: { enabled: true }
  somethingNew: 42
connectModules: { jira:webPanels: [] }
translations: { resources: [], fallback: { default: en-US } }
permissions:
  scopes: []
  enforcement: app-managed
  external:
    configurable: { enabled: true }
`);
    expect([facts.appId, facts.scopes, facts.egress]).toEqual([
      'ari:cloud:ecosystem::app/x',
      [],
      [],
    ]);
  });

  it('resolves merge keys within the alias limit', () => {
    const { webTriggers } = readManifestFacts(`
x-static: &static
  response:
    type: static
    outputs: [{ key: ok, statusCode: 200 }]
modules:
  webtrigger:
    - key: merged
      function: f
      <<: *static
`);
    expect(withoutLocations(webTriggers)).toEqual([{ key: 'merged', dynamic: false }]);
  });
});

describe('readManifestFacts rejects what it cannot trust', () => {
  it.each<[string, string, ManifestParseErrorCode, number | undefined]>([
    ['broken YAML', fixtureText('invalid'), 'invalid-yaml', 6],
    ['billion laughs', fixtureText('billion-laughs'), 'alias-limit', undefined],
    ['duplicate keys', 'app:\n  id: a\napp:\n  id: b\n', 'invalid-yaml', 3],
    ['several documents', 'app: {}\n---\napp: {}\n', 'invalid-yaml', 2],
    // Found by the shape property below: a plain "<<" is a merge key, and null cannot be merged.
    ['a merge key with nothing to merge', 'app:\n  <<: null\n', 'invalid-yaml', undefined],
    ['a list root', '- app\n- modules\n', 'not-an-object', 1],
    ['a scalar root', 'just text\n', 'not-an-object', 1],
    ['an empty file', '', 'not-an-object', 1],
  ])('rejects %s', (_name, text, code, line) => {
    const error = parseError(text);
    expect([error.code, error.line]).toEqual([code, line]);
  });

  it('rejects deep nesting without exhausting the heap', () => {
    // With yaml's prettyErrors on, 10 000 levels aborted the process with an out-of-memory crash.
    const depth = 20_000;
    const error = parseError(`app: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expect(error.code).toBe('invalid-yaml');
  });

  it('rejects a manifest over the size limit before parsing it', () => {
    const error = parseError(`app:\n  description: "${'x'.repeat(MAX_MANIFEST_CHARS)}"\n`);
    expect(error.code).toBe('too-large');
  });

  it.each<[string, string, string, number]>([
    ['scopes as text', 'permissions:\n  scopes: read:jira-work\n', 'permissions.scopes', 2],
    [
      'inScopeEUD as text',
      'permissions:\n  external:\n    fetch:\n      backend:\n        - address: a.example.com\n          inScopeEUD: "false"\n',
      'permissions.external.fetch.backend[0].inScopeEUD',
      6,
    ],
    [
      'an egress entry without address',
      'permissions:\n  external:\n    images:\n      - category: analytics\n',
      'permissions.external.images[0].address',
      4,
    ],
    ['a remote without key', 'remotes:\n  - baseUrl: https://x.example.com\n', 'remotes[0].key', 2],
    [
      'operations as text',
      'remotes:\n  - key: r\n    operations: storage\n',
      'remotes[0].operations',
      3,
    ],
    ['webtrigger as a map', 'modules:\n  webtrigger:\n    key: hook\n', 'modules.webtrigger', 3],
    ['a runtime name as number', 'app:\n  runtime:\n    name: 22\n', 'app.runtime.name', 3],
  ])('rejects %s with the path and line', (_name, text, path, line) => {
    const error = parseError(text);
    expect([error.code, error.path, error.line]).toEqual(['invalid-field', path, line]);
  });
});

describe('readManifestFacts on Connect, providers and customer-managed egress', () => {
  const NO_CONNECT = { key: undefined, remote: undefined, authentication: undefined, modules: [] };

  it('reads a Connect app adopting Forge', () => {
    expect(withoutLocations(fixtureFacts('roa-connect-modules').connect)).toEqual({
      key: 'com.example.connect-app',
      remote: 'connect',
      authentication: 'jwt',
      modules: ['jira:generalPages'],
    });
  });

  it('reads external authentication providers by key', () => {
    expect(fixtureFacts('roa-providers').providers).toEqual(['google']);
  });

  it('reads customer-managed egress and remotes', () => {
    expect(
      withoutLocations(fixtureFacts('roa-customer-managed-egress').customerManagedEgress),
    ).toEqual({
      egress: true,
      remotes: [],
    });
    const facts = readManifestFacts(`
remotes:
  - key: byo-endpoint
    configurable:
      name: Your endpoint
      supportedPatterns: ['*.example.com']
  - key: fixed
    baseUrl: https://fixed.example.com
`);
    expect(withoutLocations(facts.customerManagedEgress)).toEqual({
      egress: false,
      remotes: ['byo-endpoint'],
    });
  });

  // Only presence matters for these facts, so any shape is read, never rejected.
  it.each<[string, string, Partial<ManifestFacts>]>([
    ['nothing', 'app: {}\n', { connect: NO_CONNECT, providers: [] }],
    [
      'app.connect with only a key',
      'app:\n  connect:\n    key: legacy\n',
      {
        connect: { ...NO_CONNECT, key: 'legacy' },
      },
    ],
    ['app.connect as text', 'app:\n  connect: legacy\n', { connect: { ...NO_CONNECT, key: '' } }],
    [
      'a non-text app.connect.remote',
      'app:\n  connect:\n    remote: [r]\n',
      {
        connect: { ...NO_CONNECT, remote: '' },
      },
    ],
    ['empty connectModules', 'connectModules: { jira:webPanels: [] }\n', { connect: NO_CONNECT }],
    [
      'connectModules as a list',
      'connectModules: [jira:webPanels]\n',
      {
        connect: { ...NO_CONNECT, modules: [''] },
      },
    ],
    [
      'connect- types among modules',
      'modules:\n  connect-jira:webItems:\n    - key: item\n',
      {
        connect: { ...NO_CONNECT, modules: ['connect-jira:webItems'] },
      },
    ],
    ['providers as text', 'providers: google\n', { providers: [''] }],
    ['providers without auth', 'providers:\n  oauth: [google]\n', { providers: [''] }],
    ['an empty providers.auth', 'providers:\n  auth: []\n', { providers: [] }],
    [
      'a provider without a key',
      'providers:\n  auth:\n    - name: Google\n    - 7\n',
      {
        providers: ['', ''],
      },
    ],
    [
      'configurable egress as text',
      'permissions:\n  external:\n    configurable: yes\n',
      {
        customerManagedEgress: { egress: false, remotes: [] },
      },
    ],
    [
      'configurable egress disabled',
      'permissions:\n  external:\n    configurable: { enabled: false }\n',
      {
        customerManagedEgress: { egress: false, remotes: [] },
      },
    ],
  ])('reads %s', (_name, yaml, expected) => {
    expect(readManifestFacts(yaml)).toMatchObject(expected);
  });

  it('never rejects a manifest for the shape of these sections', () => {
    const anything = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(anything, anything, anything, anything, anything, (a, b, c, d, e) => {
        const manifest = {
          app: { connect: a },
          connectModules: b,
          providers: c,
          permissions: { external: { configurable: d } },
          remotes: [{ key: 'r', baseUrl: 'https://r.example.com', configurable: e }],
        };
        // As JSON, which is YAML whose keys are all quoted: stringify would write a generated
        // "<<" key plain, and a plain "<<" is a YAML merge key, so that text is a different
        // (and, with a null source, invalid) manifest than the object the property is about.
        const facts = readManifestFacts(JSON.stringify(manifest));
        expect(facts.connect).toBeDefined();
        expect(facts.providers).toBeDefined();
        expect(facts.customerManagedEgress).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});
