import { manifestConsistencyCheck } from '../../../src/domain/rules/packs/trust-readiness-v1/checks/manifest-consistency';
import { fixtureFacts, type FixtureName } from '../manifest/fixtures';
import { answers, run, summary } from './support';

const CONSISTENT_REMOTE = { P1: 'yes', P2: 'yes', G1: 'forge-remote', G2: 'yes', G3: 'no' };
const CONSISTENT_FORGE_ONLY = { P1: 'no', P2: 'no', G1: 'forge-hosted', G2: 'yes', G3: 'yes' };

describe('manifest-consistency (T3)', () => {
  it('fails T3 and contradicts P1 when P1 is no but the manifest declares non-analytics egress', () => {
    const result = run(
      manifestConsistencyCheck,
      fixtureFacts('remote-and-egress'),
      answers({ ...CONSISTENT_REMOTE, P1: 'no' }),
    );
    expect(summary(result)).toEqual({ settled: { T3: 'fail' }, contradicted: ['P1'] });
    expect(result.contradictions[0]).toMatchObject({
      questionId: 'P1',
      checkId: 'manifest-consistency',
    });
    expect(result.contradictions[0]?.facts).toContain(
      'permissions.external.fetch.backend: api.acme-sync.io',
    );
  });

  it.each<[string, FixtureName, Record<string, string>, string[]]>([
    [
      'P2 no with a remote',
      'remote-storage-undeclared',
      { ...CONSISTENT_REMOTE, G2: 'no', P2: 'no' },
      ['P2'],
    ],
    [
      'G1 forge-hosted with a remote',
      'remote-and-egress',
      { ...CONSISTENT_REMOTE, G1: 'forge-hosted' },
      ['G1'],
    ],
    [
      'G1 forge-remote without remotes',
      'runs-on-atlassian',
      { ...CONSISTENT_FORGE_ONLY, G1: 'forge-remote' },
      ['G1'],
    ],
    ['G2 no with egress', 'runs-on-atlassian', { ...CONSISTENT_FORGE_ONLY, G2: 'no' }, ['G2']],
    [
      'G3 no with analytics egress',
      'runs-on-atlassian',
      { ...CONSISTENT_FORGE_ONLY, G3: 'no' },
      ['G3'],
    ],
    [
      'claims of data leaving an app that cannot send any',
      'no-egress',
      { P1: 'yes', P2: 'yes', G1: 'forge-hosted', G2: 'yes', G3: 'yes' },
      ['P1', 'P2', 'G2', 'G3'],
    ],
    [
      'several gates at once',
      'remote-and-egress',
      { P1: 'no', P2: 'no', G1: 'forge-hosted', G2: 'no', G3: 'no' },
      ['P1', 'P2', 'G1', 'G2'],
    ],
  ])('fails T3 on %s', (_name, fixture, given, contradicted) => {
    const result = run(manifestConsistencyCheck, fixtureFacts(fixture), answers(given));
    expect(summary(result)).toEqual({ settled: { T3: 'fail' }, contradicted });
  });

  it.each<[string, FixtureName, Record<string, string>]>([
    ['a Forge Remote app', 'remote-and-egress', CONSISTENT_REMOTE],
    ['a Forge-only app', 'runs-on-atlassian', CONSISTENT_FORGE_ONLY],
    // A compute-only remote processes but does not store; the storage remote declares nothing.
    [
      'P1 yes for a storage remote',
      'remote-storage-undeclared',
      { ...CONSISTENT_REMOTE, G2: 'no' },
    ],
    ['a closed app', 'no-egress', { P1: 'no', P2: 'no', G1: 'forge-hosted', G2: 'no', G3: 'no' }],
  ])('passes T3 for %s whose gates agree', (_name, fixture, given) => {
    const result = run(manifestConsistencyCheck, fixtureFacts(fixture), answers(given));
    expect(summary(result)).toEqual({ settled: { T3: 'pass' }, contradicted: [] });
  });

  it('settles nothing while a gate is unanswered or not applicable', () => {
    const fourGates = { P1: 'yes', P2: 'yes', G1: 'forge-remote', G2: 'yes' };
    for (const given of [answers(fourGates), answers({ ...fourGates, G3: null }), answers({})]) {
      const result = run(manifestConsistencyCheck, fixtureFacts('remote-and-egress'), given);
      expect(summary(result)).toEqual({ settled: {}, contradicted: [] });
    }
  });

  it('still fails on a contradiction when other gates are unanswered', () => {
    const result = run(
      manifestConsistencyCheck,
      fixtureFacts('remote-and-egress'),
      answers({ P1: 'no' }),
    );
    expect(summary(result)).toEqual({ settled: { T3: 'fail' }, contradicted: ['P1'] });
  });

  it('accepts P1 no when the only egress is analytics declared out of scope', () => {
    const result = run(
      manifestConsistencyCheck,
      fixtureFacts('runs-on-atlassian'),
      answers(CONSISTENT_FORGE_ONLY),
    );
    expect(result.contradictions).toEqual([]);
  });
});
