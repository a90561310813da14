import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  axeViolations,
  chooseOption,
  createAssessment,
  describeViolations,
  gotoList,
  isFocused,
  invoke,
  launchBrowser,
  openPage,
  pickInSelect,
  question,
  realErrors,
  REPO_ROOT,
  typedDate,
  startApp,
  waitForSaved,
  type TestApp,
} from './harness';

/**
 * The Atlaskit controls that replaced native ones (issue 12), driven as a person drives them,
 * each checked by what it stores: the review's question Select, the "copy from" Select, the
 * DatePicker of date answers and evidence expiry, and the file Buttons of both imports.
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
  assessment: { revision: number };
  answers: Record<string, unknown>;
  reviews: { decision: string; comments: Record<string, string> }[];
}

async function detailOf(page: Page, id: string): Promise<Detail> {
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

/** The id of the focused element, once focus is on `id` (a DatePicker's text box). */
async function waitForFocusOn(page: Page, id: string): Promise<void> {
  await page.waitForFunction(
    (want) =>
      (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
        .activeElement?.id === want,
    id,
  );
}

test('dates: the DatePicker with the keyboard only; stored as ISO, shown again after a reload', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Date Keyboard');
  // The deep link focuses S15's answer field: the DatePicker's text box.
  await page.goto(appUrl(app, `/assessments/${id}/questions/security/S15`));
  const card = question(page, 'S15');
  // Until the DatePicker's chunk arrives a read-only stand-in with the same id has the focus;
  // the picker takes it over when it mounts.
  const value = card.locator('input[id="q-S15-value"][role=combobox]');
  await value.waitFor();
  await waitForFocusOn(page, 'q-S15-value');
  await expect(isFocused(value)).resolves.toBe(true);
  // Named by the question's title, described by its help, as the native field was.
  await expect(value.getAttribute('aria-labelledby')).resolves.toBe('q-S15-title');
  await expect(value.getAttribute('aria-describedby')).resolves.toContain('q-S15-help');

  // Type the date as the locale writes it, then Enter.
  const typed = await typedDate(page, '2026-11-20');
  await page.keyboard.type(typed);
  await page.keyboard.press('Enter');

  // Evidence: a link, then the expiry from the calendar: open it, one day on, Enter.
  await card.getByLabel(/Evidence link/).fill('https://example.com/pentest-2026');
  const expires = card.getByLabel('Evidence expires');
  await expect(expires.getAttribute('id')).resolves.toBe('q-S15-evidence-expires');
  await expires.focus();
  await page.keyboard.press('ArrowDown');
  const calendar = page.getByRole('grid');
  await calendar.waitFor();
  // The picker and its open calendar pass axe as every view must.
  expect(describeViolations(await axeViolations(page))).toBe('');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await calendar.waitFor({ state: 'detached' });
  await waitForSaved(page);

  const tomorrow = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 1);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  });
  const stored = await detailOf(page, id);
  expect(stored.answers.S15).toEqual({
    value: '2026-11-20',
    evidence: { url: 'https://example.com/pentest-2026', expires: tomorrow },
  });

  await page.reload();
  await card.waitFor();
  await card.getByText(typed, { exact: true }).waitFor();
  await card.getByText(await typedDate(page, tomorrow), { exact: true }).waitFor();

  // Cleared with the keyboard (Backspace on the chosen date, then leave): no value is stored.
  await card.locator('input[id="q-S15-value"]').focus();
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Tab');
  await waitForSaved(page);
  const cleared = await detailOf(page, id);
  expect(cleared.answers.S15).toEqual({
    evidence: { url: 'https://example.com/pentest-2026', expires: tomorrow },
  });

  // Not applicable disables the date, as it disabled the native field.
  await card.getByRole('checkbox', { name: /Not applicable/ }).check();
  await expect(card.locator('input[id="q-S15-value"]').isDisabled()).resolves.toBe(true);
  await expect(card.getByLabel('Evidence expires').isDisabled()).resolves.toBe(false);

  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('dates: while the DatePicker loads, a read-only field of its size shows the stored date', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Date Stand-in');
  const { revision } = (await detailOf(page, id)).assessment;
  const saved = await invoke(page, 'saveAnswers', {
    id,
    expectedRevision: revision,
    answers: { S15: { value: '2026-11-20' } },
  });
  expect(saved.ok).toBe(true);

  // Hold the picker's chunk back until the stand-in has been looked at.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/date-picker-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(appUrl(app, `/assessments/${id}/questions/security/S15`));
  const card = question(page, 'S15');
  const standIn = card.locator('input[id="q-S15-value"]');
  await standIn.waitFor();
  await expect(standIn.getAttribute('readonly')).resolves.not.toBeNull();
  await expect(standIn.inputValue()).resolves.toBe(await typedDate(page, '2026-11-20'));
  await expect(standIn.getAttribute('aria-labelledby')).resolves.toBe('q-S15-title');
  const before = await card.locator('.tr-date-field').first().boundingBox();
  // The deep link put focus in the stand-in; the picker takes it over when it mounts.
  await waitForFocusOn(page, 'q-S15-value');

  release();
  const picker = card.locator('input[id="q-S15-value"][role="combobox"]');
  await picker.waitFor();
  await expect(picker.getAttribute('readonly')).resolves.toBeNull();
  await waitForFocusOn(page, 'q-S15-value');
  const after = await card.locator('.tr-date-field').first().boundingBox();
  expect(Math.abs((after?.height ?? 0) - (before?.height ?? 0))).toBeLessThanOrEqual(1);
  expect(Math.abs((after?.width ?? 0) - (before?.width ?? 0))).toBeLessThanOrEqual(1);
  await card.getByText(await typedDate(page, '2026-11-20'), { exact: true }).waitFor();

  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

const MANIFEST = readFileSync(join(REPO_ROOT, 'examples', 'manifest.yml'));

test('files: "Choose file…" opens the picker from the keyboard; the manifest read is analyzed and attached', async () => {
  const { page, context, errors } = await openPage(browser);
  // Waiting from the start: Playwright turns Chromium's file-chooser interception on when the
  // first listener appears, without waiting for it, so a listener added just before the key
  // press can miss a chooser that did open (the input was clicked; seen under load).
  const chooserOpened = page.waitForEvent('filechooser', { timeout: 60_000 });
  // Handled even if the test fails before awaiting it (the page closing rejects it).
  chooserOpened.catch(() => undefined);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Manifest Upload');
  await page.goto(appUrl(app, `/assessments/${id}/manifest`));
  const choose = page.getByRole('button', { name: 'Upload manifest.yml Choose file…' });
  await expect(page.locator('[data-testid=manifest-file-name]').innerText()).resolves.toBe(
    'No file chosen',
  );
  // The real input is there for the label and for scripts, but not in the tab order.
  const input = page.locator('input[type=file][id="manifest-file"]');
  await expect(input.getAttribute('tabindex')).resolves.toBe('-1');
  await expect(input.isVisible()).resolves.toBe(true);

  await choose.focus();
  await page.keyboard.press('Enter');
  const chooser = await chooserOpened;
  await chooser.setFiles({ name: 'manifest.yml', mimeType: 'text/yaml', buffer: MANIFEST });
  await expect(page.locator('[data-testid=manifest-file-name]').innerText()).resolves.toBe(
    'Loaded manifest.yml',
  );
  await expect(page.getByLabel('manifest.yml contents').inputValue()).resolves.toBe(
    MANIFEST.toString('utf8'),
  );
  await page.getByRole('button', { name: 'Analyze manifest' }).click();
  await page.locator('[data-testid=manifest-analysis]').waitFor();
  await page.getByRole('button', { name: 'Attach this manifest' }).click();
  await page.locator('[data-testid=attach-done]').waitFor();
  const detail = await invoke<{ assessment: { manifestAttachedAt?: string }; manifest: unknown }>(
    page,
    'getAssessment',
    { id },
  );
  if (!detail.ok) throw new Error('getAssessment failed');
  expect(detail.data.assessment.manifestAttachedAt).toEqual(expect.any(String));
  expect(detail.data.manifest).not.toBeNull();

  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('files: an answers file set on the hidden input is read, previewed and imported', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Answers Upload');
  await page.goto(appUrl(app, `/assessments/${id}/import`));
  const view = page.locator('[data-testid=import-answers]');
  await view.getByRole('button', { name: 'Answers file Choose file…' }).waitFor();
  await page.locator('input[type=file][id="answers-file"]').setInputFiles({
    name: 'answers.yaml',
    mimeType: 'text/yaml',
    buffer: Buffer.from(
      'ruleSet: trust-readiness@2.0.0\napp:\n  name: Answers Upload\nanswers:\n  S1: yes\n  S8: no\n',
    ),
  });
  await expect(view.locator('[data-testid=answers-file-name]').innerText()).resolves.toBe(
    'answers.yaml',
  );
  await view.getByRole('button', { name: 'Show changes' }).first().click();
  const preview = page.locator('[data-testid=import-preview]');
  await preview.waitFor();
  await preview.getByRole('button', { name: 'Import 2 answer(s)' }).click();
  await view.getByText('Imported 2 answer(s)').waitFor();
  const detail = await detailOf(page, id);
  expect(detail.answers.S1).toEqual({ value: 'yes' });
  expect(detail.answers.S8).toEqual({ value: 'no' });

  expect(realErrors(errors)).toEqual([]);
  await context.close();
});
