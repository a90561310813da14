import { analyticsEgressCheck } from './analytics-egress';
import type { RegisteredCheck } from './check-helpers';
import { cspCheck } from './csp';
import { egressInScopeEudCheck } from './egress-in-scope-eud';
import { egressWildcardsCheck } from './egress-wildcards';
import { manifestConsistencyCheck } from './manifest-consistency';
import { runsOnAtlassianCheck } from './runs-on-atlassian';

export type { RegisteredCheck } from './check-helpers';
export { answerContradictions, ANSWER_CONSISTENCY_CHECK_ID } from './answer-consistency';

/**
 * Every derived check, run only when a manifest is supplied. One file per check, the file
 * named after the check id; test/unit/checks/registry.test.ts keeps this list complete.
 */
export const derivedChecks: readonly RegisteredCheck[] = [
  manifestConsistencyCheck,
  runsOnAtlassianCheck,
  egressWildcardsCheck,
  analyticsEgressCheck,
  egressInScopeEudCheck,
  cspCheck,
];
