import { runCli } from './cli-harness';

describe('trust-assess manifest', () => {
  it("reports the app's own manifest as eligible with no disqualifier", async () => {
    const result = await runCli(['manifest', 'manifest.yml', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      facts: { egress: unknown[]; remotes: unknown[]; webTriggers: unknown[] };
      runsOnAtlassian: { eligible: boolean; disqualifiers: unknown[] };
      suggestions: { questionId: string; value: string; strength: string }[];
    };
    expect(report.runsOnAtlassian).toMatchObject({ eligible: true, disqualifiers: [] });
    expect([report.facts.egress, report.facts.remotes, report.facts.webTriggers]).toEqual([
      [],
      [],
      [],
    ]);
    expect(report.suggestions).toContainEqual({
      questionId: 'P10',
      value: 'yes',
      strength: 'proves',
      reason: expect.any(String) as string,
      facts: [],
    });
  });

  it('prints the stable JSON shape with every disqualifier and its line', async () => {
    const result = await runCli([
      'manifest',
      'test/fixtures/manifests/corpus/circleci-for-jira.yml',
      '--format',
      'json',
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & {
      facts: Record<string, unknown> & { egress: { host: string; wildcard: boolean }[] };
      runsOnAtlassian: { disqualifiers: { id: string; fact: string; line: number }[] };
    };
    expect(Object.keys(report.facts)).toEqual(
      expect.arrayContaining([
        'remotes',
        'egress',
        'webTriggers',
        'connectModules',
        'providers',
        'configurableEgress',
        'csp',
        'scopes',
        'runtime',
      ]),
    );
    expect(report.facts.egress[0]).toMatchObject({ host: 'oidc.circleci.com', wildcard: false });
    expect(report.runsOnAtlassian.disqualifiers).toContainEqual({
      id: 'static-web-triggers',
      fact: 'modules.webtrigger.orb-webtrigger: dynamic',
      line: 21,
    });
    expect(report.runsOnAtlassian.disqualifiers).toContainEqual({
      id: 'no-connect-modules',
      fact: 'app.connect.remote: connect',
      line: 61,
    });
  });

  it('prints text by default, presumptions as "confirm this"', async () => {
    const result = await runCli(['manifest', 'test/fixtures/manifests/corpus/meetingmind.yml']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Runs on Atlassian (estimate): not eligible');
    expect(result.stdout).toMatch(/P1 = yes \[confirm this\]/);
    expect(result.stdout).toContain('(line 36)');
  });

  it('exits 2 on a missing file, invalid YAML or a bad format', async () => {
    expect((await runCli(['manifest', 'nope.yml'])).code).toBe(2);
    expect((await runCli(['manifest', 'test/fixtures/manifests/invalid.yml'])).code).toBe(2);
    expect((await runCli(['manifest', 'manifest.yml', '--format', 'csv'])).code).toBe(2);
    expect((await runCli(['manifest'])).code).toBe(2);
  });
});
