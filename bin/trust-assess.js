#!/usr/bin/env node
'use strict';
/* global __filename */

/*
 * The CLI is TypeScript and the repo has no build step, so the bin compiles it on load with
 * tsx's scoped require: only the CLI's module graph goes through tsx, and no global hook is
 * left behind for anything else in the process.
 */
const path = require('node:path');

let tsx;
try {
  tsx = require('tsx/cjs/api');
} catch {
  process.stderr.write(
    'trust-assess: internal error: the TypeScript loader tsx is missing; run npm ci\n',
  );
  process.exit(3);
}

const entry = path.join(__dirname, '..', 'src', 'cli', 'node-io.ts');
tsx
  .require(entry, __filename)
  .runFromProcess()
  .catch((error) => {
    process.stderr.write(`trust-assess: internal error: ${error && error.message}\n`);
    process.exitCode = 3;
  });
