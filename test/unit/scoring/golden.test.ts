import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scoreGoldenCase, type GoldenFile } from './golden-case';

/**
 * Scoring must report byte for byte what it reported when the fixtures were recorded
 * (test/fixtures/scoring-golden/generate.ts), for both rule sets, with and without a manifest,
 * under other policies and rankings. A change here is a change of every stored report's meaning.
 */
const golden = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'fixtures', 'scoring-golden', 'cases.json'), 'utf8'),
) as GoldenFile;

describe('scoring golden fixtures', () => {
  it('covers both rule sets with hand-made and random cases', () => {
    const packs = new Set(golden.cases.map((c) => c.pack));
    expect([...packs].sort()).toEqual(['trust-readiness@1.0.0', 'trust-readiness@2.0.0']);
    expect(golden.cases.filter((c) => c.name.includes(' random ')).length).toBeGreaterThanOrEqual(
      200,
    );
  });

  it.each(golden.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Compared as strings: key order and number formatting are part of the contract.
    expect(scoreGoldenCase(c, golden.manifests)).toBe(c.report);
  });
});
