import type { Answers } from '../../../src/domain/answers';
import { toMarkdown } from '../../../src/domain/export';
import { hostileText, miniAnswers, miniReport, miniRuleSet } from './fixture';

/** Issue 11: the app's Markdown report carries what the partner entered beside each value. */
describe('toMarkdown with the answers', () => {
  const answers: Answers = {
    ...miniAnswers,
    S1: {
      value: 'yes',
      evidence: { url: 'https://example.com/auth (v2)', expires: '2027-01-31' },
      note: `Reviewed in November ${hostileText}`,
    },
    // An answer to a question the rule set does not have (kept from before an upgrade).
    X9: { value: 'yes', note: 'retired' },
  };
  const md = toMarkdown(miniRuleSet, miniReport(answers), { appName: 'Mini', answers });
  const section = md.slice(
    md.indexOf('## What the partner entered'),
    md.indexOf('## Contradictions'),
  );

  it('adds a section with evidence, expiry, note and N/A justification, in rule-set order', () => {
    expect(section).not.toBe('');
    const rows = section.split('\n').filter((l) => /^\| [A-Z]\d/.test(l));
    expect(rows.map((r) => r.slice(2, 4))).toEqual(['S1', 'S2']);
    const s1 = rows[0] ?? '';
    expect(s1).toContain('[https://example.com/auth (v2)](https://example.com/auth%20%28v2%29)');
    expect(s1).toContain('(expires 2027-01-31)');
    expect(s1).toContain('Reviewed in November');
    expect(rows[1]).toMatch(/^\| S2: .*\| &lt;img src=x onerror=alert\(1\)&gt; \\\| =SUM\(A1\) @x/);
    expect(section).not.toContain('retired');
  });

  it('keeps partner text inert: no raw tags, no broken table', () => {
    expect(section).not.toContain('<img');
    for (const line of section.split('\n').filter((l) => l.startsWith('|'))) {
      // Every row has the header's four cells: escaped pipes do not split a cell.
      expect(line.split(/(?<!\\)\|/).length).toBe(6);
    }
  });

  it('says so when nothing was entered beside the values', () => {
    const plain: Answers = { G1: { value: 'no' }, S1: { value: 'yes' } };
    const out = toMarkdown(miniRuleSet, miniReport(plain), { appName: 'Mini', answers: plain });
    expect(out).toContain(
      '## What the partner entered\n\nNo evidence, notes or not-applicable justifications were entered.\n',
    );
  });

  it('is as before without the answers (the CLI, whose v1 report is frozen)', () => {
    const bare = toMarkdown(miniRuleSet, miniReport(answers), { appName: 'Mini' });
    expect(bare).not.toContain('What the partner entered');
    expect(bare).toBe(md.replace(section, ''));
  });
});
