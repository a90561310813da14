import type { Browser, Page } from 'playwright-core';
import {
  animationsSettled,
  appUrl,
  launchBrowser,
  openPage,
  startApp,
  waitForTheme,
  type TestApp,
} from './harness';

/**
 * Issue 12: printing from dark mode. Every view is printed (emulated print media) with the dark
 * theme on, and every visible text node must reach 4.5:1 against its effective background,
 * composited up the ancestors onto white paper.
 */

jest.setTimeout(180_000);

let app: TestApp;
let browser: Browser;
let id = '';

interface Low {
  text: string;
  ratio: number;
}

/**
 * Runs in the page once its transitions have ended (as axeViolations does): the text nodes below
 * 4.5:1, and the lowest ratio seen.
 */
async function lowContrast(page: Page): Promise<{ low: Low[]; min: number; checked: number }> {
  await animationsSettled(page);
  return page.evaluate(() => {
    type RGBA = [number, number, number, number];
    const g = globalThis as unknown as {
      document: {
        body: unknown;
        createTreeWalker(root: unknown, what: number): { nextNode(): unknown };
      };
      getComputedStyle(el: unknown): {
        backgroundColor: string;
        color: string;
        visibility: string;
        opacity: string;
      };
    };
    // An unparsable colour is reported as ratio 0, so the checker fails rather than skipping.
    const parse = (c: string): RGBA | null => {
      const m = /^rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+))?\)$/.exec(c.trim());
      return m
        ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])]
        : null;
    };
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3];
      return [
        top[0] * a + under[0] * (1 - a),
        top[1] * a + under[1] * (1 - a),
        top[2] * a + under[2] * (1 - a),
        1,
      ];
    };
    const lum = (c: RGBA) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
    };
    type El = { parentElement: El | null; getClientRects(): { length: number } };
    const background = (el: El | null): RGBA | null => {
      const layers: RGBA[] = [];
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(g.getComputedStyle(e).backgroundColor);
        if (!bg) return null;
        if (bg[3] > 0) layers.push(bg);
        if (bg[3] === 1) break;
      }
      // Paper is white under everything.
      return layers.reduceRight<RGBA>((acc, layer) => over(layer, acc), [255, 255, 255, 1]);
    };
    const walker = g.document.createTreeWalker(g.document.body, 4);
    const low: { text: string; ratio: number }[] = [];
    let min = 21;
    let checked = 0;
    for (
      let n = walker.nextNode() as { textContent: string; parentElement: El | null } | null;
      n;
      n = walker.nextNode() as typeof n
    ) {
      const el = n.parentElement;
      if (!el || !n.textContent.trim() || el.getClientRects().length === 0) continue;
      const style = g.getComputedStyle(el);
      if (style.visibility !== 'visible' || Number(style.opacity) === 0) continue;
      const bg = background(el);
      const fg = parse(style.color);
      checked += 1;
      const ratio =
        bg && fg
          ? (() => {
              const a = lum(over(fg, bg));
              const b = lum(bg);
              return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            })()
          : 0;
      min = Math.min(min, ratio);
      if (ratio < 4.5)
        low.push({ text: n.textContent.trim().slice(0, 60), ratio: Math.round(ratio * 100) / 100 });
    }
    return { low, min: Math.round(min * 100) / 100, checked };
  });
}

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
  const { page, context } = await openPage(browser);
  await page.goto(app.url);
  const created = (await page.evaluate(async () => {
    const r = await fetch('/__local/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        functionKey: 'createAssessment',
        payload: { appName: 'Print Check' },
      }),
    });
    return r.json() as Promise<unknown>;
  })) as { data: { assessment: { id: string } } };
  id = created.data.assessment.id;
  await context.close();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

type ViewCase = [string, () => string, string];

// print.css is loaded by the entry (main.tsx), so every view prints the light tokens. Each
// ready selector is the view's own loaded content, not a shell that also holds its skeleton:
// a check of "no faint text" run on a skeleton passes whatever the view would have printed.
const VIEWS: ViewCase[] = [
  ['list', () => '/', '[data-testid=assessments-list][data-ready=true]'],
  ['questionnaire', () => `/assessments/${id}/questions`, '[data-testid=section-profile]'],
  ['results', () => `/assessments/${id}/results`, '[data-testid=results]'],
  ['history', () => `/assessments/${id}/history`, '[data-testid=history-table]'],
  ['review', () => `/assessments/${id}/review`, '[data-testid=review] [data-testid=audit-table]'],
  ['export', () => `/assessments/${id}/export`, '[data-testid=export]'],
  ['print', () => `/assessments/${id}/print`, '[data-testid=print-report]'],
];

it('the checker catches a deliberately low-contrast element (negative self-test)', async () => {
  const { page, context } = await openPage(browser, { theme: 'dark' });
  await page.goto(appUrl(app, '/', { theme: 'dark' }));
  await waitForTheme(page, 'dark');
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => {
    const d = (
      globalThis as unknown as {
        document: {
          createElement(t: string): { textContent: string; style: Record<string, string> };
          body: { append(e: unknown): void };
        };
      }
    ).document;
    const p = d.createElement('p');
    p.textContent = 'faint on purpose';
    p.style.color = '#bbbbbb';
    p.style.backgroundColor = '#ffffff';
    d.body.append(p);
  });
  const { low } = await lowContrast(page);
  expect(low.map((l) => l.text)).toContain('faint on purpose');
  await context.close();
});

async function printsReadably([name, path, ready]: ViewCase): Promise<void> {
  const { page, context } = await openPage(browser, { theme: 'dark' });
  try {
    await page.goto(appUrl(app, path(), { theme: 'dark' }));
    await waitForTheme(page, 'dark');
    await page.locator(ready).first().waitFor();
    await page.emulateMedia({ media: 'print' });
    const { low, min, checked } = await lowContrast(page);
    console.log(`${name}: ${checked} text nodes, min contrast ${min}`);
    expect(checked).toBeGreaterThan(0);
    expect(low).toEqual([]);
    // Headings stay with what follows them instead of ending a page.
    const loose = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> };
        getComputedStyle(e: unknown): { breakAfter: string };
      };
      return Array.from(g.document.querySelectorAll('h1, h2, h3'))
        .filter((h) => g.getComputedStyle(h).breakAfter !== 'avoid')
        .map((h) => (h.textContent ?? '').slice(0, 40));
    });
    expect(loose).toEqual([]);
  } finally {
    await context.close();
  }
}

it.each(VIEWS)('%s prints from dark mode with every text at 4.5:1 or more', (...view) =>
  printsReadably(view),
);
