import {
  analyticsEgress,
  connectLabels,
  customerManagedEgressLabels,
  egressLabel,
  nonAnalyticsEgress,
  providerLabel,
  remoteLabel,
  webTriggerLabel,
} from './data-flows';
import type { ManifestFacts } from './facts';

/**
 * An estimate of Runs on Atlassian eligibility from the manifest alone, after Atlassian's
 * published criteria. The authoritative answer is `forge eligibility`, which also sees the
 * deployed app.
 *
 * https://developer.atlassian.com/platform/forge/runs-on-atlassian-apps/ (and the intro at
 * https://developer.atlassian.com/platform/forge/runs-on-atlassian/): "Eligible apps do not
 * list any of the following in the manifest: External resource domains, except when these
 * domains are used for the purpose of analytics. Data egress for analytics must not include
 * in-scope End-User Data. Remotes. Connect modules. Providers. Dynamic web triggers." and
 * "Eligible apps can use web triggers, only if the apps use static web triggers."; they must
 * also use data residency-enabled Forge storage or Atlassian app entity properties.
 *
 * Web triggers "are considered dynamic by default, unless configured otherwise"
 * (https://developer.atlassian.com/platform/forge/manifest-reference/modules/web-trigger/).
 *
 * Customer-managed egress (EAP): "Forge apps that use customer-managed egress or
 * customer-managed remotes are not eligible for Runs on Atlassian."
 * (https://developer.atlassian.com/platform/forge/customer-managed-egress-and-remotes/); the
 * manifest shows it as `permissions.external.configurable.enabled: true` and as remotes with
 * `configurable` (@forge/manifest schema).
 */

export const RUNS_ON_ATLASSIAN_CRITERIA = [
  'no-remotes',
  'no-non-analytics-egress',
  'analytics-not-in-scope-eud',
  'no-connect-modules',
  'no-providers',
  'static-web-triggers',
  'no-customer-managed-egress',
  'residency-storage',
  'customer-egress-controls',
] as const;
export type RunsOnAtlassianCriterionId = (typeof RUNS_ON_ATLASSIAN_CRITERIA)[number];

export interface RunsOnAtlassianCriterion {
  id: RunsOnAtlassianCriterionId;
  /** 'not-checked': the manifest cannot show it either way. */
  status: 'met' | 'not-met' | 'not-checked';
  reason: string;
  /** Manifest entries that break the criterion. */
  facts: string[];
}

/** One manifest entry that breaks a criterion, with the line it is declared on. */
export interface RunsOnAtlassianDisqualifier {
  id: RunsOnAtlassianCriterionId;
  /** The entry, as in `criteria[].facts`. */
  fact: string;
  /** 1-based manifest line; undefined for facts stored before lines were read. */
  line: number | undefined;
}

export interface RunsOnAtlassianEstimate {
  /** True when nothing in the manifest disqualifies the app; see the not-checked criteria. */
  eligible: boolean;
  /** Every documented disqualifier the manifest declares, in criterion then manifest order. */
  disqualifiers: RunsOnAtlassianDisqualifier[];
  /** One line per criterion that is not met or not checked, in criterion order. */
  reasons: string[];
  criteria: RunsOnAtlassianCriterion[];
}

