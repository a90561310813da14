import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import {
  appUrl,
  chooseOption,
  createAssessment,
  gotoList,
  launchBrowser,
  openPage,
  question,
  realErrors,
  REPO_ROOT,
  startApp,
  waitForSaved,
  type TestApp,
} from './harness';

/** Manifest import, results, submit, review and history: the partner-to-admin round trip. */

jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;

const MANIFEST = readFileSync(join(REPO_ROOT, 'examples', 'manifest.yml'), 'utf8');

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

test('import a manifest, accept suggestions, attach it, then submit, review and approve', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Standup Digest');
  // An answer the manifest contradicts: it declares a remote, so data does leave Atlassian.
  await chooseOption(page, 'P1', 'No');
  await waitForSaved(page);

  await page.getByRole('link', { name: 'Manifest import' }).click();
  await page.getByLabel('manifest.yml contents').fill(MANIFEST);
  await page.getByRole('button', { name: 'Analyze manifest' }).click();
  const analysis = page.locator('[data-testid=manifest-analysis]');
  await analysis.waitFor();
  await expect(analysis.innerText()).resolves.toContain('Not eligible');
  const suggestions = page.locator('[data-testid=suggestion]');
  const suggested = await suggestions.count();
  expect(suggested).toBeGreaterThan(3);

  // Untick one suggestion: it must not be saved.
  const g1 = suggestions.filter({ hasText: 'G1 How is the app hosted?' });
  await g1.getByText(/^G1 /).click();
  const accept = page.getByRole('button', { name: /^Accept \d+ suggestions?$/ });
  const label = await accept.innerText();
  const accepted = Number(/Accept (\d+)/.exec(label)?.[1]);
  await accept.click();
  await expect(page.locator('[data-testid=import-saved]').innerText()).resolves.toBe(
    `Saved ${accepted} answers from the manifest.`,
  );

  await page.getByRole('button', { name: 'Attach this manifest' }).click();
  await page.locator('[data-testid=attach-done]').waitFor();
  await page.locator('[data-testid=manifest-attached]').waitFor();

  // The audit trail names the source of the imported answers.
  await page.getByRole('link', { name: 'Review' }).click();
  const audit = page.locator('[data-testid=audit-table]');
  await audit.waitFor();
  await expect(audit.innerText()).resolves.toMatch(/from the manifest/);
  await expect(audit.innerText()).resolves.toContain('Attached a manifest');

  // Results: blockers first, a capped level, and the manifest's contradiction of P1.
  await page.getByRole('link', { name: 'Results' }).click();
  await page.locator('[data-testid=results]').waitFor();
  const headings = await page.locator('[data-testid=results] h2').allInnerTexts();
  expect(headings.indexOf('Failed blockers')).toBeLessThan(headings.indexOf('Trust elements'));
  await page.locator('[data-testid=capped-by]').waitFor();
  await expect(
    page.locator('[data-testid=element-chart]').getAttribute('aria-label'),
  ).resolves.toMatch(/^Score per trust element: Security \d/);

  // G1's suggestion was not accepted, so G1 keeps the create dialog's hosting (Forge, its
  // default), not the manifest's. Waited for: a count taken before the radios render is 0 too.
  await page.goto(appUrl(app, `/assessments/${id}/questions`));
  const hosting = question(page, 'G1').getByRole('radio', { checked: true });
  await hosting.waitFor();
  await expect(hosting.count()).resolves.toBe(1);
  await expect(
    question(page, 'G1')
      .getByRole('radio', { name: 'Forge-hosted: all compute and storage on Atlassian' })
      .isChecked(),
  ).resolves.toBe(true);

  await page.getByRole('button', { name: 'Submit for review' }).click();
  // Submit warns about what is open; this flow submits anyway.
  await page.getByTestId('submit-anyway').click();
  await page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();
  await page.getByRole('link', { name: 'Results' }).click();
  await page.locator('[data-testid=submitted-not-approved]').waitFor();

  const reviewer = await openPage(browser);
  await reviewer.page.goto(appUrl(app, `/assessments/${id}/review`, { as: 'local-reviewer' }));
  const form = reviewer.page.locator('[data-testid=review-form]');
  await form.waitFor();
  // Requesting changes with nothing said is refused in the form, before any request.
  await form.getByRole('radio', { name: 'Request changes' }).check();
  await form.getByRole('button', { name: 'Request changes' }).click();
  await reviewer.page.locator('#review-form-error').waitFor();
  await form.getByRole('radio', { name: 'Approve' }).check();
  await form.getByLabel('Summary').fill('Looks right for a first submission.');
  await form.getByRole('button', { name: 'Approve' }).click();
  await reviewer.page.locator('[data-testid=status-lozenge][data-status=approved]').waitFor();
  await expect(reviewer.page.locator('[data-testid=review-summary]').innerText()).resolves.toBe(
    'Looks right for a first submission.',
  );

  await page.getByRole('link', { name: 'History' }).click();
  const history = page.locator('[data-testid=history-table] tbody tr');
  await history.first().waitFor();
  // Newest first: the approval's status change is on top, after the submission.
  await page.reload();
  await history.first().waitFor();
  await expect(history.first().innerText()).resolves.toContain('Approved');
  expect(await history.count()).toBeGreaterThanOrEqual(3);
  await page.locator('[data-testid=trend-chart]').waitFor();

  expect(realErrors(errors)).toEqual([]);
  expect(realErrors(reviewer.errors)).toEqual([]);
  await reviewer.context.close();
  await context.close();
});
