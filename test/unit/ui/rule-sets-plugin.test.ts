import { ruleSetsPlugin } from '../../../scripts/rule-sets-plugin';
import { LATEST_PACK, RULE_PACKS, packRef } from '../../../src/domain/rules/packs';
import { AssessmentService } from '../../../src/services/assessments';

/** What the page ships must be what the resolvers score with, pack for pack. */
const { resolveId, load } = ruleSetsPlugin();

function moduleSource(id: string): string {
  const resolved = resolveId(id);
  if (!resolved) throw new Error(`the plugin does not resolve ${id}`);
  const source = load(resolved);
  if (source === undefined) throw new Error(`the plugin does not load ${resolved}`);
  return source;
}

describe('the rule sets shipped with the admin page', () => {
  const index = moduleSource('virtual:rule-sets');
  // Configured as src/index.ts configures the deployed resolvers.
  const service = new AssessmentService({ pack: LATEST_PACK, now: () => 0, newId: () => 'unused' });

  it('names the current rule set the backend gives new assessments', () => {
    const current = /export const CURRENT_RULE_SET = ("[^"]+");/.exec(index)?.[1];
    expect(current && JSON.parse(current)).toBe(service.ruleSetInfo({}).current);
  });

  it.each(RULE_PACKS.map((pack) => [packRef(pack), pack] as const))(
    '%s: the same data and upgrade paths as getRuleSet',
    (ref, pack) => {
      const line = index.split('\n').find((l) => l.includes(`${JSON.stringify(ref)}:`));
      expect(line).toBeDefined();
      const upgrades = /upgrades: (\[[^\]]*\])/.exec(line ?? '')?.[1] ?? 'null';
      expect(JSON.parse(upgrades)).toEqual(service.ruleSetInfo({ version: ref }).upgrades);

      const chunkId = /import\("([^"]+)"\)/.exec(line ?? '')?.[1] ?? '';
      const literal = /^export default JSON\.parse\((.*)\);$/.exec(moduleSource(chunkId))?.[1];
      expect(literal).toBeDefined();
      const shipped: unknown = JSON.parse(JSON.parse(literal ?? '""') as string);
      expect(shipped).toEqual(JSON.parse(JSON.stringify(pack.ruleSet)));
    },
  );

  it('ignores every other module id', () => {
    expect(resolveId('zod')).toBeUndefined();
    expect(load('\0virtual:rule-set/rule-set-unknown@9')).toBeUndefined();
  });
});
