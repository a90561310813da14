import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  axeViolations,
  describeViolations,
  invoke,
  REPO_ROOT,
  chooseOption,
  createAssessment,
  gotoList,
  launchBrowser,
  openPage,
  question,
  realErrors,
  screenshot,
  startApp,
  typedDate,
  waitForSaved,
  waitForTheme,
  type TestApp,
} from './harness';

/**
 * Getting around the questionnaire fast: the sticky progress header's "Next unanswered"
 * (button and Alt+N) and deep links to one question, from Results and after a reload.
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

interface FocusProbe {
  closest(selector: string): { getAttribute(name: string): string | null } | null;
}

interface Focused {
  questionId: string | null;
  tag: string;
  type: string | null;
}

/** Which question (and which kind of field in it) has keyboard focus. */
async function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    interface El {
      tagName: string;
      getAttribute(name: string): string | null;
      closest(selector: string): El | null;
    }
    const active = (globalThis as unknown as { document: { activeElement: El | null } }).document
      .activeElement;
    return {
      questionId:
        active?.closest('[data-testid=question]')?.getAttribute('data-question-id') ?? null,
      tag: active?.tagName.toLowerCase() ?? '',
      // Atlaskit's DatePicker is a combobox text box; what matters is that it takes a date.
      type: active?.closest('.tr-date-field') ? 'date' : (active?.getAttribute('type') ?? null),
    };
  });
}

/** Answers the focused field with the keyboard alone. */
async function answerWithKeyboard(page: Page, field: Focused): Promise<void> {
  if (field.type === 'radio' || field.type === 'checkbox') await page.keyboard.press('Space');
  else if (field.type === 'url') await page.keyboard.type('https://acme.example/evidence');
  else if (field.type === 'number') await page.keyboard.type('99.9');
  else if (field.type === 'date') {
    // The day as the page's locale writes it, then Enter, as in Jira's date fields.
    await page.keyboard.type(await typedDate(page, '2027-01-01'));
    await page.keyboard.press('Enter');
  } else await page.keyboard.type('Documented in the runbook.');
}

async function sectionProgress(page: Page, section: string): Promise<[number, number]> {
  const text = await page
    .locator(`[data-testid=section-${section}] [data-testid=section-progress]`)
    .innerText();
  const [answered, total] = text.split(' of ').map(Number);
  return [answered ?? NaN, total ?? NaN];
}

