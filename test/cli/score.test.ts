import { FIXTURES, runCli, stderrLines } from './cli-harness';

const ALL_PASS = `${FIXTURES}/forge-hosted-all-pass.yaml`;
const LOW = `${FIXTURES}/low-score.yaml`;
const AS_OF_FLAGS = ['--as-of', '2026-11-28'];

interface ReportJson {
  ruleSet: { id: string; version: string };
  app: { name: string; key?: string; hosting?: string };
  asOf: string;
  levels: string[];
  overall: { score: number; level: string; cappedBy: string[] };
  elements: { id: string; score: number | null }[];
  blockers: { questionId: string }[];
  actions: { questionId: string; gain: number }[];
  questions: { id: string; outcome: string }[];
  contradictions: { questionId: string; checkId: string }[];
  profile: { id: string; value: unknown }[];
}

async function scoreJson(args: string[], virtual?: Record<string, string>) {
  const result = await runCli(['score', ...args, '--format', 'json', ...AS_OF_FLAGS], { virtual });
  return { ...result, report: JSON.parse(result.stdout) as ReportJson };
}

describe('trust-assess score', () => {
  it('scores a fully passing app as exemplary and exits 0', async () => {
    const { code, report, stderr } = await scoreJson([ALL_PASS]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(report.overall).toMatchObject({ score: 100, level: 'exemplary', cappedBy: [] });
    expect(report.app).toEqual({
      name: 'Quiet Checklist',
      key: 'quiet-checklist',
      hosting: 'forge',
    });
    expect(report.ruleSet).toEqual({ id: 'trust-readiness', version: '1.0.0' });
    expect(report.asOf).toBe('2026-11-28');
  });

  it('keeps the documented JSON contract fields', async () => {
    const { report } = await scoreJson([LOW]);
    expect(report.levels).toEqual(['not-ready', 'needs-work', 'ready', 'exemplary']);
    expect(report.elements.map((e) => e.id)).toEqual([
      'security',
      'reliability',
      'compliance',
      'privacy',
      'transparency',
    ]);
    expect(report.blockers.map((b) => b.questionId)).toContain('S2');
    expect(report.actions[0]?.gain).toBeGreaterThan(0);
    expect(report.questions.find((q) => q.id === 'S1')?.outcome).toBe('pass');
    expect(report.questions.find((q) => q.id === 'S2')?.outcome).toBe('fail');
  });

  it.each([
    { file: LOW, threshold: 'ready', code: 1 },
    { file: LOW, threshold: 'not-ready', code: 0 },
    { file: LOW, threshold: '90', code: 1 },
    { file: LOW, threshold: '0', code: 0 },
    { file: ALL_PASS, threshold: 'ready', code: 0 },
    { file: ALL_PASS, threshold: 'exemplary', code: 0 },
    { file: ALL_PASS, threshold: '100', code: 0 },
  ])('--fail-under $threshold on $file exits $code', async ({ file, threshold, code }) => {
    const result = await runCli(['score', file, '--fail-under', threshold, ...AS_OF_FLAGS]);
    expect(result.code).toBe(code);
    // The report is printed either way, so CI logs show why it failed.
    expect(result.stdout).toContain('Score');
    if (code === 1) {
      expect(stderrLines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain(`--fail-under ${threshold}`);
    } else {
      expect(result.stderr).toBe('');
    }
  });

  it('fails a passing score when a failed blocker caps the level (fail-under by level)', async () => {
    const { report } = await scoreJson([LOW]);
    expect(report.overall.level).toBe('not-ready');
    const result = await runCli(['score', LOW, '--fail-under', 'needs-work', ...AS_OF_FLAGS]);
    expect(result.code).toBe(1);
  });

  it('normalises YAML booleans and bare values for yes/no questions', async () => {
    const { code, report } = await scoreJson([`${FIXTURES}/booleans-and-shorthand.yaml`]);
    expect(code).toBe(0);
    const outcome = (id: string) => report.questions.find((q) => q.id === id)?.outcome;
    expect(outcome('S1')).toBe('pass');
    expect(outcome('S7')).toBe('fail');
    expect(outcome('S13')).toBe('unanswered');
    expect(outcome('C1')).toBe('pass');
    expect(report.profile.find((p) => p.id === 'G2')?.value).toBe('no');
  });

  it('reads JSON answers files', async () => {
    const { code, report } = await scoreJson([`${FIXTURES}/minimal.json`]);
    expect(code).toBe(0);
    expect(report.app).toEqual({ name: 'Json App', hosting: 'forge' });
    expect(report.questions.find((q) => q.id === 'C8')?.outcome).toBe('not-applicable');
  });

  it('checks answers against a manifest: contradictions and settled questions', async () => {
    const { code, report } = await scoreJson([
      'examples/answers.yaml',
      '--manifest',
      'examples/manifest.yml',
    ]);
    expect(code).toBe(0);
    expect(report.contradictions.map((c) => [c.questionId, c.checkId])).toContainEqual([
      'S12',
      'egress-wildcards',
    ]);
    expect(report.questions.find((q) => q.id === 'S12')?.outcome).toBe('fail');
    expect(report.questions.find((q) => q.id === 'T3')?.outcome).toBe('pass');
  });

  it('without a manifest the manifest-only question leaves the score', async () => {
    const { report } = await scoreJson(['examples/answers.yaml']);
    expect(report.questions.find((q) => q.id === 'T3')?.outcome).toBe('not-applicable');
    expect(report.contradictions).toEqual([]);
  });

  it.each(['markdown', 'csv', 'text', 'ps-tab'])(
    '--format %s writes to stdout and exits 0',
    async (format) => {
      const result = await runCli([
        'score',
        'examples/answers.yaml',
        '--manifest',
        'examples/manifest.yml',
        '--format',
        format,
        ...AS_OF_FLAGS,
      ]);
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout.length).toBeGreaterThan(500);
    },
  );

  it('ps-tab output is the Privacy & Security tab draft', async () => {
    const result = await runCli([
      'score',
      'examples/answers.yaml',
      '--format',
      'ps-tab',
      ...AS_OF_FLAGS,
    ]);
    expect(result.stdout).toMatch(/^# Privacy & Security tab draft: Standup Digest\n/);
    expect(result.stdout).toContain('## Data residency');
  });

  it('csv output has one row per question plus a header', async () => {
    const result = await runCli(['score', LOW, '--format', 'csv', ...AS_OF_FLAGS]);
    const rows = result.stdout.split('\r\n').filter((r) => r !== '');
    const { ruleSetV1 } = await import('../../src/domain/rules/catalogue');
    expect(rows).toHaveLength(ruleSetV1.questions.length + 1);
  });

  it('text output has no escape codes off a TTY and colours on one', async () => {
    const plain = await runCli(['score', LOW, ...AS_OF_FLAGS], { isTTY: false });
    const tty = await runCli(['score', LOW, ...AS_OF_FLAGS], { isTTY: true });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(tty.stdout).toContain('\u001b[');
  });

  it('keeps hostile partner text inert in markdown, csv and text', async () => {
    const file = `${FIXTURES}/injection.yaml`;
    const md = await runCli(['score', file, '--format', 'markdown', ...AS_OF_FLAGS]);
    expect(md.code).toBe(0);
    expect(md.stdout).not.toMatch(/<(img|script)/);
    const csv = await runCli(['score', file, '--format', 'csv', ...AS_OF_FLAGS]);
    expect(csv.stdout).toContain(`"Marked not applicable: =HYPERLINK(""https://evil.example"")`);
    expect(csv.stdout).not.toMatch(/(^|,)"?[=+\-@]/m);
    const text = await runCli(['score', file, ...AS_OF_FLAGS], { isTTY: false });
    expect(text.code).toBe(0);
  });

  it('the same input gives byte-identical output', async () => {
    const a = await runCli(['score', LOW, '--format', 'json', ...AS_OF_FLAGS]);
    const b = await runCli(['score', LOW, '--format', 'json', ...AS_OF_FLAGS]);
    expect(a.stdout).toBe(b.stdout);
  });
});
