import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type Dialog,
  type Locator,
  type Page,
  type Request,
  type Route,
} from 'playwright-core';
import { startLocalServer, type LocalServer } from '../../src/local/server';
import { ensureBuild } from './ui-build';
export { chromiumPath, launchBrowser } from '../support/chromium';
// Also run by the e2e globalSetup; kept here for `npx jest test/e2e/<file>` without it.
export { ensureBuild };

/**
 * Shared set-up for the browser tests: one local server (real handler, SQLite in a temp
 * folder) and one headless Chromium per test file, plus helpers that wait for specific UI
 * states instead of sleeping.
 */

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const XSS = '<img src=x onerror=alert(1)>';

export interface TestApp {
  server: LocalServer;
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export async function startApp(): Promise<TestApp> {
  ensureBuild();
  const dataDir = mkdtempSync(join(tmpdir(), 'trust-e2e-'));
  const server = await startLocalServer({ port: 0, host: '127.0.0.1', dataDir });
  apps.push({ server, seen: 0 });
  return {
    server,
    url: server.url,
    dataDir,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Watched {
  context: BrowserContext;
  page: Page;
  dialogs: Dialog[];
  errors: string[];
  /**
   * Content-Security-Policy violations in any page of the context: `securitypolicyviolation`
   * events and the console lines Chromium writes for them. Every test fails on any left here
   * when it ends (see the afterEach below); a test that provokes one on purpose takes it.
   */
  cspViolations: string[];
}

// Every page and server of the test file, so each test's end can check all of them.
const watchedPages: Watched[] = [];
// Each watched page's resolver calls still in flight (see resolverCallsSettled).
const callsInFlight = new WeakMap<Page, Set<Request>>();
const apps: { server: LocalServer; seen: number }[] = [];

/** Hands over the violations recorded so far (for a test that expects them) and clears them. */
export function takeCspViolations(watched: Watched): string[] {
  return watched.cspViolations.splice(0);
}

/** Violation reports the server received at the policy's report-uri since the last call. */
export function takeCspReports(app: TestApp): string[] {
  const entry = apps.find((a) => a.server === app.server);
  if (!entry) return [];
  const fresh = app.server.cspReports.slice(entry.seen);
  entry.seen = app.server.cspReports.length;
  // The whole policy rides along in every report; the directive and the culprit are enough.
  return fresh.map(
    ({ report }) =>
      `report: ${String(report['effective-directive'] ?? report['violated-directive'])} blocked ` +
      `${String(report['blocked-uri'])} at ${String(report['source-file'])}:${String(report['line-number'])}`,
  );
}

/** Shape of what the in-page listener forwards; the Node tsconfig has no DOM types. */
interface ViolationEvent {
  violatedDirective: string;
  effectiveDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
  sample: string;
}

// Registered by every test file that imports the harness: no browser test can pass with a CSP
// violation, whether the page logged it, fired the event, or only the report reached the server.
afterEach(() => {
  const found = watchedPages.flatMap((w) => takeCspViolations(w));
  for (const app of apps) found.push(...takeCspReports({ server: app.server } as TestApp));
  if (found.length > 0) {
    throw new Error(`Content-Security-Policy violations:\n${found.join('\n')}`);
  }
});

/**
 * A page in its own context (own cookies and localStorage, like another person's browser)
 * that records every dialog and every page error, so a test can assert none happened.
 */
export async function openPage(
  browser: Browser,
  options: { theme?: Theme; viewport?: { width: number; height: number } } = {},
): Promise<Watched> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    colorScheme: options.theme ?? 'light',
    reducedMotion: 'reduce',
  });
  const cspViolations: string[] = [];
  // Before any page exists, so the listener is there before the page's first script runs.
  await context.exposeBinding('__reportCspViolation', (_source, event: ViolationEvent) => {
    cspViolations.push(
      `${event.effectiveDirective || event.violatedDirective} blocked ${event.blockedURI || '(inline)'}` +
        ` at ${event.sourceFile}:${event.lineNumber}${event.sample ? ` (${event.sample})` : ''}`,
    );
  });
  await context.addInitScript(() => {
    const page = globalThis as unknown as {
      document: { addEventListener(type: string, listener: (event: ViolationEvent) => void): void };
      __reportCspViolation(event: ViolationEvent): Promise<void>;
    };
    page.document.addEventListener('securitypolicyviolation', (event) => {
      void page.__reportCspViolation({
        violatedDirective: event.violatedDirective,
        effectiveDirective: event.effectiveDirective,
        blockedURI: event.blockedURI,
        sourceFile: event.sourceFile,
        lineNumber: event.lineNumber,
        sample: event.sample,
      });
    });
  });
  context.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) {
      cspViolations.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  await slowPlatform(context);
  const page = await context.newPage();
  const dialogs: Dialog[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    // "Leave page with unsaved edits?" is the app's own guard; a reload in a test means yes.
    if (dialog.type() === 'beforeunload') {
      void dialog.accept();
      return;
    }
    dialogs.push(dialog);
    void dialog.dismiss();
  });
  const calls = new Set<Request>();
  callsInFlight.set(page, calls);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/__local/invoke') calls.add(request);
  });
  page.on('requestfinished', (request) => calls.delete(request));
  page.on('requestfailed', (request) => calls.delete(request));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const watched = { context, page, dialogs, errors, cspViolations };
  watchedPages.push(watched);
  return watched;
}

