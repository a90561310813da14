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
  THEMES,
  waitForTheme,
  waitForCount,
  type PageGlobals,
  type TestApp,
} from './harness';

interface Root {
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

/**
 * The chrome that makes the page read as Jira's own: the page header (breadcrumbs, title,
 * actions), skeleton loading (still under reduced motion), the status filter as Atlaskit's
 * Select (not in the first view's bytes), and one source for hosting (the dialog answers G1).
 */

jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;
let draftId = '';

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const { page, context } = await openPage(browser);
  await page.goto(app.url);
  const created = await invoke<{ assessment: { id: string } }>(page, 'createAssessment', {
    appName: 'Standup Digest',
    hosting: 'forge-remote',
    appKey: 'com.example.standup',
  });
  if (!created.ok) throw new Error('seed failed');
  draftId = created.data.assessment.id;
  const other = await invoke<{ assessment: { id: string } }>(page, 'createAssessment', {
    appName: 'Ticket Sentinel',
  });
  if (!other.ok) throw new Error('seed failed');
  await invoke(page, 'submitAssessment', { id: other.data.assessment.id, expectedRevision: 1 });
  await context.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** Holds the resolver calls `keys` names (all when empty) until the returned release runs. */
async function holdInvokes(page: Page, keys: string[] = []): Promise<() => void> {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/__local/invoke', async (route) => {
    const key = (route.request().postDataJSON() as { functionKey?: string } | null)?.functionKey;
    if (keys.length === 0 || (key !== undefined && keys.includes(key))) await held;
    await route.continue().catch(() => undefined);
  });
  return release;
}

