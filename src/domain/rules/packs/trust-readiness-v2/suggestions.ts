import type { Suggestion } from '../../../checks/types';
import {
  analyticsEgress,
  dataChannels,
  egressDeclaredCarryingEud,
  egressLabel,
  nonAnalyticsEgress,
  presumedOutsideFacts,
  remoteLabel,
  remotesDeclaredStoringEud,
  remotesMissingStorageDeclaration,
  unsafeScriptLabels,
  usesConnect,
  wildcardEgress,
  connectLabels,
} from '../../../manifest/data-flows';
import type { ManifestFacts } from '../../../manifest/facts';
import { estimateRunsOnAtlassian } from '../../../manifest/runs-on-atlassian';
import { confirmedFromManifest } from './checks/runs-on-atlassian';
import { ANALYTICS_HOSTS, egressToHosts, LOG_HOSTS } from '../trust-readiness-v1/suggestions';

const NOTHING_LEAVES =
  'nothing in the manifest can send data out: no egress, remotes, dynamic web triggers, Connect modules or customer-managed egress';
const CONFIRM = 'confirm this:';

/**
 * Suggestions for rule set v2, each with the strength of its evidence: `proves` where the
 * manifest declares it or Forge enforces it, `presumes` where only Forge's defaults (or a
 * well-known host) point to it; the partner confirms a presumption, it is never assumed. A
 * question the manifest says nothing about gets no suggestion (silent).
 */
export function suggestAnswersV2(facts: ManifestFacts): Suggestion[] {
  const leaves = dataChannels(facts);
  const out: (Suggestion | undefined)[] = [
    suggestHosting(facts),
    suggestHasEgress(facts),
    suggestAnalytics(facts, leaves),
    suggestLogs(facts, leaves),
    suggestOutside(facts, leaves, 'P1'),
    suggestOutside(facts, leaves, 'P2'),
    suggestWildcards(facts),
    suggestCsp(facts),
    suggestAnalyticsTagged(facts),
    suggestInScopeEud(facts, leaves),
    suggestRunsOnAtlassian(facts),
    ...suggestHostedStorage(facts, leaves),
    suggestCustomerManaged(facts),
  ];
  return out.filter((s): s is Suggestion => s !== undefined);
}

function proves(questionId: string, value: string, reason: string, facts: string[]): Suggestion {
  return { questionId, value, reason, facts, strength: 'proves' };
}

function presumes(questionId: string, value: string, reason: string, facts: string[]): Suggestion {
  return { questionId, value, reason: `${CONFIRM} ${reason}`, facts, strength: 'presumes' };
}

function suggestHosting(facts: ManifestFacts): Suggestion {
  if (usesConnect(facts)) {
    return proves(
      'G1',
      'connect',
      'the manifest declares Connect modules or the Connect remote (Connect on Forge)',
      facts.connect ? connectLabels(facts.connect) : [],
    );
  }
  return facts.remotes.length > 0
    ? proves('G1', 'forge-remote', 'the manifest declares remotes', facts.remotes.map(remoteLabel))
    : proves('G1', 'forge-hosted', 'the manifest declares no remotes', []);
}

function suggestHasEgress(facts: ManifestFacts): Suggestion {
  const configurable = facts.customerManagedEgress?.egress === true;
  if (facts.egress.length > 0 || configurable) {
    return proves(
      'G2',
      'yes',
      configurable && facts.egress.length === 0
        ? 'the manifest lets admins add egress (customer-managed egress)'
        : 'the manifest declares external egress',
      facts.egress.map(egressLabel),
    );
  }
  return proves('G2', 'no', 'the manifest declares no external egress', []);
}

