import { analyticsEgressCheck } from '../../../src/domain/rules/packs/trust-readiness-v1/checks/analytics-egress';
import { cspCheck } from '../../../src/domain/rules/packs/trust-readiness-v1/checks/csp';
import { egressInScopeEudCheck } from '../../../src/domain/rules/packs/trust-readiness-v1/checks/egress-in-scope-eud';
import { egressWildcardsCheck } from '../../../src/domain/rules/packs/trust-readiness-v1/checks/egress-wildcards';
import { fixtureFacts, type FixtureName } from '../manifest/fixtures';
import { answers, run, summary } from './support';

const CHECKS = {
  'egress-wildcards': egressWildcardsCheck,
  csp: cspCheck,
  'analytics-egress': analyticsEgressCheck,
  'egress-in-scope-eud': egressInScopeEudCheck,
};
type CheckId = keyof typeof CHECKS;

type Row = [
  check: CheckId,
  fixture: FixtureName,
  given: Record<string, string | null>,
  settled: Record<string, 'pass' | 'fail'>,
  contradicted: string[],
];

describe('checks that only disprove', () => {
  it.each<Row>([
    ['egress-wildcards', 'remote-and-egress', {}, { S12: 'fail' }, []],
    ['egress-wildcards', 'remote-and-egress', { S12: 'yes' }, { S12: 'fail' }, ['S12']],
    ['egress-wildcards', 'remote-and-egress', { S12: 'no' }, { S12: 'fail' }, []],
    ['egress-wildcards', 'runs-on-atlassian', { S12: 'yes' }, {}, []],
    ['egress-wildcards', 'no-egress', { S12: 'no' }, {}, []],

    ['csp', 'remote-and-egress', { S11: 'yes' }, { S11: 'fail' }, ['S11']],
    ['csp', 'remote-and-egress', { S11: null }, { S11: 'fail' }, []],
    ['csp', 'runs-on-atlassian', { S11: 'yes' }, {}, []],

    ['analytics-egress', 'remote-and-egress', { G3: 'yes', P9: 'yes' }, { P9: 'fail' }, ['P9']],
    ['analytics-egress', 'no-egress', { G3: 'yes' }, { P9: 'fail' }, []],
    ['analytics-egress', 'remote-and-egress', { G3: 'no', P9: 'yes' }, {}, []],
    ['analytics-egress', 'remote-and-egress', { P9: 'yes' }, {}, []],
    ['analytics-egress', 'runs-on-atlassian', { G3: 'yes', P9: 'yes' }, {}, []],

    ['egress-in-scope-eud', 'remote-storage-undeclared', { P5: 'yes' }, { P5: 'fail' }, ['P5']],
    ['egress-in-scope-eud', 'remote-storage-undeclared', {}, { P5: 'fail' }, []],
    // Undeclared plain egress keeps Forge's conservative default: not a disproof.
    ['egress-in-scope-eud', 'remote-and-egress', { P5: 'yes' }, {}, []],
    ['egress-in-scope-eud', 'runs-on-atlassian', { P5: 'yes' }, {}, []],
  ])('%s on %s with %j', (checkId, fixture, given, settled, contradicted) => {
    const check = CHECKS[checkId];
    const result = run(check, fixtureFacts(fixture), answers(given));
    expect(summary(result)).toEqual({ settled, contradicted });
    for (const c of result.contradictions) expect(c.checkId).toBe(check.id);
  });

  it.each<[CheckId, FixtureName, Record<string, string>, string[]]>([
    [
      'egress-wildcards',
      'remote-and-egress',
      { S12: 'yes' },
      ['permissions.external.images: *.acme-cdn.net'],
    ],
    ['csp', 'remote-and-egress', { S11: 'yes' }, ['permissions.content.scripts: unsafe-eval']],
    [
      'egress-in-scope-eud',
      'remote-storage-undeclared',
      { P5: 'yes' },
      ['remotes.glossary-store: https://glossary.example.com'],
    ],
    [
      'analytics-egress',
      'remote-and-egress',
      { G3: 'yes', P9: 'yes' },
      [
        'permissions.external.fetch.backend: api.acme-sync.io',
        'permissions.external.fetch.client: api.segment.io',
        'permissions.external.fetch.client: https://o123456.ingest.sentry.io',
        'permissions.external.images: *.acme-cdn.net',
      ],
    ],
  ])('%s names the manifest facts behind the contradiction', (checkId, fixture, given, facts) => {
    const result = run(CHECKS[checkId], fixtureFacts(fixture), answers(given));
    expect(result.contradictions.map((c) => c.facts)).toEqual([facts]);
  });
});