/**
 * `E2E_SLOW_MS=n` holds every resolver call and every script chunk for a random 0–n ms before it
 * goes on: the loading states a slower machine or Jira shows, and answers out of order. A test
 * that reads the page once, before what it checks has rendered, passes on a fast machine and
 * fails here; `npm run test:e2e:slow` runs the suite this way. A test's own page.route handlers
 * run before these (Playwright tries a page's routes before its context's), so they see no delay.
 */
async function slowPlatform(context: BrowserContext): Promise<void> {
  const maxDelay = Number(process.env.E2E_SLOW_MS ?? 0);
  if (!(maxDelay > 0)) return;
  const hold = async (route: Route) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * maxDelay));
    await route.fallback();
  };
  await context.route('**/__local/invoke', hold);
  await context.route(/\/assets\/[^/]+\.js$/, hold);
}

export function appUrl(app: TestApp, path: string, query: Record<string, string> = {}): string {
  const url = new URL(path, app.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}

export async function gotoList(page: Page, app: TestApp, theme: Theme = 'light'): Promise<void> {
  await page.goto(appUrl(app, '/', { theme }));
  await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();
  await waitForTheme(page, theme);
}

/**
 * The sliver of the DOM that in-page callbacks use. The Node-side tsconfig has no DOM lib (and
 * adding one would leak browser globals into the backend's type checking), so callbacks cast
 * `globalThis` to this; the cast vanishes when compiled. Callbacks, not strings: the page's CSP
 * forbids eval, which Playwright needs for string predicates it polls.
 */
export interface PageGlobals {
  document: {
    documentElement: { getAttribute(name: string): string | null };
    activeElement: unknown;
    querySelector(selector: string): { textContent: string | null } | null;
    querySelectorAll(selector: string): { length: number };
  };
  getComputedStyle(element: unknown): { getPropertyValue(name: string): string };
  localStorage: { getItem(key: string): string | null };
}

export async function waitForTheme(page: Page, theme: Theme): Promise<void> {
  await page.waitForFunction((mode) => {
    const { document, getComputedStyle } = globalThis as unknown as PageGlobals;
    const root = document.documentElement;
    return (
      root.getAttribute('data-color-mode') === mode &&
      getComputedStyle(root).getPropertyValue('--ds-surface').trim() !== ''
    );
  }, theme);
}

/** Whether the element has keyboard focus right now. */
export async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate(
    (element) => element === (globalThis as unknown as PageGlobals).document.activeElement,
  );
}

/** Waits until exactly `count` elements match `selector`. */
export async function waitForCount(page: Page, selector: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([css, n]) =>
      (globalThis as unknown as PageGlobals).document.querySelectorAll(css).length === n,
    [selector, count] as const,
  );
}

/**
 * Waits until none of the page's resolver calls is in flight for two frames in a row: what the
 * last call answered has rendered, and no effect of that render started another. For a check
 * that something is absent which only a resolver's answer could bring (a warning that needs
 * the settings, say), so the absence is looked at after that answer would have arrived.
 */
export async function resolverCallsSettled(page: Page): Promise<void> {
  const calls = callsInFlight.get(page);
  if (!calls) throw new Error('resolverCallsSettled: not a page from openPage');
  for (let quiet = 0; quiet < 2; quiet = calls.size === 0 ? quiet + 1 : 0) {
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const g = globalThis as unknown as {
            requestAnimationFrame(callback: () => void): void;
            setTimeout(callback: () => void, ms: number): void;
          };
          g.requestAnimationFrame(() => g.setTimeout(resolve, 0));
        }),
    );
  }
}

