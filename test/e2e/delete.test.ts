import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  axeViolations,
  chooseOption,
  createAssessment,
  describeViolations,
  gotoList,
  invoke,
  isFocused,
  launchBrowser,
  openPage,
  question,
  realErrors,
  screenshot,
  startApp,
  THEMES,
  waitForSaved,
  waitForTheme,
  XSS,
  type PageGlobals,
  type TestApp,
  type Theme,
} from './harness';

/** Deleting an assessment from its page: the confirmation, what it removes, and what it keeps. */

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

interface Detail {
  assessment: { id: string; revision: number };
  answers: Record<string, unknown>;
}

const opener = (page: Page) => page.getByTestId('delete-assessment');
const deleteDialog = (page: Page) => page.locator('[data-testid=delete-dialog]');
const listRows = (page: Page) => page.locator('[data-testid=assessment-row]').allInnerTexts();
const storedEdits = (page: Page, id: string) =>
  page.evaluate(
    (key) => (globalThis as unknown as PageGlobals).localStorage.getItem(key),
    `trust-readiness:unsaved:${id}`,
  );

/** Being offline is the point of these tests, so the browser's failed requests are expected. */
const unexpected = (errors: string[]) =>
  realErrors(errors).filter((e) => !e.includes('net::ERR_INTERNET_DISCONNECTED'));

/** An edit the page cannot save yet: the browser is offline, so it stays pending. */
async function editOffline(page: Page, id: string, answer: string): Promise<void> {
  // Loaded first: going offline while the assessment is still loading would fail the load.
  await question(page, id).waitFor();
  await page.context().setOffline(true);
  await chooseOption(page, id, answer);
  await page.locator('[data-testid=save-state][data-state=offline]').waitFor();
}

/**
 * Holds every call of one resolver until the returned function is called. Route before the
 * page loads: routed only once the page was up, a call now and then went past the route unseen.
 */
async function holdCalls(page: Page, functionKey: string): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/__local/invoke', async (route) => {
    const body = route.request().postDataJSON() as { functionKey?: string };
    if (body.functionKey === functionKey) await held;
    await route.continue();
  });
  return release;
}