function suggestAnalytics(facts: ManifestFacts, leaves: string[]): Suggestion | undefined {
  const tagged = analyticsEgress(facts);
  if (tagged.length > 0) {
    return proves(
      'G3',
      'yes',
      'the manifest declares egress categorised as analytics',
      tagged.map(egressLabel),
    );
  }
  const untagged = egressToHosts(nonAnalyticsEgress(facts), ANALYTICS_HOSTS);
  if (untagged.length > 0) {
    return presumes(
      'G3',
      'yes',
      'the manifest allows egress to a known analytics service',
      untagged.map(egressLabel),
    );
  }
  return leaves.length === 0 ? proves('G3', 'no', NOTHING_LEAVES, []) : undefined;
}

function suggestLogs(facts: ManifestFacts, leaves: string[]): Suggestion | undefined {
  const collectors = egressToHosts(facts.egress, LOG_HOSTS);
  if (collectors.length > 0) {
    return presumes(
      'G4',
      'yes',
      'the manifest allows egress to a known log or error collector',
      collectors.map(egressLabel),
    );
  }
  return leaves.length === 0 ? proves('G4', 'no', NOTHING_LEAVES, []) : undefined;
}

/** P1 (stored outside Atlassian) and P2 (processed outside Atlassian). */
function suggestOutside(
  facts: ManifestFacts,
  leaves: string[],
  questionId: 'P1' | 'P2',
): Suggestion {
  const verb = questionId === 'P1' ? 'store' : 'carry';
  const declared =
    questionId === 'P1'
      ? remotesDeclaredStoringEud(facts).map(remoteLabel)
      : [
          ...egressDeclaredCarryingEud(facts).map(egressLabel),
          ...remotesDeclaredStoringEud(facts).map(remoteLabel),
        ];
  if (declared.length > 0) {
    return proves(
      questionId,
      'yes',
      `the manifest declares entries that ${verb} in-scope end-user data outside Atlassian (inScopeEUD: true)`,
      declared,
    );
  }
  if (leaves.length === 0) return proves(questionId, 'no', NOTHING_LEAVES, []);
  const presumed = presumedOutsideFacts(facts);
  if (questionId === 'P2') presumed.push(...facts.remotes.map(remoteLabel));
  const unique = [...new Set(presumed)];
  if (unique.length > 0) {
    return presumes(
      questionId,
      'yes',
      `Forge presumes these entries ${verb} in-scope end-user data outside Atlassian unless they declare inScopeEUD: false; answer no if they do not`,
      unique,
    );
  }
  return presumes(
    questionId,
    'no',
    'data can leave only through entries that declare no in-scope end-user data, analytics, or Atlassian-owned hosts',
    leaves,
  );
}

function suggestWildcards(facts: ManifestFacts): Suggestion | undefined {
  if (facts.egress.length === 0) return undefined;
  const wildcards = wildcardEgress(facts);
  if (wildcards.length > 0) {
    return proves(
      'S12',
      'no',
      'the manifest allows egress to wildcard hosts',
      wildcards.map(egressLabel),
    );
  }
  const hidden = facts.egress.filter((e) => e.host === '');
  return hidden.length > 0
    ? presumes(
        'S12',
        'yes',
        'no wildcard host, but placeholders set some hosts only at deploy',
        hidden.map(egressLabel),
      )
    : proves(
        'S12',
        'yes',
        'every egress host is listed without a wildcard (Forge matches egress by host)',
        facts.egress.map(egressLabel),
      );
}

function suggestCsp(facts: ManifestFacts): Suggestion | undefined {
  const unsafe = unsafeScriptLabels(facts.csp);
  // A clean CSP does not prove input validation, the other half of S11, so no "yes".
  if (unsafe.length === 0) return undefined;
  return proves('S11', 'no', 'the content security policy allows unsafe scripts', unsafe);
}

function suggestAnalyticsTagged(facts: ManifestFacts): Suggestion | undefined {
  const untagged = egressToHosts(nonAnalyticsEgress(facts), ANALYTICS_HOSTS);
  if (untagged.length > 0) {
    return presumes(
      'P9',
      'no',
      'egress to a known analytics service is not categorised as analytics',
      untagged.map(egressLabel),
    );
  }
  const tagged = analyticsEgress(facts);
  return tagged.length > 0
    ? proves('P9', 'yes', 'analytics egress is categorised as analytics', tagged.map(egressLabel))
    : undefined;
}

