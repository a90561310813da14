import type { Browser, Page } from 'playwright-core';
import {
  appUrl,
  chooseOption,
  createAssessment,
  gotoList,
  invoke,
  launchBrowser,
  openPage,
  pickInSelect,
  question,
  resolverCallsSettled,
  screenshot,
  startApp,
  waitForSaved,
  type PageGlobals,
  type TestApp,
} from './harness';

/**
 * Two people, two browsers (separate contexts: own cookies, own localStorage), one
 * assessment: what merges, what conflicts, and that nothing typed is lost.
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

const contact = (page: Page) => question(page, 'S13').getByRole('textbox');
const storedEdits = (page: Page, id: string) =>
  page.evaluate(
    (key) => (globalThis as unknown as PageGlobals).localStorage.getItem(key),
    `trust-readiness:unsaved:${id}`,
  );

async function twoEditors(appName: string) {
  const alice = await openPage(browser);
  const bob = await openPage(browser);
  await gotoList(alice.page, app);
  const id = await createAssessment(alice.page, appName);
  const securityPath = `/assessments/${id}/questions/security`;
  await alice.page.goto(appUrl(app, securityPath));
  // Bob is another administrator, in his own browser.
  await bob.page.goto(appUrl(app, securityPath, { as: 'local-reviewer', theme: 'light' }));
  await contact(alice.page).waitFor();
  await contact(bob.page).waitFor();
  return { alice, bob, id };
}

/** Polls until `read` returns `expected` (the save may still be on its way), or fails. */
async function eventually(read: () => Promise<unknown>, expected: unknown): Promise<void> {
  const until = Date.now() + 10_000;
  let last: unknown;
  while (Date.now() < until) {
    last = await read();
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(last).toBe(expected);
}

async function storedAnswer(page: Page, id: string, questionId: string): Promise<unknown> {
  const detail = await invoke<{ answers: Record<string, { value?: unknown }> }>(
    page,
    'getAssessment',
    { id },
  );
  if (!detail.ok) throw new Error(detail.error.message);
  return detail.data.answers[questionId]?.value;
}

test('edits to different questions merge, and the page says what arrived and from whom', async () => {
  const { alice, bob, id } = await twoEditors('Merge App');

  await contact(alice.page).fill('alice@example.com');
  await waitForSaved(alice.page);

  // Bob's page still holds the revision from before Alice's save: his S7 merges in anyway.
  await chooseOption(bob.page, 'S7', 'Yes');
  await waitForSaved(bob.page);
  const notice = bob.page.locator('[data-testid=merge-notice]');
  await notice.getByText('Local admin').waitFor();
  await expect(notice.innerText()).resolves.toMatch(/Local admin\s+changed S13/);
  await expect(bob.page.locator('[data-testid=conflict-banner]').count()).resolves.toBe(0);
  // What arrived is on Bob's screen, not only in the store.
  await expect(contact(bob.page).inputValue()).resolves.toBe('alice@example.com');

  // Alice's next save merges Bob's S7 the same way.
  await question(alice.page, 'S16')
    .locator('input[name=q-S16-value]')
    .fill('https://example.com/security');
  await waitForSaved(alice.page);
  await alice.page
    .locator('[data-testid=merge-notice]')
    .getByText(/Local reviewer\s+changed S7/)
    .waitFor();
  await expect(storedAnswer(alice.page, id, 'S7')).resolves.toBe('yes');
  await expect(storedAnswer(alice.page, id, 'S13')).resolves.toBe('alice@example.com');

  await alice.context.close();
  await bob.context.close();
});

test('the same question shows theirs and mine side by side and keeps both until the user decides', async () => {
  const { alice, bob, id } = await twoEditors('Conflict App');

  await contact(alice.page).fill('alice@example.com');
  await waitForSaved(alice.page);

  await contact(bob.page).fill('bob@example.com');
  const conflict = question(bob.page, 'S13').locator('[data-testid=question-conflict]');
  await conflict.waitFor();
  await bob.page.locator('[data-testid=save-state][data-state=conflict]').waitFor();
  const theirs = conflict.locator('[data-testid=conflict-theirs]');
  await theirs.getByText('alice@example.com').waitFor();
  // Who, by name (never the account id), and when.
  await theirs.getByText('Local admin').waitFor();
  await expect(theirs.innerText()).resolves.not.toContain('local-admin');
  await expect(conflict.locator('[data-testid=conflict-mine]').innerText()).resolves.toContain(
    'bob@example.com',
  );
  await expect(contact(bob.page).inputValue()).resolves.toBe('bob@example.com');
  await bob.page.locator('[data-local-flags]').getByText('Your edits are not saved yet').waitFor();
  await screenshot(bob.page, 'conflict-light', false);

  // Typing on keeps both texts, and nothing is sent: hers is still what is stored.
  await contact(bob.page).fill('bob+security@example.com');
  await expect(storedEdits(bob.page, id)).resolves.toContain('bob+security@example.com');
  await expect(
    conflict.locator('[data-testid=conflict-mine]').getByText('bob+security@example.com').count(),
  ).resolves.toBe(1);
  await expect(storedAnswer(bob.page, id, 'S13')).resolves.toBe('alice@example.com');

  // Even a closed tab keeps both: the edit comes back from this browser, still in conflict.
  await bob.page.reload();
  await conflict.waitFor();
  await expect(contact(bob.page).inputValue()).resolves.toBe('bob+security@example.com');
  await theirs.getByText('alice@example.com').waitFor();

  await bob.page.getByTestId('keep-mine-S13').click();
  await waitForSaved(bob.page);
  await expect(conflict.count()).resolves.toBe(0);
  await expect(bob.page.locator('[data-flag-id]').count()).resolves.toBe(0);
  await expect(storedEdits(bob.page, id)).resolves.toBeNull();
  await expect(storedAnswer(bob.page, id, 'S13')).resolves.toBe('bob+security@example.com');

  // Alice's text is not lost: the audit has it, and one click puts it back.
  await alice.page.goto(appUrl(app, `/assessments/${id}/review`));
  const entry = alice.page
    .locator('[data-testid=audit-changes] li[data-question-id=S13]')
    .filter({ hasText: 'bob+security@example.com' })
    .first();
  await entry.waitFor();
  await expect(entry.innerText()).resolves.toContain('alice@example.com');
  await entry.getByRole('button', { name: /Restore this value \(S13 before revision/ }).click();
  await alice.page.locator('[data-testid=restore-done]').waitFor();
  await expect(storedAnswer(alice.page, id, 'S13')).resolves.toBe('alice@example.com');
  await alice.page
    .locator('[data-testid=audit-table]')
    .getByText('Restored an answer')
    .first()
    .waitFor();

  await alice.context.close();
  await bob.context.close();
});

test('"Keep theirs" drops my edit and keeps their value', async () => {
  const { alice, bob, id } = await twoEditors('Theirs App');
  await contact(alice.page).fill('alice@example.com');
  await waitForSaved(alice.page);
  await contact(bob.page).fill('bob@example.com');
  await question(bob.page, 'S13').locator('[data-testid=question-conflict]').waitFor();
  await bob.page.getByTestId('keep-theirs-S13').click();
  await expect(contact(bob.page).inputValue()).resolves.toBe('alice@example.com');
  await expect(storedEdits(bob.page, id)).resolves.toBeNull();
  await expect(storedAnswer(bob.page, id, 'S13')).resolves.toBe('alice@example.com');
  await alice.context.close();
  await bob.context.close();
});

test('leaving the page 50 ms after typing still saves', async () => {
  const { page, context } = await openPage(browser);
  await gotoList(page, app);
  const id = await createAssessment(page, 'Leaving App');
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await contact(page).waitFor();

  // A route change inside the app, well inside the autosave's debounce.
  await contact(page).fill('typed then left');
  await page.waitForTimeout(50);
  await page.getByRole('navigation', { name: 'Breadcrumbs' }).getByRole('link').first().click();
  await page.locator('[data-testid=assessments-list]').waitFor();

  // A different browser (no localStorage to fall back on) sees it stored.
  const other = await openPage(browser);
  await other.page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await contact(other.page).waitFor();
  await eventually(() => storedAnswer(other.page, id, 'S13'), 'typed then left');
  await other.page.reload();
  await expect(contact(other.page).inputValue()).resolves.toBe('typed then left');

  // Leaving the app altogether (pagehide) 50 ms after typing saves too.
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await contact(page).fill('typed then closed');
  await page.waitForTimeout(50);
  await page.goto('about:blank');
  await eventually(() => storedAnswer(other.page, id, 'S13'), 'typed then closed');

  await context.close();
  await other.context.close();
});

test('the submitter cannot approve their own submission unless the site allows it', async () => {
  const alice = await openPage(browser);
  await gotoList(alice.page, app);
  const id = await createAssessment(alice.page, 'Four Eyes App');
  await alice.page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  await contact(alice.page).fill('alice@example.com');
  await waitForSaved(alice.page);
  await alice.page.getByRole('button', { name: 'Submit for review' }).click();
  // Submit warns about what is open; this flow submits anyway.
  await alice.page.getByTestId('submit-anyway').click();
  await alice.page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();

  await alice.page.getByRole('link', { name: 'Review', exact: true }).click();
  const form = alice.page.locator('[data-testid=review-form]');
  await form.waitFor();
  // No default decision.
  await expect(form.getByRole('radio', { name: 'Approve' }).isChecked()).resolves.toBe(false);
  await expect(form.getByRole('radio', { name: 'Request changes' }).isChecked()).resolves.toBe(
    false,
  );
  await form.getByRole('button', { name: 'Submit review' }).click();
  await form.getByText('Choose a decision: approve, or request changes.').waitFor();
  // Said before submitting.
  await alice.page.locator('[data-testid=self-review-warning]').waitFor();
  await form.locator('[data-testid=submitted-by]').getByText('Local admin').waitFor();

  await form.getByRole('radio', { name: 'Approve' }).check();
  await form.getByRole('button', { name: 'Approve' }).click();
  const error = alice.page.locator('[data-testid=review-error]');
  await error.getByText('You cannot review your own submission').waitFor();
  await error.getByText(/another administrator has to review it/).waitFor();
  await alice.page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();
  await screenshot(alice.page, 'review-self-refused-light', true);

  // Bob, another administrator, may; the approval then says what was approved.
  const bob = await openPage(browser);
  await bob.page.goto(appUrl(app, `/assessments/${id}/review`, { as: 'local-reviewer' }));
  const bobForm = bob.page.locator('[data-testid=review-form]');
  await bobForm.waitFor();
  // The warning needs the settings' answer (Alice's came after her form): for Bob, counted once
  // every call his page made has answered and rendered, not in the form's first pass.
  await resolverCallsSettled(bob.page);
  await expect(bob.page.locator('[data-testid=self-review-warning]').count()).resolves.toBe(0);
  await bobForm.getByRole('radio', { name: 'Approve' }).check();
  await bobForm.getByRole('button', { name: 'Approve' }).click();
  await bob.page.locator('[data-testid=status-lozenge][data-status=approved]').waitFor();
  const round = bob.page.locator('[data-testid=review-round][data-round="1"]');
  await round.getByText('Local reviewer').waitFor();
  await expect(round.innerText()).resolves.not.toContain('local-reviewer');
  await bob.page
    .locator('[data-testid=approval]')
    .getByText(/rule set/)
    .waitFor();

  // A later edit makes the approval visibly stale.
  await bob.page.getByRole('button', { name: 'Reopen' }).click();
  await bob.page.locator('[data-testid=status-lozenge][data-status=draft]').waitFor();
  await bob.page.getByRole('link', { name: 'Questionnaire' }).click();
  await bob.page.getByRole('tab', { name: /Security/ }).click();
  await contact(bob.page).fill('changed@example.com');
  await waitForSaved(bob.page);
  await bob.page.locator('[data-testid=approval-stale]').waitFor();
  await screenshot(bob.page, 'review-stale-light', false);

  await alice.context.close();
  await bob.context.close();
});

test('a single-admin site can allow self-review in Settings, and the audit says so', async () => {
  const { page, context } = await openPage(browser);
  await gotoList(page, app);
  await page.getByTestId('settings-link').click();
  await page.locator('[data-testid=settings]').waitFor();
  await page.getByLabel('Allow self-review (single-admin sites)').check();
  await page.locator('[data-testid=settings-updated]').getByText('Local admin').waitFor();
  await page.locator('[data-testid=audit-table]').getByText('Changed a site setting').waitFor();

  await gotoList(page, app);
  const id = await createAssessment(page, 'Solo App');
  await page.getByRole('button', { name: 'Submit for review' }).click();
  // Submit warns about what is open; this flow submits anyway.
  await page.getByTestId('submit-anyway').click();
  await page.locator('[data-testid=status-lozenge][data-status=submitted]').waitFor();
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page.locator('[data-testid=self-review-allowed]').waitFor();
  const form = page.locator('[data-testid=review-form]');
  await form.getByRole('radio', { name: 'Request changes' }).check();
  await form.getByLabel('Comment', { exact: true }).fill('Name the security contact.');
  await pickInSelect(page, 'review-question', 'S13', /^S13 /);
  await form.getByRole('button', { name: 'Add comment' }).click();
  await form.getByRole('button', { name: 'Request changes' }).click();
  await page.locator('[data-testid=status-lozenge][data-status=changes-requested]').waitFor();
  await page
    .locator('[data-testid=review-round]')
    .getByText(/self-review, allowed by the site setting/)
    .waitFor();

  // The comment shows beside the question for the partner, who can answer it.
  await page.goto(appUrl(app, `/assessments/${id}/questions/security`));
  const thread = question(page, 'S13').locator('[data-testid=review-thread]');
  await thread.getByText('Name the security contact.').waitFor();
  await thread.getByRole('button', { name: 'Reply' }).click();
  await thread.getByLabel('Your reply to the reviewer').fill('Added security@example.com.');
  await thread.getByRole('button', { name: 'Send reply' }).click();
  await thread
    .locator('[data-testid=review-reply]')
    .getByText('Added security@example.com.')
    .waitFor();
  await page.getByRole('link', { name: 'Review', exact: true }).click();
  await page
    .locator('[data-testid=round-reply]')
    .getByText('Added security@example.com.')
    .waitFor();

  // Put the default back for the other tests in this file.
  await page.goto(appUrl(app, '/settings'));
  await page.getByLabel('Allow self-review (single-admin sites)').uncheck();
  await page.locator('[data-testid=audit-table] tbody tr').nth(1).waitFor();
  await context.close();
});

test('people show by name and avatar, not by account id', async () => {
  const { page, context } = await openPage(browser);
  await gotoList(page, app);
  await createAssessment(page, 'Names App');
  await gotoList(page, app);
  const row = page.locator('[data-testid=assessments-list] tbody tr').first();
  const person = row.locator('[data-testid=person]');
  await person.getByText('Local admin').waitFor();
  await expect(row.innerText()).resolves.not.toContain('local-admin');
  // The avatar is an image the page's CSP allows (the harness fails on any violation).
  await expect(person.locator('img.tr-avatar').count()).resolves.toBe(1);
  await page.waitForFunction(() => {
    const { document } = globalThis as unknown as {
      document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null };
    };
    const img = document.querySelector('img.tr-avatar');
    return img !== null && img.complete && img.naturalWidth > 0;
  });
  await context.close();
});
