import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  axeViolations,
  describeViolations,
  invoke,
  launchBrowser,
  openPage,
  realErrors,
  screenshot,
  startApp,
  THEMES,
  waitForTheme,
  type TestApp,
} from './harness';

/**
 * Issue 12: at 800 px no view scrolls sideways and axe finds nothing serious or critical, in
 * light and dark; the history table shows every column without a sideways scroller; History
 * compares the last approval with now, question by question.
 */

jest.setTimeout(240_000);

let app: TestApp;
let browser: Browser;
let id = '';

async function revisionOf(page: Page): Promise<number> {
  const r = await invoke<{ assessment: { revision: number } }>(page, 'getAssessment', { id });
  if (!r.ok) throw new Error(r.error.message);
  return r.data.assessment.revision;
}

async function must(result: Promise<{ ok: boolean; error?: { message: string } }>) {
  const r = await result;
  if (!r.ok) throw new Error(r.error?.message ?? 'failed');
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  // Approved with a few answers, then reopened and changed: every view has something to show.
  const { page, context } = await openPage(browser);
  await page.goto(app.url);
  const created = await invoke<{ assessment: { id: string; revision: number } }>(
    page,
    'createAssessment',
    { appName: 'Narrow Window App with a rather long name for the list' },
  );
  if (!created.ok) throw new Error(created.error.message);
  id = created.data.assessment.id;
  await must(
    invoke(page, 'saveAnswers', {
      id,
      expectedRevision: created.data.assessment.revision,
      answers: {
        S1: { value: 'yes', evidence: { url: 'https://example.com/a', expires: '2099-01-31' } },
        S7: { value: 'yes' },
        S13: { value: 'security@example.com' },
      },
    }),
  );
  await must(invoke(page, 'submitAssessment', { id, expectedRevision: await revisionOf(page) }));
  const reviewer = await openPage(browser);
  await reviewer.page.goto(appUrl(app, '/', { as: 'local-reviewer' }));
  await must(
    invoke(reviewer.page, 'reviewAssessment', {
      id,
      expectedRevision: await revisionOf(page),
      decision: 'approve',
    }),
  );
  await reviewer.context.close();
  await must(invoke(page, 'reopenAssessment', { id, expectedRevision: await revisionOf(page) }));
  await must(
    invoke(page, 'saveAnswers', {
      id,
      expectedRevision: await revisionOf(page),
      answers: { S1: { value: 'no' }, S13: { value: 'psirt@example.com' } },
    }),
  );
  // Changed and changed back: not a difference from the approval.
  await must(
    invoke(page, 'saveAnswers', {
      id,
      expectedRevision: await revisionOf(page),
      answers: { S7: { value: 'no' } },
    }),
  );
  await must(
    invoke(page, 'saveAnswers', {
      id,
      expectedRevision: await revisionOf(page),
      answers: { S7: { value: 'yes' } },
    }),
  );
  await context.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

type Route = [name: string, path: () => string, ready: string];

// Each ready selector is the loaded content (its last part to load), not a shell that holds a
// skeleton meanwhile: "nothing overflows, nothing is clipped" on a skeleton proves nothing.
const ROUTES: Route[] = [
  ['list', () => '/', '[data-testid=assessments-list][data-ready=true]'],
  // The settings, then their audit trail (empty here: nothing changed a setting).
  ['settings', () => '/settings', '[data-testid=settings] >> text=No entries yet.'],
  ['not-found', () => '/no/such/page', 'text=This page does not exist'],
  ...(['profile', 'security', 'reliability', 'compliance', 'privacy', 'transparency'] as const).map(
    (section): Route => [
      `questions-${section}`,
      () => `/assessments/${id}/questions/${section}`,
      `[data-testid=section-${section}]`,
    ],
  ),
  ['results', () => `/assessments/${id}/results`, '[data-testid=results]'],
  ['manifest', () => `/assessments/${id}/manifest`, '[data-testid=manifest-import]'],
  ['import', () => `/assessments/${id}/import`, '[data-testid=import-answers]'],
  ['history', () => `/assessments/${id}/history`, '[data-testid=since-approval-table]'],
  ['review', () => `/assessments/${id}/review`, '[data-testid=review] [data-testid=audit-table]'],
  ['export', () => `/assessments/${id}/export`, '[data-testid=export]'],
  ['print', () => `/assessments/${id}/print`, '[data-testid=print-report]'],
];

interface Layout {
  overflow: number;
  /** Buttons whose label is wider than the button shows (cut off). */
  clipped: string[];
}

async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    type El = {
      scrollWidth: number;
      clientWidth: number;
      textContent: string | null;
      querySelectorAll(s: string): ArrayLike<El>;
    };
    const d = (
      globalThis as unknown as {
        document: { documentElement: El; querySelectorAll(s: string): ArrayLike<El> };
      }
    ).document;
    const root = d.documentElement;
    const clipped: string[] = [];
    for (const button of Array.from(d.querySelectorAll('button, [role=tab]'))) {
      const parts = [button, ...Array.from(button.querySelectorAll('span'))];
      if (parts.some((e) => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)) {
        clipped.push((button.textContent ?? '').trim().slice(0, 60));
      }
    }
    return { overflow: root.scrollWidth - root.clientWidth, clipped };
  });
}

