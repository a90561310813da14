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

/*
 * Three strengths of evidence. The manifest *proves* what it declares and what Forge enforces
 * (undeclared egress is blocked); it only *presumes* what Forge's defaults assume (a declared
 * domain without inScopeEUD may carry end-user data). A presumption is a question for the
 * partner to confirm: it never contradicts an answer. Where it says neither it is *silent*.
 */
export type EvidenceStrength = 'proves' | 'presumes';

/** Atlassian's own hosts: egress there does not take data outside Atlassian. */
const ATLASSIAN_HOST_SUFFIXES = [
  'atlassian.net',
  'atlassian.com',
  'atl-paas.net',
  'atlassian-dev.net',
  'jira.com',
];

/** Whether the egress host is Atlassian's own (wildcards included: `*.atlassian.net`). */
export function isAtlassianHost(egress: EgressFact): boolean {
  const host = (egress.host ?? '').replace(/^\*\./, '');
  return ATLASSIAN_HOST_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`));
}

/** Dynamic web triggers answer any caller with what the function returns: data can leave. */
export function dynamicWebTriggers(facts: ManifestFacts): WebTriggerFact[] {
  return facts.webTriggers.filter((t) => t.dynamic);
}

/**
 * Every manifest entry through which data can leave Atlassian: egress, remotes, dynamic web
 * triggers (a static one returns a response fixed in the manifest), Connect modules and
 * customer-managed egress. Forge blocks everything else, so an empty list proves nothing
 * leaves. Unlike `canSendDataOut` (rule set v1, frozen), web triggers count.
 */
export function dataChannels(facts: ManifestFacts): string[] {
  return [
    ...facts.egress.map(egressLabel),
    ...facts.remotes.map(remoteLabel),
    ...dynamicWebTriggers(facts).map(webTriggerLabel),
    ...(facts.connect ? connectLabels(facts.connect) : []),
    ...(facts.customerManagedEgress
      ? customerManagedEgressLabels(facts.customerManagedEgress)
      : []),
  ];
}

/** Remotes whose manifest entry itself declares they store in-scope end-user data. */
export function remotesDeclaredStoringEud(facts: ManifestFacts): RemoteFact[] {
  return facts.remotes.filter((r) => r.operations.includes('storage') && r.inScopeEUD === true);
}

/** Egress whose manifest entry itself declares it carries in-scope end-user data. */
export function egressDeclaredCarryingEud(facts: ManifestFacts): EgressFact[] {
  return facts.egress.filter((e) => e.inScopeEUD === true);
}

/**
 * Entries Forge's defaults presume carry end-user data out of Atlassian (P1/P2 "confirm
 * this"): egress outside Atlassian's own hosts without inScopeEUD, and remotes presumed to
 * store it. Declared entries are proofs and are listed by the functions above instead.
 */
export function presumedOutsideFacts(facts: ManifestFacts): string[] {
  return [
    ...facts.egress
      .filter((e) => e.category !== 'analytics' && e.inScopeEUD === undefined)
      .filter((e) => !isAtlassianHost(e))
      .map(egressLabel),
    ...remotesPresumedToStoreEud(facts)
      .filter((r) => r.inScopeEUD !== true)
      .map(remoteLabel),
  ];
}

/** Connect-on-Forge: Connect modules or the Connect remote that serves them. */
export function usesConnect(facts: ManifestFacts): boolean {
  const connect = facts.connect;
  return connect !== undefined && (connect.modules.length > 0 || connect.remote !== undefined);
}
