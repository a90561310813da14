import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions } from '@forge/manifest';
import { load } from 'cheerio';
import type { Browser } from 'playwright-core';
import { parse } from 'yaml';
import {
  appUrl,
  gotoList,
  launchBrowser,
  openPage,
  REPO_ROOT,
  startApp,
  takeCspReports,
  takeCspViolations,
  type TestApp,
} from './harness';

/** The admin page under Forge's own Content-Security-Policy, and proof the check can fail. */

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

/** Waits for something the browser does asynchronously (binding calls, report delivery). */
async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms: ${String(check)}`);
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
}

test('the page carries the policy @forge/csp computes from manifest.yml', async () => {
  const { page, context } = await openPage(browser);
  const response = await page.goto(appUrl(app, '/'));
  const header = response?.headers()['content-security-policy'] ?? '';

  const manifest = parse(readFileSync(join(REPO_ROOT, 'manifest.yml'), 'utf8')) as {
    permissions: Permissions;
  };
  const html = await response?.text();
  const details = new CSPProcessingService({ info: () => undefined }, load).getCspDetails(
    html ?? '',
    manifest.permissions,
  );
  const reportUri = new URL('/__local/csp-report', app.url).toString();
  const expected = new CSPInjectionService()
    .getInjectableCSP({
      existingCSPDetails: details,
      microsEnv: 'prod',
      tunnelCSPReporterUri: reportUri,
    })
    .join('; ');
  expect(header).toBe(expected);
  // What the manifest asks for, and no more: inline styles yes, eval and inline script no.
  const scriptSrc = header.split('; ').find((d) => d.startsWith('script-src ')) ?? '';
  const styleSrc = header.split('; ').find((d) => d.startsWith('style-src ')) ?? '';
  expect(styleSrc).toContain("'unsafe-inline'");
  expect(scriptSrc).not.toMatch(/'unsafe-(eval|inline)'/);
  expect(header).toContain(`report-uri ${reportUri}`);

  // Assets carry it too, as from Forge's CDN.
  const script = await page.locator('script[type=module][src]').first().getAttribute('src');
  const asset = await page.request.get(new URL(script ?? '', appUrl(app, '/')).toString());
  expect(asset.headers()['content-security-policy']).toBe(app.server.contentSecurityPolicy);
  await context.close();
});

test('the list loads with no CSP violation (zod runs jitless)', async () => {
  const { page, context, cspViolations } = await openPage(browser);
  await gotoList(page, app);
  expect(cspViolations).toEqual([]);
  await context.close();
});

test('an eval under the same policy is caught: event and report (the check can fail)', async () => {
  const watched = await openPage(browser);
  const { page, context } = watched;
  // A page of the app's origin served with the app's own header, whose script evaluates a
  // string. Routed, so it is the browser enforcing the policy and nothing in the app changes.
  const probe = appUrl(app, '/__csp-probe');
  await page.route(probe, (route) =>
    route.fulfill({
      status: 200,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': app.server.contentSecurityPolicy,
      },
      body: '<!doctype html><title>probe</title><script src="/__csp-probe.js"></script>',
    }),
  );
  await page.route(appUrl(app, '/__csp-probe.js'), (route) =>
    route.fulfill({
      status: 200,
      headers: { 'Content-Type': 'text/javascript' },
      body: "try { eval('1 + 1'); } catch (error) { document.title = 'blocked'; }",
    }),
  );
  await page.goto(probe);
  await page.waitForFunction(
    () => (globalThis as unknown as { document: { title: string } }).document.title === 'blocked',
  );
  await until(() => watched.cspViolations.length > 0);
  const violations = takeCspViolations(watched);
  expect(violations.some((v) => /^script-src blocked eval at .*__csp-probe\.js:1/.test(v))).toBe(
    true,
  );

  // The browser sends the report on its own schedule; it reaches the server, not Atlassian.
  await until(() => app.server.cspReports.length > 0);
  const reports = takeCspReports(app);
  expect(reports.join('\n')).toMatch(/^report: script-src blocked eval at .*__csp-probe\.js:1$/m);
  await context.close();
});
