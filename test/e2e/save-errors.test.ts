import type { Browser, Page, Route } from 'playwright-core';
import {
  appUrl,
  createAssessment,
  gotoList,
  invoke,
  launchBrowser,
  openPage,
  question,
  realErrors,
  screenshot,
  startApp,
  waitForSaved,
  type TestApp,
  type Theme,
} from './harness';

/**
 * Issue 12: save failures in words a partner understands, retried by themselves. The local
 * server is made to fail through Playwright's interception of the page's invoke requests:
 * the first saves get an HTTP 500 (or an error envelope), later ones reach the real handler.
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

const contact = (page: Page) => question(page, 'S13').getByRole('textbox');
const saveText = (page: Page) => page.getByTestId('save-text');

/** Answers the first `times` saveAnswers invokes with `answer`; the rest reach the server. */
async function failSaves(
  page: Page,
  times: number,
  answer: (route: Route) => Promise<void>,
): Promise<{ failed: () => number; saves: () => number }> {
  let saves = 0;
  let failed = 0;
  await page.route('**/__local/invoke', async (route) => {
    const body = route.request().postData() ?? '';
    if (!body.includes('"functionKey":"saveAnswers"')) return route.continue();
    saves += 1;
    if (failed >= times) return route.continue();
    failed += 1;
    return answer(route);
  });
  return { failed: () => failed, saves: () => saves };
}

async function openSecurity(page: Page, name: string, theme: Theme = 'light'): Promise<string> {
  await gotoList(page, app, theme);
  const id = await createAssessment(page, name);
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`, { theme }));
  await contact(page).waitFor();
  return id;
}

async function storedContact(page: Page, id: string): Promise<unknown> {
  const result = await invoke<{ answers: Record<string, { value?: unknown }> }>(
    page,
    'getAssessment',
    { id },
  );
  return result.ok ? result.data.answers.S13?.value : undefined;
}

test('an HTTP 500 reads "Jira didn\'t answer", not "Offline", and the save lands by itself', async () => {
  const { page, context, errors } = await openPage(browser);
  const id = await openSecurity(page, 'Server Error App');
  const faults = await failSaves(page, 2, (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: 'internal error' }),
    }),
  );

  await contact(page).fill('security@example.com');
  await page.locator('[data-testid=save-state][data-state=unavailable]').waitFor();
  const text = await saveText(page).innerText();
  expect(text).toMatch(/^Jira didn't answer — retrying (in \d+ s|now)$/);
  expect(text).not.toContain('Offline');
  await page.getByRole('button', { name: 'Retry now' }).waitFor();
  await screenshot(page, 'save-error-unavailable-light-1280', false);
  // What was typed stays in the field and in this browser while it retries.
  await expect(contact(page).inputValue()).resolves.toBe('security@example.com');

  // No click: the back-off retries (2 s, then 4 s) and the third try reaches the server.
  await waitForSaved(page);
  expect(faults.failed()).toBe(2);
  expect(faults.saves()).toBeGreaterThanOrEqual(3);
  await expect(storedContact(page, id)).resolves.toBe('security@example.com');
  // The console shows the failed requests; nothing else may have gone wrong.
  expect(realErrors(errors).filter((e) => !/status of 500/.test(e))).toEqual([]);
  await context.close();
});

test('an UNAVAILABLE envelope is retried by itself and says so', async () => {
  const { page, context } = await openPage(browser);
  const id = await openSecurity(page, 'Envelope App');
  await failSaves(page, 1, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        error: { code: 'UNAVAILABLE', message: 'Atlassian did not answer in time.' },
      }),
    }),
  );
  await contact(page).fill('envelope@example.com');
  await page.locator('[data-testid=save-state][data-state=unavailable]').waitFor();
  await expect(saveText(page).innerText()).resolves.toMatch(/^Jira didn't answer — retrying/);
  await waitForSaved(page);
  await expect(storedContact(page, id)).resolves.toBe('envelope@example.com');
  await context.close();
});

test('a rate limit says Atlassian asked to slow down, waits its Retry-After, then saves', async () => {
  const { page, context } = await openPage(browser, { theme: 'dark' });
  const id = await openSecurity(page, 'Rate Limit App', 'dark');
  await failSaves(page, 1, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        error: { code: 'RATE_LIMITED', message: 'Slow down.', retryAfterMs: 3000 },
      }),
    }),
  );
  await contact(page).fill('slow@example.com');
  await page.locator('[data-testid=save-state][data-state=rate-limited]').waitFor();
  await expect(saveText(page).innerText()).resolves.toMatch(
    /^Atlassian asked the app to slow down — retrying in [1-3] s$/,
  );
  await screenshot(page, 'save-error-rate-limited-dark-1280', false);
  await waitForSaved(page);
  await expect(storedContact(page, id)).resolves.toBe('slow@example.com');
  await context.close();
});

test('no network reads "Offline" and saves once the browser is back online', async () => {
  const { page, context } = await openPage(browser);
  const id = await openSecurity(page, 'No Network App');
  await context.setOffline(true);
  await contact(page).fill('offline@example.com');
  await page.locator('[data-testid=save-state][data-state=offline]').waitFor();
  await expect(saveText(page).innerText()).resolves.toMatch(
    /^Offline — your edits are kept in this browser/,
  );
  await context.setOffline(false);
  await waitForSaved(page);
  await expect(storedContact(page, id)).resolves.toBe('offline@example.com');
  await context.close();
});

test('a validation error names the question and the field, not the payload path', async () => {
  const { page, context } = await openPage(browser);
  const id = await openSecurity(page, 'Validation App');
  await failSaves(page, 1, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        error: {
          code: 'VALIDATION',
          message: 'answers.S13.value: Too big: expected string to have <=4000 characters',
          issues: [
            {
              path: ['answers', 'S13', 'value'],
              message: 'Too big: expected string to have <=4000 characters',
            },
          ],
        },
      }),
    }),
  );
  await contact(page).fill('refused@example.com');
  await page.locator('[data-testid=save-state][data-state=invalid]').waitFor();
  const text = await saveText(page).innerText();
  expect(text).toContain('S13 Who is the security contact');
  expect(text).toContain('Answer: longer than 4,000 characters');
  expect(text).not.toMatch(/answers\.S13|Too big/);
  const beside = await question(page, 'S13').locator('.tr-error').innerText();
  expect(beside).toBe('Longer than 4,000 characters');
  // A refused answer is not resent; changing it sends it again, and this time it lands.
  await contact(page).fill('accepted@example.com');
  await waitForSaved(page);
  await expect(storedContact(page, id)).resolves.toBe('accepted@example.com');
  await context.close();
});
