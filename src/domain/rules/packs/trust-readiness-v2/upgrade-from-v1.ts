import type { UpgradeMap } from '../../pack';

/**
 * trust-readiness@1.0.0 → 2.0.0. Unlisted questions carry over when v2 has the same id, type and
 * options; listed ones are mapped (the meaning changed) or retired (`null`: v2 asks for a value
 * the old answer does not give). A retired answer is kept, readable, never dropped.
 */
export const upgradeFromV1: UpgradeMap = {
  map: {
    S8: { to: 'S8', values: { yes: 'no', no: 'yes' } },
    S9: { to: 'S9', values: { yes: 'yes', partial: 'yes' } },
    S10: { to: 'S10', values: { yes: 'yes', 'in-progress': 'in-progress', no: 'no' } },
    S13: { to: 'S13' },
    S14: { to: 'S14' },
    C2: { to: 'C2', values: { controller: 'yes', both: 'yes', processor: 'no' } },
    C5: [
      {
        to: 'C5',
        values: { business: 'true', 'service-provider': 'false', 'not-subject': 'not-applicable' },
      },
      { to: 'C11', values: { business: 'no', 'service-provider': 'yes', 'not-subject': 'no' } },
    ],
    C7: {
      to: 'C7',
      values: { iso27001: ['iso27001'], 'soc2-type2': ['soc2-type2'], none: ['none'] },
    },
    P4: [
      { to: 'P4', values: { yes: 'supported', partial: 'supported', no: 'not-supported' } },
      { to: 'P17', values: { yes: 'yes', partial: 'no' } },
    ],
    P6: [
      { to: 'P6', values: { 'fixed-deleted': 'yes', 'fixed-kept': 'no' } },
      { to: 'P18', values: { 'fixed-deleted': 'yes', 'fixed-kept': 'yes', indefinite: 'no' } },
      { to: 'P22', values: { 'fixed-deleted': 'no', 'fixed-kept': 'no', indefinite: 'yes' } },
    ],
    P7: null,
    P8: null,
    T5: null,
  },
  notes: {
    S8: "polarity inverted to the tab's field requiresUsersToProvidePATs: v1 yes (avoids tokens) is v2 no",
    S9: 'v2 S9 asks only least privilege; the justification text is the new S17',
    S10: 'v2 S10 covers every AMS ticket, not only dependencies: check the answer still holds',
    S13: 'v2 S13 is a blocker: the contact must also be registered with Atlassian for AMS tickets',
    S14: 'bug bounty is a live trust signal in v2, minor',
    C2: 'v2 asks the GDPR controller role alone (C2); the processor role is G5. "not declared" has no v2 value',
    C5: 'v2 asks the CCPA business (C5) and service-provider (C11) roles apart. "not declared" has no v2 value',
    C7: 'v2 takes every certification with its own evidence; "company only" and "in progress" have no v2 value',
    P4: 'v2 asks the tab value (stored in Atlassian / supported / not supported) of every app, and realm migration apart (P17)',
    P6: 'v2 asks retention as the tab does: applied (P18), indefinite (P22), days (P19, P20), deletion after uninstall (P6)',
    P7: 'v2 asks for the sub-processor link (P14) and the third parties themselves (P15), not whether they are listed',
    P8: 'v2 asks the four logging values (L1–L4), not which were answered',
    T5: 'v2 asks for the in-scope data types themselves (T7)',
  },
};
