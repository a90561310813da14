import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  axeViolations,
  describeViolations,
  gotoList,
  invoke,
  launchBrowser,
  openPage,
  question,
  realErrors,
  screenshot,
  startApp,
  waitForSaved,
  waitForTheme,
  THEMES,
  type PageGlobals,
  type TestApp,
  type Theme,
} from './harness';

/**
 * Issue 12: a reviewer's read-only view reads as text (no disabled radios), at 4.5:1 in light
 * and dark; and the questionnaire's compact mode, one dense row per question, remembered.
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

const ANSWERS = {
  S1: {
    value: 'yes',
    evidence: { url: 'https://example.com/pentest-report', expires: '2099-06-30' },
    note: 'Checked in every release.',
  },
  S5: { value: 'yes', evidence: { url: 'https://example.com/old-scan', expires: '2020-01-31' } },
  S7: { value: 'no' },
  S13: { value: 'security@example.com' },
  S14: { notApplicable: true, justification: 'The app has no public listing yet.' },
};

async function revisionOf(page: Page, id: string): Promise<number> {
  const r = await invoke<{ assessment: { revision: number } }>(page, 'getAssessment', { id });
  if (!r.ok) throw new Error(r.error.message);
  return r.data.assessment.revision;
}

/** An assessment with the answers above, submitted (read-only) through the resolvers. */
async function submittedAssessment(page: Page, name: string): Promise<string> {
  await gotoList(page, app);
  const created = await invoke<{ assessment: { id: string; revision: number } }>(
    page,
    'createAssessment',
    { appName: name },
  );
  if (!created.ok) throw new Error(created.error.message);
  const id = created.data.assessment.id;
  const saved = await invoke(page, 'saveAnswers', {
    id,
    expectedRevision: created.data.assessment.revision,
    answers: ANSWERS,
  });
  expect(saved.ok).toBe(true);
  const submitted = await invoke(page, 'submitAssessment', {
    id,
    expectedRevision: await revisionOf(page, id),
  });
  expect(submitted.ok).toBe(true);
  return id;
}

