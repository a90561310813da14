import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the Marketplace REST v2 `privacy-and-security` resource on 127.0.0.1:
 * GET /rest/2/addons/{addonKey}/privacy-and-security?state=live|draft returns the TrustInfo;
 * PUT with `{ appTrustInformation }` stores a new draft. Basic auth as documented; errors as
 * `{ errors: [{ message }] }`. `script` queues one-off answers (401, 403, 404, 429 + Retry-After).
 */
export interface MockMarketplace {
  url: string;
  tabs: Map<string, { live?: unknown; draft?: unknown }>;
  requests: { method: string; url: string; authorization?: string; body?: unknown }[];
  /** Answers to send before the normal behaviour, in order. */
  script: { status: number; retryAfter?: string; message?: string }[];
  credentials: { email: string; token: string };
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

export async function startMarketplace(): Promise<MockMarketplace> {
  const state: Omit<MockMarketplace, 'url' | 'close'> = {
    tabs: new Map(),
    requests: [],
    script: [],
    credentials: { email: 'ci@example.com', token: 'test-token' },
  };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      let body: unknown;
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        body = text;
      }
      state.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        ...(body !== undefined ? { body } : {}),
      });
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(payload === undefined ? '' : JSON.stringify(payload));
      };
      const next = state.script.shift();
      if (next) {
        send(
          next.status,
          { errors: [{ message: next.message ?? `scripted ${next.status}` }] },
          next.retryAfter !== undefined ? { 'Retry-After': next.retryAfter } : {},
        );
        return;
      }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = /^\/rest\/2\/addons\/([^/]+)\/privacy-and-security$/.exec(url.pathname);
      if (!match?.[1]) return send(404, { errors: [{ message: 'Not found' }] });
      const key = decodeURIComponent(match[1]);
      const expected = `Basic ${Buffer.from(`${state.credentials.email}:${state.credentials.token}`).toString('base64')}`;
      const authed = req.headers.authorization === expected;
      if (req.headers.authorization !== undefined && !authed) {
        return send(401, { errors: [{ message: 'Authentication failed' }] });
      }
      const tab = state.tabs.get(key);
      if (req.method === 'GET') {
        const wanted = url.searchParams.get('state') ?? (authed && tab?.draft ? 'draft' : 'live');
        if (wanted === 'draft' && !authed) {
          return send(401, { errors: [{ message: 'Authentication required' }] });
        }
        const doc = wanted === 'draft' ? tab?.draft : tab?.live;
        if (doc === undefined) return send(404, { errors: [{ message: `No ${wanted} version` }] });
        return send(200, doc);
      }
      if (req.method === 'PUT') {
        if (!authed) return send(401, { errors: [{ message: 'Authentication required' }] });
        if (!tab) return send(404, { errors: [{ message: `No app ${key}` }] });
        const info =
          typeof body === 'object' && body !== null
            ? (body as Record<string, unknown>).appTrustInformation
            : undefined;
        if (typeof info !== 'object' || info === null) {
          return send(400, { errors: [{ message: 'appTrustInformation is required' }] });
        }
        tab.draft = info;
        return send(200, info);
      }
      send(405, { errors: [{ message: 'Method not allowed' }] });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
