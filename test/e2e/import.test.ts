import type { Browser, Locator } from 'playwright-core';
import {
  appUrl,
  createAssessment,
  gotoList,
  invoke,
  launchBrowser,
  openPage,
  startApp,
  type TestApp,
} from './harness';

/** A partner imports the answers file their CI scores, reviews the diff, and accepts part of it. */

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

const FILE = [
  'ruleSet: trust-readiness@2.0.0',
  'app:',
  '  name: Imported App',
  'answers:',
  '  S1: yes',
  '  S8:',
  '    value: yes',
  '    note: We never ask for tokens.',
  '',
].join('\n');

test('import an answers file: a reviewed diff, then one write of what was accepted', async () => {
  const { page } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Import Target');
  await page.goto(appUrl(app, `/assessments/${id}/import`));
  const view = page.locator('[data-testid=import-answers]');
  await view.getByRole('textbox', { name: 'Answers file' }).fill(FILE);
  await view.getByRole('button', { name: 'Show changes' }).first().click();
  const preview = page.locator('[data-testid=import-preview]');
  await preview.waitFor();
  await expectText(preview, '2 change(s)');
  await preview.getByRole('button', { name: 'Import 2 answer(s)' }).click();
  await view.getByText('Imported 2 answer(s)').waitFor();

  await page.goto(appUrl(app, `/assessments/${id}/questions/security/S8`));
  await page.locator('[data-testid=questionnaire]').waitFor();
  const detail = await invoke<{ answers: Record<string, unknown> }>(page, 'getAssessment', { id });
  if (!detail.ok) throw new Error('getAssessment failed');
  expect(detail.data.answers).toEqual({
    S1: { value: 'yes' },
    S8: { value: 'yes', note: 'We never ask for tokens.' },
  });
});

test('a bad answers file shows the CLI’s error and stores nothing', async () => {
  const { page } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Bad Import');
  await page.goto(appUrl(app, `/assessments/${id}/import`));
  const view = page.locator('[data-testid=import-answers]');
  await view
    .getByRole('textbox', { name: 'Answers file' })
    .fill('ruleSet: nope@1.0.0\nanswers: {}\n');
  await view.getByRole('button', { name: 'Show changes' }).first().click();
  await view
    .getByText(/unknown rule set "nope@1.0.0"/)
    .first()
    .waitFor();
  expect(await page.locator('[data-testid=import-preview]').count()).toBe(0);
});

async function expectText(locator: Locator, text: string) {
  await locator.getByText(text).first().waitFor();
}