async function openSecurity(page: Page, id: string, theme: Theme): Promise<void> {
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`, { theme }));
  await waitForTheme(page, theme);
  await question(page, 'S13').waitFor();
}

async function controlsIn(page: Page): Promise<{ radios: number; disabled: number }> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as PageGlobals).document;
    return {
      radios: d.querySelectorAll('[data-testid=question] input[type=radio]').length,
      disabled: d.querySelectorAll(
        '[data-testid=question] input:disabled, [data-testid=question] textarea:disabled',
      ).length,
    };
  });
}

async function expectReadsAsText(page: Page): Promise<void> {
  await expect(controlsIn(page)).resolves.toEqual({ radios: 0, disabled: 0 });
  const value = (id: string) => question(page, id).getByTestId('readonly-value');
  await expect(value('S1').innerText()).resolves.toBe('Yes');
  await expect(value('S7').innerText()).resolves.toBe('No');
  await expect(value('S13').innerText()).resolves.toBe('security@example.com');
  await expect(value('S14').innerText()).resolves.toBe(
    'Not applicable — The app has no public listing yet.',
  );
  await expect(value('S8').innerText()).resolves.toBe('Not answered');
  const evidence = question(page, 'S1').getByTestId('readonly-evidence');
  await expect(evidence.getByRole('link').getAttribute('href')).resolves.toBe(
    'https://example.com/pentest-report',
  );
  await expect(evidence.innerText()).resolves.toMatch(/expires .*2099/);
  await expect(question(page, 'S5').getByTestId('readonly-evidence').innerText()).resolves.toMatch(
    /expired .*2020/,
  );
  await expect(question(page, 'S1').getByTestId('readonly-note').innerText()).resolves.toBe(
    'Checked in every release.',
  );
}

describe.each(THEMES)('read-only answers in %s', (theme) => {
  test('read as text, with links and expiry, at 4.5:1 (axe, Chromium)', async () => {
    const { page, context, errors } = await openPage(browser, { theme });
    const id = await submittedAssessment(page, `Read Only ${theme}`);
    await openSecurity(page, id, theme);
    await page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();
    await expectReadsAsText(page);

    const violations = await axeViolations(page);
    expect(describeViolations(violations)).toBe('');
    await screenshot(page, `readonly-answers-${theme}-1280`, false);
    await page.setViewportSize({ width: 800, height: 900 });
    await question(page, 'S1').scrollIntoViewIfNeeded();
    await screenshot(page, `readonly-answers-${theme}-800`, false);
    // Reopened, the answers are controls again.
    await page.getByRole('button', { name: 'Reopen' }).click();
    await page.locator('[data-testid=status-lozenge][data-status=draft]').waitFor();
    await expect(question(page, 'S13').getByRole('textbox').isEnabled()).resolves.toBe(true);
    await expect(
      question(page, 'S1').getByRole('radio', { name: 'Yes', exact: true }).isChecked(),
    ).resolves.toBe(true);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

test('an approved assessment reads as text too, also in compact mode', async () => {
  const { page, context } = await openPage(browser);
  const id = await submittedAssessment(page, 'Approved Read Only');
  const reviewer = await openPage(browser);
  await reviewer.page.goto(appUrl(app, '/', { as: 'local-reviewer' }));
  const approved = await invoke(reviewer.page, 'reviewAssessment', {
    id,
    expectedRevision: await revisionOf(page, id),
    decision: 'approve',
  });
  expect(approved.ok).toBe(true);
  await reviewer.context.close();
  await openSecurity(page, id, 'light');
  await page.locator('[data-testid=status-lozenge][data-status=approved]').waitFor();
  await expectReadsAsText(page);
  await page.getByTestId('compact-toggle').click();
  await question(page, 'S1').and(page.locator('[data-compact=true]')).waitFor();
  await expectReadsAsText(page);
  // Off the toggle: Atlaskit's selected-and-hovered button is a pointer state, not the page.
  await page.mouse.move(0, 0);
  await expect(axeViolations(page).then(describeViolations)).resolves.toBe('');
  await screenshot(page, 'readonly-compact-light-1280', false);
  await context.close();
});

async function rowOf(page: Page, id: string): Promise<{ title: number; control: number }> {
  const title = await question(page, id).locator('h3').boundingBox();
  const control = await question(page, id)
    .getByRole('radio', { name: 'Yes', exact: true })
    .boundingBox();
  if (!title || !control) throw new Error(`${id} is not laid out`);
  return { title: title.y + title.height / 2, control: control.y + control.height / 2 };
}

describe.each(THEMES)('compact mode in %s', (theme) => {
  test('one dense row per question, help folded, remembered after a reload', async () => {
    const { page, context, errors } = await openPage(browser, { theme });
    await gotoList(page, app, theme);
    const created = await invoke<{ assessment: { id: string } }>(page, 'createAssessment', {
      appName: `Compact ${theme}`,
    });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.data.assessment.id;
    await openSecurity(page, id, theme);
    const toggle = page.getByTestId('compact-toggle');
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    const before = await question(page, 'S1').boundingBox();

    await toggle.click();
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await question(page, 'S1').and(page.locator('[data-compact=true]')).waitFor();
    const after = await question(page, 'S1').boundingBox();
    // Denser: the card is at most half as tall, and the answer sits on the title's row.
    expect(after?.height ?? Infinity).toBeLessThan((before?.height ?? 0) / 2);
    const row = await rowOf(page, 'S1');
    expect(Math.abs(row.title - row.control)).toBeLessThan(24);
    // Help and guidance are folded away until asked for.
    const help = question(page, 'S1').locator('.tr-question-more p.tr-subtle').first();
    await expect(help.isVisible()).resolves.toBe(false);
    await question(page, 'S1').locator('.tr-question-more > summary').click();
    await expect(help.isVisible()).resolves.toBe(true);

    // Answering works inline, and saves.
    await question(page, 'S1').getByRole('radio', { name: 'Yes', exact: true }).check();
    await waitForSaved(page);
    await screenshot(page, `questionnaire-compact-${theme}-1280`, false);
    await page.setViewportSize({ width: 800, height: 900 });
    const overflow = await page.evaluate(() => {
      const root = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, `questionnaire-compact-${theme}-800`, false);
    await expect(axeViolations(page).then(describeViolations)).resolves.toBe('');

    // Remembered in this browser.
    await page.reload();
    await question(page, 'S1').and(page.locator('[data-compact=true]')).waitFor();
    await expect(
      page.evaluate(() =>
        (globalThis as unknown as PageGlobals).localStorage.getItem('trust-readiness:compact'),
      ),
    ).resolves.toBe('true');
    await page.getByTestId('compact-toggle').click();
    await page.reload();
    await question(page, 'S1').waitFor();
    await expect(question(page, 'S1').getAttribute('data-compact')).resolves.toBeNull();
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});
