import type { EgressFact } from '../../../src/domain/manifest/facts';
import {
  estimateRunsOnAtlassian,
  RUNS_ON_ATLASSIAN_CRITERIA,
  type RunsOnAtlassianCriterionId,
} from '../../../src/domain/manifest/runs-on-atlassian';
import { facts, fixtureFacts, type FixtureName } from './fixtures';

const analytics = (inScopeEUD: boolean | undefined): EgressFact => ({
  address: 'in.accoil.com',
  kind: 'fetch.backend',
  category: 'analytics',
  inScopeEUD,
  wildcard: false,
});

function notMet(
  estimate: ReturnType<typeof estimateRunsOnAtlassian>,
): RunsOnAtlassianCriterionId[] {
  return estimate.criteria.filter((c) => c.status === 'not-met').map((c) => c.id);
}

describe('estimateRunsOnAtlassian', () => {
  it.each<[FixtureName, boolean, RunsOnAtlassianCriterionId[]]>([
    ['runs-on-atlassian', true, []],
    ['no-egress', true, []],
    ['remote-and-egress', false, ['no-remotes', 'no-non-analytics-egress', 'static-web-triggers']],
    ['remote-storage-undeclared', false, ['no-remotes']],
  ])('estimates %s as eligible=%s', (fixture, eligible, failing) => {
    const estimate = estimateRunsOnAtlassian(fixtureFacts(fixture));
    expect([estimate.eligible, notMet(estimate)]).toEqual([eligible, failing]);
  });

  it.each<[string, boolean | undefined, boolean]>([
    ['declared false', false, true],
    ['declared true', true, false],
    ['not declared', undefined, false],
  ])('requires analytics egress with inScopeEUD %s', (_name, inScopeEUD, eligible) => {
    const estimate = estimateRunsOnAtlassian(facts({ egress: [analytics(inScopeEUD)] }));
    expect(estimate.eligible).toBe(eligible);
  });

  it('says what it cannot check, even when eligible', () => {
    const estimate = estimateRunsOnAtlassian(fixtureFacts('runs-on-atlassian'));
    expect(estimate.criteria.filter((c) => c.status === 'not-checked').map((c) => c.id)).toEqual([
      'residency-storage',
      'customer-egress-controls',
    ]);
    expect(estimate.reasons).toHaveLength(2);
    expect(estimate.reasons.every((r) => r.startsWith('not checked'))).toBe(true);
  });

  it('lists the offending manifest entries in the reasons', () => {
    const estimate = estimateRunsOnAtlassian(fixtureFacts('remote-and-egress'));
    const byId = new Map(estimate.criteria.map((c) => [c.id, c.facts]));
    expect(byId.get('no-remotes')).toEqual(['remotes.acme-backend: https://api.acme-sync.io']);
    expect(byId.get('static-web-triggers')).toEqual([
      'modules.webtrigger.inbound-webhook: dynamic',
      'modules.webtrigger.legacy-callback: dynamic',
    ]);
    expect(estimate.reasons[0]).toContain('remotes.acme-backend: https://api.acme-sync.io');
  });

  it('reports every criterion once, in a fixed order', () => {
    const estimate = estimateRunsOnAtlassian(facts());
    expect(estimate.criteria.map((c) => c.id)).toEqual([...RUNS_ON_ATLASSIAN_CRITERIA]);
  });
});
