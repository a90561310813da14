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
  wildcard: boolean;
}

export interface RemoteFact {
  key: string;
  baseUrl: string;
  inScopeEUD: boolean | undefined;
  /** Forge Remote operations, e.g. storage, compute, fetch. */
  operations: string[];
}

export interface WebTriggerFact {
  key: string;
  /** Static web triggers keep Runs on Atlassian eligibility; dynamic ones do not. */
  dynamic: boolean;
}

export interface CspFact {
  scriptsUnsafeInline: boolean;
  scriptsUnsafeEval: boolean;
  stylesUnsafeInline: boolean;
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
}
