import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RULE_PACKS, findPack, packRef } from '../../../src/domain/rules/packs';
import { upgradeRules, type RulePack } from '../../../src/domain/rules/pack';
import { checkRuleSetIntegrity } from '../../../src/domain/rules/integrity';
import { conditionQuestionIds } from '../../../src/domain/rules/conditions';
import { readManifestFacts } from '../../../src/domain/manifest/read';
import { fixtureText, type FixtureName } from '../manifest/fixtures';

const PACKS_DIR = join(__dirname, '..', '..', '..', 'src', 'domain', 'rules', 'packs');
const MANIFESTS: FixtureName[] = [
  'no-egress',
  'remote-and-egress',
  'remote-storage-undeclared',
  'runs-on-atlassian',
  'roa-egress',
  'roa-remote',
  'roa-providers',
  'roa-connect-modules',
  'roa-customer-managed-egress',
];

/**
 * The one registry test: it replaces the hand-kept lists of question ids and check ids. Every
 * pack is checked the same way, so adding a question, a check or a pack needs no edit here.
 */
describe.each(RULE_PACKS.map((p) => [packRef(p), p] as const))('rule pack %s', (ref, pack) => {
  const ids = new Set(pack.ruleSet.questions.map((q) => q.id));
  const folder = `${pack.ruleSet.id}-v${pack.ruleSet.version.split('.')[0] ?? ''}`;

  it('lives in its own folder, named <id>-v<major>, and is found by its ref', () => {
    expect(readdirSync(PACKS_DIR)).toContain(folder);
    expect(findPack(ref)).toBe(pack);
  });

  it('is a sound rule set with the checks it ships', () => {
    expect(
      checkRuleSetIntegrity(
        pack.ruleSet,
        pack.checks.map((c) => c.id),
      ),
    ).toEqual([]);
  });

  it('has one file per derived check in checks/, named after its id', () => {
    const files = readdirSync(join(PACKS_DIR, folder, 'checks'))
      .filter((f) => f.endsWith('.ts'))
      .sort();
    expect(pack.checks.map((c) => `${c.id}.ts`).sort()).toEqual(files);
  });

  it('lets every check settle only questions that name it, and no question twice', () => {
    const settled = pack.checks.flatMap((c) => c.settles);
    expect(new Set(settled).size).toBe(settled.length);
    for (const check of pack.checks) {
      expect(check.title.length).toBeGreaterThan(0);
      expect(check.settles.length).toBeGreaterThan(0);
      for (const id of check.settles) {
        expect([check.id, id, pack.ruleSet.questions.find((q) => q.id === id)?.derivedBy]).toEqual([
          check.id,
          id,
          check.id,
        ]);
      }
    }
    for (const q of pack.ruleSet.questions.filter((x) => x.derivedBy)) {
      const owner = pack.checks.find((c) => c.id === q.derivedBy);
      expect([q.id, owner?.settles.includes(q.id)]).toEqual([q.id, true]);
    }
  });

  it('settles, on every manifest fixture, only questions a check declares', () => {
    for (const name of MANIFESTS) {
      const manifest = readManifestFacts(fixtureText(name));
      for (const check of pack.checks) {
        const result = check.run({ ruleSet: pack.ruleSet, answers: {}, manifest });
        for (const s of result.settlements)
          expect([check.id, s.questionId, check.settles.includes(s.questionId)]).toEqual([
            check.id,
            s.questionId,
            true,
          ]);
      }
    }
  });

  it('suggests answers only to questions it has, with values they accept', () => {
    for (const name of MANIFESTS) {
      for (const s of pack.suggest(readManifestFacts(fixtureText(name)))) {
        const q = pack.ruleSet.questions.find((x) => x.id === s.questionId);
        expect([name, s.questionId, q !== undefined]).toEqual([name, s.questionId, true]);
        if (q?.options && q.type !== 'multi-choice') {
          expect(q.options.map((o) => o.value)).toContain(s.value);
        }
      }
    }
  });

  it('maps the Privacy & Security tab only to questions it has', () => {
    const layout = pack.psTab;
    const used =
      layout.kind === 'sections'
        ? layout.sections.flatMap((s) => s.questions)
        : layout.sections.flatMap((s) => s.fields.map((f) => f.questionId));
    for (const id of [...used, layout.statusQuestion])
      expect([id, ids.has(id)]).toEqual([id, true]);
  });

  it('names only its own questions in conditions', () => {
    for (const q of pack.ruleSet.questions) {
      for (const id of q.when ? conditionQuestionIds(q.when) : []) {
        expect([q.id, id, ids.has(id)]).toEqual([q.id, id, true]);
      }
    }
  });

  it('upgrades only from registered packs, into questions it has', () => {
    for (const [from, map] of Object.entries(pack.upgrades ?? {})) {
      const older: RulePack | undefined = findPack(from);
      expect([from, older !== undefined]).toEqual([from, true]);
      const oldIds = new Set(older?.ruleSet.questions.map((q) => q.id));
      for (const [oldId, rule] of Object.entries(map.map)) {
        expect([from, oldId, oldIds.has(oldId)]).toEqual([from, oldId, true]);
        const rules = upgradeRules(rule);
        for (const r of rules) expect([oldId, r.to, ids.has(r.to)]).toEqual([oldId, r.to, true]);
      }
    }
  });
});
