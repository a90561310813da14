import { dataChannels } from '../../../../manifest/data-flows';
import type { ManifestFacts } from '../../../../manifest/facts';
import { estimateRunsOnAtlassian } from '../../../../manifest/runs-on-atlassian';
import {
  chosen,
  disprove,
  NOTHING_SETTLED,
  type RegisteredCheck,
} from '../../../../checks/check-helpers';

/** Forge-hosted storage still in EAP or preview, which may not support data residency yet. */
const PREVIEW_STORAGE_MODULES = ['objectStore'];

/**
 * P10 in rule set v2. Failing is as in v1: any disqualifier keeps the badge away. Passing:
 * - an app through which nothing can leave (no egress, remotes, dynamic web triggers, Connect
 *   modules, providers or customer-managed egress) is confirmed from the manifest: it has no
 *   analytics or logs for customers to block, so T4 does not apply, and its data can only be in
 *   Forge-hosted storage, which supports data residency (unless it uses preview storage);
 * - an app whose only egress is analytics without in-scope end-user data passes once T4 says
 *   customers can block analytics and log egress.
 * Otherwise the partner's own P10 answer stands.
 */
export const runsOnAtlassianCheck: RegisteredCheck = {
  id: 'runs-on-atlassian',
  title: 'Eligible for the Runs on Atlassian badge',
  settles: ['P10'],
  run({ answers, manifest }) {
    const estimate = estimateRunsOnAtlassian(manifest);
    if (!estimate.eligible) {
      const notMet = estimate.criteria.filter((c) => c.status === 'not-met');
      return disprove(
        'runs-on-atlassian',
        answers,
        'P10',
        `the manifest does not meet Runs on Atlassian: ${notMet.map((c) => c.reason).join('; ')}`,
        notMet.flatMap((c) => c.facts),
      );
    }
    if (confirmedFromManifest(manifest)) {
      return {
        settlements: [
          {
            questionId: 'P10',
            outcome: 'pass',
            reason:
              'the manifest meets the Runs on Atlassian criteria and lets no data out, so there is no egress for customers to block and data stays in Forge-hosted storage; confirm with forge eligibility',
          },
        ],
        contradictions: [],
      };
    }
    if (chosen(answers, 'T4') !== 'yes') return NOTHING_SETTLED;
    return {
      settlements: [
        {
          questionId: 'P10',
          outcome: 'pass',
          reason:
            'the manifest meets the Runs on Atlassian criteria and customers can block analytics and log egress (T4); confirm with forge eligibility',
        },
      ],
      contradictions: [],
    };
  },
};

/** Eligible with nothing to egress, every criterion checked, and no preview storage. */
export function confirmedFromManifest(manifest: ManifestFacts): boolean {
  return (
    manifest.connect !== undefined &&
    manifest.providers !== undefined &&
    manifest.customerManagedEgress !== undefined &&
    dataChannels(manifest).length === 0 &&
    (manifest.providers ?? []).length === 0 &&
    !manifest.modules.some((m) => PREVIEW_STORAGE_MODULES.includes(m))
  );
}
