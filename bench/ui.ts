/**
 * Admin page figures: bytes the browser needs for the first view, bytes of the whole build,
 * and time from navigation to a usable assessments list in headless Chromium; how often a
 * person typing notes makes the page save, and whether anything typed is lost; and how many
 * clicks and keystrokes the fastest path from a new assessment to a submitted one takes.
 *
 *   npx tsx bench/ui.ts                   prints { "ui": { ... } }
 *   npx tsx bench/ui.ts --only autosave   one part: first-view, autosave or complete
 *   measureUi()                           the same, for bench/index.ts
 *
 * Sizes are gzip (level 9, as the local server sends them) of the production build files, so
 * they do not depend on the server; the local-only bridge shim, token theme and resolver calls
 * are left out because in Jira the host provides those.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Answers } from '../src/domain/answers';
import { LATEST_PACK } from '../src/domain/rules/packs';
import { API_LIMITS } from '../src/shared/api';
import { DEFAULT_BUILD_DIR, startLocalServer, type LocalServer } from '../src/local/server';
import { passingAnswer } from '../test/support/answers';
import { launchBrowser } from '../test/support/chromium';

export interface UiFigures {
  ui: Partial<FirstViewFigures & AutosaveFigures & CompletionFigures>;
}

interface FirstViewFigures {
  initialLoadGzipBytes: number;
  totalGzipBytes: number;
  firstViewMs: number;
  invokesBeforeListUsable: number;
}

export const UI_PARTS = ['first-view', 'autosave', 'complete'] as const;
export type UiPart = (typeof UI_PARTS)[number];

const RUNS = 5;
const READY = '[data-testid=assessments-list][data-ready=true]';

function gzipBytes(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length;
}

function buildFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? buildFiles(path) : [path];
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(value);
}

// Records, inside the page, the moment the list first reports itself usable; measured from
// the navigation's time origin, so browser start-up and test plumbing are not counted. The
// bench awaits the page's own promise: a Playwright locator would poll the page's main thread
// (element state, boxes) while it is still rendering, and slow down what it measures.
const READY_PROBE = `
  (() => {
    window.__firstView = new Promise((resolve) => {
      const check = () => {
        if (document.querySelector(${JSON.stringify(READY)})) {
          resolve(performance.now());
          return;
        }
        requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  })();
`;

async function measureFirstView(browser: Browser, server: LocalServer): Promise<FirstViewFigures> {
  const files = buildFiles(DEFAULT_BUILD_DIR);
  const totalGzipBytes = files.reduce((sum, path) => sum + gzipBytes(path), 0);
  {
    // A realistic first page: a couple of dozen assessments to list.
    for (let i = 0; i < 25; i += 1) {
      await invoke(server, 'createAssessment', { appName: `Bench app ${i}` });
    }

    const timings: number[] = [];
    let initial = new Set<string>();
    // Resolver calls sent before the list reported itself usable (first run).
    let invokesBeforeListUsable = 0;
    for (let run = 0; run < RUNS; run += 1) {
      // A fresh context each run: empty HTTP cache, as on a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const fetched = new Set<string>();
      let ready = false;
      let invokes = 0;
      page.on('request', (request) => {
        if (ready) return;
        const path = new URL(request.url()).pathname;
        if (path === '/__local/invoke') invokes += 1;
        if (!path.startsWith('/__local/')) fetched.add(path === '/' ? '/index.html' : path);
      });
      await page.addInitScript(READY_PROBE);
      await page.goto(server.url, { waitUntil: 'commit' });
      const ms = (await page.evaluate('window.__firstView')) as number;
      ready = true;
      timings.push(ms);
      if (run === 0) {
        initial = fetched;
        invokesBeforeListUsable = invokes;
      }
      await context.close();
    }

    const initialLoadGzipBytes = [...initial].reduce((sum, path) => {
      const file = join(DEFAULT_BUILD_DIR, ...path.split('/').filter(Boolean));
      const inside = relative(DEFAULT_BUILD_DIR, file).split(sep)[0] !== '..';
      return inside && existsSync(file) ? sum + gzipBytes(file) : sum;
    }, 0);
    return {
      initialLoadGzipBytes,
      totalGzipBytes,
      firstViewMs: median(timings),
      invokesBeforeListUsable,
    };
  }
}

export async function measureUi(
  parts: ReadonlySet<UiPart> = new Set(UI_PARTS),
): Promise<UiFigures> {
  const index = join(DEFAULT_BUILD_DIR, 'index.html');
  if (!existsSync(index) || !readFileSync(index, 'utf8').includes('<script')) {
    throw new Error('the admin page is not built: run `npm run build:ui` first');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'trust-bench-ui-'));
  const server = await startLocalServer({ port: 0, dataDir });
  const browser = await launchBrowser();
  try {
    const ui: UiFigures['ui'] = {};
    const measures: [UiPart, () => Promise<object>][] = [
      ['first-view', () => measureFirstView(browser, server)],
      ['autosave', () => measureAutosave(browser, server)],
      ['complete', () => measureCompletion(browser, server)],
    ];
    // One part failing leaves its figures out (and says why on stderr), not the others'.
    const failed: UiPart[] = [];
    for (const [part, measure] of measures) {
      if (!parts.has(part)) continue;
      try {
        Object.assign(ui, await measure());
      } catch (error) {
        failed.push(part);
        console.error(
          `bench: ui ${part} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (failed.length === parts.size) throw new Error(`every ui part failed: ${failed.join(', ')}`);
    return { ui };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

interface Envelope<T> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}

/** A resolver call the way the page's bridge sends it (the local server's default user). */
async function invoke<T = unknown>(
  server: LocalServer,
  functionKey: string,
  payload: object,
): Promise<T> {
  const response = await fetch(new URL('/__local/invoke', server.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ functionKey, payload }),
  });
  const envelope = (await response.json()) as Envelope<T>;
  if (!envelope.ok || envelope.data === undefined) {
    throw new Error(`${functionKey} failed: ${JSON.stringify(envelope.error)}`);
  }
  return envelope.data;
}