export type Envelope<T = unknown> =
  { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

/**
 * Calls a resolver the way the page's bridge does (same origin, the page's user cookie), to
 * set up or check backend state behind the UI's back.
 */
export async function invoke<T = unknown>(
  page: Page,
  functionKey: string,
  payload: object,
): Promise<Envelope<T>> {
  return page.evaluate(
    async ([key, body]) => {
      const response = await fetch('/__local/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ functionKey: key, payload: body }),
      });
      return response.json() as Promise<Envelope<T>>;
    },
    [functionKey, payload] as const,
  );
}

export async function createAssessment(page: Page, appName: string): Promise<string> {
  await page.getByRole('button', { name: 'Create assessment', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create assessment' });
  await dialog.getByLabel('App name (required)').fill(appName);
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await page.locator('[data-testid=questionnaire]').waitFor();
  const match = /\/assessments\/([^/]+)/.exec(new URL(page.url()).pathname);
  if (!match?.[1]) throw new Error(`not on an assessment page: ${page.url()}`);
  return match[1];
}

export function question(page: Page, id: string): Locator {
  return page.locator(`[data-testid=question][data-question-id="${id}"]`);
}

/**
 * Picks an option of an Atlaskit Select with the keyboard alone, as a person does: focus the
 * field (its `<label htmlFor>` names the input), type to filter, wait for the option, Enter.
 */
export async function pickInSelect(
  page: Page,
  inputId: string,
  typed: string,
  option: string | RegExp,
): Promise<void> {
  const input = page.locator(`input[id="${inputId}"]`);
  await input.focus();
  await page.keyboard.type(typed);
  const listbox = page.getByRole('listbox');
  await listbox.getByRole('option', { name: option }).first().waitFor();
  // Enter takes the focused option, the first left: make sure it is the one meant.
  const left = await listbox.getByRole('option').allInnerTexts();
  if (left.length !== 1)
    throw new Error(`typing "${typed}" left ${left.length} options: ${left.join(' | ')}`);
  await page.keyboard.press('Enter');
  await listbox.waitFor({ state: 'detached' });
}

/** `iso` (a local calendar day) as the page's locale writes it, as a person types a date. */
export async function typedDate(page: Page, iso: string): Promise<string> {
  return page.evaluate((day) => {
    const [y, m, d] = day.split('-').map(Number);
    return new Intl.DateTimeFormat().format(new Date(y ?? 0, (m ?? 1) - 1, d ?? 1));
  }, iso);
}

export async function chooseOption(page: Page, id: string, label: string): Promise<void> {
  await question(page, id).getByRole('radio', { name: label, exact: true }).check();
}

export async function openSection(page: Page, title: RegExp): Promise<void> {
  await page.getByRole('tab', { name: title }).click();
}

export function saveState(page: Page): Locator {
  return page.locator('[data-testid=save-state]');
}

export async function waitForSaved(page: Page): Promise<void> {
  await page.locator('[data-testid=save-state][data-state=saved]').waitFor();
}

export async function overallScore(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid=overall-score]').innerText());
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const AXE_SOURCE = readFileSync(join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Waits until every CSS transition and finite animation on the page has ended (a spinner's
 * endless one is left alone). A colour looked at mid-fade is neither the old nor the new one:
 * Atlaskit's button fades its label back in for ≈ 170 ms after `isLoading`, and axe measured
 * that half-transparent label at 3.82:1 when the export answered slowly.
 */
export async function animationsSettled(page: Page): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    const waited = await page.evaluate(async () => {
      type Running = {
        playState: string;
        effect: { getTiming(): { iterations?: number } } | null;
        finished: Promise<unknown>;
      };
      const g = globalThis as unknown as { document: { getAnimations(): Running[] } };
      // Only running ones: an ended animation that fills forwards (Atlaskit's spinner) is still
      // listed, as finished, and a paused one would never finish.
      const finite = g.document
        .getAnimations()
        .filter(
          (a) =>
            a.playState === 'running' &&
            a.effect !== null &&
            a.effect.getTiming().iterations !== Infinity,
        );
      await Promise.allSettled(finite.map((a) => a.finished));
      return finite.length;
    });
    if (waited === 0) return;
  }
  throw new Error('animationsSettled: transitions kept starting for 10 rounds');
}

/** Serious and critical axe-core violations on the page once its transitions have ended. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await animationsSettled(page);
  // Evaluated through the DevTools protocol, so the page's CSP (no inline script) stays on.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const page = globalThis as unknown as PageGlobals & {
      axe: {
        run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }>;
      };
    };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Violations as readable lines, so a failing assertion says what is wrong and where. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/** Errors the page logged that point at a real defect; Atlaskit's feature-gate noise is not one. */
export function realErrors(errors: string[]): string[] {
  return errors.filter((e) => !/feature gate|Client must be initialized/i.test(e));
}
