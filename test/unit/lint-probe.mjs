// Lints in-memory files as if they sat at the given paths, with the repository's
// eslint.config.mjs; type-aware rules are switched off so one process answers in seconds.
// Input on stdin: [{ file, code }]; output on stdout: [[ruleId, ...], ...].
import { ESLint } from 'eslint';

const TYPED = [
  'no-floating-promises',
  'no-misused-promises',
  'no-unsafe-assignment',
  'no-unsafe-member-access',
  'no-unsafe-call',
  'no-unsafe-return',
  'no-unsafe-argument',
];

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const eslint = new ESLint({
  overrideConfig: {
    languageOptions: { parserOptions: { projectService: false } },
    rules: Object.fromEntries(TYPED.map((r) => [`@typescript-eslint/${r}`, 'off'])),
  },
});
const out = [];
for (const { file, code } of JSON.parse(input)) {
  const [result] = await eslint.lintText(code, { filePath: file });
  out.push((result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`));
}
process.stdout.write(JSON.stringify(out));
