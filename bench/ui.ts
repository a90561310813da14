/**
 * Admin page figures: bytes the browser needs for the first view, bytes of the whole build,
 * and time from navigation to a usable assessments list in headless Chromium.
 *
 *   npx tsx bench/ui.ts        prints { "ui": { ... } }
 *   measureUi()                 the same, for bench/index.ts
 *
 * Sizes are gzip (level 9, as the local server sends them) of the production build files, so
 * they do not depend on the server; the local-only bridge shim, token theme and resolver calls
 * are left out because in Jira the host provides those.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_BUILD_DIR, startLocalServer } from '../src/local/server';
import { launchBrowser } from '../test/support/chromium';

export interface UiFigures {
  ui: {
    initialLoadGzipBytes: number;
    totalGzipBytes: number;
    firstViewMs: number;
    invokesBeforeListUsable: number;
  };
}

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
// the navigation's time origin, so browser start-up and test plumbing are not counted.
const READY_PROBE = `
  (() => {
    const check = () => {
      if (document.querySelector(${JSON.stringify(READY)})) {
        window.__firstViewMs = performance.now();
        return;
      }
      requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })();
`;

export async function measureUi(): Promise<UiFigures> {
  const index = join(DEFAULT_BUILD_DIR, 'index.html');
  if (!existsSync(index) || !readFileSync(index, 'utf8').includes('<script')) {
    throw new Error('the admin page is not built: run `npm run build:ui` first');
  }
  const files = buildFiles(DEFAULT_BUILD_DIR);
  const totalGzipBytes = files.reduce((sum, path) => sum + gzipBytes(path), 0);

  const dataDir = mkdtempSync(join(tmpdir(), 'trust-bench-ui-'));
  const server = await startLocalServer({ port: 0, dataDir });
  const browser = await launchBrowser();
  try {
    // A realistic first page: a couple of dozen assessments to list.
    for (let i = 0; i < 25; i += 1) {
      await fetch(new URL('/__local/invoke', server.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          functionKey: 'createAssessment',
          payload: { appName: `Bench app ${i}` },
        }),
      });
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
      await page.goto(server.url);
      await page.locator(READY).waitFor();
      ready = true;
      const ms = (await page.evaluate('window.__firstViewMs')) as number;
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
      ui: {
        initialLoadGzipBytes,
        totalGzipBytes,
        firstViewMs: median(timings),
        invokesBeforeListUsable,
      },
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  measureUi().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
