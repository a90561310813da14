import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CSPInjectionService, CSPProcessingService } from '@forge/csp';
import type { Permissions } from '@forge/manifest';
import { load as loadHtml } from 'cheerio';
import { parse as parseYaml } from 'yaml';
import { handler } from '../index';
import { resolverSchemas } from '../shared/api';
import { createJiraStub, type LocalUser } from './jira-stub';
import { entitiesFromManifest } from './kvs-entities';
import { createLocalPlatform } from './platform';

/**
 * The local runtime's web server: the production build of the admin page, a bridge shim in
 * front of it, and `POST /__local/invoke` into the very handler Forge runs. node:http only, so
 * `npm start` needs nothing beyond the app's own dependencies.
 */

export interface LocalServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host?: string;
  /** Folder for the SQLite file; created when missing. */
  dataDir: string;
  /** Accounts the Jira stub knows; the first admin is the default user. */
  users?: readonly LocalUser[];
  /** Request log lines; silent when omitted. */
  log?: (line: string) => void;
  /** Where the built admin page lives; defaults to static/admin/build. */
  buildDir?: string;
}

export interface LocalServer {
  url: string;
  /** The policy every admin page response carries (see forgeContentSecurityPolicy). */
  contentSecurityPolicy: string;
  /** Violation reports browsers have sent to the policy's report-uri, oldest first. */
  cspReports: readonly CspReport[];
  close(): Promise<void>;
}

export const DEFAULT_LOCAL_USERS: readonly LocalUser[] = [
  { accountId: 'local-admin', displayName: 'Local admin', admin: true },
  { accountId: 'local-reviewer', displayName: 'Local reviewer', admin: true },
  { accountId: 'local-viewer', displayName: 'Local viewer', admin: false },
];

const REPO_ROOT = resolve(__dirname, '..', '..');
export const DEFAULT_BUILD_DIR = join(REPO_ROOT, 'static', 'admin', 'build');
const SHIM_PATH = join(__dirname, 'bridge-shim.js');
const MANIFEST_PATH = join(REPO_ROOT, 'manifest.yml');
export const DB_FILE = 'trust-readiness.sqlite';

const MODULE_KEY = 'trust-readiness-admin';
const USER_COOKIE = 'trust_local_user';
const BODY_LIMIT = 1024 * 1024;
const GZIP_MIN_BYTES = 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg\+xml)/;

const CSP_REPORT_PATH = '/__local/csp-report';
const CSP_REPORT_LIMIT = 64 * 1024;

/**
 * The Content-Security-Policy Forge puts on this app's Custom UI, computed as Forge computes
 * it (@forge/csp) from the manifest's `permissions.content` and `permissions.external` and the
 * page's own HTML (hashes of inline scripts, if it had any), for production. One adaptation,
 * the same one `forge tunnel` makes through the same parameter: `report-uri` points at this
 * server instead of Atlassian's report collector, so a violation report never leaves the
 * machine (and can be read back); that parameter also adds `http://localhost:*` and
 * `ws://localhost:*` to connect-src, as under the tunnel. The page's own origin is covered by
 * the policy's `'self'`, so nothing else changes.
 */
export function forgeContentSecurityPolicy(
  html: string,
  permissions: Permissions | undefined,
  reportUri: string,
): string {
  const details = new CSPProcessingService({ info: () => undefined }, loadHtml).getCspDetails(
    html,
    permissions ?? {},
  );
  return new CSPInjectionService()
    .getInjectableCSP({
      existingCSPDetails: details,
      microsEnv: 'prod',
      tunnelCSPReporterUri: reportUri,
    })
    .join('; ');
}

export interface CspReport {
  /** The violation as the browser reported it (the `csp-report` member of its body). */
  report: Record<string, unknown>;
  at: number;
}

