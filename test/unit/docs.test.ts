import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesToMarkdown } from '../../src/domain/export';
import { CURRENT_RULE_SET } from '../../src/domain/rules/registry';

/** docs/rules.md is generated from rule metadata; a stale copy would mislead partners. */
describe('docs/rules.md', () => {
  it('matches the current rule set (regenerate with `npm run docs:rules`)', () => {
    const onDisk = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');
    expect(onDisk.trimEnd()).toBe(rulesToMarkdown(CURRENT_RULE_SET).trimEnd());
  });
});
