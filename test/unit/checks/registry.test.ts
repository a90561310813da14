import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { derivedChecks } from '../../../src/domain/checks';

const CHECKS_DIR = join(__dirname, '..', '..', '..', 'src', 'domain', 'checks');
/** Files in the checks folder that are not checks. */
const NOT_CHECKS = ['index.ts', 'types.ts', 'check-helpers.ts', 'answer-consistency.ts'];

describe('derivedChecks registry', () => {
  it('registers exactly the checks the rule set refers to', () => {
    expect(derivedChecks.map((c) => c.id)).toEqual([
      'manifest-consistency',
      'runs-on-atlassian',
      'egress-wildcards',
      'analytics-egress',
      'egress-in-scope-eud',
      'csp',
    ]);
  });

  it('registers every check file, each named after its check id', () => {
    const files = readdirSync(CHECKS_DIR)
      .filter((f) => f.endsWith('.ts') && !NOT_CHECKS.includes(f))
      .sort();
    expect(derivedChecks.map((c) => `${c.id}.ts`).sort()).toEqual(files);
  });

  it('gives every check a title and the questions it may settle', () => {
    for (const check of derivedChecks) {
      expect([check.id, check.title.length > 0, check.settles.length > 0]).toEqual([
        check.id,
        true,
        true,
      ]);
    }
  });

  it('lets no two checks settle the same question', () => {
    const settled = derivedChecks.flatMap((c) => c.settles);
    expect(new Set(settled).size).toBe(settled.length);
  });
});