test('delete, confirmed with the keyboard, removes the assessment but keeps its audit trail', async () => {
  const { page, context, errors } = await openPage(browser);
  // The delete is held in flight, to see the dialog while it runs.
  const release = await holdCalls(page, 'deleteAssessment');
  await gotoList(page, app);
  const keeper = await invoke<Detail>(page, 'createAssessment', { appName: 'Keeper App' });
  expect(keeper.ok).toBe(true);
  const id = await createAssessment(page, 'Doomed App');
  await chooseOption(page, 'G2', 'Yes');
  await waitForSaved(page);

  await opener(page).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete the Doomed App assessment?' });
  await dialog.waitFor();
  const text = await dialog.innerText();
  expect(text).toContain('Deleting the Doomed App assessment removes its answers, score history');
  expect(text).toContain('The audit trail is kept');
  await expect(dialog.locator('[data-testid=delete-unsaved]').count()).resolves.toBe(0);

  // Focus starts on the least destructive choice; Tab reaches the danger button.
  const cancel = dialog.getByRole('button', { name: 'Cancel' });
  const confirm = dialog.getByRole('button', { name: 'Delete', exact: true });
  await expect(isFocused(cancel)).resolves.toBe(true);
  await page.keyboard.press('Tab');
  await expect(isFocused(confirm)).resolves.toBe(true);

  await page.keyboard.press('Enter');
  await dialog.locator('button[aria-disabled=true]').filter({ hasText: 'Delete' }).waitFor();
  await expect(cancel.isDisabled()).resolves.toBe(true);
  await page.keyboard.press('Escape');
  await expect(dialog.isVisible()).resolves.toBe(true);
  release();

  // Back on the list, without the deleted row, with focus on the heading and a flag.
  await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
  expect(new URL(page.url()).pathname).toBe('/');
  const rows = (await listRows(page)).join('\n');
  expect(rows).toContain('Keeper App');
  expect(rows).not.toContain('Doomed App');
  await expect(isFocused(page.getByRole('heading', { level: 1 }))).resolves.toBe(true);
  await page.locator('[data-local-flags]').getByText('Assessment deleted').waitFor();
  await screenshot(page, 'delete-done-light', false);

  const gone = await invoke(page, 'getAssessment', { id });
  expect(gone).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  const audit = await invoke<{ items: { action: string }[] }>(page, 'getAudit', { id });
  expect(audit.ok && audit.data.items.map((a) => a.action)).toContain('delete');
  await expect(storedEdits(page, id)).resolves.toBeNull();

  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('a cancelled dialog deletes nothing and says which unsaved edits a delete would drop', async () => {
  const { page, context, dialogs, errors } = await openPage(browser);
  await gotoList(page, app);
  const appName = `Spared ${XSS}`;
  const id = await createAssessment(page, appName);
  await chooseOption(page, 'G2', 'Yes');
  await waitForSaved(page);
  await editOffline(page, 'G3', 'Yes');

  await opener(page).click();
  const dialog = deleteDialog(page);
  await dialog.waitFor();
  // The app name is text, never markup.
  await page.getByRole('alertdialog', { name: `Delete the ${appName} assessment?` }).waitFor();
  await expect(dialog.locator('img').count()).resolves.toBe(0);
  await expect(dialog.locator('[data-testid=delete-unsaved]').innerText()).resolves.toContain(
    '1 unsaved edit will be lost',
  );

  // Escape closes it and gives focus back to the button that opened it; so does Cancel.
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await expect(isFocused(opener(page))).resolves.toBe(true);
  await opener(page).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  await expect(isFocused(opener(page))).resolves.toBe(true);

  // The pending edit was not dropped either: it saves once the app is reachable.
  await context.setOffline(false);
  await waitForSaved(page);
  const kept = await invoke<Detail>(page, 'getAssessment', { id });
  // G1 is the hosting the create dialog chose.
  expect(kept.ok && Object.keys(kept.data.answers).sort()).toEqual(['G1', 'G2', 'G3']);
  await page.getByRole('link', { name: 'Trust readiness' }).click();
  await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
  expect((await listRows(page)).join('\n')).toContain(appName);

  expect(dialogs).toEqual([]);
  expect(unexpected(errors)).toEqual([]);
  await context.close();
});

test('a stale delete is refused: the page shows the conflict, stays, and deletes once reloaded', async () => {
  const { page, context } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Contested App');
  const before = await invoke<Detail>(page, 'getAssessment', { id });
  if (!before.ok) throw new Error(before.error.message);
  // Someone else saves after this page loaded.
  const saved = await invoke(page, 'saveAnswers', {
    id,
    expectedRevision: before.data.assessment.revision,
    answers: { G2: { value: 'no' } },
  });
  expect(saved.ok).toBe(true);

  await opener(page).click();
  const dialog = deleteDialog(page);
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  const refused = dialog.getByRole('alert').filter({ hasText: 'The assessment was not deleted' });
  await refused.waitFor();
  await expect(refused.innerText()).resolves.toContain('Someone saved this assessment');
  await screenshot(page, 'delete-dialog-conflict-light', false);
  expect(new URL(page.url()).pathname).toBe(`/assessments/${id}/questions`);
  await expect(invoke(page, 'getAssessment', { id })).resolves.toMatchObject({ ok: true });

  // Behind the dialog, the page has caught up and says what arrived and from whom.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page
    .locator('[data-testid=merge-notice]')
    .getByText(/Local admin\s+changed G2/)
    .waitFor();
  await expect(page.locator('[data-testid=conflict-banner]').count()).resolves.toBe(0);
  await expect(
    question(page, 'G2').getByRole('radio', { name: 'No', exact: true }).isChecked(),
  ).resolves.toBe(true);

  await opener(page).click();
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
  expect((await listRows(page)).join('\n')).not.toContain('Contested App');
  await expect(invoke(page, 'getAssessment', { id })).resolves.toMatchObject({
    ok: false,
    error: { code: 'NOT_FOUND' },
  });
  await context.close();
});

describe.each(THEMES)('%s theme', (theme: Theme) => {
  test('the open delete dialog: no serious or critical axe violations, screenshot saved', async () => {
    const { page, context, errors } = await openPage(browser, { theme });
    // Saves are held, so the edit below is still unsaved when the dialog opens.
    const release = await holdCalls(page, 'saveAnswers');
    await gotoList(page, app, theme);
    const created = await invoke<Detail>(page, 'createAssessment', { appName: 'Standup Digest' });
    if (!created.ok) throw new Error(created.error.message);
    await page.goto(appUrl(app, `/assessments/${created.data.assessment.id}/questions`, { theme }));
    await waitForTheme(page, theme);
    await chooseOption(page, 'G2', 'Yes');
    await page.locator('[data-testid=save-state][data-state=saving]').waitFor();
    await opener(page).click();
    await deleteDialog(page).locator('[data-testid=delete-unsaved]').waitFor();

    const violations = await axeViolations(page);
    await screenshot(page, `delete-dialog-${theme}`, false);
    expect(describeViolations(violations)).toBe('');
    expect(realErrors(errors)).toEqual([]);
    release();
    await context.close();
  });
});
