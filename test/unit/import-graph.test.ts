import { build } from 'esbuild';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * The shipped handler must not drag in the local runtime (SQLite, the Jira stub) or tests:
 * bundle src/index.ts the way Forge would and inspect every input file.
 */
describe('the shipped handler import graph', () => {
  let inputs: string[] = [];

  beforeAll(async () => {
    const result = await build({
      entryPoints: [join(root, 'src', 'index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    inputs = Object.keys(result.metafile.inputs).map((p) => relative(root, join(root, p)));
  });

  it('includes the resolvers, services and storage', () => {
    expect(inputs).toEqual(
      expect.arrayContaining([
        'src/index.ts',
        'src/resolvers/index.ts',
        'src/storage/assessment-store.ts',
      ]),
    );
  });

  it.each([
    ['the local runtime', /^src\/local\//],
    ['tests', /^test\//],
    ['the CLI', /^src\/cli\//],
    ['SQLite', /node_modules\/better-sqlite3\//],
    ['the UI', /^static\//],
  ])('contains nothing from %s', (_name, pattern) => {
    expect(inputs.filter((p) => pattern.test(p))).toEqual([]);
  });
});
