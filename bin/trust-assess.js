#!/usr/bin/env node
'use strict';
/* global __filename */

/*
 * The repository's bin. It runs the bundled CLI (packages/trust-assess/dist/trust-assess.cjs,
 * built by `npm run build:cli`, the file the published package ships), and rebuilds it first
 * when a source under src/ is newer, so a test or a partner never runs a stale bundle. Without
 * esbuild (a dev dependency) it falls back to compiling the TypeScript on load with tsx.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'packages', 'trust-assess', 'dist', 'trust-assess.cjs');
const BUILD = path.join(ROOT, 'scripts', 'build-cli.mjs');

function newestMtime(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(file)) {
    newest = Math.max(newest, newestMtime(path.join(file, entry)));
  }
  return newest;
}

function bundleIsFresh() {
  let built;
  try {
    built = fs.statSync(BUNDLE).mtimeMs;
  } catch {
    return false;
  }
  const sources = [path.join(ROOT, 'src'), path.join(ROOT, 'package-lock.json')];
  return sources.every((source) => !fs.existsSync(source) || newestMtime(source) <= built);
}

function haveEsbuild() {
  try {
    require.resolve('esbuild', { paths: [ROOT] });
    return fs.existsSync(BUILD);
  } catch {
    return false;
  }
}

function fail(message) {
  process.stderr.write(`trust-assess: internal error: ${message}\n`);
  process.exitCode = 3;
}

function runCli(cli) {
  cli.runFromProcess().catch((error) => fail(error && error.message));
}

function main() {
  // One look at the sources per run (it stats every file under src/).
  const fresh = bundleIsFresh();
  const rebuild = !fresh && haveEsbuild();
  if (rebuild) {
    const { spawnSync } = require('node:child_process');
    const built = spawnSync(process.execPath, [BUILD], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) {
      fail(`building the CLI bundle failed: ${(built.stderr || '').trim().split('\n')[0]}`);
      return;
    }
  }
  // Without esbuild (no dev dependencies) an existing bundle is the best there is.
  if (fresh || rebuild || fs.existsSync(BUNDLE)) {
    runCli(require(BUNDLE));
    return;
  }
  let tsx;
  try {
    tsx = require('tsx/cjs/api');
  } catch {
    fail(
      'neither the CLI bundle nor the TypeScript loader tsx is available; run npm ci and npm run build:cli',
    );
    return;
  }
  runCli(tsx.require(path.join(ROOT, 'src', 'cli', 'node-io.ts'), __filename));
}

main();
