import { parse } from 'yaml';
import { runCli } from './cli-harness';

describe('trust-assess on rule set v2', () => {
  it('rules --format json --rule-set trust-readiness@2.0.0 prints psField', async () => {
    const r = await runCli(['rules', '--format', 'json', '--rule-set', 'trust-readiness@2.0.0']);
    const json = JSON.parse(r.stdout) as { version: string; questions: { psField?: string }[] };
    expect([r.code, json.version]).toEqual([0, '2.0.0']);
    expect(json.questions.map((q) => q.psField)).toContain('countriesWhereEndUserDataStored');
  });

  it('rules --rule-set names an unknown set as a usage error', async () => {
    const r = await runCli(['rules', '--rule-set', 'trust-readiness@9.9.9']);
    expect(r.code).toBe(2);
  });

  it('upgrade prints a v2 file that scores, with comments for what it could not map', async () => {
    const up = await runCli(['upgrade', 'examples/answers.yaml', '--to', 'trust-readiness@2.0.0']);
    expect(up.code).toBe(0);
    expect(up.stdout).toMatch(/^# Could not be mapped \(kept as comments at the end\): .*P7/m);
    expect(up.stdout).toMatch(/^# P7: /m);
    const file = parse(up.stdout) as { ruleSet: string; answers: Record<string, unknown> };
    expect(file.ruleSet).toBe('trust-readiness@2.0.0');
    expect(file.answers.S8).toBe('no');
    const scored = await runCli(['score', 'upgraded.yaml', '--format', 'json'], {
      virtual: { 'upgraded.yaml': up.stdout },
    });
    expect(scored.code).toBe(0);
    expect((JSON.parse(scored.stdout) as { ruleSet: { version: string } }).ruleSet.version).toBe(
      '2.0.0',
    );
  });

  it('score --format ps-tab-json prints one object keyed by tab field names', async () => {
    const up = await runCli(['upgrade', 'examples/answers.yaml', '--to', 'trust-readiness@2.0.0']);
    const r = await runCli(['score', 'upgraded.yaml', '--format', 'ps-tab-json'], {
      virtual: { 'upgraded.yaml': up.stdout },
    });
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(r.code).toBe(0);
    expect(Object.keys(json)[0]).toBe('typesOfDataAccessed');
    expect(json.requiresUsersToProvidePATs).toBe(false);
    expect(json.typesOfDataAccessed).toBeNull();
    expect(r.stderr).toMatch(/unanswered tab fields: typesOfDataAccessed/);
  });

  it('score --format ps-tab-json on a v1 file says to upgrade first', async () => {
    const r = await runCli(['score', 'examples/answers.yaml', '--format', 'ps-tab-json']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/upgrade/) as string]);
  });
});