export function estimateRunsOnAtlassian(facts: ManifestFacts): RunsOnAtlassianEstimate {
  const remotes = facts.remotes.map(remoteLabel);
  const otherEgress = nonAnalyticsEgress(facts).map(egressLabel);
  const analyticsWithEud = analyticsEgress(facts)
    .filter((e) => e.inScopeEUD !== false)
    .map(egressLabel);
  const dynamicTriggers = facts.webTriggers.filter((t) => t.dynamic).map(webTriggerLabel);
  // Undefined when the facts were stored before these were read.
  const connect = facts.connect && connectLabels(facts.connect);
  const providers = facts.providers?.map(providerLabel);
  const customerManaged =
    facts.customerManagedEgress && customerManagedEgressLabels(facts.customerManagedEgress);

  const criteria: RunsOnAtlassianCriterion[] = [
    manifestCriterion(
      'no-remotes',
      remotes,
      'the app declares no remotes',
      'Forge Remote sends data to a back end outside Atlassian',
    ),
    manifestCriterion(
      'no-non-analytics-egress',
      otherEgress,
      'all egress is categorised as analytics',
      'egress not categorised as analytics',
    ),
    manifestCriterion(
      'analytics-not-in-scope-eud',
      analyticsWithEud,
      'analytics egress declares inScopeEUD: false',
      // Atlassian's eligible example declares false; an omitted value is not a declaration.
      'analytics egress must declare inScopeEUD: false',
    ),
    manifestCriterion(
      'no-connect-modules',
      connect,
      'the app declares no Connect modules',
      'Connect modules run on the Connect app back end, outside Atlassian',
    ),
    manifestCriterion(
      'no-providers',
      providers,
      'the app declares no external authentication providers',
      'external authentication providers connect the app to services outside Atlassian',
    ),
    manifestCriterion(
      'static-web-triggers',
      dynamicTriggers,
      'all web triggers are static',
      'web triggers are dynamic unless response.type is static',
    ),
    manifestCriterion(
      'no-customer-managed-egress',
      customerManaged,
      'the app uses no customer-managed egress or remotes',
      'customer-managed egress and remotes let admins add egress the manifest does not list',
    ),
    {
      id: 'residency-storage',
      status: 'not-checked',
      reason:
        'not checked: storage that supports data residency cannot be proven from the manifest' +
        (facts.usesForgeStorage
          ? ' (Forge-hosted storage is declared; features in EAP or preview may not support residency)'
          : ''),
      facts: [],
    },
    {
      id: 'customer-egress-controls',
      status: 'not-checked',
      reason:
        'not checked: whether customers can block analytics and log egress is not in the manifest (answer T4)',
      facts: [],
    },
  ];

  return {
    eligible: criteria.every((c) => c.status !== 'not-met'),
    disqualifiers: disqualifiersOf(facts),
    reasons: criteria.filter((c) => c.status !== 'met').map(formatReason),
    criteria,
  };
}

function manifestCriterion(
  id: RunsOnAtlassianCriterionId,
  offending: string[] | undefined,
  metReason: string,
  notMetReason: string,
): RunsOnAtlassianCriterion {
  if (offending === undefined) {
    return {
      id,
      status: 'not-checked',
      reason:
        'not checked: the stored manifest facts predate this criterion (attach the manifest again)',
      facts: [],
    };
  }
  return offending.length === 0
    ? { id, status: 'met', reason: metReason, facts: [] }
    : { id, status: 'not-met', reason: notMetReason, facts: offending };
}

function formatReason(criterion: RunsOnAtlassianCriterion): string {
  return criterion.facts.length === 0
    ? criterion.reason
    : `${criterion.reason}: ${criterion.facts.join('; ')}`;
}

function disqualifiersOf(facts: ManifestFacts): RunsOnAtlassianDisqualifier[] {
  const out: RunsOnAtlassianDisqualifier[] = [];
  const add = (id: RunsOnAtlassianCriterionId, fact: string, line: number | undefined) =>
    out.push({ id, fact, line });
  for (const r of facts.remotes) add('no-remotes', remoteLabel(r), r.line);
  for (const e of nonAnalyticsEgress(facts)) add('no-non-analytics-egress', egressLabel(e), e.line);
  for (const e of analyticsEgress(facts).filter((a) => a.inScopeEUD !== false)) {
    add('analytics-not-in-scope-eud', egressLabel(e), e.line);
  }
  if (facts.connect) {
    const labels = connectLabels(facts.connect);
    const lines = [
      ...facts.connect.modules.map((_, i) => facts.connect?.moduleLines?.[i]),
      ...(facts.connect.remote !== undefined ? [facts.connect.remoteLine] : []),
      ...(facts.connect.authentication !== undefined ? [facts.connect.authenticationLine] : []),
    ];
    labels.forEach((label, i) => add('no-connect-modules', label, lines[i]));
  }
  (facts.providers ?? []).forEach((key, i) =>
    add('no-providers', providerLabel(key), facts.providerLines?.[i]),
  );
  for (const t of facts.webTriggers.filter((w) => w.dynamic)) {
    add('static-web-triggers', webTriggerLabel(t), t.line);
  }
  const cme = facts.customerManagedEgress;
  if (cme) {
    const lines = [...(cme.egress ? [cme.egressLine] : []), ...(cme.remoteLines ?? [])];
    customerManagedEgressLabels(cme).forEach((label, i) =>
      add('no-customer-managed-egress', label, lines[i]),
    );
  }
  return out;
}
