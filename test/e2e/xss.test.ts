import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  chooseOption,
  createAssessment,
  gotoList,
  launchBrowser,
  openPage,
  pickInSelect,
  question,
  startApp,
  waitForSaved,
  XSS,
  type PageGlobals,
  type TestApp,
  type Watched,
} from './harness';

/**
 * Markup typed into any field must come back as text: no element injected, no script run.
 * Every surface that shows user text is visited after the payload is stored.
 */

jest.setTimeout(180_000);

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

async function assertInert(watched: Watched, where: string): Promise<void> {
  const { page, dialogs } = watched;
  const injected = await page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    return {
      // Avatars (data: images from the Jira user lookup) are the page's own images.
      images: document.querySelectorAll('img:not(.tr-avatar[src^="data:image/"])').length,
      handlers: document.querySelectorAll('[onerror]').length,
    };
  });
  expect({ where, ...injected, dialogs: dialogs.map((d) => d.message()) }).toEqual({
    where,
    images: 0,
    handlers: 0,
    dialogs: [],
  });
}

async function visible(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor();
}

test('markup in every text field renders as text everywhere it is shown', async () => {
  const admin = await openPage(browser);
  const { page } = admin;
  await gotoList(page, app);
  const id = await createAssessment(page, XSS);
  await expect(page.locator('[data-testid=assessment-title]').textContent()).resolves.toBe(XSS);

  await chooseOption(page, 'G1', 'Forge-hosted: all compute and storage on Atlassian');
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await question(page, 'S13').getByRole('textbox').fill(`${XSS} text answer`);
  await question(page, 'S1').getByRole('radio', { name: 'Yes', exact: true }).check();
  await question(page, 'S1').getByRole('button', { name: 'Add a note to S1' }).click();
  await question(page, 'S1').getByLabel('Note').fill(`${XSS} note`);
  // Atlaskit draws its own box over a visually hidden input, so click the label like a person.
  await question(page, 'S14').getByText('Not applicable to this app').click();
  await question(page, 'S14')
    .getByLabel('Why it does not apply (required)')
    .fill(`${XSS} justification`);
  await waitForSaved(page);

  await page.reload();
  await question(page, 'S13').waitFor();
  await expect(question(page, 'S13').getByRole('textbox').inputValue()).resolves.toBe(
    `${XSS} text answer`,
  );
  await expect(question(page, 'S1').getByLabel('Note').inputValue()).resolves.toBe(`${XSS} note`);
  await visible(page, `${XSS} justification`); // the outcome reason quotes the justification
  await assertInert(admin, 'questionnaire');

  await gotoList(page, app);
  await page.getByRole('link', { name: XSS }).waitFor();
  await assertInert(admin, 'list');

  for (const view of ['results', 'history', 'review', 'print'] as const) {
    await page.goto(appUrl(app, `/assessments/${id}/${view}`));
    await visible(page, XSS);
    await assertInert(admin, view);
  }

  await page.goto(appUrl(app, `/assessments/${id}/export`));
  // The JSON export carries the app name verbatim; the preview must show it as text.
  await page.getByRole('button', { name: 'Download JSON' }).click();
  await expect(page.locator('[data-testid=export-preview]').textContent()).resolves.toContain(
    JSON.stringify(XSS),
  );
  await assertInert(admin, 'export');

  await page.goto(appUrl(app, `/assessments/${id}/questions`));
  await page.getByRole('button', { name: 'Submit for review' }).click();
  // Submit warns about what is open; this flow submits anyway.
  await page.getByTestId('submit-anyway').click();
  await page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();

  // A second administrator reviews, with markup in the summary and a question comment.
  const reviewer = await openPage(browser);
  await reviewer.page.goto(appUrl(app, `/assessments/${id}/review`, { as: 'local-reviewer' }));
  const form = reviewer.page.locator('[data-testid=review-form]');
  await form.waitFor();
  await form.getByRole('radio', { name: 'Request changes' }).check();
  await form.getByLabel('Summary').fill(`${XSS} summary`);
  await pickInSelect(reviewer.page, 'review-question', 'S13', /^S13 /);
  await form.getByLabel('Comment', { exact: true }).fill(`${XSS} comment`);
  await form.getByRole('button', { name: 'Add comment' }).click();
  await visible(reviewer.page, `${XSS} comment`);
  await form.getByRole('button', { name: 'Request changes' }).click();
  await reviewer.page.locator('[data-testid=review-rounds]').waitFor();
  await visible(reviewer.page, `${XSS} summary`);
  await visible(reviewer.page, `${XSS} comment`);
  // The reviewer by name, never by account id: read once the name is in (it loads on its own).
  await reviewer.page.locator('[data-testid=review-rounds]').getByText('Local reviewer').waitFor();
  const rounds = await reviewer.page.locator('[data-testid=review-rounds]').innerText();
  expect(rounds).toContain('Local reviewer');
  expect(rounds).not.toContain('local-reviewer');
  await assertInert(reviewer, 'review');

  // The partner sees the request, summary included, as text.
  await page.goto(appUrl(app, `/assessments/${id}/questions`));
  await page.locator('[data-testid=status-lozenge][data-status=changes-requested]').waitFor();
  await visible(page, `${XSS} summary`);
  await assertInert(admin, 'changes requested');

  // The comment shows beside the question, and the partner's reply with markup stays text.
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  const thread = question(page, 'S13').locator('[data-testid=review-thread]');
  await thread.getByText(`${XSS} comment`).waitFor();
  await thread.getByRole('button', { name: 'Reply' }).click();
  await thread.getByLabel('Your reply to the reviewer').fill(`${XSS} reply`);
  await thread.getByRole('button', { name: 'Send reply' }).click();
  await thread.locator('[data-testid=review-reply]').getByText(`${XSS} reply`).waitFor();
  await assertInert(admin, 'review reply');

  await admin.context.close();
  await reviewer.context.close();
});
