import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const FORMAT = resolve(__dirname, '../../../static/admin/src/lib/format.ts');

/**
 * formatDate in a time zone west of UTC, where midnight UTC is still the day before. A child
 * process, because jest hands each test file a copy of process.env: setting TZ here would not
 * reach the clock.
 */
function formatIn(timeZone: string, inputs: string[]): { formatted: string[]; expected: string[] } {
  const script = `
    import(${JSON.stringify(FORMAT)}).then((loaded) => {
      const { formatDate } = loaded.formatDate ? loaded : loaded.default;
      const medium = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
      process.stdout.write(JSON.stringify({
        formatted: ${JSON.stringify(inputs)}.map(formatDate),
        expected: [medium.format(new Date(2026, 10, 20)), medium.format(new Date(2026, 10, 19)), medium.format(new Date(2027, 0, 1))],
      }));
    });`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
    env: { ...process.env, TZ: timeZone },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { formatted: string[]; expected: string[] };
}

describe('formatDate west of UTC', () => {
  const { formatted, expected } = formatIn('America/Los_Angeles', [
    '2026-11-20',
    '2027-01-01',
    '2026-11-20T03:00:00.000Z',
    'not a date',
  ]);
  const [nov20, nov19, jan1] = expected;

  test('a calendar day (evidence expiry, date answer) is that day, as the DatePicker shows it', () => {
    expect(formatted.slice(0, 2)).toEqual([nov20, jan1]);
  });

  test('a timestamp is shown on its local day', () => {
    // 03:00 UTC on the 20th is the evening of the 19th in Los Angeles.
    expect(formatted[2]).toBe(nov19);
  });

  test('what is not a date comes back as it was', () => {
    expect(formatted[3]).toBe('not a date');
  });
});
