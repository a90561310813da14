import { egressLabel } from '../../../../manifest/data-flows';
import {
  chosen,
  disprove,
  NOTHING_SETTLED,
  type RegisteredCheck,
} from '../../../../checks/check-helpers';

/**
 * P9: when the partner says the app sends analytics out (gate G3) but no egress carries
 * `category: analytics`, the analytics travel through egress Forge cannot tell apart, so
 * customers cannot switch them off and the app loses Runs on Atlassian. The outcome rests on
 * the G3 gate and the manifest, never on P9's own answer.
 */
export const analyticsEgressCheck: RegisteredCheck = {
  id: 'analytics-egress',
  title: 'Analytics egress is categorised as analytics',
  settles: ['P9'],
  run({ answers, manifest }) {
    if (chosen(answers, 'G3') !== 'yes') return NOTHING_SETTLED;
    if (manifest.egress.some((e) => e.category === 'analytics')) return NOTHING_SETTLED;
    const facts =
      manifest.egress.length > 0
        ? manifest.egress.map(egressLabel)
        : ['permissions.external: no egress declared'];
    return disprove(
      'analytics-egress',
      answers,
      'P9',
      'G3 says the app sends analytics outside Atlassian and no egress in the manifest has category: analytics',
      facts,
    );
  },
};