function suggestInScopeEud(facts: ManifestFacts, leaves: string[]): Suggestion | undefined {
  const missing = remotesMissingStorageDeclaration(facts);
  if (missing.length > 0) {
    return proves(
      'P5',
      'no',
      'a remote with the storage operation does not declare storage.inScopeEUD',
      missing.map(remoteLabel),
    );
  }
  if (leaves.length === 0) return undefined;
  const undeclared = [
    ...facts.egress.filter((e) => e.inScopeEUD === undefined).map(egressLabel),
    ...facts.remotes.filter((r) => r.operations.length === 0).map(remoteLabel),
  ];
  return undeclared.length > 0
    ? presumes(
        'P5',
        'no',
        'these entries do not state inScopeEUD, so Forge presumes in-scope end-user data',
        undeclared,
      )
    : presumes(
        'P5',
        'yes',
        'every egress and remote states inScopeEUD or its operations explicitly',
        [...facts.egress.map(egressLabel), ...facts.remotes.map(remoteLabel)],
      );
}

function suggestRunsOnAtlassian(facts: ManifestFacts): Suggestion {
  const estimate = estimateRunsOnAtlassian(facts);
  if (!estimate.eligible) {
    return proves(
      'P10',
      'no',
      `the manifest does not meet Runs on Atlassian: ${estimate.criteria
        .filter((c) => c.status === 'not-met')
        .map((c) => c.reason)
        .join('; ')}`,
      estimate.disqualifiers.map((d) => d.fact),
    );
  }
  return confirmedFromManifest(facts)
    ? proves(
        'P10',
        'yes',
        'the manifest meets the Runs on Atlassian criteria and lets no data out; confirm with forge eligibility',
        [],
      )
    : presumes(
        'P10',
        'yes',
        `the manifest meets the Runs on Atlassian criteria it can show; ${estimate.reasons.join('; ')}`,
        [],
      );
}

/** P4, P16, P17, S6: the values Forge-hosted storage guarantees, when nothing stores outside. */
function suggestHostedStorage(facts: ManifestFacts, leaves: string[]): Suggestion[] {
  const outside = [
    ...remotesDeclaredStoringEud(facts).map(remoteLabel),
    ...presumedOutsideFacts(facts),
  ];
  if (facts.remotes.length > 0 || outside.length > 0) return [];
  const nothing = leaves.length === 0;
  const why = nothing
    ? 'nothing in the manifest can send data out: end-user data stays in Forge-hosted storage'
    : 'no remote stores data and no egress is presumed to carry end-user data, so it sits in Forge-hosted storage';
  const make = nothing ? proves : presumes;
  return [
    make(
      'P4',
      'stored-in-atlassian',
      `${why}, which Forge pins and migrates for data residency`,
      [],
    ),
    make(
      'P16',
      "Stored in Atlassian's data residency location chosen by the customer",
      `${why}; check the wording for your listing`,
      [],
    ),
    make('P17', 'yes', `${why}; Forge migrates hosted data between realms`, []),
    make('S6', 'yes', `${why}, which Atlassian encrypts at rest`, []),
  ];
}

function suggestCustomerManaged(facts: ManifestFacts): Suggestion | undefined {
  const cme = facts.customerManagedEgress;
  if (!cme) return undefined;
  const enabled = cme.egress || cme.remotes.length > 0;
  return proves(
    'S18',
    enabled ? 'yes' : 'no',
    enabled
      ? 'the manifest enables customer-managed egress'
      : 'the manifest enables no customer-managed egress',
    cme.egress ? ['permissions.external.configurable.enabled: true'] : [],
  );
}
