import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './cli-harness';

const BIN = path.join(REPO_ROOT, 'bin', 'trust-assess.js');

/** Proves the published bin runs the TypeScript sources straight after `npm ci`. */
describe('bin/trust-assess.js', () => {
  it('runs a real scoring in a child process and returns the CLI exit code', () => {
    const help = spawnSync(process.execPath, [BIN, '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: trust-assess /);

    const below = spawnSync(
      process.execPath,
      [
        BIN,
        'score',
        'test/fixtures/answers/low-score.yaml',
        '--format',
        'json',
        '--fail-under',
        'ready',
        '--as-of',
        '2026-11-28',
      ],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(below.status).toBe(1);
    const report = JSON.parse(below.stdout) as { overall: { level: string } };
    expect(report.overall.level).toBe('not-ready');

    const invalid = spawnSync(process.execPath, [BIN, 'score', 'missing.yaml'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toBe('trust-assess: missing.yaml: file not found\n');
  }, 20_000);
});
