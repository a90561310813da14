import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  axeViolations,
  describeViolations,
  launchBrowser,
  openPage,
  realErrors,
  REPO_ROOT,
  screenshot,
  startApp,
  THEMES,
  waitForTheme,
  type TestApp,
  type Theme,
} from './harness';

/**
 * Every view, in light and dark: an axe-core scan (no serious or critical violations) and a
 * full-page screenshot under test-results/screenshots/ for a human to look at.
 */

jest.setTimeout(240_000);

let app: TestApp;
let browser: Browser;
let draftId = '';
let submittedId = '';

const MANIFEST = readFileSync(join(REPO_ROOT, 'examples', 'manifest.yml'), 'utf8');

async function invoke(page: Page, functionKey: string, payload: object): Promise<unknown> {
  return page.evaluate(
    async ([key, body]) => {
      const response = await fetch('/__local/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ functionKey: key, payload: body }),
      });
      return response.json() as Promise<unknown>;
    },
    [functionKey, payload] as const,
  );
}

interface Detail {
  ok: true;
  data: { assessment: { id: string; revision: number } };
}

async function seed(page: Page): Promise<void> {
  const create = async (appName: string) =>
    ((await invoke(page, 'createAssessment', { appName, appKey: 'com.example.app' })) as Detail)
      .data.assessment;
  const save = async (id: string, revision: number, answers: object) => {
    const result = (await invoke(page, 'saveAnswers', {
      id,
      expectedRevision: revision,
      answers,
    })) as { ok: boolean; data: { revision: number } };
    if (!result.ok) throw new Error(`seed save failed: ${JSON.stringify(result)}`);
    return result.data.revision;
  };
  const draft = await create('Standup Digest');
  draftId = draft.id;
  // Several saves, each moving the score, so History has a trend to draw.
  let revision = await save(draftId, draft.revision, {
    G1: { value: 'forge-remote' },
    G2: { value: 'yes' },
    G3: { value: 'yes' },
    G4: { value: 'no' },
  });
  revision = await save(draftId, revision, {
    S1: { value: 'yes' },
    S2: { value: 'no' },
    S7: { value: 'yes' },
  });
  revision = await save(draftId, revision, {
    S8: { value: 'yes' },
    S13: { value: 'security@standup-digest.example', note: 'Monitored daily' },
    S14: { notApplicable: true, justification: 'Not in the bug bounty program yet' },
    C1: { value: ['privacy-policy'], evidence: { url: 'https://standup-digest.example/privacy' } },
  });
  await save(draftId, revision, { R1: { value: 99.5 }, P1: { value: 'yes' } });

  const submitted = await create('Ticket Sentinel');
  submittedId = submitted.id;
  const r = await save(submittedId, submitted.revision, {
    G1: { value: 'forge-hosted' },
    G2: { value: 'no' },
    S1: { value: 'yes' },
  });
  const result = (await invoke(page, 'submitAssessment', {
    id: submittedId,
    expectedRevision: r,
  })) as { ok: boolean };
  if (!result.ok) throw new Error('seed submit failed');
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const { page, context } = await openPage(browser);
  await page.goto(app.url);
  await seed(page);
  await context.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface ViewCase {
  name: string;
  path: () => string;
  query?: Record<string, string>;
  /** Brings the view to the state worth scanning and photographing. */
  ready: (page: Page) => Promise<void>;
}

const VIEWS: ViewCase[] = [
  {
    name: 'assessments-list',
    path: () => '/',
    ready: async (page) => {
      await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
      await page.locator('[data-testid=assessment-row]').nth(1).waitFor();
    },
  },
  {
    name: 'create-dialog',
    path: () => '/',
    ready: async (page) => {
      await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
      await page.getByRole('button', { name: 'Create assessment', exact: true }).click();
      await page.getByRole('dialog', { name: 'Create assessment' }).waitFor();
      // Submitting empty shows the inline validation, which is part of what gets scanned.
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await page.locator('#create-app-name-error').waitFor();
    },
  },
  {
    name: 'questionnaire-profile',
    path: () => `/assessments/${draftId}/questions`,
    ready: async (page) => {
      await page.locator('[data-testid=section-profile]').waitFor();
    },
  },
  {
    name: 'questionnaire-security',
    path: () => `/assessments/${draftId}/questions/security`,
    ready: async (page) => {
      await page.locator('[data-testid=section-security]').waitFor();
      await page.locator('[data-question-id=S14] textarea').waitFor();
    },
  },
  {
    name: 'results',
    path: () => `/assessments/${draftId}/results`,
    ready: async (page) => {
      await page.locator('[data-testid=results]').waitFor();
      await page.locator('[data-testid=element-chart]').waitFor();
    },
  },
  {
    name: 'manifest-import',
    path: () => `/assessments/${draftId}/manifest`,
    ready: async (page) => {
      await page.locator('[data-testid=manifest-import]').waitFor();
      await page.getByLabel('manifest.yml contents').fill(MANIFEST);
      await page.getByRole('button', { name: 'Analyze manifest' }).click();
      await page.locator('[data-testid=manifest-analysis]').waitFor();
    },
  },
  {
    name: 'history',
    path: () => `/assessments/${draftId}/history`,
    ready: async (page) => {
      await page.locator('[data-testid=trend-chart]').waitFor();
    },
  },
  {
    name: 'review',
    path: () => `/assessments/${submittedId}/review`,
    ready: async (page) => {
      await page.locator('[data-testid=review-form]').waitFor();
      await page.locator('[data-testid=audit-table]').waitFor();
    },
  },
  {
    name: 'export',
    path: () => `/assessments/${draftId}/export`,
    ready: async (page) => {
      await page.locator('[data-testid=export]').waitFor();
      await page.getByRole('button', { name: 'Download Markdown' }).click();
      await page.locator('[data-testid=export-preview]').waitFor();
    },
  },
  {
    name: 'print-report',
    path: () => `/assessments/${draftId}/print`,
    ready: async (page) => {
      await page.locator('[data-testid=print-report]').waitFor();
    },
  },
  {
    name: 'admins-only',
    path: () => '/',
    query: { as: 'local-viewer' },
    ready: async (page) => {
      await page.locator('[data-testid=admins-only]').waitFor();
    },
  },
];

describe.each(THEMES)('%s theme', (theme: Theme) => {
  test.each(VIEWS.map((v) => [v.name, v] as const))(
    '%s: no serious or critical axe violations, screenshot saved',
    async (_name, view) => {
      const { page, context, errors } = await openPage(browser, { theme });
      await page.goto(appUrl(app, view.path(), { theme, ...view.query }));
      await waitForTheme(page, theme);
      await view.ready(page);
      const violations = await axeViolations(page);
      await screenshot(page, `${view.name}-${theme}`);
      expect(describeViolations(violations)).toBe('');
      expect(realErrors(errors)).toEqual([]);
      await context.close();
    },
  );
});

test('the print view hides the app chrome for paper', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(appUrl(app, `/assessments/${draftId}/print`));
  await page.locator('[data-testid=print-report]').waitFor();
  await page.emulateMedia({ media: 'print' });
  await expect(
    page.getByRole('button', { name: 'Print or save as PDF' }).isVisible(),
  ).resolves.toBe(false);
  await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Standup Digest');
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
  await context.close();
});
