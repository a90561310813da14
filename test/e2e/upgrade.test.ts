import type { Browser } from 'playwright-core';
import { trustReadinessV1 } from '../../src/domain/rules/packs/trust-readiness-v1';
import { runAsUser } from '../../src/local/jira-stub';
import { AssessmentService } from '../../src/services/assessments';
import type { AssessmentDetail } from '../../src/shared/api';
import {
  appUrl,
  invoke,
  launchBrowser,
  openPage,
  question,
  startApp,
  type TestApp,
} from './harness';

/** A partner opens an assessment stored on rule set v1 and upgrades it to v2 from its page. */

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

/** Written the way the first release stored it, through the running server's platform. */
async function v1AssessmentWithAnswers(): Promise<string> {
  const v1 = new AssessmentService({
    pack: trustReadinessV1,
    now: () => Date.now(),
    newId: () => 'assessment-stored-on-v1',
  });
  const actor = { accountId: 'local-admin' };
  return runAsUser(actor.accountId, async () => {
    const { assessment } = await v1.create({ appName: 'Legacy App', hosting: 'forge' }, actor);
    await v1.save(
      {
        id: assessment.id,
        expectedRevision: 1,
        answers: {
          S1: { value: 'yes' },
          S8: { value: 'yes', note: 'No personal access tokens.' },
          P7: { value: 'yes' },
        },
        source: 'questionnaire',
      },
      actor,
    );
    return assessment.id;
  });
}

test('upgrade to v2: the banner offers it, one click upgrades, every answer survives', async () => {
  const id = await v1AssessmentWithAnswers();
  const { page } = await openPage(browser);
  await page.goto(appUrl(app, `/assessments/${id}/questions`));
  const banner = page.locator('[data-testid=upgrade-banner]');
  await banner.getByText('trust-readiness@2.0.0').first().waitFor();
  await question(page, 'G1').waitFor();

  await banner.getByRole('button', { name: 'Upgrade to trust-readiness@2.0.0' }).click();
  await banner.waitFor({ state: 'detached' });

  const stored = await invoke<AssessmentDetail>(page, 'getAssessment', { id });
  if (!stored.ok) throw new Error(JSON.stringify(stored.error));
  expect(stored.data.assessment.ruleSetVersion).toBe('trust-readiness@2.0.0');
  expect(stored.data.answers.S1).toEqual({ value: 'yes' });
  // The inverted question carries its meaning over, and the note with it.
  expect(stored.data.answers.S8).toEqual({ value: 'no', note: 'No personal access tokens.' });
  // The retired answer stays stored.
  expect(stored.data.answers.P7).toEqual({ value: 'yes' });
  // The page now renders v2's questions, with the upgraded answers in place.
  await question(page, 'G1').waitFor();
  const audit = await invoke<{ items: { action: string }[] }>(page, 'getAudit', { id });
  expect(audit.ok && audit.data.items[0]?.action).toBe('upgrade');
});
