import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/**
 * A copy of the app as `forge deploy` sees it, in a temp folder: manifest, tsconfig,
 * package.json, .gitignore, the function sources and the resource folder the manifest names.
 * Atlassian's tools resolve all of these relative to the app folder, so tests that run them
 * need the resource to exist even on a fresh clone with no UI build: the real build is copied
 * when there is one; otherwise the page's source index.html and public/ files stand in (what
 * the build would contain, minus the bundle).
 */
export function stageApp(prefix = 'forge-app-'): string {
  const app = mkdtempSync(join(tmpdir(), prefix));
  for (const file of ['manifest.yml', 'tsconfig.json', 'package.json', '.gitignore']) {
    cpSync(join(REPO_ROOT, file), join(app, file));
  }
  cpSync(join(REPO_ROOT, 'src'), join(app, 'src'), { recursive: true });
  const build = join(REPO_ROOT, 'static', 'admin', 'build');
  const stagedBuild = join(app, 'static', 'admin', 'build');
  if (existsSync(join(build, 'index.html'))) {
    cpSync(build, stagedBuild, { recursive: true });
  } else {
    cpSync(join(REPO_ROOT, 'static', 'admin', 'public'), stagedBuild, { recursive: true });
    cpSync(join(REPO_ROOT, 'static', 'admin', 'index.html'), join(stagedBuild, 'index.html'));
  }
  return app;
}
