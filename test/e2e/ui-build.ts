import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..', '..');
const INDEX = join(REPO_ROOT, 'static', 'admin', 'build', 'index.html');

/** Builds the admin page when there is no build yet (a fresh clone, or `npm run test:e2e` alone). */
export function ensureBuild(): void {
  // A placeholder index.html without the bundle's script is no build either.
  if (existsSync(INDEX) && readFileSync(INDEX, 'utf8').includes('<script')) return;
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(REPO_ROOT, 'static', 'admin', 'vite.config.ts'),
      '--configLoader',
      'runner',
      '--logLevel',
      'error',
    ],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
}
