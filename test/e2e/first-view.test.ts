import type { Browser } from 'playwright-core';
import { appUrl, invoke, launchBrowser, openPage, startApp, type TestApp } from './harness';

/** The assessments list is usable after exactly one resolver call (getStartup). */

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

it('the list view is usable after exactly one invoke', async () => {
  const { page } = await openPage(browser);
  await page.goto(appUrl(app, '/'));
  await invoke(page, 'createAssessment', { appName: 'First view app' });

  const calls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== '/__local/invoke') return;
    const body = request.postDataJSON() as { functionKey?: unknown } | null;
    calls.push(String(body?.functionKey));
  });
  await page.goto(appUrl(app, '/'));
  await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
  const beforeUsable = [...calls];

  expect(beforeUsable).toEqual(['getStartup']);
  await expect(page.getByText('First view app').first().isVisible()).resolves.toBe(true);
});

it('a deep link to an assessment needs two invokes: the rule set comes with the code', async () => {
  const { page } = await openPage(browser);
  await page.goto(appUrl(app, '/'));
  const created = await invoke<{ assessment: { id: string } }>(page, 'createAssessment', {
    appName: 'Deep link app',
  });
  if (!created.ok) throw new Error('createAssessment failed');

  const calls: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname !== '/__local/invoke') return;
    const body = request.postDataJSON() as { functionKey?: unknown } | null;
    calls.push(String(body?.functionKey));
  });
  await page.goto(appUrl(app, `/assessments/${created.data.assessment.id}`));
  await page.locator('[data-testid=questionnaire]').waitFor();
  await expect(page.getByText('How is the app hosted?').first().isVisible()).resolves.toBe(true);

  expect(calls).toEqual(['whoAmI', 'getAssessment']);
});