test('the dialog’s hosting is G1’s answer: the questionnaire shows it answered, the list shows it', async () => {
  const { page, context, errors } = await openPage(browser);
  await gotoList(page, app);
  await page.getByRole('button', { name: 'Create assessment', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create assessment' });
  await dialog.getByLabel('App name (required)').fill('Hosted Elsewhere');
  await dialog.getByRole('radio', { name: 'Connect' }).check();
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('[data-testid=questionnaire]').waitFor();
  const g1 = question(page, 'G1');
  await expect(
    g1.getByRole('radio', { name: 'Connect or partner-hosted', exact: true }).isChecked(),
  ).resolves.toBe(true);

  await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link').click();
  await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
  const row = page.locator('[data-testid=assessment-row]', { hasText: 'Hosted Elsewhere' });
  await expect(row.locator('.tr-subtlest').first().innerText()).resolves.toBe('Connect');
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

test('page header: breadcrumbs Trust readiness / app name, the title, actions on the right', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(appUrl(app, `/assessments/${draftId}/questions`));
  // The loading header has breadcrumbs too (the way back, then a bone), so wait for the title.
  const title = page.getByRole('heading', { level: 1, name: 'Standup Digest' });
  await title.waitFor();
  const crumbs = page.getByRole('navigation', { name: 'Breadcrumbs' });
  await expect(crumbs.getByRole('listitem').allInnerTexts()).resolves.toEqual([
    'Trust readiness',
    'Standup Digest',
  ]);
  await expect(crumbs.locator('[aria-current=page]').innerText()).resolves.toBe('Standup Digest');
  const submit = page.getByRole('button', { name: 'Submit for review' });
  const [titleBox, submitBox] = await Promise.all([title.boundingBox(), submit.boundingBox()]);
  // The actions sit on the title's row, at its right.
  expect(submitBox && titleBox && submitBox.x > titleBox.x + titleBox.width).toBe(true);
  expect(
    submitBox &&
      titleBox &&
      Math.abs(submitBox.y + submitBox.height / 2 - (titleBox.y + titleBox.height / 2)),
  ).toBeLessThan(8);
  await crumbs.getByRole('link', { name: 'Trust readiness' }).click();
  await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
  await page.getByRole('heading', { level: 1, name: 'Trust readiness' }).waitFor();
  await context.close();
});

test('first loads show skeletons, announced once, and still under reduced motion', async () => {
  const { page, context } = await openPage(browser);
  let release = await holdInvokes(page);
  await page.goto(appUrl(app, '/'));
  const pageSkeleton = page.locator('[data-testid=page-skeleton]');
  await pageSkeleton.waitFor();
  await expect(page.getByRole('status').first().innerText()).resolves.toMatch(/\w/);
  // No spinner: Atlaskit skeleton blocks, and no shimmer since the context asks for reduced motion.
  await expect(page.locator('[data-tr-skeleton]').count()).resolves.toBeGreaterThan(5);
  const animation = await page
    .locator('[data-tr-skeleton]')
    .first()
    .evaluate((el) =>
      (globalThis as unknown as PageGlobals)
        .getComputedStyle(el)
        .getPropertyValue('animation-name'),
    );
  expect(animation).toBe('none');
  release();
  await page.unroute('**/__local/invoke');
  await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();

  release = await holdInvokes(page, ['getAssessment']);
  await page.goto(appUrl(app, `/assessments/${draftId}`));
  await page.locator('[data-testid=assessment-skeleton]').waitFor();
  await page
    .getByRole('navigation', { name: 'Breadcrumbs' })
    .getByText('Trust readiness')
    .waitFor();
  release();
  await page.unroute('**/__local/invoke');
  await page.locator('[data-testid=questionnaire]').waitFor();
  await expect(page.locator('[data-testid=assessment-skeleton]').count()).resolves.toBe(0);
  await context.close();

  // With motion allowed the blocks shimmer (Atlaskit's own keyframes).
  const moving = await browser.newContext({ reducedMotion: 'no-preference' });
  const movingPage = await moving.newPage();
  await movingPage.route('**/__local/invoke', () => undefined);
  await movingPage.goto(appUrl(app, '/'));
  await movingPage.locator('[data-testid=page-skeleton]').waitFor();
  const shimmer = await movingPage
    .locator('[data-tr-skeleton]')
    .first()
    .evaluate((el) =>
      (globalThis as unknown as PageGlobals)
        .getComputedStyle(el)
        .getPropertyValue('animation-name'),
    );
  expect(shimmer).not.toBe('none');
  await moving.close();
});

test('the status filter is Atlaskit’s Select, fetched only when someone reaches for it', async () => {
  const { page, context, errors } = await openPage(browser);
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await gotoList(page, app);
  expect(requested.filter((p) => p.includes('status-select'))).toEqual([]);
  await page.getByLabel('Status').click();
  await page.getByRole('option', { name: 'Submitted', exact: true }).click();
  await waitForCount(page, '[data-testid=assessment-row]', 1);
  await expect(page.locator('[data-testid=assessment-row]').innerText()).resolves.toContain(
    'Ticket Sentinel',
  );
  expect(requested.some((p) => p.includes('status-select'))).toBe(true);
  // The keyboard opens it too, from a fresh load.
  await gotoList(page, app);
  await page.getByLabel('Status').focus();
  await page.keyboard.press('ArrowDown');
  await page.getByRole('option', { name: 'Draft', exact: true }).waitFor();
  await page.keyboard.press('Escape');
  expect(realErrors(errors)).toEqual([]);
  await context.close();
});

describe.each(THEMES)('%s theme', (theme) => {
  test.each([1280, 800])(
    'list and assessment page at %i px: axe clean, screenshots',
    async (width) => {
      const { page, context, errors } = await openPage(browser, {
        theme,
        viewport: { width, height: 900 },
      });
      await gotoList(page, app, theme);
      await page.locator('[data-testid=assessment-row]').nth(1).waitFor();
      expect(describeViolations(await axeViolations(page))).toBe('');
      await screenshot(page, `chrome-list-${theme}-${width}`);
      const scrollsSideways = () =>
        page.evaluate(() => {
          const root = (globalThis as unknown as Root).document.documentElement;
          return root.scrollWidth > root.clientWidth;
        });
      await expect(scrollsSideways()).resolves.toBe(false);

      await page.goto(appUrl(app, `/assessments/${draftId}/questions`, { theme }));
      await waitForTheme(page, theme);
      await page.locator('[data-testid=questionnaire]').waitFor();
      expect(describeViolations(await axeViolations(page))).toBe('');
      await screenshot(page, `chrome-assessment-${theme}-${width}`, false);
      await expect(scrollsSideways()).resolves.toBe(false);
      expect(realErrors(errors)).toEqual([]);
      await context.close();
    },
  );
});
