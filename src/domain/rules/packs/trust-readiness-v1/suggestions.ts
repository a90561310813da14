import {
  analyticsEgress,
  canSendDataOut,
  egressLabel,
  nonAnalyticsEgress,
  processingOutsideFacts,
  remoteLabel,
  remotesMissingStorageDeclaration,
  storageOutsideFacts,
  unsafeScriptLabels,
  wildcardEgress,
} from '../../../manifest/data-flows';
import type { EgressFact, ManifestFacts } from '../../../manifest/facts';
import { estimateRunsOnAtlassian } from '../../../manifest/runs-on-atlassian';
import type { Suggestion } from '../../../checks/types';

export type { Suggestion };

/**
 * Hosts of well-known product-analytics services. Error trackers such as Sentry are left out:
 * Atlassian says tools that do not capture analytics must not be marked as analytics egress.
 */
export const ANALYTICS_HOSTS = [
  'google-analytics.com',
  'googletagmanager.com',
  'segment.io',
  'segment.com',
  'mixpanel.com',
  'amplitude.com',
  'heapanalytics.com',
  'posthog.com',
  'accoil.com',
  'plausible.io',
  'hotjar.com',
];

/** Hosts of well-known log and error collectors, a hint for G4. */
export const LOG_HOSTS = [
  'sentry.io',
  'datadoghq.com',
  'datadoghq.eu',
  'logz.io',
  'loggly.com',
  'papertrailapp.com',
  'newrelic.com',
  'honeycomb.io',
  'logtail.com',
  'betterstack.com',
  'bugsnag.com',
  'rollbar.com',
];

const NOTHING_LEAVES = 'nothing in the manifest can send data out: no egress and no remotes';

export function suggestAnswers(facts: ManifestFacts): Suggestion[] {
  const suggestions: (Suggestion | undefined)[] = [
    suggestHosting(facts),
    suggestHasEgress(facts),
    suggestAnalytics(facts),
    suggestLogs(facts),
    suggestStoresOutside(facts),
    suggestProcessesOutside(facts),
    suggestWildcards(facts),
    suggestCsp(facts),
    suggestAnalyticsTagged(facts),
    suggestInScopeEud(facts),
    suggestRunsOnAtlassian(facts),
  ];
  return suggestions.filter((s): s is Suggestion => s !== undefined);
}

function suggestHosting(facts: ManifestFacts): Suggestion {
  // A Connect-on-Forge app also declares remotes; the manifest facts cannot tell it apart.
  return facts.remotes.length > 0
    ? {
        questionId: 'G1',
        value: 'forge-remote',
        reason: 'the manifest declares remotes (pick connect if this is a Connect app on Forge)',
        facts: facts.remotes.map(remoteLabel),
      }
    : {
        questionId: 'G1',
        value: 'forge-hosted',
        reason: 'the manifest declares no remotes',
        facts: [],
      };
}

function suggestHasEgress(facts: ManifestFacts): Suggestion {
  return facts.egress.length > 0
    ? {
        questionId: 'G2',
        value: 'yes',
        reason: 'the manifest declares external egress',
        facts: facts.egress.map(egressLabel),
      }
    : {
        questionId: 'G2',
        value: 'no',
        reason: 'the manifest declares no external egress',
        facts: [],
      };
}

function suggestAnalytics(facts: ManifestFacts): Suggestion | undefined {
  const tagged = analyticsEgress(facts);
  if (tagged.length > 0) {
    return {
      questionId: 'G3',
      value: 'yes',
      reason: 'the manifest declares egress categorised as analytics',
      facts: tagged.map(egressLabel),
    };
  }
  const untagged = egressToHosts(nonAnalyticsEgress(facts), ANALYTICS_HOSTS);
  if (untagged.length > 0) {
    return {
      questionId: 'G3',
      value: 'yes',
      reason: 'likely: the manifest allows egress to a known analytics service',
      facts: untagged.map(egressLabel),
    };
  }
  if (!canSendDataOut(facts)) {
    return { questionId: 'G3', value: 'no', reason: NOTHING_LEAVES, facts: [] };
  }
  return undefined;
}

function suggestLogs(facts: ManifestFacts): Suggestion | undefined {
  const collectors = egressToHosts(facts.egress, LOG_HOSTS);
  if (collectors.length > 0) {
    return {
      questionId: 'G4',
      value: 'yes',
      reason: 'likely: the manifest allows egress to a known log or error collector',
      facts: collectors.map(egressLabel),
    };
  }
  if (!canSendDataOut(facts)) {
    return { questionId: 'G4', value: 'no', reason: NOTHING_LEAVES, facts: [] };
  }
  return undefined;
}

