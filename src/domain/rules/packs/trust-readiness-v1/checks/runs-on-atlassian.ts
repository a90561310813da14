import { estimateRunsOnAtlassian } from '../../../../manifest/runs-on-atlassian';
import {
  chosen,
  disprove,
  NOTHING_SETTLED,
  type RegisteredCheck,
} from '../../../../checks/check-helpers';

/**
 * P10 from the manifest estimate. Failing is safe: any disqualifier in the manifest keeps the
 * badge away whatever else is true. Passing needs what the manifest cannot show, so it waits
 * for the partner's T4 "yes" (customers can block analytics and log egress); storage that
 * supports residency is presumed because, without remotes, data can only sit in Forge-hosted
 * storage. Otherwise the partner's own P10 answer stands.
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
