import { z } from 'zod';

/**
 * Zod 4 compiles object parsers with `new Function` when it can, and probes for that as each
 * object schema is built. Forge's Custom UI CSP has no 'unsafe-eval', so the probe alone is a
 * CSP violation on every page load. Jitless mode skips both probe and compiler. This module
 * must be the entry's first import: schemas are built as their modules load.
 */
z.config({ jitless: true });