function suggestStoresOutside(facts: ManifestFacts): Suggestion | undefined {
  const evidence = storageOutsideFacts(facts);
  if (evidence.length > 0) {
    return {
      questionId: 'P1',
      value: 'yes',
      reason:
        'likely: Forge presumes non-analytics egress and storing remotes carry in-scope end-user data unless they declare inScopeEUD: false',
      facts: evidence,
    };
  }
  if (!canSendDataOut(facts)) {
    return { questionId: 'P1', value: 'no', reason: NOTHING_LEAVES, facts: [] };
  }
  return {
    questionId: 'P1',
    value: 'no',
    reason:
      'likely: every egress is analytics or declares inScopeEUD: false, and no remote stores end-user data',
    facts: [...facts.egress.map(egressLabel), ...facts.remotes.map(remoteLabel)],
  };
}

function suggestProcessesOutside(facts: ManifestFacts): Suggestion | undefined {
  const evidence = processingOutsideFacts(facts);
  if (evidence.length > 0) {
    return {
      questionId: 'P2',
      value: 'yes',
      reason:
        'likely: remotes and egress presumed to carry end-user data send it outside Atlassian',
      facts: evidence,
    };
  }
  if (!canSendDataOut(facts)) {
    return { questionId: 'P2', value: 'no', reason: NOTHING_LEAVES, facts: [] };
  }
  return undefined;
}

function suggestWildcards(facts: ManifestFacts): Suggestion | undefined {
  if (facts.egress.length === 0) return undefined;
  const wildcards = wildcardEgress(facts);
  return wildcards.length > 0
    ? {
        questionId: 'S12',
        value: 'no',
        reason: 'the manifest allows egress through wildcards',
        facts: wildcards.map(egressLabel),
      }
    : {
        questionId: 'S12',
        value: 'yes',
        reason: 'every egress domain is listed without a wildcard',
        facts: facts.egress.map(egressLabel),
      };
}

function suggestCsp(facts: ManifestFacts): Suggestion | undefined {
  const unsafe = unsafeScriptLabels(facts.csp);
  // A clean CSP does not prove input validation, the other half of S11, so no "yes".
  if (unsafe.length === 0) return undefined;
  return {
    questionId: 'S11',
    value: 'no',
    reason: 'the content security policy allows unsafe scripts',
    facts: unsafe,
  };
}

function suggestAnalyticsTagged(facts: ManifestFacts): Suggestion | undefined {
  const untagged = egressToHosts(nonAnalyticsEgress(facts), ANALYTICS_HOSTS);
  if (untagged.length > 0) {
    return {
      questionId: 'P9',
      value: 'no',
      reason: 'likely: egress to a known analytics service is not categorised as analytics',
      facts: untagged.map(egressLabel),
    };
  }
  const tagged = analyticsEgress(facts);
  if (tagged.length > 0) {
    return {
      questionId: 'P9',
      value: 'yes',
      reason: 'analytics egress is categorised as analytics',
      facts: tagged.map(egressLabel),
    };
  }
  return undefined;
}

function suggestInScopeEud(facts: ManifestFacts): Suggestion | undefined {
  const missing = remotesMissingStorageDeclaration(facts);
  if (missing.length > 0) {
    return {
      questionId: 'P5',
      value: 'no',
      reason: 'a remote with the storage operation does not declare storage.inScopeEUD',
      facts: missing.map(remoteLabel),
    };
  }
  if (!canSendDataOut(facts)) return undefined;
  const undeclared = [
    ...facts.egress.filter((e) => e.inScopeEUD === undefined).map(egressLabel),
    ...facts.remotes.filter((r) => r.operations.length === 0).map(remoteLabel),
  ];
  if (undeclared.length > 0) {
    // Forge 13 warns that plain-string egress entries are deprecated in favour of
    // `{ address, inScopeEUD }`; left undeclared, Forge presumes in-scope end-user data.
    return {
      questionId: 'P5',
      value: 'no',
      reason:
        'likely: these entries do not state inScopeEUD, so Forge presumes in-scope end-user data',
      facts: undeclared,
    };
  }
  return {
    questionId: 'P5',
    value: 'yes',
    reason: 'likely: every egress and remote states inScopeEUD or its operations explicitly',
    facts: [...facts.egress.map(egressLabel), ...facts.remotes.map(remoteLabel)],
  };
}

function suggestRunsOnAtlassian(facts: ManifestFacts): Suggestion {
  const estimate = estimateRunsOnAtlassian(facts);
  const offending = estimate.criteria.flatMap((c) => c.facts);
  return estimate.eligible
    ? {
        questionId: 'P10',
        value: 'yes',
        reason: `estimate: the manifest meets the Runs on Atlassian criteria it can show; ${estimate.reasons.join('; ')}`,
        facts: [],
      }
    : {
        questionId: 'P10',
        value: 'no',
        reason: `estimate: ${estimate.criteria
          .filter((c) => c.status === 'not-met')
          .map((c) => c.reason)
          .join('; ')}`,
        facts: offending,
      };
}

export function egressToHosts(egress: EgressFact[], hosts: readonly string[]): EgressFact[] {
  return egress.filter((e) => {
    const host = hostOf(e.address);
    return hosts.some((known) => host === known || host.endsWith(`.${known}`));
  });
}

function hostOf(address: string): string {
  const withoutScheme = address.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return (withoutScheme.split(/[/:?#]/)[0] ?? '').replace(/^\*\./, '').toLowerCase();
}
