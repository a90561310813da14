import type { Answers } from '../../../src/domain/answers';
import { CSV_COLUMNS, toCsv } from '../../../src/domain/export';
import { hostileText, miniAnswers, miniReport, miniRuleSet } from './fixture';

/** Issue 12: the CSV carries the evidence and notes the partner typed, still formula-safe. */
describe('toCsv with the answers', () => {
  const answers: Answers = {
    ...miniAnswers,
    S1: {
      value: 'partial',
      evidence: { url: 'https://example.com/auth', expires: '2027-01-31' },
      note: `=HYPERLINK("x") ${hostileText}`,
    },
  };
  const csv = toCsv(miniRuleSet, miniReport(answers), answers);
  const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
  const lines = csv.split('\r\n');

  it('appends evidence, expiry, option evidence, note and justification columns', () => {
    expect(CSV_COLUMNS.slice(-5)).toEqual([
      'evidence_url',
      'evidence_expires',
      'option_evidence',
      'note',
      'not_applicable_justification',
    ]);
    expect(col('evidence_url')).toBe(9);
  });

  it('fills them from the answers and defuses a leading formula in the note', () => {
    const s1 = lines.find((l) => l.startsWith('S1,'));
    expect(s1).toContain('https://example.com/auth,2027-01-31');
    expect(s1).toContain(`"'=HYPERLINK(""x"")`);
    const s2 = lines.find((l) => l.startsWith('S2,'));
    expect(s2?.endsWith(`,"${hostileText}"`) || s2?.endsWith(`,${hostileText}`)).toBe(true);
  });

  it('leaves the entered columns out without answers (the CLI, whose v1 output is frozen)', () => {
    const bare = toCsv(miniRuleSet, miniReport());
    expect(bare.split('\r\n')[0]).toBe(
      'id,element,severity,title,outcome,credit,reason,programs,remediation',
    );
    expect(bare).not.toContain('evidence_url');
  });
});
