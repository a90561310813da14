import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, runCli } from '../cli-harness';

/**
 * Rule set v1 is frozen: an answers file naming trust-readiness@1.0.0 must print the same bytes
 * it printed before rule packs existed. The snapshots in test/fixtures/answers/v1-snapshots/
 * were generated from the code as it was before the refactor (commit "v1 freeze snapshots").
 */
export const SNAPSHOT_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'answers', 'v1-snapshots');

/** Every answers fixture that scores (the others are input-error fixtures). */
export const ANSWERS = [
  'test/fixtures/answers/booleans-and-shorthand.yaml',
  'test/fixtures/answers/forge-hosted-all-pass.yaml',
  'test/fixtures/answers/injection.yaml',
  'test/fixtures/answers/low-score.yaml',
  'test/fixtures/answers/minimal.json',
  'examples/answers.yaml',
];

const INVALID_MANIFESTS = ['billion-laughs.yml', 'invalid.yml'];

export function manifests(): (string | undefined)[] {
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'manifests');
  return [
    undefined,
    'examples/manifest.yml',
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.yml') && !INVALID_MANIFESTS.includes(f))
      .sort()
      .map((f) => `test/fixtures/manifests/${f}`),
  ];
}

export const FORMATS = ['json', 'markdown', 'csv', 'ps-tab', 'text'] as const;

export function snapshotName(answers: string): string {
  return `${path.basename(answers).replace(/\.(ya?ml|json)$/, '')}.json`;
}

/** Manifests whose outputs are kept in full; the rest of the matrix is kept as SHA-256. */
const IN_FULL = new Set<string | undefined>([undefined, 'examples/manifest.yml']);

/**
 * Every output of `trust-assess score` for one answers file: format × manifest → exit code and
 * stdout (in full for the common cases, hashed for the rest of the matrix to keep files small).
 */
export async function render(answers: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const manifest of manifests()) {
    for (const format of FORMATS) {
      const argv = ['score', answers, '--format', format, '--as-of', '2026-11-28'];
      if (manifest) argv.push('--manifest', manifest);
      const result = await runCli(argv);
      const text = `exit ${result.code}\n${result.stdout}${result.stderr}`;
      out[`${format} ${manifest ?? '(no manifest)'}`] = IN_FULL.has(manifest)
        ? text
        : `sha256 ${createHash('sha256').update(text).digest('hex')}`;
    }
  }
  return out;
}

/** `rules` and `init` for v1, as printed while v1 was the current rule set. */
export async function renderRules(args: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const argv of [['rules', '--format', 'json'], ['rules', '--format', 'markdown'], ['init']]) {
    const result = await runCli([...argv, ...args]);
    out[argv.join(' ')] = `exit ${result.code}\n${result.stdout}${result.stderr}`;
  }
  return out;
}
