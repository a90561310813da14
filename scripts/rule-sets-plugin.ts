import { LATEST_PACK, RULE_PACKS, packRef } from '../src/domain/rules/packs';

const INDEX_ID = 'virtual:rule-sets';
const ONE_PREFIX = 'virtual:rule-set/';
// The module name becomes the chunk's file name: rule-set-trust-readiness-2.0.0-<hash>.js.
const moduleName = (ref: string) => `rule-set-${ref.replace(/[^\w.-]+/g, '-')}`;

/** The two Rollup hooks it uses, typed here: the root tsconfig's resolution cannot see vite's types. */
export interface RuleSetsPlugin {
  name: string;
  resolveId(id: string): string | undefined;
  load(id: string): string | undefined;
}

/**
 * Ships every published rule set with the page instead of fetching it: a rule set never changes
 * once published, so a 50–70 KB invoke on every assessment visit bought nothing. The index is a
 * few hundred bytes (refs, upgrade paths, the current ref); each rule set is its own lazy chunk,
 * so a page loads only the version its assessment names. The data is the same pack objects the
 * resolvers score with, serialised at build time.
 */
export function ruleSetsPlugin(): RuleSetsPlugin {
  return {
    name: 'trust-readiness:rule-sets',
    resolveId(id) {
      if (id === INDEX_ID || id.startsWith(ONE_PREFIX)) return `\0${id}`;
      return undefined;
    },
    load(id) {
      if (id === `\0${INDEX_ID}`) {
        const entries = RULE_PACKS.map((pack) => {
          const ref = packRef(pack);
          const upgrades = RULE_PACKS.filter((p) => p.upgrades?.[ref] !== undefined).map(packRef);
          return `  ${JSON.stringify(ref)}: { upgrades: ${JSON.stringify(upgrades)}, load: () => import(${JSON.stringify(ONE_PREFIX + moduleName(ref))}).then((m) => m.default) },`;
        });
        return [
          // The pack src/index.ts gives new assessments.
          `export const CURRENT_RULE_SET = ${JSON.stringify(packRef(LATEST_PACK))};`,
          `export const RULE_SETS = {`,
          ...entries,
          `};`,
        ].join('\n');
      }
      if (id.startsWith(`\0${ONE_PREFIX}`)) {
        const name = id.slice(ONE_PREFIX.length + 1);
        const pack = RULE_PACKS.find((p) => moduleName(packRef(p)) === name);
        if (!pack) return undefined;
        // JSON.parse of a string literal parses faster than the same object as code.
        return `export default JSON.parse(${JSON.stringify(JSON.stringify(pack.ruleSet))});`;
      }
      return undefined;
    },
  };
}
