import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesToMarkdownAll } from '../../src/domain/export';
import { RULE_PACKS } from '../../src/domain/rules/packs';

/** docs/rules.md is generated from rule metadata; a stale copy would mislead partners. */
describe('docs/rules.md', () => {
  it('documents every published rule pack (regenerate with `npm run docs:rules`)', () => {
    const onDisk = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
    expect(onDisk.trimEnd()).toBe(rulesToMarkdownAll(RULE_PACKS.map((p) => p.ruleSet)).trimEnd());
  });
});
