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
 * What the manifest facts mean for end-user data, with Forge's documented defaults applied in
 * one place so that suggestions, the Runs on Atlassian estimate and the derived checks cannot
 * drift apart. Labels name the manifest entry a finding rests on, in the partner's own terms.
 */

export function egressLabel(egress: EgressFact): string {
  return `permissions.external.${egress.kind}: ${egress.address}`;
}

export function remoteLabel(remote: RemoteFact): string {
  return `remotes.${remote.key}: ${remote.baseUrl || '(no baseUrl)'}`;
}

export function webTriggerLabel(trigger: WebTriggerFact): string {
  return `modules.webtrigger.${trigger.key}: ${trigger.dynamic ? 'dynamic' : 'static'}`;
}

/**
 * The Connect declarations that tie the app to a Connect back end: its Connect modules and the
 * `app.connect` fields that exist only for them. `app.connect.key` alone is what a fully
 * adopted app keeps, so it is not listed.
 */
export function connectLabels(connect: ConnectFact): string[] {
  const labels = connect.modules.map((type) =>
    type === ''
      ? 'connectModules: (not a mapping of module types)'
      : type.startsWith('connect-')
        ? `modules.${type}`
        : `connectModules.${type}`,
  );
  if (connect.remote !== undefined) labels.push(`app.connect.remote: ${connect.remote || '(set)'}`);
  if (connect.authentication !== undefined) {
    labels.push(`app.connect.authentication: ${connect.authentication || '(set)'}`);
  }
  return labels;
}

export function providerLabel(key: string): string {
  return `providers.auth.${key || '(no key)'}`;
}

export function customerManagedEgressLabels(fact: CustomerManagedEgressFact): string[] {
  return [
    ...(fact.egress ? ['permissions.external.configurable.enabled: true'] : []),
    ...fact.remotes.map((key) => `remotes.${key || '(no key)'}: configurable`),
  ];
}

/** Only script sources: S11 and Runs on Atlassian are about scripts, styles are listed apart. */
export function unsafeScriptLabels(csp: CspFact): string[] {
  const labels: string[] = [];
  if (csp.scriptsUnsafeEval) labels.push('permissions.content.scripts: unsafe-eval');
  if (csp.scriptsUnsafeInline) labels.push('permissions.content.scripts: unsafe-inline');
  return labels;
}

export function analyticsEgress(facts: ManifestFacts): EgressFact[] {
  return facts.egress.filter((e) => e.category === 'analytics');
}

export function nonAnalyticsEgress(facts: ManifestFacts): EgressFact[] {
  return facts.egress.filter((e) => e.category !== 'analytics');
}

export function wildcardEgress(facts: ManifestFacts): EgressFact[] {
  return facts.egress.filter((e) => e.wildcard);
}

/**
 * Egress Forge treats as carrying in-scope end-user data: "When an app defines an external
 * domain, Forge will (by default) assume that it is egressing in-scope end-user data to be
 * stored in a remote back end" (runtime egress permissions). Only an explicit
 * `inScopeEUD: false` lifts that; analytics egress counts only when it says `true`.
 */
export function egressPresumedToCarryEud(facts: ManifestFacts): EgressFact[] {
  return facts.egress.filter(
    (e) => e.inScopeEUD === true || (e.category !== 'analytics' && e.inScopeEUD === undefined),
  );
}

/**
 * Remotes Forge treats as storing in-scope end-user data: one without `operations` is
 * "considered to store in-scope End-User Data", one with `storage` unless it declares
 * `storage.inScopeEUD: false`. A compute- or fetch-only remote processes but does not store.
 */
export function remotesPresumedToStoreEud(facts: ManifestFacts): RemoteFact[] {
  return facts.remotes.filter(
    (r) =>
      r.operations.length === 0 || (r.operations.includes('storage') && r.inScopeEUD !== false),
  );
}

/** Forge's own validator rejects these: storage.inScopeEUD is required with `storage`. */
export function remotesMissingStorageDeclaration(facts: ManifestFacts): RemoteFact[] {
  return facts.remotes.filter(
    (r) => r.operations.includes('storage') && r.inScopeEUD === undefined,
  );
}

/** Forge blocks undeclared egress, so a manifest without egress or remotes keeps data in. */
export function canSendDataOut(facts: ManifestFacts): boolean {
  return facts.egress.length > 0 || facts.remotes.length > 0;
}

/** Manifest entries showing end-user data is likely stored outside Atlassian (P1). */
export function storageOutsideFacts(facts: ManifestFacts): string[] {
  return [
    ...egressPresumedToCarryEud(facts).map(egressLabel),
    ...remotesPresumedToStoreEud(facts).map(remoteLabel),
  ];
}

/** Manifest entries showing end-user data is likely processed outside Atlassian (P2). */
export function processingOutsideFacts(facts: ManifestFacts): string[] {
  return [...egressPresumedToCarryEud(facts).map(egressLabel), ...facts.remotes.map(remoteLabel)];
}
