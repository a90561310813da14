import { runsOnAtlassianCheck } from '../../../src/domain/rules/packs/trust-readiness-v1/checks/runs-on-atlassian';
import { fixtureFacts, type FixtureName } from '../manifest/fixtures';
import { answers, run, summary } from './support';

describe('runs-on-atlassian (P10)', () => {
  it.each<
    [string, FixtureName, Record<string, string | null>, Record<string, 'pass' | 'fail'>, string[]]
  >([
    [
      'an ineligible manifest, whatever T4 says',
      'remote-and-egress',
      { T4: 'yes' },
      { P10: 'fail' },
      [],
    ],
    [
      'an ineligible manifest claimed eligible',
      'remote-and-egress',
      { P10: 'yes' },
      { P10: 'fail' },
      ['P10'],
    ],
    [
      'an eligible manifest with T4 yes',
      'runs-on-atlassian',
      { T4: 'yes', P10: 'no' },
      { P10: 'pass' },
      [],
    ],
    ['an eligible manifest with T4 no', 'runs-on-atlassian', { T4: 'no', P10: 'yes' }, {}, []],
    ['an eligible manifest with T4 unanswered', 'runs-on-atlassian', { P10: 'yes' }, {}, []],
    ['an eligible manifest with T4 not applicable', 'no-egress', { T4: null }, {}, []],
  ])('settles %s', (_name, fixture, given, settled, contradicted) => {
    const result = run(runsOnAtlassianCheck, fixtureFacts(fixture), answers(given));
    expect(summary(result)).toEqual({ settled, contradicted });
  });

  it('lists the disqualifying manifest entries in the contradiction', () => {
    const result = run(
      runsOnAtlassianCheck,
      fixtureFacts('remote-and-egress'),
      answers({ P10: 'yes' }),
    );
    expect(result.contradictions[0]?.facts).toEqual(
      expect.arrayContaining([
        'remotes.acme-backend: https://api.acme-sync.io',
        'permissions.external.images: *.acme-cdn.net',
        'modules.webtrigger.legacy-callback: dynamic',
      ]),
    );
  });
});
