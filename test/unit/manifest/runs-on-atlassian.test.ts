import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EgressFact } from '../../../src/domain/manifest/facts';
import { readManifestFacts } from '../../../src/domain/manifest/read';
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

  // One minimal manifest per disqualifier Atlassian lists. Connect modules and providers need
  // remotes in a valid manifest, so those fixtures also fail no-remotes.
  it.each<[FixtureName, RunsOnAtlassianCriterionId[], string, string]>([
    ['roa-remote', ['no-remotes'], 'Forge Remote', 'remotes.backend: https://backend.example.com'],
    [
      'roa-egress',
      ['no-non-analytics-egress'],
      'not categorised as analytics',
      'permissions.external.fetch.backend: api.example.com',
    ],
    [
      'roa-analytics-eud',
      ['analytics-not-in-scope-eud'],
      'inScopeEUD: false',
      'permissions.external.fetch.backend: in.accoil.com',
    ],
    [
      'roa-connect-modules',
      ['no-remotes', 'no-connect-modules'],
      'Connect modules',
      'connectModules.jira:generalPages',
    ],
    [
      'roa-providers',
      ['no-remotes', 'no-providers'],
      'external authentication providers',
      'providers.auth.google',
    ],
    [
      'roa-dynamic-webtrigger',
      ['static-web-triggers'],
      'web triggers are dynamic',
      'modules.webtrigger.inbound-hook: dynamic',
    ],
    [
      'roa-customer-managed-egress',
      ['no-customer-managed-egress'],
      'customer-managed egress',
      'permissions.external.configurable.enabled: true',
    ],
  ])('makes %s ineligible, naming the disqualifier', (fixture, failing, named, entry) => {
    const estimate = estimateRunsOnAtlassian(fixtureFacts(fixture));
    expect([estimate.eligible, notMet(estimate)]).toEqual([false, failing]);
    const last = failing[failing.length - 1];
    const reason = estimate.reasons.find((r) => r.includes(named));
    expect(reason).toContain(entry);
    expect(estimate.criteria.find((c) => c.id === last)?.facts).toContain(entry);
  });

  it("finds no disqualifier in this app's own manifest", () => {
    const own = readFileSync(join(__dirname, '..', '..', '..', 'manifest.yml'), 'utf8');
    const estimate = estimateRunsOnAtlassian(readManifestFacts(own));
    expect([estimate.eligible, notMet(estimate)]).toEqual([true, []]);
    expect(estimate.criteria.filter((c) => c.status === 'not-checked').map((c) => c.id)).toEqual([
      'residency-storage',
      'customer-egress-controls',
    ]);
  });

  it.each<[string, string, string[]]>([
    [
      'Connect modules among the Forge modules',
      'modules:\n  connect-jira:webItems:\n    - key: item\n',
      ['modules.connect-jira:webItems'],
    ],
    [
      'app.connect fields that serve Connect modules',
      'app:\n  connect:\n    key: legacy\n    remote: connect\n    authentication: jwt\n',
      ['app.connect.remote: connect', 'app.connect.authentication: jwt'],
    ],
  ])('counts %s as Connect modules', (_name, yaml, entries) => {
    const estimate = estimateRunsOnAtlassian(readManifestFacts(yaml));
    expect(estimate.criteria.find((c) => c.id === 'no-connect-modules')?.facts).toEqual(entries);
  });

  it('keeps a fully adopted Connect app, which declares only app.connect.key, eligible', () => {
    const estimate = estimateRunsOnAtlassian(
      readManifestFacts('app:\n  connect:\n    key: com.example.legacy\n'),
    );
    expect(notMet(estimate)).toEqual([]);
  });

  it('counts customer-managed remotes', () => {
    const estimate = estimateRunsOnAtlassian(
      facts({ customerManagedEgress: { egress: false, remotes: ['byo'] } }),
    );
    expect(estimate.criteria.find((c) => c.id === 'no-customer-managed-egress')?.facts).toEqual([
      'remotes.byo: configurable',
    ]);
  });

  it('does not check what facts stored before these criteria cannot show', () => {
    const { connect: _c, providers: _p, customerManagedEgress: _m, ...stored } = facts();
    const estimate = estimateRunsOnAtlassian(stored);
    const unchecked = estimate.criteria.filter((c) => c.status === 'not-checked');
    expect(unchecked.map((c) => c.id)).toEqual([
      'no-connect-modules',
      'no-providers',
      'no-customer-managed-egress',
      'residency-storage',
      'customer-egress-controls',
    ]);
    expect(estimate.eligible).toBe(true);
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
