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
