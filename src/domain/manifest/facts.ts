/**
 * What a partner's Forge manifest proves about their app. Produced by `readManifestFacts`
 * (manifest/read.ts) from a manifest.yml text; consumed by derived checks and suggestions.
 */
export type EgressCategory = 'analytics' | 'other';

export interface EgressFact {
  /** Domain or URL as declared, e.g. "api.example.com" or "*.example.com". */
  address: string;
  /** Which permission list declared it: fetch.backend, fetch.client, images, media, ... */
  kind: string;
  category: EgressCategory;
  /** undefined when the manifest does not say (Forge then assumes true for non-analytics). */
  inScopeEUD: boolean | undefined;
  /**
   * A `*` in the host name. Forge matches egress by host, so a `*` in a URL path (CircleCI's
   * `https://oidc.circleci.com/org/<star>/...`) allows one host and is no wildcard domain.
   */
  wildcard: boolean;
  /*
   * Added later (facts stored before lack them): the host Forge matches, lower-cased and
   * without scheme, port or path ('' when a placeholder hides it), the `${VAR}` placeholders
   * in the address, and the 1-based manifest line the entry is on.
   */
  host?: string | undefined;
  placeholders?: string[] | undefined;
  line?: number | undefined;
}

export interface RemoteFact {
  key: string;
  baseUrl: string;
  inScopeEUD: boolean | undefined;
  /** Forge Remote operations, e.g. storage, compute, fetch. */
  operations: string[];
  /** `${VAR}` placeholders in the base URL, filled from environment variables at deploy. */
  placeholders?: string[] | undefined;
  line?: number | undefined;
}

export interface WebTriggerFact {
  key: string;
  /** Static web triggers keep Runs on Atlassian eligibility; dynamic ones do not. */
  dynamic: boolean;
  line?: number | undefined;
}

export interface CspFact {
  scriptsUnsafeInline: boolean;
  scriptsUnsafeEval: boolean;
  stylesUnsafeInline: boolean;
}

/** Connect-on-Forge declarations: `app.connect` and Connect modules. */
export interface ConnectFact {
  /**
   * `app.connect.key`: the Connect app this Forge app continues. A fully adopted app keeps the
   * key and nothing else, so the key alone is not a Connect module.
   */
  key: string | undefined;
  /** `app.connect.remote`: the remote serving the Connect modules. */
  remote: string | undefined;
  /** `app.connect.authentication`, e.g. "jwt"; only valid alongside Connect modules. */
  authentication: string | undefined;
  /**
   * Connect module types: `connectModules` keys as declared (e.g. "jira:adminPages") and
   * `modules` types with the `connect-` prefix (e.g. "connect-jira:adminPages").
   */
  modules: string[];
  /** Lines of `modules` (same order), `app.connect.remote` and `app.connect.authentication`. */
  moduleLines?: (number | undefined)[] | undefined;
  remoteLine?: number | undefined;
  authenticationLine?: number | undefined;
}

/** Customer-managed egress and remotes (Forge EAP): egress an admin adds per installation. */
export interface CustomerManagedEgressFact {
  /** `permissions.external.configurable.enabled: true`. */
  egress: boolean;
  /** Keys of remotes that declare `configurable`. */
  remotes: string[];
  egressLine?: number | undefined;
  remoteLines?: (number | undefined)[] | undefined;
}

/** Something the manifest declares in a shape older than today's schema, read anyway. */
export interface OutdatedNote {
  /** Dotted manifest path, e.g. "app.runtime.name". */
  path: string;
  line?: number | undefined;
  note: string;
}

export interface ManifestFacts {
  appId: string | undefined;
  runtime: string | undefined;
  modules: string[];
  scopes: string[];
  egress: EgressFact[];
  remotes: RemoteFact[];
  webTriggers: WebTriggerFact[];
  csp: CspFact;
  /** Entity or storage declarations hint at data stored in Forge storage. */
  usesForgeStorage: boolean;
  /*
   * The facts below were added later: facts stored before they were read lack them, and the
   * Runs on Atlassian estimate then says it did not check them. `readManifestFacts` always
   * sets them.
   */
  connect?: ConnectFact;
  /** External authentication providers (`providers.auth`) by key; '' for one without a key. */
  providers?: string[];
  customerManagedEgress?: CustomerManagedEgressFact;
  /** Lines of `providers.auth` entries, in `providers` order. */
  providerLines?: (number | undefined)[] | undefined;
  /** What is outdated against today's manifest schema; empty for a current manifest. */
  outdated?: OutdatedNote[] | undefined;
}
