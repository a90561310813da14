import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { DEFAULT_BUILD_DIR, startLocalServer } from '../../src/local/server';
import {
  appUrl,
  ensureBuild,
  gotoList,
  launchBrowser,
  openPage,
  startApp,
  type TestApp,
} from './harness';
import { anyString } from '../support/matchers';

/** The local runtime's HTTP surface: what it serves, what it refuses, who it says you are. */

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

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Raw HTTP, so paths are sent exactly as written (fetch would normalise `..`). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const url = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const invoke = (body: unknown, headers: Record<string, string> = {}) =>
  raw('/__local/invoke', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const json = (response: RawResponse): unknown => JSON.parse(response.body.toString('utf8'));

test('the page gets the shim before the bundle; the build itself has none', async () => {
  const page = await raw('/');
  expect(page.status).toBe(200);
  const html = page.body.toString('utf8');
  const shimAt = html.indexOf('/__local/bridge-shim.js');
  const bundleAt = html.indexOf('type="module"');
  expect(shimAt).toBeGreaterThan(0);
  expect(bundleAt).toBeGreaterThan(shimAt);
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");

  const built = [
    readFileSync(join(DEFAULT_BUILD_DIR, 'index.html'), 'utf8'),
    ...readdirSync(join(DEFAULT_BUILD_DIR, 'assets')).map((f) =>
      readFileSync(join(DEFAULT_BUILD_DIR, 'assets', f), 'utf8'),
    ),
  ];
  expect(built.filter((text) => text.includes('bridge-shim') || text.includes('__local'))).toEqual(
    [],
  );
});

test('assets: content type, gzip, immutable caching, conditional requests', async () => {
  const html = (await raw('/')).body.toString('utf8');
  const entry = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(entry).toBeDefined();
  const plain = await raw(`/${entry}`);
  const zipped = await raw(`/${entry}`, { headers: { 'Accept-Encoding': 'gzip, br' } });
  expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
  expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(zipped.headers['content-encoding']).toBe('gzip');
  expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
  expect(zipped.body.length).toBeLessThan(plain.body.length);

  const etag = String(plain.headers.etag);
  const again = await raw(`/${entry}`, { headers: { 'If-None-Match': etag } });
  expect(again.status).toBe(304);
  const head = await raw(`/${entry}`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect(head.body.length).toBe(0);
});

test.each([
  ['/../package.json', 404],
  ['/assets/../../../package.json', 404],
  ['/%2e%2e/%2e%2e/package.json', 404],
  ['/.vite/manifest.json', 404],
  ['/assets/missing.js', 404],
  ['/%E0%A4%A', 400],
])('refuses %s with %i', async (path, status) => {
  const response = await raw(path);
  expect(response.status).toBe(status);
  expect(response.body.toString('utf8')).not.toContain('"name": "trust-readiness-for-forge"');
});

test('deep links fall back to the app page', async () => {
  const response = await raw('/assessments/abc/results');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.body.toString('utf8')).toContain('<base href="/">');
});

test.each([
  ['bad JSON', () => invoke('{"functionKey":'), 400],
  ['not an object', () => invoke('"whoAmI"'), 400],
  ['unknown resolver', () => invoke({ functionKey: 'dropTables', payload: {} }), 404],
  ['payload not an object', () => invoke({ functionKey: 'whoAmI', payload: 'x' }), 400],
  [
    'wrong content type',
    () =>
      raw('/__local/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: '{"functionKey":"whoAmI"}',
      }),
    415,
  ],
  [
    'another origin',
    () => invoke({ functionKey: 'whoAmI', payload: {} }, { Origin: 'http://evil.example' }),
    403,
  ],
  ['GET', () => raw('/__local/invoke'), 405],
  [
    'over 1 MB',
    () => invoke({ functionKey: 'whoAmI', payload: { pad: 'x'.repeat(1024 * 1024 + 10) } }),
    413,
  ],
] as const)('invoke refuses %s', async (_label, send, status) => {
  const response = await send();
  expect(response.status).toBe(status);
  expect(json(response)).toEqual({ error: anyString });
});

test('invoke runs the real handler as the chosen user', async () => {
  expect(json(await invoke({ functionKey: 'whoAmI', payload: {} }))).toEqual({
    ok: true,
    data: { accountId: 'local-admin', isAdmin: true },
  });
  const asReviewer = await raw('/__local/invoke?as=local-reviewer', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ functionKey: 'whoAmI', payload: {} }),
  });
  expect(json(asReviewer)).toEqual({
    ok: true,
    data: { accountId: 'local-reviewer', isAdmin: true },
  });
  const asViewer = await invoke(
    { functionKey: 'listAssessments', payload: {} },
    { Cookie: 'trust_local_user=local-viewer' },
  );
  expect(json(asViewer)).toEqual({
    ok: false,
    error: { code: 'FORBIDDEN', message: anyString },
  });
  // Validation happens in the resolver, after the admin check: the envelope, not HTTP, says so.
  const invalid = await invoke({ functionKey: 'createAssessment', payload: { appName: '' } });
  expect(invalid.status).toBe(200);
  expect(json(invalid)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
});

test('a Jira user who is not an administrator gets a clear "administrators only" page', async () => {
  const { page, context, dialogs } = await openPage(browser);
  await page.goto(appUrl(app, '/', { as: 'local-viewer' }));
  const state = page.locator('[data-testid=admins-only]');
  // The state's message arrives with a lazily loaded chunk; wait for the words, not the box.
  await state.getByText('Only Jira administrators can use Trust readiness').waitFor();
  await expect(state.innerText()).resolves.toContain(
    'Only Jira administrators can use Trust readiness',
  );
  // The choice sticks (cookie) for deep links without ?as=.
  await page.goto(appUrl(app, '/assessments/some-assessment-id/results'));
  await state.waitFor();
  await expect(page.getByRole('navigation', { name: 'Assessment' }).count()).resolves.toBe(0);
  // And on the list, where an administrator would have the list and its Create button.
  await page.goto(appUrl(app, '/'));
  await state.getByText('Only Jira administrators can use Trust readiness').waitFor();
  await expect(page.getByRole('button', { name: 'Create assessment' }).count()).resolves.toBe(0);
  await expect(page.locator('[data-testid=assessments-list]').count()).resolves.toBe(0);
  expect(dialogs).toEqual([]);
  await context.close();
});

test('data survives a restart of the server', async () => {
  ensureBuild();
  const dataDir = mkdtempSync(join(tmpdir(), 'trust-restart-'));
  // Only one server may own the platform seam at a time: pause the shared one.
  await app.close();
  try {
    const first = await startLocalServer({ port: 0, dataDir });
    const created = await fetch(new URL('/__local/invoke', first.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ functionKey: 'createAssessment', payload: { appName: 'Durable' } }),
    });
    expect(((await created.json()) as { ok: boolean }).ok).toBe(true);
    await first.close();

    const second = await startLocalServer({ port: 0, dataDir });
    const listed = await fetch(new URL('/__local/invoke', second.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ functionKey: 'listAssessments', payload: {} }),
    });
    const body = (await listed.json()) as { data: { items: { appName: string }[] } };
    expect(body.data.items.map((i) => i.appName)).toEqual(['Durable']);
    await second.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    app = await startApp();
  }
  const { page, context } = await openPage(browser);
  await gotoList(page, app);
  await context.close();
});
