#!/usr/bin/env node
/*
 * Bundles the CLI (src/cli/bundle-entry.ts and everything it imports: the domain, yaml, zod)
 * into ONE CommonJS file for Node >= 20, packages/trust-assess/dist/trust-assess.cjs, so the
 * published package has no runtime dependencies and needs no tsx. Writes to a temporary file
 * and renames it, so concurrent builds (parallel test workers) never see half a file.
 *
 *   node scripts/build-cli.mjs            build
 *   node scripts/build-cli.mjs --if-stale build only when a source is newer than the bundle
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = join(ROOT, 'packages', 'trust-assess', 'dist', 'trust-assess.cjs');
const SOURCES = [join(ROOT, 'src'), join(ROOT, 'package-lock.json')];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function isStale() {
  let built;
  try {
    built = statSync(OUT).mtimeMs;
  } catch {
    return true;
  }
  return SOURCES.some((p) => newestMtime(p) > built);
}

export async function buildCli() {
  const pkg = JSON.parse(
    await readFile(join(ROOT, 'packages', 'trust-assess', 'package.json'), 'utf8'),
  );
  mkdirSync(dirname(OUT), { recursive: true });
  const tmp = `${OUT}.${process.pid}.${Date.now()}.tmp`;
  await build({
    entryPoints: [join(ROOT, 'src', 'cli', 'bundle-entry.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'eof',
    banner: {
      // eslint-disable: the bundle is generated; the repository lints its sources.
      js: `#!/usr/bin/env node\n/* eslint-disable */\n/* trust-assess ${pkg.version} (bundled) */`,
    },
    define: { __TRUST_ASSESS_BUNDLE__: 'true' },
    logLevel: 'warning',
  });
  renameSync(tmp, OUT);
  return OUT;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || isStale()) await buildCli();
}
