import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  createAssessment,
  gotoList,
  invoke,
  launchBrowser,
  openPage,
  question,
  realErrors,
  startApp,
  waitForSaved,
  type TestApp,
} from './harness';

/**
 * A flaky network drops one of the page's lazy chunks. The part that needed it says so (or,
 * for a date field, falls back to the browser's own date input); the rest of the page stays
 * usable and nothing is lost. Without a boundary React unmounted the whole page: blank.
 */

jest.setTimeout(120_000);

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Only what a dropped chunk itself causes: the failed request and React's report of it. */
function unexpected(errors: string[]): string[] {
  return realErrors(errors).filter(
    (e) =>
      !/Failed to load resource|dynamically imported module|error occurred in|LoadBoundary/i.test(
        e,
      ),
  );
}

async function dropChunk(page: Page, name: string): Promise<void> {
  await page.route(new RegExp(`/assets/${name}-[^/]+\\.js$`), (route) => route.abort('failed'));
}

test('the DatePicker chunk does not arrive: the browser date input answers, and it is saved', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Dropped Picker');
  await dropChunk(page, 'date-picker');
  await page.goto(appUrl(app, `/assessments/${id}/questions/security/S15`));
  const native = question(page, 'S15').locator('input[type=date][id="q-S15-value"]');
  await native.waitFor();
  await expect(native.getAttribute('aria-labelledby')).resolves.toBe('q-S15-title');
  await native.fill('2026-11-20');
  await waitForSaved(page);
  const stored = await invoke<{ answers: Record<string, { value?: unknown }> }>(
    page,
    'getAssessment',
    { id },
  );
  expect(stored.ok && stored.data.answers.S15?.value).toBe('2026-11-20');
  expect(unexpected(errors)).toEqual([]);
  await context.close();
});

test('a view’s chunk does not arrive: that view says so, the tabs still work', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Dropped Results');
  await dropChunk(page, 'results');
  await page.goto(appUrl(app, `/assessments/${id}/results`));
  const failed = page.getByTestId('load-failed');
  await failed.waitFor();
  await expect(failed.innerText()).resolves.toContain('Results could not be loaded.');
  // The header and tabs are still the page's own; another tab loads.
  const nav = page.getByRole('navigation', { name: 'Assessment' });
  await nav.getByRole('link', { name: 'Questionnaire' }).click();
  await page.locator('[data-testid=questionnaire]').waitFor();
  await failed.waitFor({ state: 'detached' });
  // Back on Results, the network well again: Reload brings the view.
  await nav.getByRole('link', { name: 'Results' }).click();
  await failed.waitFor();
  await page.unroute(/\/assets\/results-[^/]+\.js$/);
  await failed.getByRole('button', { name: 'Reload' }).click();
  await page.locator('[data-testid=results]').waitFor();
  expect(unexpected(errors)).toEqual([]);
  await context.close();
});
