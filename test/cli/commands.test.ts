import { CURRENT_PACK } from '../../src/domain/rules/packs';
import { parse } from 'yaml';
import { ruleSetV1 } from '../../src/domain/rules/catalogue';
import { ruleSetRef } from '../../src/domain/rules/schema';
import { rulesToJsonValue } from '../../src/domain/export';
import { AS_OF, runCli, stderrLines } from './cli-harness';

describe('trust-assess --help and usage errors', () => {
  it.each([[['--help']], [['-h']], [['help']], [['score', '--help']], [['rules', '-h']]])(
    '%j prints usage to stdout and exits 0',
    async (argv) => {
      const result = await runCli(argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: trust-assess /);
      expect(result.stderr).toBe('');
    },
  );

  it.each([
    { argv: [], reason: 'no command given' },
    { argv: ['frobnicate'], reason: 'unknown command "frobnicate"' },
    { argv: ['--verbose'], reason: 'unknown option --verbose' },
    { argv: ['rules', '--colour'], reason: 'unknown option --colour' },
    { argv: ['rules', '--format', 'yaml'], reason: '--format must be one of markdown, json' },
    { argv: ['init', 'extra'], reason: 'init takes no arguments' },
    { argv: ['score'], reason: 'score needs an answers file' },
    { argv: ['score', 'a.yaml', '--fail-undr', 'ready'], reason: 'unknown option --fail-undr' },
    { argv: ['score', 'a.yaml', '--fail-under', 'great'], reason: '--fail-under must be' },
    { argv: ['score', 'a.yaml', '--fail-under', '101'], reason: '--fail-under must be' },
    { argv: ['score', 'a.yaml', '--as-of', '28/11/2026'], reason: '--as-of must be a date' },
    { argv: ['score', 'a.yaml', '--format'], reason: '--format needs a value' },
    { argv: ['score', 'a.yaml', '--format', 'xml'], reason: '--format must be one of' },
    { argv: ['score', 'a.yaml', '-x'], reason: 'unknown option -x' },
  ])('$argv exits 2 with the reason and usage on stderr', async ({ argv, reason }) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(stderrLines(result.stderr)[0]).toContain(`trust-assess: ${reason}`);
    expect(result.stderr).toContain('Usage: trust-assess');
    // Usage errors are caught before any file is read.
    expect(result.reads).toEqual([]);
  });
});

describe('trust-assess rules', () => {
  it('prints the JSON contract of the current rule set', async () => {
    const result = await runCli(['rules', '--format', 'json']);
    expect(result.code).toBe(0);
    const json: unknown = JSON.parse(result.stdout);
    expect(json).toEqual(rulesToJsonValue(CURRENT_PACK.ruleSet));
    expect(json).toMatchObject({ id: 'trust-readiness', version: '2.0.0' });
  });

  it('accepts --format=json as well as --format json', async () => {
    const a = await runCli(['rules', '--format=json']);
    const b = await runCli(['rules', '--format', 'json']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('prints Markdown docs by default with every question id as a heading', async () => {
    const result = await runCli(['rules']);
    expect(result.code).toBe(0);
    for (const q of ruleSetV1.questions) {
      expect(result.stdout).toContain(`\n### ${q.id}: `);
    }
  });
});

describe('trust-assess init', () => {
  it('prints a YAML template naming the rule set and listing every question, gates first', async () => {
    const result = await runCli(['init']);
    expect(result.code).toBe(0);
    const parsed = parse(result.stdout) as { ruleSet: string; answers: Record<string, unknown> };
    const current = CURRENT_PACK.ruleSet;
    expect(parsed.ruleSet).toBe(ruleSetRef(current));
    const ids = Object.keys(parsed.answers);
    expect([...ids].sort()).toEqual(current.questions.map((q) => q.id).sort());
    const gates = current.questions.filter((q) => q.severity === 'gate').map((q) => q.id);
    expect(ids.slice(0, gates.length)).toEqual(gates);
    expect(Object.values(parsed.answers).every((v) => v === null)).toBe(true);
  });

  it('produces a template that scores as-is (all unanswered)', async () => {
    const template = (await runCli(['init'])).stdout;
    const result = await runCli(['score', 'trust/answers.yaml', '--format', 'json'], {
      virtual: { 'trust/answers.yaml': template },
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      asOf: string;
      completeness: { answered: number };
      overall: { level: string };
    };
    expect(report.completeness.answered).toBe(0);
    expect(report.overall.level).toBe('not-ready');
    // No --as-of: the CLI reads its (injected) clock for today's UTC date.
    expect(report.asOf).toBe(AS_OF);
  });
});
