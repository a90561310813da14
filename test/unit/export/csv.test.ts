import { CSV_COLUMNS, csvCell, toCsv } from '../../../src/domain/export';
import { hostileText, miniReport, miniRuleSet } from './fixture';

/** A small RFC 4180 reader, enough to prove the writer's output parses back losslessly. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else cell += c;
  }
  return rows;
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['', ''],
  ])('quotes %j as %j', (raw, expected) => {
    expect(csvCell(raw)).toBe(expected);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
  ])('defuses formula start %j', (raw, expected) => {
    expect(csvCell(raw)).toBe(expected);
  });

  it('leaves a formula character later in the text alone', () => {
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('toCsv', () => {
  const csv = toCsv(miniRuleSet, miniReport());
  const rows = parseCsv(csv);

  it('has the documented header and one row per question, CRLF-terminated', () => {
    // Without answers (the CLI), the report columns only; the entered ones follow with answers.
    expect(rows[0]).toEqual(CSV_COLUMNS.slice(0, 9));
    expect(rows.slice(1).map((r) => r[0])).toEqual(miniRuleSet.questions.map((q) => q.id));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(rows.every((r) => r.length === 9)).toBe(true);
  });

  it('fills outcome, credit, programs and remediation', () => {
    const s1 = rows.find((r) => r[0] === 'S1');
    // The first nine columns; what the partner entered follows (csv-entered.test.ts).
    expect(s1?.slice(0, 9)).toEqual([
      'S1',
      'security',
      'blocker',
      'Authenticates every caller?',
      'partial',
      '0.5',
      'Answered "Partly", worth 50% of this requirement.',
      'SR; SQ',
      "'=cmd|/c calc!A1 then add auth",
    ]);
    expect(rows.find((r) => r[0] === 'S2')?.[5]).toBe('');
    expect(rows.find((r) => r[0] === 'G1')?.slice(4, 7)).toEqual([
      'answered',
      '',
      'Answered "Yes".',
    ]);
  });

  it('keeps partner text intact but never as a leading formula', () => {
    const s2 = rows.find((r) => r[0] === 'S2');
    expect(s2?.[6]).toBe(`Marked not applicable: ${hostileText}`);
    const p1 = rows.find((r) => r[0] === 'P1');
    expect(p1?.[6]).toBe('Provided.');
    for (const row of rows) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('is byte-identical for the same input', () => {
    expect(toCsv(miniRuleSet, miniReport())).toBe(csv);
  });
});
