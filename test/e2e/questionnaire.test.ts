import type { Browser } from 'playwright-core';
import {
  chooseOption,
  createAssessment,
  gotoList,
  launchBrowser,
  openPage,
  openSection,
  overallScore,
  question,
  realErrors,
  startApp,
  waitForSaved,
  waitForCount,
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

test('create, answer (including a conditional question), watch the score, reload, persisted', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  await page.getByRole('heading', { name: 'No assessments yet' }).waitFor();

  const id = await createAssessment(page, 'Acme Forms');
  await page.getByRole('heading', { level: 1, name: 'Acme Forms' }).waitFor();
  const initialScore = await overallScore(page);
  expect(initialScore).toBe(0);

  // Gate first: with no egress, the egress-wildcard question (S12) does not apply...
  await chooseOption(page, 'G1', 'Forge-hosted: all compute and storage on Atlassian');
  await chooseOption(page, 'G2', 'No');
  await waitForSaved(page);
  await openSection(page, /^Security/);
  await question(page, 'S1').waitFor();
  await expect(question(page, 'S12').count()).resolves.toBe(0);
  await expect(question(page, 'S2').count()).resolves.toBe(0);
  await expect(page.locator('[data-testid=hidden-questions]').textContent()).resolves.toContain(
    'S12',
  );

  // ...and answering the gate "yes" brings it in.
  await openSection(page, /^Profile/);
  await chooseOption(page, 'G2', 'Yes');
  await waitForSaved(page);
  await openSection(page, /^Security/);
  await question(page, 'S12').waitFor();

  // A passing blocker moves the score.
  await chooseOption(page, 'S1', 'Yes');
  await waitForSaved(page);
  await page.waitForFunction(
    (before) =>
      Number(
        (globalThis as unknown as PageGlobals).document.querySelector('[data-testid=overall-score]')
          ?.textContent,
      ) > before,
    initialScore,
  );
  const scoreAfterS1 = await overallScore(page);
  expect(scoreAfterS1).toBeGreaterThan(initialScore);
  await question(page, 'S1').locator('[data-outcome=pass]').waitFor();

  // Text answer, then an invalid URL that must stay local with an inline error, then evidence.
  await question(page, 'S13').getByRole('textbox').fill('security@acme.example');
  await waitForSaved(page);
  await question(page, 'S16').getByRole('textbox').first().fill('http://not-https.example');
  await page.locator('[data-testid=save-state][data-state=invalid]').waitFor();
  await expect(question(page, 'S16').locator('.tr-error').innerText()).resolves.toMatch(/https/);
  await question(page, 'S16').getByRole('textbox').first().fill('https://acme.example/security');
  await chooseOption(page, 'S6', 'Yes');
  const evidence = question(page, 'S6').getByLabel(/Evidence link/);
  await evidence.fill('https://acme.example/policy.pdf');
  await waitForSaved(page);
  const scoreBeforeReload = await overallScore(page);

  await page.reload();
  await question(page, 'S13').waitFor();
  await expect(question(page, 'S13').getByRole('textbox').inputValue()).resolves.toBe(
    'security@acme.example',
  );
  await expect(
    question(page, 'S1').getByRole('radio', { name: 'Yes', exact: true }).isChecked(),
  ).resolves.toBe(true);
  await expect(
    question(page, 'S6')
      .getByLabel(/Evidence link/)
      .inputValue(),
  ).resolves.toBe('https://acme.example/policy.pdf');
  await question(page, 'S12').waitFor();
  expect(await overallScore(page)).toBe(scoreBeforeReload);
  expect(page.url()).toContain(`/assessments/${id}/questions/security`);

  // The list shows the same figures.
  await gotoList(page, app);
  const row = page.locator('[data-testid=assessment-row]', { hasText: 'Acme Forms' });
  await expect(row.locator('td.tr-num').first().innerText()).resolves.toBe(
    String(scoreBeforeReload),
  );
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('search and status filter narrow the list; load more pages through it', async () => {
  const { page, context } = await openPage(browser);
  // 27 assessments through the same invoke path the page uses, so the list needs two pages.
  await gotoList(page, app);
  await page.evaluate(async () => {
    for (let i = 0; i < 27; i += 1) {
      await fetch('/__local/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          functionKey: 'createAssessment',
          payload: { appName: `Bulk app ${String(i).padStart(2, '0')}` },
        }),
      });
    }
  });
  await gotoList(page, app);
  await expect(page.locator('[data-testid=assessment-row]').count()).resolves.toBe(25);
  await page.getByRole('button', { name: 'Load more' }).click();
  await waitForCount(page, '[data-testid=assessment-row]', 28);

  await page.getByLabel('Search apps').fill('Acme');
  await waitForCount(page, '[data-testid=assessment-row]', 1);
  await page.getByLabel('Search apps').fill('');
  // Atlaskit's Select: open it, pick the option.
  await page.getByLabel('Status').click();
  await page.getByRole('option', { name: 'Approved', exact: true }).click();
  await page.getByRole('heading', { name: 'No assessments match' }).waitFor();
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await waitForCount(page, '[data-testid=assessment-row]', 25);
  await context.close();
});

test('keyboard only: open the create dialog, cancel with Escape, create with Enter', async () => {
  const { page, context } = await openPage(browser);
  await gotoList(page, app);
  const create = page.getByRole('button', { name: 'Create assessment', exact: true });
  await create.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Create assessment' });
  await dialog.waitFor();
  // The name field has focus straight away.
  await page.keyboard.type('Keyboard App');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  await create.focus();
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.type('Keyboard App');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Keyboard App' }).waitFor();

  // Section tabs follow the arrow keys, as tabs should.
  await page.getByRole('tab', { name: /^Profile/ }).focus();
  await page.keyboard.press('ArrowRight');
  await page.locator('[data-testid=section-security]').waitFor();
  await context.close();
});
