import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  createAssessment,
  gotoList,
  launchBrowser,
  openPage,
  question,
  screenshot,
  startApp,
  waitForSaved,
  type PageGlobals,
  type TestApp,
} from './harness';

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
const storedEdits = (page: Page, id: string) =>
  page.evaluate(
    (key) => (globalThis as unknown as PageGlobals).localStorage.getItem(key),
    `trust-readiness:unsaved:${id}`,
  );

test('the later of two editors gets a visible conflict and keeps what they typed', async () => {
  // Two people, two browsers: separate contexts share neither cookies nor localStorage.
  const alice = await openPage(browser);
  const bob = await openPage(browser);
  await gotoList(alice.page, app);
  const id = await createAssessment(alice.page, 'Shared App');
  const securityPath = `/assessments/${id}/questions/security`;
  await alice.page.goto(appUrl(app, securityPath));
  await bob.page.goto(appUrl(app, securityPath));
  await contact(alice.page).waitFor();
  await contact(bob.page).waitFor();

  await contact(alice.page).fill('alice@example.com');
  await waitForSaved(alice.page);

  // Bob still holds the revision from before Alice's save.
  await contact(bob.page).fill('bob@example.com');
  const banner = bob.page.locator('[data-testid=conflict-banner]');
  await banner.waitFor();
  await bob.page.locator('[data-testid=save-state][data-state=conflict]').waitFor();
  await expect(banner.innerText()).resolves.toContain('Reload theirs and reapply mine');
  await expect(contact(bob.page).inputValue()).resolves.toBe('bob@example.com');
  await expect(storedEdits(bob.page, id)).resolves.toContain('bob@example.com');
  // Said where Bob is typing, and as a host flag (in Jira the page banner may be off-screen).
  await question(bob.page, 'S13').locator('[data-testid=question-conflict]').waitFor();
  await bob.page.locator('[data-local-flags]').getByText('Your edits are not saved yet').waitFor();
  await screenshot(bob.page, 'conflict-light', false);

  // Typing on during a conflict is kept too, and nothing is sent.
  await contact(bob.page).fill('bob+security@example.com');
  await expect(storedEdits(bob.page, id)).resolves.toContain('bob+security@example.com');

  // Even a closed tab keeps it: the edits come back from this browser's storage.
  await bob.page.reload();
  await banner.waitFor();
  await expect(contact(bob.page).inputValue()).resolves.toBe('bob+security@example.com');

  await banner.getByRole('button', { name: 'Reload theirs and reapply mine' }).click();
  await waitForSaved(bob.page);
  await expect(banner.count()).resolves.toBe(0);
  await expect(bob.page.locator('[data-flag-id]').count()).resolves.toBe(0);
  await expect(contact(bob.page).inputValue()).resolves.toBe('bob+security@example.com');
  await expect(storedEdits(bob.page, id)).resolves.toBeNull();

  await alice.page.reload();
  await contact(alice.page).waitFor();
  await expect(contact(alice.page).inputValue()).resolves.toBe('bob+security@example.com');

  await alice.context.close();
  await bob.context.close();
});

test('a failed save (offline) keeps the edit and saves it once the app is reachable', async () => {
  const { page, context } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Offline App');
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await contact(page).waitFor();

  await context.setOffline(true);
  await contact(page).fill('typed while offline');
  await page.locator('[data-testid=save-state][data-state=offline]').waitFor();
  await expect(contact(page).inputValue()).resolves.toBe('typed while offline');
  await expect(storedEdits(page, id)).resolves.toContain('typed while offline');

  await context.setOffline(false);
  await waitForSaved(page);
  await expect(storedEdits(page, id)).resolves.toBeNull();
  await page.reload();
  await contact(page).waitFor();
  await expect(contact(page).inputValue()).resolves.toBe('typed while offline');
  await context.close();
});

test('a submitted assessment is read-only until reopened', async () => {
  const { page, context } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Frozen App');
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await contact(page).fill('frozen@example.com');
  await waitForSaved(page);
  await page.getByRole('button', { name: 'Submit for review' }).click();
  await page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();
  await expect(contact(page).isDisabled()).resolves.toBe(true);
  await page.getByRole('heading', { name: 'Submitted: read-only' }).waitFor();

  await page.getByRole('button', { name: 'Reopen' }).click();
  await page.locator('[data-testid=status-lozenge][data-status=draft]').waitFor();
  await expect(contact(page).isDisabled()).resolves.toBe(false);
  await context.close();
});
