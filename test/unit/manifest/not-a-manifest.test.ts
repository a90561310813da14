import { ManifestParseError, readManifestFacts } from '../../../src/domain/manifest/read';
import { fixtureText } from './fixtures';

/** Issue 12: `hello: world` used to read as an app with nothing in it and earn suggestions. */

function parseError(text: string): ManifestParseError {
  try {
    readManifestFacts(text);
  } catch (error) {
    if (error instanceof ManifestParseError) return error;
    throw error;
  }
  throw new Error('expected a ManifestParseError');
}

it.each(['hello: world\n', '{}\n', 'jobs:\n  build:\n    runs-on: ubuntu-latest\n'])(
  'refuses %j as not a Forge manifest',
  (text) => {
    const error = parseError(text);
    expect(error.code).toBe('not-a-manifest');
    expect(error.message).toMatch(/^This is not a Forge manifest: /);
  },
);

it('names the keys it found', () => {
  expect(parseError('hello: world\n').message).toContain('"hello"');
});

it('still reads a partial manifest with one schema key', () => {
  expect(readManifestFacts('permissions:\n  scopes: []\n').modules).toEqual([]);
});

it('still reads the fixture manifest', () => {
  expect(() => readManifestFacts(fixtureText('no-egress'))).not.toThrow();
});
