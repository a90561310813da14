import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ANSWERS, render, renderRules, SNAPSHOT_DIR, snapshotName } from './v1-freeze/cases';

/** `rules` and `init` print v1 when asked for it by name. */
const RULES_ARGS: string[] = ['--rule-set', 'trust-readiness@1.0.0'];

/** trust-readiness@1.0.0 answers files score byte for byte as they did before rule packs. */
describe('rule set v1 is frozen', () => {
  it.each(ANSWERS)('%s prints what it printed before the refactor', async (answers) => {
    const expected = JSON.parse(
      readFileSync(path.join(SNAPSHOT_DIR, snapshotName(answers)), 'utf8'),
    ) as Record<string, string>;
    const actual = await render(answers);
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    for (const key of Object.keys(expected))
      expect([key, actual[key]]).toEqual([key, expected[key]]);
  });

  it('prints the v1 rules and answers template as before', async () => {
    const expected = JSON.parse(
      readFileSync(path.join(SNAPSHOT_DIR, 'rules.json'), 'utf8'),
    ) as Record<string, string>;
    expect(await renderRules(RULES_ARGS)).toEqual(expected);
  });
});
