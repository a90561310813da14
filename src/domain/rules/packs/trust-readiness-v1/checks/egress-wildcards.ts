import { egressLabel, wildcardEgress } from '../../../../manifest/data-flows';
import { disprove, NOTHING_SETTLED, type RegisteredCheck } from '../../../../checks/check-helpers';

/**
 * S12: a wildcard ("*" or "*.example.com") hides which hosts receive data; Forge's own
 * validator warns about "*" and customers reviewing egress cannot judge a pattern. Analytics
 * egress counts too: S12 is about knowing every destination.
 */
export const egressWildcardsCheck: RegisteredCheck = {
  id: 'egress-wildcards',
  title: 'Egress domains are listed without wildcards',
  settles: ['S12'],
  run({ answers, manifest }) {
    const wildcards = wildcardEgress(manifest);
    if (wildcards.length === 0) return NOTHING_SETTLED;
    return disprove(
      'egress-wildcards',
      answers,
      'S12',
      'the manifest allows egress through wildcards; list each domain explicitly',
      wildcards.map(egressLabel),
    );
  },
};