describe.each(THEMES)('at 800 px in %s', (theme) => {
  test.each(ROUTES)(
    '%s does not scroll sideways and axe finds nothing serious',
    async (name, path, ready) => {
      const { page, context, errors } = await openPage(browser, {
        theme,
        viewport: { width: 800, height: 900 },
      });
      try {
        await page.goto(appUrl(app, path(), { theme }));
        await waitForTheme(page, theme);
        await page.locator(ready).first().waitFor();
        const { overflow, clipped } = await layout(page);
        expect(overflow).toBeLessThanOrEqual(0);
        expect(clipped).toEqual([]);
        const violations = await axeViolations(page);
        expect(describeViolations(violations)).toBe('');
        await screenshot(page, `narrow-${name}-${theme}-800`, false);
        expect(realErrors(errors)).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});

test('the history table shows its last column at 800 px and the keyboard reaches it', async () => {
  const { page, context } = await openPage(browser, { viewport: { width: 800, height: 900 } });
  await page.goto(appUrl(app, `/assessments/${id}/history`));
  const table = page.getByTestId('history-table');
  await table.waitFor();
  const fits = await table.evaluate((el) => {
    const t = el as unknown as {
      scrollWidth: number;
      parentElement: { clientWidth: number; scrollWidth: number };
    };
    return t.parentElement.scrollWidth <= t.parentElement.clientWidth;
  });
  expect(fits).toBe(true);
  // Every element's score is on screen in the last column.
  const last = table.locator('tbody tr').first().locator('td').last();
  await expect(last.innerText()).resolves.toMatch(/Transparency & control\s*\S+/);
  const box = await last.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(800);
  // The table's region takes focus, so a keyboard could scroll it should a column ever not fit.
  await page.getByRole('region', { name: 'Recorded points, newest first' }).focus();
  await screenshot(page, 'narrow-history-table-light-800');
  await context.close();
});

test('History lists what changed since the last approval, before and after', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(appUrl(app, `/assessments/${id}/history`));
  const table = page.getByTestId('since-approval-table');
  await table.waitFor();
  const rows = table.getByTestId('since-approval-row');
  await expect(rows.count()).resolves.toBe(2);
  const row = (q: string) => table.locator(`[data-question-id=${q}]`);
  await expect(row('S1').getByTestId('since-approval-before').innerText()).resolves.toContain(
    'Yes',
  );
  await expect(row('S1').getByTestId('since-approval-after').innerText()).resolves.toBe('No');
  await expect(row('S13').getByTestId('since-approval-before').innerText()).resolves.toBe(
    'security@example.com',
  );
  await expect(row('S13').getByTestId('since-approval-after').innerText()).resolves.toBe(
    'psirt@example.com',
  );
  // S7 went no and back to yes: the same as approved, so not listed.
  await expect(row('S7').count()).resolves.toBe(0);
  await expect(page.getByTestId('since-approval-score').innerText()).resolves.toMatch(/→/);
  await screenshot(page, 'history-since-approval-light-1280');
  const dark = await openPage(browser, { theme: 'dark' });
  await dark.page.goto(appUrl(app, `/assessments/${id}/history`, { theme: 'dark' }));
  await waitForTheme(dark.page, 'dark');
  await dark.page.getByTestId('since-approval-table').waitFor();
  await screenshot(dark.page, 'history-since-approval-dark-1280');
  await dark.context.close();
  await context.close();
});

test('History before any approval says there is nothing to compare with', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(app.url);
  const created = await invoke<{ assessment: { id: string } }>(page, 'createAssessment', {
    appName: 'Never Approved',
  });
  if (!created.ok) throw new Error(created.error.message);
  await page.goto(appUrl(app, `/assessments/${created.data.assessment.id}/history`));
  await page.getByTestId('since-approval-none').waitFor();
  await context.close();
});
