import { escapeMarkdown, rulesToMarkdown, toMarkdown } from '../../../src/domain/export';
import { ruleSetV1 } from '../../../src/domain/rules/catalogue';
import { hostileText, miniReport, miniRuleSet } from './fixture';

const XSS = '<img src=x onerror=alert(1)>';

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('| '));
}

/** Cells of a table row, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row
    .slice(2, -2)
    .split(/(?<!\\) \| /)
    .map((c) => c.trim());
}

describe('escapeMarkdown', () => {
  it.each([
    [XSS, '&lt;img src=x onerror=alert(1)&gt;'],
    ['a | b', 'a \\| b'],
    ['*bold* _it_ `code`', '\\*bold\\* \\_it\\_ \\`code\\`'],
    ['[link](javascript:alert(1))', '\\[link\\](javascript:alert(1))'],
    ['line\nbreak', 'line break'],
    ['back\\slash', 'back\\\\slash'],
  ])('%j → %j', (raw, expected) => {
    expect(escapeMarkdown(raw)).toBe(expected);
  });
});

describe('toMarkdown', () => {
  const report = miniReport();
  const md = toMarkdown(miniRuleSet, report, { appName: `${XSS} | Evil` });

  it('never emits partner HTML and keeps every table row the width of its header', () => {
    expect(md).not.toContain('<img');
    expect(md).not.toMatch(/<(?!br>)/);
    expect(md).toContain('# Trust readiness report: &lt;img src=x onerror=alert(1)&gt; \\| Evil');
    expect(md).toContain(escapeMarkdown(hostileText));
    const lines = md.split('\n');
    const separator = /^\| -{2,}:?( \| -{2,}:?)* \|$/;
    let width = 0;
    let checked = 0;
    lines.forEach((line, i) => {
      if (separator.test(line)) return;
      if (separator.test(lines[i + 1] ?? '')) {
        width = cells(line).length;
      } else if (line.startsWith('| ')) {
        // An unescaped pipe in a cell would add a column to its row.
        expect(cells(line)).toHaveLength(width);
        checked += 1;
      }
    });
    expect(checked).toBeGreaterThan(10);
  });

  it('has the summary, sections and footer with rule set and date', () => {
    expect(md).toContain(`- **Score:** ${report.overall.score.toFixed(1)} / 100`);
    for (const heading of [
      '## Scores by element',
      '## Failed blockers',
      '## Next best actions',
      '## App profile',
      '## Security',
      '## Contradictions',
    ]) {
      expect(md).toContain(`\n${heading}`);
    }
    expect(md.trimEnd().split('\n').at(-1)).toContain('mini@0.1.0 as of 2026-11-28');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('lists failed blockers with their reason and ranks at most 10 actions', () => {
    const blockers = md.slice(md.indexOf('## Failed blockers'), md.indexOf('## Next best'));
    const blockerIds = tableRows(blockers)
      .slice(2)
      .map((row) => cells(row)[0]);
    expect(blockerIds).toEqual(report.blockers.map((b) => b.questionId));
    expect(blockerIds).toEqual(expect.arrayContaining(['S1', 'C1']));
    const actions = md.slice(md.indexOf('## Next best'), md.indexOf('## App profile'));
    const actionRows = tableRows(actions).slice(2);
    expect(actionRows).toHaveLength(report.actions.length);
    expect(cells(actionRows[0] ?? '')[3]).toBe(`+${report.actions[0]?.gain.toFixed(1)}`);
  });

  it('is byte-identical for the same input', () => {
    expect(toMarkdown(miniRuleSet, miniReport(), { appName: `${XSS} | Evil` })).toBe(md);
  });
});

describe('rulesToMarkdown', () => {
  const md = rulesToMarkdown(miniRuleSet);

  it('documents each question with severity, programs, applies-when, pass criteria, sources', () => {
    expect(md).toContain('### S1: Authenticates every caller?');
    expect(md).toContain('- **Severity:** blocker');
    expect(md).toContain('- **Programs:** SR, SQ');
    expect(md).toContain('"Yes" earns 100%; "Partly" earns 50%.');
    expect(md).toContain('- **Applies when:** G1 = Yes');
    expect(md).toContain('- **Applies when:** G1 = Yes or a manifest was supplied');
    expect(md).toContain('At least 99.9; 50% from 99.5.');
    expect(md).toContain('A date within the last 365 days.');
    // Parentheses in a source URL would end the link early.
    expect(md).toContain('[Security requirements](https://example.com/sec%281%29)');
    expect(md).toContain('### C1: Legal pages \\| published');
  });

  it('covers every question of the real rule set', () => {
    const real = rulesToMarkdown(ruleSetV1);
    for (const q of ruleSetV1.questions) expect(real).toContain(`\n### ${q.id}: `);
    expect(real).toBe(rulesToMarkdown(ruleSetV1));
  });
});
