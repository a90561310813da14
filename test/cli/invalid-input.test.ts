import { FIXTURES, runCli, stderrLines } from './cli-harness';

const VALID = `${FIXTURES}/low-score.yaml`;

const BROKEN_MANIFEST = `modules:
  function:
    - key: main
      handler: index.run
permissions:
  scopes: read:jira-work
`;

// Syntax errors live here rather than in fixture files, which Prettier would refuse to check.
const SYNTAX_ERRORS = {
  'syntax/bad.yaml':
    'ruleSet: trust-readiness@1.0.0\napp:\n  name: Broken Indent\nanswers:\n  S1: yes\n   S3: yes\n',
  'syntax/bad.json':
    '{\n  "ruleSet": "trust-readiness@1.0.0",\n  "app": { "name": "Trailing" },\n  "answers": { "S1": "yes", }\n}\n',
  'broken/manifest.yml': BROKEN_MANIFEST,
  'garbled/manifest.yml': 'app:\n  id: [unclosed\nmodules: {}\n',
};

/**
 * Every malformed input exits 2 with exactly one stderr line,
 * `trust-assess: <file>: <field>: <reason>`, and nothing on stdout.
 */
describe.each([
  {
    name: 'bad YAML (names the line)',
    argv: ['score', 'syntax/bad.yaml'],
    file: 'syntax/bad.yaml',
    field: 'line 5',
  },
  {
    name: 'bad JSON (names the line)',
    argv: ['score', 'syntax/bad.json'],
    file: 'syntax/bad.json',
    field: 'line 4',
  },
  {
    name: 'unknown question id',
    argv: ['score', `${FIXTURES}/unknown-question.yaml`],
    file: `${FIXTURES}/unknown-question.yaml`,
    field: 'answers.S99',
  },
  {
    name: 'wrong value type',
    argv: ['score', `${FIXTURES}/wrong-value-type.yaml`],
    file: `${FIXTURES}/wrong-value-type.yaml`,
    field: 'answers.S1.value',
    reason: 'expected one of yes, no',
  },
  {
    name: 'unknown rule-set version',
    argv: ['score', `${FIXTURES}/unknown-rule-set-version.yaml`],
    file: `${FIXTURES}/unknown-rule-set-version.yaml`,
    field: 'ruleSet',
  },
  {
    name: 'unknown top-level key',
    argv: ['score', `${FIXTURES}/unknown-top-level-key.yaml`],
    file: `${FIXTURES}/unknown-top-level-key.yaml`,
    field: 'owner',
  },
  {
    name: 'evidence URL not https',
    argv: ['score', `${FIXTURES}/evidence-not-https.yaml`],
    file: `${FIXTURES}/evidence-not-https.yaml`,
    field: 'answers.C2.evidence.url',
  },
  {
    name: 'not applicable without a justification',
    argv: ['score', `${FIXTURES}/not-applicable-without-justification.yaml`],
    file: `${FIXTURES}/not-applicable-without-justification.yaml`,
    field: 'answers.C8.justification',
  },
  {
    name: 'not applicable where the rule forbids it',
    argv: ['score', `${FIXTURES}/not-applicable-not-allowed.yaml`],
    file: `${FIXTURES}/not-applicable-not-allowed.yaml`,
    field: 'answers.S1.notApplicable',
  },
  {
    name: 'missing answers file',
    argv: ['score', `${FIXTURES}/does-not-exist.yaml`],
    file: `${FIXTURES}/does-not-exist.yaml`,
    field: undefined,
    reason: 'file not found',
  },
  {
    name: 'missing manifest file',
    argv: ['score', VALID, '--manifest', 'nowhere/manifest.yml'],
    file: 'nowhere/manifest.yml',
    field: undefined,
    reason: 'file not found',
  },
  {
    name: 'manifest parse error (names the manifest path)',
    argv: ['score', VALID, '--manifest', 'broken/manifest.yml'],
    file: 'broken/manifest.yml',
    field: 'permissions.scopes',
  },
  {
    name: 'manifest that is not YAML (names the line)',
    argv: ['score', VALID, '--manifest', 'garbled/manifest.yml'],
    file: 'garbled/manifest.yml',
    field: 'line 3',
  },
])('$name', ({ argv, file, field, reason }) => {
  it('exits 2 with one stderr line naming the file and field', async () => {
    const result = await runCli([...argv, '--as-of', '2026-11-28'], {
      virtual: SYNTAX_ERRORS,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = stderrLines(result.stderr);
    expect(lines).toHaveLength(1);
    const prefix =
      field === undefined ? `trust-assess: ${file}: ` : `trust-assess: ${file}: ${field}: `;
    expect(lines[0]?.startsWith(prefix)).toBe(true);
    if (reason) expect(lines[0]?.endsWith(reason)).toBe(true);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('inline malformed answers', () => {
  const header = 'ruleSet: trust-readiness@1.0.0\napp:\n  name: Inline\n';
  it.each([
    { body: 'answers:\n  C1: yes\n', field: 'answers.C1.value', reason: 'expected a list of' },
    {
      body: 'answers:\n  S15: 2026-13-45\n',
      field: 'answers.S15.value',
      reason: 'expected a date',
    },
    { body: 'answers:\n  R1: "99.9"\n', field: 'answers.R1.value', reason: 'expected a number' },
    { body: 'answers:\n  S1: { value: yes, colour: red }\n', field: 'answers.S1.colour' },
    { body: 'answers:\n  S1: { value: { nested: true } }\n', field: 'answers.S1.value' },
    { body: 'answers:\n  C1: [privacy-policy, 3]\n', field: 'answers.C1.value' },
    { body: 'answers: [S1]\n', field: 'answers' },
    { body: 'answers: {}\napp2: {}\n', field: 'app2' },
  ])('$field', async ({ body, field, reason }) => {
    const result = await runCli(['score', 'inline.yaml'], {
      virtual: { 'inline.yaml': header + body },
    });
    expect(result.code).toBe(2);
    const [line, ...rest] = stderrLines(result.stderr);
    expect(rest).toEqual([]);
    expect(line?.startsWith(`trust-assess: inline.yaml: ${field}: `)).toBe(true);
    if (reason) expect(line).toContain(reason);
  });

  it.each([
    { text: 'app:\n  name: No Rule Set\nanswers: {}\n', field: 'ruleSet' },
    { text: 'ruleSet: trust-readiness@1.0.0\nanswers: {}\n', field: 'app' },
    { text: 'ruleSet: trust-readiness@1.0.0\napp: {}\nanswers: {}\n', field: 'app.name' },
    { text: 'ruleSet: trust-readiness\napp:\n  name: x\nanswers: {}\n', field: 'ruleSet' },
    {
      text: 'ruleSet: trust-readiness@1.0.0\napp:\n  name: x\n  hosting: mainframe\nanswers: {}\n',
      field: 'app.hosting',
    },
  ])('$field', async ({ text, field }) => {
    const result = await runCli(['score', 'inline.yaml'], { virtual: { 'inline.yaml': text } });
    expect(result.code).toBe(2);
    expect(stderrLines(result.stderr)).toHaveLength(1);
    expect(result.stderr.startsWith(`trust-assess: inline.yaml: ${field}: `)).toBe(true);
  });

  it('a file that is not a mapping names only the file', async () => {
    const result = await runCli(['score', 'list.yaml'], { virtual: { 'list.yaml': '- S1\n' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'trust-assess: list.yaml: expected a mapping with ruleSet, app and answers\n',
    );
  });

  it('counts further problems on the same line', async () => {
    const body = 'answers:\n  S98: yes\n  S99: yes\n';
    const result = await runCli(['score', 'inline.yaml'], {
      virtual: { 'inline.yaml': header + body },
    });
    expect(stderrLines(result.stderr)).toEqual([
      'trust-assess: inline.yaml: answers.S98: unknown question id (and 1 more)',
    ]);
  });

  it('strips control characters from echoed input so one line stays one line', async () => {
    const text = 'ruleSet: "trust-readiness@9\\n\\u001b[31mfake"\napp:\n  name: x\nanswers: {}\n';
    const result = await runCli(['score', 'inline.yaml'], { virtual: { 'inline.yaml': text } });
    expect(result.code).toBe(2);
    expect(stderrLines(result.stderr)).toHaveLength(1);
    expect(result.stderr).not.toContain('\u001b');
  });
});
