import type { Browser } from 'playwright-core';
import {
  appUrl,
  chooseOption,
  createAssessment,
  gotoList,
  invoke,
  launchBrowser,
  openPage,
  pickInSelect,
  question,
  realErrors,
  startApp,
  waitForSaved,
  type TestApp,
} from './harness';

/**
 * The Atlaskit controls that replaced native ones (issue 12), driven as a person drives them,
 * each checked by what it stores: the review's question Select, the "copy from" Select.
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

interface Detail {
  answers: Record<string, unknown>;
  reviews: { decision: string; comments: Record<string, string> }[];
}

async function detailOf(page: Parameters<typeof invoke>[0], id: string): Promise<Detail> {
  const result = await invoke<Detail>(page, 'getAssessment', { id });
  if (!result.ok) throw new Error(`getAssessment failed: ${result.error.code}`);
  return result.data;
}

test('review: the question Select, keyboard only, puts the comment on the chosen question', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Select Review');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.getByTestId('submit-anyway').click();
  await page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();

  const reviewer = await openPage(browser);
  await reviewer.page.goto(appUrl(app, `/assessments/${id}/review`, { as: 'local-reviewer' }));
  const form = reviewer.page.locator('[data-testid=review-form]');
  await form.waitFor();
  // The <label htmlFor> still names the Select's input.
  await expect(form.getByLabel('Question', { exact: true }).getAttribute('id')).resolves.toBe(
    'review-question',
  );
  await form.getByRole('radio', { name: 'Request changes' }).check();

  // Two comments on two questions, neither of them the first in the list (the default).
  await pickInSelect(reviewer.page, 'review-question', 'S13', /^S13 /);
  await form.getByLabel('Comment', { exact: true }).fill('Name the security contact.');
  await form.getByRole('button', { name: 'Add comment' }).click();
  await pickInSelect(reviewer.page, 'review-question', 'P3', /^P3 /);
  await form.getByLabel('Comment', { exact: true }).fill('Say how long data is kept.');
  await form.getByRole('button', { name: 'Add comment' }).click();
  const drafts = await form.locator('[data-testid=draft-comments] li').allInnerTexts();
  expect(drafts.map((d) => d.replace(/\s+/g, ' ').trim())).toEqual([
    'S13: Name the security contact. Remove',
    'P3: Say how long data is kept. Remove',
  ]);
  await form.getByRole('button', { name: 'Request changes' }).click();
  await reviewer.page
    .locator('[data-testid=status-lozenge][data-status=changes-requested]')
    .waitFor();

  const detail = await detailOf(page, id);
  expect(detail.reviews.at(-1)).toMatchObject({
    decision: 'request-changes',
    comments: { S13: 'Name the security contact.', P3: 'Say how long data is kept.' },
  });
  // And the partner sees it beside S13.
  await page.goto(appUrl(app, `/assessments/${id}/questions/security/S13`));
  await question(page, 'S13')
    .locator('[data-testid=review-thread]')
    .getByText('Name the security contact.')
    .waitFor();

  expect(realErrors(errors)).toEqual([]);
  expect(realErrors(reviewer.errors)).toEqual([]);
  await reviewer.context.close();
  await context.close();
});

test('import: "Copy answers from another assessment" is a Select; the copy is stored', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const fromId = await createAssessment(page, 'Copy Source');
  await page.goto(appUrl(app, `/assessments/${fromId}/questions/security`));
  await chooseOption(page, 'S1', 'Yes');
  await chooseOption(page, 'S8', 'Yes');
  await waitForSaved(page);

  await gotoList(page, app);
  const id = await createAssessment(page, 'Copy Target');
  await page.goto(appUrl(app, `/assessments/${id}/import`));
  const view = page.locator('[data-testid=import-answers]');
  await expect(
    view.getByLabel('Copy answers from another assessment').getAttribute('id'),
  ).resolves.toBe('copy-from');
  const show = view.getByRole('button', { name: 'Show changes' }).nth(1);
  await expect(show.isDisabled()).resolves.toBe(true);
  await pickInSelect(page, 'copy-from', 'Copy Sou', 'Copy Source');
  await show.click();
  const preview = page.locator('[data-testid=import-preview]');
  await preview.waitFor();
  await preview.getByRole('button', { name: /^Import \d+ answer\(s\)$/ }).click();
  await view.getByText(/^Imported \d+ answer\(s\)$/).waitFor();

  const source = await detailOf(page, fromId);
  const target = await detailOf(page, id);
  expect(target.answers.S1).toEqual({ value: 'yes' });
  expect(target.answers.S8).toEqual({ value: 'yes' });
  expect(target.answers).toEqual(source.answers);

  expect(realErrors(errors)).toEqual([]);
  await context.close();
});