let active = false;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  gzipped: Buffer | null;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  if (active) {
    // The platform seam is a process-wide global; two servers would answer for each other.
    throw new Error('A local server is already running in this process; close it first.');
  }
  const host = options.host ?? '127.0.0.1';
  const buildDir = resolve(options.buildDir ?? DEFAULT_BUILD_DIR);
  const users = options.users ?? DEFAULT_LOCAL_USERS;
  const defaultUser = users.find((u) => u.admin)?.accountId ?? users[0]?.accountId;
  if (!defaultUser) throw new Error('The local server needs at least one user.');
  const log = options.log ?? (() => undefined);

  const manifest = parseYaml(readFileSync(MANIFEST_PATH, 'utf8')) as {
    permissions?: Permissions;
  } | null;
  const permissions = manifest?.permissions;
  const cspReports: CspReport[] = [];
  // Filled in once the port is known: the report-uri is an absolute URL on this server.
  let assetPolicy = '';
  const themeCss = loadThemeCss();
  const shim = readFileSync(SHIM_PATH);

  active = true;
  const platform = createLocalPlatform({
    dbPath: join(resolve(options.dataDir), DB_FILE),
    entities: entitiesFromManifest(manifest),
    users,
  });

  const files = new Map<string, CachedFile>();
  let origin = '';
  // The page's requestJira (names and avatars) runs as the signed-in user, as in Jira.
  const jira = createJiraStub(users);

  const productRequest = async (request: IncomingMessage, accountId: string) => {
    if (request.method !== 'POST') throw new HttpError(405, 'product requests are POSTed');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new HttpError(415, 'expected application/json');
    }
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      throw new HttpError(403, 'cross-origin request refused');
    }
    let body: { product?: unknown; restPath?: unknown; method?: unknown };
    try {
      body = JSON.parse(await readBody(request, 16 * 1024)) as typeof body;
    } catch {
      throw new HttpError(400, 'the body is not valid JSON');
    }
    if (body.product !== 'jira') throw new HttpError(404, 'only Jira is stubbed locally');
    if (typeof body.restPath !== 'string' || !body.restPath.startsWith('/rest/')) {
      throw new HttpError(400, 'restPath must start with /rest/');
    }
    // Read-only: the page only reads users; nothing here may change the stub's data.
    if (body.method !== undefined && body.method !== 'GET') {
      throw new HttpError(405, 'the local product API only answers GET');
    }
    const answer = await platform.runAsUser(accountId, () =>
      jira({ type: 'fpp', provider: 'user', remote: 'jira' }, body.restPath as string, {
        method: 'GET',
      }),
    );
    return {
      status: answer.status,
      statusText: answer.statusText,
      headers: Object.fromEntries(answer.headers.entries()),
      body: await answer.text(),
    };
  };

  const userFor = (request: IncomingMessage, url: URL): string => {
    const asked = url.searchParams.get('as') ?? readCookie(request, USER_COOKIE);
    return asked !== null && users.some((u) => u.accountId === asked) ? asked : defaultUser;
  };

  const invoke = async (request: IncomingMessage, accountId: string): Promise<unknown> => {
    if (request.method !== 'POST') throw new HttpError(405, 'invoke only accepts POST');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      throw new HttpError(415, 'invoke expects application/json');
    }
    // A JSON content type already forces a CORS preflight, which this server never answers;
    // the origin check also stops a page on another port of this machine.
    const requestOrigin = request.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) {
      throw new HttpError(403, 'cross-origin invoke refused');
    }
    const text = await readBody(request, BODY_LIMIT);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'the body is not valid JSON');
    }
    if (typeof body !== 'object' || body === null) throw new HttpError(400, 'expected an object');
    const { functionKey, payload } = body as { functionKey?: unknown; payload?: unknown };
    if (typeof functionKey !== 'string' || !Object.hasOwn(resolverSchemas, functionKey)) {
      throw new HttpError(404, 'no resolver with that functionKey');
    }
    if (payload !== undefined && (typeof payload !== 'object' || payload === null)) {
      throw new HttpError(400, 'payload must be an object');
    }
    return platform.runAsUser(accountId, () =>
      handler(
        {
          call: { functionKey, payload: payload ?? {} },
          context: {
            extension: { type: 'jira:adminPage' },
            moduleKey: MODULE_KEY,
            localId: `local-${MODULE_KEY}`,
          },
        },
        { principal: { accountId } },
      ),
    );
  };

  const serveFile = async (
    request: IncomingMessage,
    response: ServerResponse,
    pathname: string,
    accountId: string,
  ): Promise<void> => {
    const path = safePath(buildDir, pathname);
    const found = path ? await statFile(path) : null;
    if (path && found && !pathname.endsWith('index.html')) {
      const cached = await cachedFile(files, path, found);
      const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
      // Vite puts a content hash in every asset name, so those never change under a URL.
      const immutable = pathname.startsWith('/assets/');
      send(request, response, 200, type, cached.body, {
        cacheControl: immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        gzipped: cached.gzipped,
        etag: `W/"${cached.size.toString(16)}-${Math.floor(cached.mtimeMs).toString(16)}"`,
        // Forge's CDN sends the resource's policy on every file of it, not only the HTML.
        csp: assetPolicy,
      });
      return;
    }
    if (extname(pathname) !== '' && !pathname.endsWith('.html')) {
      throw new HttpError(404, 'not found');
    }
    // Everything else is a route of the single-page app.
    const index = await readFile(join(buildDir, 'index.html'), 'utf8').catch(() => null);
    if (index === null) {
      throw new HttpError(503, 'The admin page is not built yet: run `npm run build:ui`.');
    }
    const html = injectShim(index, accountId);
    send(request, response, 200, CONTENT_TYPES['.html'] ?? 'text/html', Buffer.from(html), {
      cacheControl: 'no-cache',
      gzipped: null,
      // From the page as served, so an inline script would get its hash as under Forge.
      csp: forgeContentSecurityPolicy(html, permissions, `${origin}${CSP_REPORT_PATH}`),
    });
  };

  const server = createServer((request, response) => {
    const started = Date.now();
    let label = `${request.method ?? '?'} ${request.url ?? ''}`;
    void (async () => {
      const url = new URL(request.url ?? '/', origin || 'http://localhost');
      const accountId = userFor(request, url);
      if (url.searchParams.has('as')) {
        response.setHeader(
          'Set-Cookie',
          `${USER_COOKIE}=${encodeURIComponent(accountId)}; Path=/; HttpOnly; SameSite=Strict`,
        );
      }
      if (url.pathname === '/__local/invoke') {
        const result = await invoke(request, accountId);
        label = `${label} as ${accountId}`;
        sendJson(request, response, 200, result);
      } else if (url.pathname === '/__local/product') {
        const answer = await productRequest(request, accountId);
        label = `${label} as ${accountId}`;
        sendJson(request, response, 200, answer);
      } else if (url.pathname === '/__local/bridge-shim.js') {
        send(request, response, 200, CONTENT_TYPES['.js'] ?? '', shim, {
          cacheControl: 'no-cache',
          gzipped: null,
        });
      } else if (url.pathname === '/__local/theme.css') {
        send(request, response, 200, CONTENT_TYPES['.css'] ?? '', Buffer.from(themeCss), {
          cacheControl: 'no-cache',
          gzipped: null,
        });
      } else if (url.pathname === CSP_REPORT_PATH) {
        if (request.method !== 'POST') throw new HttpError(405, 'reports are POSTed');
        const text = await readBody(request, CSP_REPORT_LIMIT);
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new HttpError(400, 'the report is not valid JSON');
        }
        const report = (body as { 'csp-report'?: unknown } | null)?.['csp-report'];
        if (typeof report !== 'object' || report === null) {
          throw new HttpError(400, 'expected a csp-report object');
        }
        cspReports.push({ report: report as Record<string, unknown>, at: Date.now() });
        log(`CSP violation: ${JSON.stringify(report)}`);
        response.writeHead(204).end();
      } else if (url.pathname === '/__local/health') {
        sendJson(request, response, 200, { ok: true });
      } else if (request.method === 'GET' || request.method === 'HEAD') {
        await serveFile(request, response, url.pathname, accountId);
      } else {
        throw new HttpError(405, 'method not allowed');
      }
    })()
      .catch((error: unknown) => {
        if (error instanceof HttpError) {
          sendJson(request, response, error.status, { error: error.message });
          return;
        }
        const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        log(`error in ${label}: ${detail}`);
        if (!response.headersSent) sendJson(request, response, 500, { error: 'internal error' });
        else response.destroy();
      })
      .finally(() => {
        log(`${label} ${response.statusCode} ${Date.now() - started}ms`);
      });
  });

  try {
    await new Promise<void>((resolvePromise, reject) => {
      server.once('error', reject);
      server.listen(options.port, host, () => {
        server.off('error', reject);
        resolvePromise();
      });
    });
  } catch (error) {
    platform.close();
    active = false;
    throw error;
  }
  const address = server.address() as AddressInfo;
  origin = `http://${host}:${address.port}`;
  assetPolicy = forgeContentSecurityPolicy('', permissions, `${origin}${CSP_REPORT_PATH}`);

  let closing: Promise<void> | null = null;
  return {
    url: `${origin}/`,
    contentSecurityPolicy: assetPolicy,
    cspReports,
    close: () => {
      closing ??= new Promise<void>((resolveClose) => {
        server.close(() => {
          platform.close();
          active = false;
          resolveClose();
        });
        server.closeIdleConnections();
        // Requests still running get a moment to finish before their sockets go.
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      return closing;
    },
  };
}

/**
 * The design-token style sheets Jira loads when an app calls view.theme.enable(): both colour
 * themes (the page picks one with data-color-mode) plus spacing, typography, shape and motion.
 * Read from @atlaskit/tokens' generated artifacts, the same CSS setGlobalTheme injects.
 */
function loadThemeCss(): string {
  const load = createRequire(__filename);
  return ['light', 'dark', 'spacing', 'typography', 'shape', 'motion']
    .map((id) => {
      const artifact = load(`@atlaskit/tokens/dist/cjs/artifacts/themes/atlassian-${id}.js`) as {
        default: unknown;
      };
      if (typeof artifact.default !== 'string') {
        throw new Error(`@atlaskit/tokens has no "${id}" theme where the local server expects it`);
      }
      return artifact.default;
    })
    .join('\n');
}

function injectShim(html: string, accountId: string): string {
  // <base> keeps the build's relative asset URLs working on deep links like /assessments/x.
  const tags =
    '<base href="/">' +
    `<script src="/__local/bridge-shim.js" data-account-id="${escapeAttribute(accountId)}" data-module-key="${MODULE_KEY}"></script>`;
  // Before the first script or stylesheet: <base> must precede every relative URL, and the
  // shim must run before the bundle reads globalThis.__bridge.
  const first = /<(script|link)\b/i.exec(html);
  const at = first ? first.index : html.search(/<\/head>/i);
  if (at < 0) return tags + html;
  return html.slice(0, at) + tags + html.slice(at);
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function readCookie(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(rest.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

function safePath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, 'bad path encoding');
  }
  if (decoded.includes('\0')) throw new HttpError(400, 'bad path');
  // Dot-files (.vite/manifest.json and the like) are build internals, not site content.
  if (decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
  const full = resolve(root, `.${decoded}`);
  return full === root || full.startsWith(root + sep) ? full : null;
}

async function statFile(path: string) {
  try {
    const info = await stat(path);
    return info.isFile() ? info : null;
  } catch {
    return null;
  }
}

async function cachedFile(
  cache: Map<string, CachedFile>,
  path: string,
  info: { mtimeMs: number; size: number },
): Promise<CachedFile> {
  const hit = cache.get(path);
  if (hit && hit.mtimeMs === info.mtimeMs && hit.size === info.size) return hit;
  const body = await readFile(path);
  const type = CONTENT_TYPES[extname(path)] ?? '';
  const gzipped =
    COMPRESSIBLE.test(type) && body.length >= GZIP_MIN_BYTES ? gzipSync(body, { level: 9 }) : null;
  const entry = { mtimeMs: info.mtimeMs, size: info.size, body, gzipped };
  cache.set(path, entry);
  return entry;
}

function acceptsGzip(request: IncomingMessage): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function send(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  type: string,
  body: Buffer,
  options: { cacheControl: string; gzipped: Buffer | null; etag?: string; csp?: string },
): void {
  response.setHeader('Content-Type', type);
  response.setHeader('Cache-Control', options.cacheControl);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  if (options.csp) response.setHeader('Content-Security-Policy', options.csp);
  if (options.etag) {
    response.setHeader('ETag', options.etag);
    if (request.headers['if-none-match'] === options.etag) {
      response.writeHead(304).end();
      return;
    }
  }
  let payload = body;
  const compressible = COMPRESSIBLE.test(type) && body.length >= GZIP_MIN_BYTES;
  if (compressible) response.setHeader('Vary', 'Accept-Encoding');
  if (compressible && acceptsGzip(request)) {
    payload = options.gzipped ?? gzipSync(body);
    response.setHeader('Content-Encoding', 'gzip');
  }
  response.setHeader('Content-Length', payload.length);
  response.writeHead(status);
  response.end(request.method === 'HEAD' ? undefined : payload);
}

function sendJson(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  value: unknown,
): void {
  send(
    request,
    response,
    status,
    CONTENT_TYPES['.json'] ?? '',
    Buffer.from(JSON.stringify(value)),
    {
      cacheControl: 'no-store',
      gzipped: null,
    },
  );
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, `the body is larger than ${limit} bytes`));
      request.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(413, `the body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!failed) resolveBody(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}