interface AssessmentData {
  assessment: { id: string; revision: number; status: string };
  answers: Answers;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so every run types the same. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Node tsconfig has no DOM lib; in-page callbacks cast globalThis to this sliver. */
interface PageDocument {
  document: {
    activeElement: {
      tagName: string;
      getAttribute(name: string): string | null;
      closest(selector: string): { getAttribute(name: string): string | null } | null;
    } | null;
  };
}

function question(page: Page, id: string): Locator {
  return page.locator(`[data-testid=question][data-question-id="${id}"]`);
}

// ---------------------------------------------------------------------------------------------
// Autosave under a bursty typist

interface AutosaveFigures {
  /** saveAnswers invokes per minute of typing (from the first keystroke to the final blur). */
  autosaveInvokesPerMinute: number;
  /** Characters typed that the stored notes lack after the final blur (must be 0). */
  autosaveLostCharacters: number;
  autosaveSaves: number;
  autosaveTypedCharacters: number;
  autosaveTypingSeconds: number;
  autosaveNoteFields: number;
}

const AUTOSAVE_SEED = 0x7a57;
/** At least this much scheduled typing (keystroke intervals and pauses), in ms. */
const AUTOSAVE_TYPING_MS = 60_000;
/** The notes go to the security section's questions, in page order. */
const NOTE_SECTION = 'security';
const NOTE_FIELDS_MAX = 10;
const WORDS = (
  'we rotate keys every quarter and keep the audit log for a year the runbook names the ' +
  'on call engineer tokens are stored encrypted access is reviewed by two people evidence ' +
  'lives in the trust portal customers are told within seventy two hours'
).split(' ');

interface Burst {
  text: string;
  /** Gap before each character, ms. */
  gaps: number[];
  /** Pause after the burst, ms. */
  pause: number;
}

/**
 * The typing, decided up front from the seed: per note field 3–6 bursts of 1–4 words, a
 * character every 80–200 ms, 1–4 s of thought between bursts, until the schedule holds at
 * least AUTOSAVE_TYPING_MS.
 */
function typingSchedule(): Burst[][] {
  const next = random(AUTOSAVE_SEED);
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const fields: Burst[][] = [];
  let scheduled = 0;
  while (scheduled < AUTOSAVE_TYPING_MS) {
    if (fields.length >= NOTE_FIELDS_MAX) throw new Error('the typing needs more note fields');
    const bursts: Burst[] = [];
    const count = between(3, 6);
    for (let b = 0; b < count && scheduled < AUTOSAVE_TYPING_MS; b += 1) {
      const words = Array.from(
        { length: between(1, 4) },
        () => WORDS[between(0, WORDS.length - 1)],
      );
      const text = `${b === 0 ? '' : ' '}${words.join(' ')}`;
      const gaps = [...text].map(() => between(80, 200));
      const pause = between(1000, 4000);
      scheduled += gaps.reduce((sum, gap) => sum + gap, 0) + pause;
      bursts.push({ text, gaps, pause });
    }
    fields.push(bursts);
  }
  return fields;
}

/** Characters of `expected` missing from `actual`: |expected| minus their longest common subsequence. */
function lostCharacters(expected: string, actual: string): number {
  let previous = new Array<number>(actual.length + 1).fill(0);
  for (let i = 1; i <= expected.length; i += 1) {
    const row = new Array<number>(actual.length + 1).fill(0);
    for (let j = 1; j <= actual.length; j += 1) {
      row[j] =
        expected[i - 1] === actual[j - 1]
          ? (previous[j - 1] ?? 0) + 1
          : Math.max(previous[j] ?? 0, row[j - 1] ?? 0);
    }
    previous = row;
  }
  return expected.length - (previous[actual.length] ?? 0);
}

/**
 * A person writing notes: opens an assessment's questionnaire, adds a note to one question
 * after another (the click on the next "Add a note" blurs the last field, as it would), types
 * bursts at a person's pace in real time (the page's debounce and minimum interval run on
 * their own clocks), then leaves the last field with Tab. Counts the `saveAnswers` invokes
 * the page sent from the first keystroke to that final blur's save, then reads the notes back
 * through the invoke API and compares them with what was typed.
 */
async function measureAutosave(browser: Browser, server: LocalServer): Promise<AutosaveFigures> {
  const created = await invoke<AssessmentData>(server, 'createAssessment', {
    appName: 'Bench typist',
  });
  const id = created.assessment.id;
  // The section's questions get their answers first: the typist only writes notes.
  const inSection = LATEST_PACK.ruleSet.questions.filter((q) => q.element === NOTE_SECTION);
  let revision = created.assessment.revision;
  for (let i = 0; i < inSection.length; i += API_LIMITS.answersPerSave) {
    const chunk = inSection.slice(i, i + API_LIMITS.answersPerSave);
    const saved = await invoke<{ revision: number }>(server, 'saveAnswers', {
      id,
      expectedRevision: revision,
      answers: Object.fromEntries(chunk.map((q) => [q.id, passingAnswer(q)])),
    });
    revision = saved.revision;
  }

  const schedule = typingSchedule();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let counting = false;
  let saves = 0;
  page.on('request', (request) => {
    if (!counting || new URL(request.url()).pathname !== '/__local/invoke') return;
    const body = request.postDataJSON() as { functionKey?: string } | null;
    if (body?.functionKey === 'saveAnswers') saves += 1;
  });
  try {
    await page.goto(new URL(`/assessments/${id}/questions/${NOTE_SECTION}`, server.url).toString());
    const section = page.getByTestId(`section-${NOTE_SECTION}`);
    await section.locator('[data-testid=question]').first().waitFor();
    // The questions shown (a false `when` hides some), in page order.
    const shown = await section
      .locator('[data-testid=question]')
      .evaluateAll((cards) =>
        cards.map((card) =>
          (card as unknown as { getAttribute(n: string): string }).getAttribute('data-question-id'),
        ),
      );
    if (shown.length < schedule.length) throw new Error('too few questions for the notes');

    const typed = new Map<string, string>();
    let started = 0;
    for (const [f, bursts] of schedule.entries()) {
      const questionId = shown[f] ?? '';
      const card = question(page, questionId);
      await card.getByRole('button', { name: `Add a note to ${questionId}` }).click();
      const note = card.locator(`#q-${questionId}-note`);
      await note.click();
      if (!counting) {
        counting = true;
        started = performance.now();
      }
      let text = '';
      for (const burst of bursts) {
        const characters = [...burst.text];
        for (const [i, character] of characters.entries()) {
          await sleep(burst.gaps[i] ?? 0);
          await page.keyboard.type(character);
          text += character;
        }
        await sleep(burst.pause);
      }
      typed.set(questionId, text);
    }
    // The final blur: leave the field; its pending edit goes out at once.
    await page.keyboard.press('Tab');
    await page.locator('[data-testid=save-state][data-state=saved]').waitFor();
    const typingMs = performance.now() - started;
    // Anything still due after the blur would show up here.
    await sleep(4000);
    counting = false;

    const stored = await invoke<AssessmentData>(server, 'getAssessment', { id });
    let lost = 0;
    let characters = 0;
    for (const [questionId, text] of typed) {
      characters += text.length;
      lost += lostCharacters(text, stored.answers[questionId]?.note ?? '');
    }
    return {
      autosaveInvokesPerMinute: Math.round((saves / (typingMs / 60_000)) * 10) / 10,
      autosaveLostCharacters: lost,
      autosaveSaves: saves,
      autosaveTypedCharacters: characters,
      autosaveTypingSeconds: Math.round(typingMs / 100) / 10,
      autosaveNoteFields: typed.size,
    };
  } catch (error) {
    const shot = join(tmpdir(), 'trust-bench-ui-autosave-failure.png');
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} (screenshot: ${shot})`,
      { cause: error },
    );
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Clicks and keystrokes from a new assessment to a submitted one

interface CompletionFigures {
  clicksToComplete: number;
  keystrokesToComplete: number;
  /** Applicable questions when submitted (all answered). */
  questionsToComplete: number;
  /** Of those, answered before the keyboard: the create dialog's hosting (G1) and the accepted manifest suggestions. */
  questionsFromManifest: number;
  /** Of those, answered one by one with Alt+N and the keyboard. */
  questionsByHand: number;
}

/** Keyboard answers to the field "Next unanswered" focused, by the field's type. */
const TYPED_ANSWERS: Readonly<Record<string, string>> = {
  url: 'https://acme.example/evidence',
  number: '99.9',
  text: 'Documented in the runbook.',
};

/**
 * The fastest path a partner has, scripted and counted: create the assessment (name typed,
 * Enter), take the empty assessment's manifest offer (upload examples/manifest.yml, analyze,
 * accept every suggestion), then Alt+N to each unanswered applicable question and answer it
 * from the keyboard (Space on the focused first option of radios and checkboxes, the answer
 * typed into text, URL, number and date fields), and submit, confirming "Submit anyway" if the
 * page asks. The create dialog writes its hosting choice as G1's answer, so the assessment is
 * not empty and the inline offer may not show; the Manifest import tab is then the way in. Counted: a click per click, a keystroke per key press or typed character (a chord
 * such as Alt+N is one), choosing a file in the upload dialog as two clicks (the field, then
 * the file). Waiting for the page is not counted.
 */
async function measureCompletion(
  browser: Browser,
  server: LocalServer,
): Promise<CompletionFigures> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let clicks = 0;
  let keystrokes = 0;
  const click = async (target: Locator) => {
    clicks += 1;
    await target.click();
  };
  const press = async (key: string) => {
    keystrokes += 1;
    await page.keyboard.press(key);
  };
  const type = async (text: string) => {
    keystrokes += [...text].length;
    await page.keyboard.type(text);
  };
  const progress = page.getByTestId('overall-progress');
  const answeredOfApplicable = async (): Promise<[number, number]> => {
    const [answered, applicable] = ((await progress.innerText()).match(/\d+/g) ?? []).map(Number);
    return [answered ?? NaN, applicable ?? NaN];
  };
  try {
    await page.goto(server.url);
    await page.locator('[data-testid=assessments-list][data-ready=true]').waitFor();

    await click(page.getByRole('button', { name: 'Create assessment', exact: true }));
    const dialog = page.getByRole('dialog', { name: 'Create assessment' });
    await dialog.getByLabel('App name (required)').waitFor();
    await type('Standup Digest');
    await press('Enter');
    await page.locator('[data-testid=questionnaire]').waitFor();

    // The empty assessment's offer when the page shows one, else the Manifest import tab (and
    // back to the questionnaire afterwards, one click each).
    const offer = page.getByTestId('manifest-offer');
    const nav = page.getByRole('navigation', { name: 'Assessment' });
    const viaOffer = (await offer.count()) > 0;
    if (viaOffer) await click(offer.getByTestId('open-manifest-import'));
    else await click(nav.getByRole('link', { name: 'Manifest import' }));
    const manifestImport = page.getByTestId('manifest-import');
    clicks += 2;
    await manifestImport
      .locator('input[type=file]')
      .setInputFiles(join(__dirname, '..', 'examples', 'manifest.yml'));
    await click(manifestImport.getByRole('button', { name: 'Analyze manifest' }));
    const accept = manifestImport.getByRole('button', { name: /^Accept \d+ suggestions?$/ });
    await click(accept);
    await manifestImport.getByTestId('import-saved').waitFor();
    if (!viaOffer) await click(nav.getByRole('link', { name: 'Questionnaire' }));
    await progress.waitFor();
    const [fromManifest] = await answeredOfApplicable();

    let byHand = 0;
    for (let guard = 0; guard < 200; guard += 1) {
      const [answered, applicable] = await answeredOfApplicable();
      if (answered === applicable) break;
      const before = await page.evaluate(
        () =>
          (globalThis as unknown as PageDocument).document.activeElement
            ?.closest('[data-testid=question]')
            ?.getAttribute('data-question-id') ?? null,
      );
      await press('Alt+N');
      await page.waitForFunction((previous) => {
        const card = (globalThis as unknown as PageDocument).document.activeElement?.closest(
          '[data-testid=question]',
        );
        return !!card && card.getAttribute('data-question-id') !== previous;
      }, before);
      const field = await page.evaluate(() => {
        const active = (globalThis as unknown as PageDocument).document.activeElement;
        // Atlaskit's DatePicker is a combobox text box inside the date field.
        const isDate = !!active?.closest('.tr-date-field');
        return {
          tag: active?.tagName.toLowerCase() ?? '',
          type: isDate ? 'date' : active?.getAttribute('type'),
        };
      });
      if (field.type === 'radio' || field.type === 'checkbox') await press('Space');
      else if (field.type === 'date') {
        // Until its chunk is in, a read-only stand-in holds the focus; the picker takes it over.
        await page.waitForFunction(
          () =>
            (globalThis as unknown as PageDocument).document.activeElement?.getAttribute('role') ===
            'combobox',
        );
        // The day as the page's locale writes it, then Enter, as in Jira's date fields.
        await type(
          await page.evaluate(() => new Intl.DateTimeFormat().format(new Date(2027, 0, 1))),
        );
        await press('Enter');
      } else await type(TYPED_ANSWERS[field.type ?? ''] ?? TYPED_ANSWERS.text ?? '');
      byHand += 1;
      // The header counts the answer before the next Alt+N, so none is pressed in vain.
      await page.waitForFunction((count) => {
        const text =
          (
            globalThis as unknown as {
              document: { querySelector(s: string): { textContent: string | null } | null };
            }
          ).document.querySelector('[data-testid=overall-progress]')?.textContent ?? '';
        return Number(/\d+/.exec(text)?.[0]) > count;
      }, answered);
    }
    const [answered, applicable] = await answeredOfApplicable();
    if (answered !== applicable) throw new Error(`only ${answered} of ${applicable} answered`);

    await click(page.getByRole('button', { name: 'Submit for review' }));
    const submitted = page.locator('[data-testid=status-lozenge][data-status=submitted]');
    const warning = page.getByTestId('submit-anyway');
    await Promise.race([submitted.waitFor(), warning.waitFor()]);
    if (await warning.isVisible()) await click(warning);
    await submitted.waitFor();
    return {
      clicksToComplete: clicks,
      keystrokesToComplete: keystrokes,
      questionsToComplete: applicable,
      questionsFromManifest: fromManifest,
      questionsByHand: byHand,
    };
  } catch (error) {
    const shot = join(tmpdir(), 'trust-bench-ui-complete-failure.png');
    await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} (screenshot: ${shot})`,
      { cause: error },
    );
  } finally {
    await context.close();
  }
}

function partsFromArgs(argv: readonly string[]): Set<UiPart> {
  const at = argv.indexOf('--only');
  if (at < 0) return new Set(UI_PARTS);
  const wanted = (argv[at + 1] ?? '').split(',');
  const unknown = wanted.filter((part) => !(UI_PARTS as readonly string[]).includes(part));
  if (unknown.length > 0) throw new Error(`--only takes ${UI_PARTS.join(', ')}`);
  return new Set(wanted as UiPart[]);
}

if (require.main === module) {
  measureUi(partsFromArgs(process.argv.slice(2))).then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