test('finish a whole section with only "Next unanswered" and the keyboard', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Keyboard Runner');
  await page.goto(appUrl(app, `/assessments/${id}/questions/reliability`));
  await page.locator('[data-testid=section-reliability]').waitFor();
  const header = page.locator('[data-testid=progress-header]');
  await header.waitFor();
  // The header sits in the sticky strip, so it stays in view while scrolling.
  await expect(
    page.locator('[data-testid=status-strip] [data-testid=progress-header]').count(),
  ).resolves.toBe(1);
  await screenshot(page, 'questionnaire-progress-header-light-1280', false);

  const [, total] = await sectionProgress(page, 'reliability');
  expect(total).toBeGreaterThan(2);

  // First jump from the button itself, reached with the keyboard.
  const next = page.getByRole('button', { name: 'Next unanswered' });
  await next.focus();
  await page.keyboard.press('Enter');
  const seen: string[] = [];
  const sectionInUrl = () => new URL(page.url()).pathname.split('/')[4];
  for (let i = 0; i < 20 && sectionInUrl() === 'reliability'; i += 1) {
    const field = await focused(page);
    expect(field.questionId).not.toBeNull();
    expect(seen).not.toContain(field.questionId);
    seen.push(field.questionId ?? '');
    await answerWithKeyboard(page, field);
    // Then Alt+N from inside the answer just given.
    await page.keyboard.press('Alt+N');
    await page.waitForFunction(
      (previous) => {
        const doc = (globalThis as unknown as { document: { activeElement: FocusProbe | null } })
          .document;
        const card = doc.activeElement?.closest('[data-testid=question]');
        return !!card && card.getAttribute('data-question-id') !== previous;
      },
      seen[seen.length - 1],
    );
  }
  expect(seen.length).toBeGreaterThanOrEqual(total);
  // The whole section is answered: its tab says so...
  const tab = page.getByRole('tab', { name: /^Reliability/ });
  const [answered, applicable] = (/(\d+)\/(\d+)/.exec(await tab.innerText()) ?? []).slice(1);
  expect(answered).toBe(applicable);
  // ...and the last Alt+N went on to the next section with unanswered questions.
  const after = await focused(page);
  expect(after.questionId).not.toBeNull();
  expect(seen).not.toContain(after.questionId);
  expect(new URL(page.url()).pathname).toBe(
    `/assessments/${id}/questions/compliance/${after.questionId ?? ''}`,
  );
  await waitForSaved(page);
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('finish the whole assessment with only "Next unanswered" and the keyboard', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  await createAssessment(page, 'Whole Run');
  await page.getByTestId('progress-header').waitFor();
  const progress = page.getByTestId('overall-progress');
  let presses = 0;
  for (; presses < 150; presses += 1) {
    const [answered, applicable] = ((await progress.innerText()).match(/\d+/g) ?? []).map(Number);
    if (answered !== undefined && answered === applicable) break;
    await page.keyboard.press('Alt+N');
    await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { activeElement: FocusProbe | null } })
        .document;
      return !!doc.activeElement?.closest('[data-testid=question]');
    });
    await answerWithKeyboard(page, await focused(page));
  }
  await expect(page.getByTestId('progress-notice').innerText()).resolves.toBe(
    'All applicable questions are answered.',
  );
  await page.locator('[data-testid=save-state][data-state=saved]').waitFor();
  // One keypress to move plus one to answer per question (text answers are typed).
  expect(presses).toBeLessThan(100);
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('a question link in Results lands focused on the question, and a reload keeps it', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Deep Link App');
  // The create dialog's hosting (Forge, its default) is G1's answer already.
  await expect(
    question(page, 'G1')
      .getByRole('radio', { name: 'Forge-hosted: all compute and storage on Atlassian' })
      .isChecked(),
  ).resolves.toBe(true);

  await page.getByRole('link', { name: 'Results', exact: true }).click();
  await page.locator('[data-testid=results]').waitFor();
  await page.locator('[data-testid=results] a', { hasText: /^S8 / }).first().click();
  await page.waitForURL((url) => url.pathname === `/assessments/${id}/questions/security/S8`);
  const s8 = question(page, 'S8');
  await s8.waitFor();
  await page.waitForFunction(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          activeElement: { closest(s: string): { getAttribute(n: string): string } | null } | null;
        };
      }
    ).document;
    return (
      doc.activeElement?.closest('[data-testid=question]')?.getAttribute('data-question-id') ===
      'S8'
    );
  });
  const inView = async () =>
    s8.evaluate((el) => {
      const rect = (
        el as unknown as { getBoundingClientRect(): { top: number } }
      ).getBoundingClientRect();
      return rect.top >= 0 && rect.top < 900;
    });
  await expect(inView()).resolves.toBe(true);

  await page.reload();
  await s8.waitFor();
  await page.waitForFunction(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          activeElement: { closest(s: string): { getAttribute(n: string): string } | null } | null;
        };
      }
    ).document;
    return (
      doc.activeElement?.closest('[data-testid=question]')?.getAttribute('data-question-id') ===
      'S8'
    );
  });
  await expect(inView()).resolves.toBe(true);

  // A link that names the wrong section still finds the question.
  await page.goto(appUrl(app, `/assessments/${id}/questions/profile/S8`));
  await page.waitForURL((url) => url.pathname === `/assessments/${id}/questions/security/S8`);
  await page.waitForFunction(() => {
    const doc = (
      globalThis as unknown as {
        document: {
          activeElement: { closest(s: string): { getAttribute(n: string): string } | null } | null;
        };
      }
    ).document;
    return (
      doc.activeElement?.closest('[data-testid=question]')?.getAttribute('data-question-id') ===
      'S8'
    );
  });
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('filters: unanswered and failing, with counts; an answer does not vanish while filtered', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Filter App');
  // The create dialog's hosting (Forge, its default) is G1's answer already.
  await expect(
    question(page, 'G1')
      .getByRole('radio', { name: 'Forge-hosted: all compute and storage on Atlassian' })
      .isChecked(),
  ).resolves.toBe(true);
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await question(page, 'S1').waitFor();
  await chooseOption(page, 'S1', 'No');
  await waitForSaved(page);
  await question(page, 'S1').locator('[data-outcome=fail]').waitFor();

  const count = async (filter: string) =>
    Number(/(\d+)$/.exec(await page.getByTestId(`filter-${filter}`).innerText())?.[1]);
  const all = await count('all');
  expect(await count('unanswered')).toBe(all - 2);
  expect(await count('failing')).toBe(1);
  expect(await count('commented')).toBe(0);

  await page.getByTestId('filter-failing').click();
  await expect(page.getByTestId('filter-failing').getAttribute('aria-pressed')).resolves.toBe(
    'true',
  );
  await expect(
    page.locator('[data-testid=section-security] [data-testid=question]').count(),
  ).resolves.toBe(1);
  await question(page, 'S1').waitFor();

  await page.getByTestId('filter-unanswered').click();
  // S3 (unanswered, hidden under "failing") shows in the pass that drops S1: counted after it.
  await question(page, 'S3').waitFor();
  await expect(question(page, 'S1').count()).resolves.toBe(0);
  await page.getByTestId('filter-note').waitFor();
  // Answering a question while "unanswered" is on keeps it in view until the filter changes.
  await chooseOption(page, 'S3', 'Yes');
  await waitForSaved(page);
  await question(page, 'S3').waitFor();
  expect(await count('unanswered')).toBe(all - 3);
  await page.getByTestId('filter-unanswered').click();
  // Choosing the filter again refreshes it: S3, on screen until now, has to go.
  await question(page, 'S3').waitFor({ state: 'detached' });
  await expect(question(page, 'S3').count()).resolves.toBe(0);

  await page.getByRole('button', { name: 'Show all questions' }).click();
  await question(page, 'S1').waitFor();
  await question(page, 'S3').waitFor();
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('an empty assessment offers the manifest import at the top of the questionnaire', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  await createAssessment(page, 'Manifest First');
  const offer = page.getByTestId('manifest-offer');
  await expect(offer.innerText()).resolves.toContain("Start from the app's manifest.yml");
  await page.getByTestId('open-manifest-import').click();
  await offer
    .getByLabel('manifest.yml contents')
    .fill(readFileSync(join(REPO_ROOT, 'examples', 'manifest.yml'), 'utf8'));
  await offer.getByRole('button', { name: 'Analyze manifest' }).click();
  const accept = offer.getByRole('button', { name: /^Accept \d+ suggestions?$/ });
  const accepted = Number(/Accept (\d+)/.exec(await accept.innerText())?.[1]);
  expect(accepted).toBeGreaterThan(3);
  await accept.click();
  await offer.getByTestId('import-saved').waitFor();
  // The answers are in the questionnaire right below, and the header counts them.
  const progress = page.getByTestId('overall-progress');
  await expect(progress.innerText()).resolves.toMatch(/^[1-9]\d* of \d+ applicable$/);
  await question(page, 'G1').getByRole('radio', { checked: true }).waitFor();
  await page.getByTestId('close-manifest-import').click();
  await offer.waitFor({ state: 'detached' });

  // Once answered, the offer is not shown again.
  await page.reload();
  await question(page, 'G1').waitFor();
  await expect(page.getByTestId('manifest-offer').count()).resolves.toBe(0);
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('submit warns and lists what is unanswered or failing, then submits anyway', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Warned App');
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  const submit = page.getByRole('button', { name: 'Submit for review' });
  // Only the hosting from the create dialog is answered: that is an empty assessment.
  await submit.click();
  const empty = page.getByRole('alertdialog', { name: 'Submit an empty assessment?' });
  await empty.waitFor();
  await empty.getByRole('button', { name: 'Keep answering' }).click();
  await empty.waitFor({ state: 'detached' });

  await chooseOption(page, 'S1', 'No');
  await waitForSaved(page);
  await submit.click();
  const dialog = page.getByRole('alertdialog', { name: 'Submit with open questions?' });
  await dialog.waitFor();
  await expect(dialog.getByTestId('submit-failing').innerText()).resolves.toContain('S1');
  await expect(dialog.getByTestId('submit-unanswered').innerText()).resolves.toMatch(/more/);
  expect(describeViolations(await axeViolations(page))).toBe('');
  // Keep answering: nothing is submitted, focus goes back to the button.
  await dialog.getByRole('button', { name: 'Keep answering' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator('[data-testid=status-lozenge][data-status=draft]').waitFor();

  // A listed question is a link that lands focused on it.
  await submit.click();
  await dialog.getByTestId('submit-unanswered').getByRole('link').first().click();
  await dialog.waitFor({ state: 'detached' });
  await page.waitForURL((url) => /\/questions\/[a-z]+\/[A-Z]+\d+$/.test(url.pathname));
  const target = new URL(page.url()).pathname.split('/').pop() ?? '';
  await expect(
    question(page, target).evaluate((el) => {
      const doc = (globalThis as unknown as { document: { activeElement: unknown } }).document;
      return (el as unknown as { contains(n: unknown): boolean }).contains(doc.activeElement);
    }),
  ).resolves.toBe(true);

  await submit.click();
  await dialog.getByTestId('submit-anyway').click();
  await page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();
  await dialog.waitFor({ state: 'detached' });
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('the commented filter shows the questions a reviewer commented on', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Commented App');
  const revisionOf = async () =>
    (
      (await invoke(page, 'getAssessment', { id })) as {
        data: { assessment: { revision: number } };
      }
    ).data.assessment.revision;
  const submitted = await invoke(page, 'submitAssessment', {
    id,
    expectedRevision: await revisionOf(),
  });
  expect(submitted.ok).toBe(true);
  const reviewer = await openPage(browser);
  await reviewer.page.goto(appUrl(app, '/', { as: 'local-reviewer' }));
  const reviewed = await invoke(reviewer.page, 'reviewAssessment', {
    id,
    expectedRevision: await revisionOf(),
    decision: 'request-changes',
    comments: { S13: 'Name the security contact.', S1: 'Which scanner?' },
  });
  expect(reviewed.ok).toBe(true);
  await reviewer.context.close();

  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await question(page, 'S13').waitFor();
  const commented = page.getByTestId('filter-commented');
  await expect(commented.innerText()).resolves.toBe('Commented 2');
  await commented.click();
  await page.waitForFunction(
    () =>
      (
        globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }
      ).document.querySelectorAll('[data-testid=section-security] [data-testid=question]')
        .length === 2,
  );
  await question(page, 'S1').waitFor();
  await question(page, 'S13').locator('[data-testid=review-thread]').waitFor();

  // The header, a filter on and a review thread, in dark: for a person to look at.
  const dark = await openPage(browser, { theme: 'dark' });
  await dark.page.goto(appUrl(app, `/assessments/${id}/questions/security`, { theme: 'dark' }));
  await waitForTheme(dark.page, 'dark');
  await dark.page.getByTestId('filter-commented').click();
  await question(dark.page, 'S13').locator('[data-testid=review-thread]').waitFor();
  await screenshot(dark.page, 'questionnaire-progress-header-dark-1280', false);
  await dark.context.close();
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('at 800 px the progress header wraps instead of scrolling sideways', async () => {
  const { page, context } = await openPage(browser, { viewport: { width: 800, height: 900 } });
  await gotoList(page, app);
  await createAssessment(page, 'Narrow App');
  await page.getByTestId('progress-header').waitFor();
  const overflow = await page.evaluate(() => {
    const root = (
      globalThis as unknown as {
        document: { documentElement: { scrollWidth: number; clientWidth: number } };
      }
    ).document.documentElement;
    return root.scrollWidth - root.clientWidth;
  });
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'questionnaire-progress-header-light-800', false);
  await context.close();
});
