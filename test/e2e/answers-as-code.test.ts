import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { trustReadinessV1 } from '../../src/domain/rules/packs/trust-readiness-v1';
import { runAsUser } from '../../src/local/jira-stub';
import { AssessmentService } from '../../src/services/assessments';
import {
  REPO_ROOT,
  appUrl,
  axeViolations,
  createAssessment,
  describeViolations,
  gotoList,
  invoke,
  launchBrowser,
  openPage,
  realErrors,
  startApp,
  type TestApp,
} from './harness';

/**
 * Issue 11 in the admin page: the buyer's view in Results (lenses of the v2 rule pack) and the
 * assessment exported as the CLI's answers file.
 */

jest.setTimeout(120_000);

const SEED = readFileSync(join(REPO_ROOT, 'test/fixtures/answers/seed-v2.yaml'), 'utf8');
/** Where the screenshots the brief asks for go (light mode, 1280 px wide). */
const SHOTS = process.env.ANSWERS_AS_CODE_SHOTS ?? '/tmp';

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

/** The seed's answers imported behind the UI's back, as the import view would write them. */
async function seededAssessment(page: Page, name: string): Promise<string> {
  await gotoList(page, app);
  const id = await createAssessment(page, name);
  const preview = await invoke<{
    revision: number;
    changes: { questionId: string; after: unknown }[];
  }>(page, 'previewImport', { id, source: { kind: 'file', text: SEED } });
  if (!preview.ok) throw new Error(`previewImport: ${preview.error.message}`);
  const written = await invoke(page, 'importAnswers', {
    id,
    expectedRevision: preview.data.revision,
    answers: Object.fromEntries(preview.data.changes.map((c) => [c.questionId, c.after])),
    source: 'answers-file',
  });
  if (!written.ok) throw new Error(`importAnswers: ${written.error.message}`);
  return id;
}

async function findings(page: Page, testId: string): Promise<string[]> {
  return page
    .locator(`[data-testid=${testId}] > li`)
    .evaluateAll((items) =>
      items.map((li) => (li as unknown as { dataset: { questionId: string } }).dataset.questionId),
    );
}

test("Results: the buyer's view reads the answers as the chosen buyer, deal-breakers first", async () => {
  const { page, errors } = await openPage(browser);
  const id = await seededAssessment(page, 'Seed App');
  await page.goto(appUrl(app, `/assessments/${id}/results`));
  const view = page.locator('[data-testid=buyer-view]');
  await view.waitFor();

  const eu = view.getByRole('radio', { name: 'EU/DACH regulated buyer' });
  const us = view.getByRole('radio', { name: 'US enterprise buyer' });
  expect(await eu.isChecked()).toBe(true);
  expect(await view.getByRole('radiogroup', { name: 'Read as' }).count()).toBe(1);
  // The seed's German customer: storage countries, no residency, no ISO 27001.
  expect(await findings(page, 'lens-deal-breakers')).toEqual(['P16', 'P4', 'C7']);
  const p16 = view.locator('[data-testid=lens-deal-breakers] > li[data-question-id=P16]');
  expect(await p16.innerText()).toContain('Our data would be stored in United States');
  expect(describeViolations(await axeViolations(page))).toBe('');
  const box = await view.boundingBox();
  await page.screenshot({
    path: join(SHOTS, 'results-lens-eu.png'),
    clip: box
      ? { x: 0, y: Math.max(0, box.y - 16), width: 1280, height: box.height + 32 }
      : undefined,
    fullPage: true,
  });

  await view.getByText('US enterprise buyer', { exact: true }).click();
  expect(await us.isChecked()).toBe(true);
  await view
    .locator('[data-testid=lens-deal-breakers] > li[data-question-id=C7]')
    .getByText(/No SOC 2 Type II report/)
    .waitFor();
  await page.screenshot({ path: join(SHOTS, 'results-lens-us.png'), fullPage: true });

  // Each finding links to its question.
  await view.getByRole('link', { name: /^C7 / }).click();
  await page.waitForURL(/\/questions\/compliance\/C7$/);
  await page.locator('[data-testid=question][data-question-id=C7]').waitFor();
  expect(realErrors(errors)).toEqual([]);
});

test("Results on rule set v1: says plainly that there is no buyer's view", async () => {
  const v1 = new AssessmentService({
    pack: trustReadinessV1,
    now: () => Date.now(),
    newId: () => 'assessment-v1-no-lenses',
  });
  const id = await runAsUser('local-admin', async () => {
    const { assessment } = await v1.create(
      { appName: 'Legacy App', hosting: 'forge' },
      { accountId: 'local-admin' },
    );
    return assessment.id;
  });
  const { page } = await openPage(browser);
  await page.goto(appUrl(app, `/assessments/${id}/results`));
  const none = page.locator('[data-testid=no-lenses]');
  await none.waitFor();
  expect(await none.innerText()).toMatch(
    /^Rule set trust-readiness@1\.0\.0 has no buyer lenses, so there is no buyer's view of this assessment\./,
  );
  expect(await page.getByRole('radiogroup', { name: 'Read as' }).count()).toBe(0);
});

test('Export: the answers file, YAML and JSON, with evidence and notes', async () => {
  const { page, errors } = await openPage(browser);
  const id = await seededAssessment(page, 'Seed App');
  await page.goto(appUrl(app, `/assessments/${id}/export`));
  const view = page.locator('[data-testid=export]');
  await view.waitFor();

  const yaml = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Download answers file (YAML)' }).click();
  expect((await yaml).suggestedFilename()).toBe('Seed-App-answers.yaml');
  const preview = page.locator('[data-testid=export-preview]');
  await view.getByText('Downloaded Seed-App-answers.yaml').waitFor();
  const text = await preview.innerText();
  // The seed file itself, without its leading comment (and the app key, which this
  // assessment was not given): the export writes the canonical form the seed was written in.
  const body = SEED.replace(/^(#.*\n)+/, '').replace('  key: com.example.seed-app\n', '');
  expect(body.length).toBeLessThan(4000);
  expect(text.trimEnd()).toBe(body.trimEnd());
  expect(text).toContain('note: Reviewed by legal in November');
  expect(text).toContain('justification: No data residency is offered.');
  await page.screenshot({ path: join(SHOTS, 'export-answers-file.png'), fullPage: true });

  const json = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Download answers file (JSON)' }).click();
  expect((await json).suggestedFilename()).toBe('Seed-App-answers.json');
  await view.getByText('Downloaded Seed-App-answers.json').waitFor();
  const parsed = JSON.parse(await preview.innerText()) as {
    ruleSet: string;
    answers: Record<string, unknown>;
  };
  expect(parsed.ruleSet).toBe('trust-readiness@2.0.0');
  expect(parsed.answers.C1).toEqual({
    value: ['privacy-policy', 'end-user-terms'],
    evidence: { url: 'https://seed.example/legal', expires: '2027-06-30' },
    note: 'Reviewed by legal in November',
  });
  expect(realErrors(errors)).toEqual([]);
});
