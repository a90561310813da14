import { runFromProcess } from './node-io';

/**
 * The entry of the bundled CLI (packages/trust-assess/dist/trust-assess.cjs). Run directly it
 * is the `trust-assess` bin; required (by the repository's bin/trust-assess.js) it only
 * exports `runFromProcess`.
 */
export { runFromProcess };

if (require.main === module) {
  runFromProcess().catch((error: unknown) => {
    process.stderr.write(
      `trust-assess: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 3;
  });
}
