import { oneLine } from './errors';

/**
 * The Marketplace REST v2 `privacy-and-security` resource, from the partner's CI with the
 * partner's own API token (Forge apps cannot call it, and this app keeps no token):
 *
 *   GET /rest/2/addons/{addonKey}/privacy-and-security?state=live|draft
 *   PUT /rest/2/addons/{addonKey}/privacy-and-security   body { appTrustInformation: TrustInfo }
 *
 * Basic auth with the Atlassian account's email and API token. A 429 is retried after its
 * Retry-After (seconds or an HTTP date), at most `maxRetries` times.
 */

export const DEFAULT_MARKETPLACE_URL = 'https://marketplace.atlassian.com';
export const ENV = {
  baseUrl: 'TRUST_ASSESS_MARKETPLACE_URL',
  email: 'MARKETPLACE_EMAIL',
  token: 'MARKETPLACE_API_TOKEN',
} as const;

/** The longest Retry-After honoured; a longer one fails at once rather than stall CI. */
export const MAX_RETRY_AFTER_SECONDS = 60;

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** Why a call to the Marketplace failed; the CLI exits 4 with the message. */
export class MarketplaceError extends Error {
  override readonly name = 'MarketplaceError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface MarketplaceClientOptions {
  baseUrl: string;
  /** Absent for an anonymous read of the live tab. */
  credentials?: { email: string; token: string };
  fetch: FetchLike;
  sleep: (ms: number) => Promise<void>;
  maxRetries?: number;
  /** Where a retry is announced (stderr). */
  log?: (line: string) => void;
}

export type TabState = 'live' | 'draft';

export class MarketplaceClient {
  constructor(private readonly options: MarketplaceClientOptions) {}

  private url(appKey: string, state?: TabState): string {
    const base = this.options.baseUrl.replace(/\/+$/, '');
    const query = state ? `?state=${state}` : '';
    return `${base}/rest/2/addons/${encodeURIComponent(appKey)}/privacy-and-security${query}`;
  }

  /** The tab in `state`; resolves to the parsed JSON body. */
  async getTab(appKey: string, state: TabState): Promise<unknown> {
    const text = await this.request('GET', this.url(appKey, state), appKey, state);
    return parseBody(text);
  }

  /** Creates or replaces the draft; resolves to the parsed body (may be empty). */
  async putDraft(appKey: string, body: unknown): Promise<unknown> {
    const text = await this.request('PUT', this.url(appKey), appKey, 'draft', JSON.stringify(body));
    return text.trim() === '' ? undefined : parseBody(text);
  }

  private async request(
    method: 'GET' | 'PUT',
    url: string,
    appKey: string,
    state: TabState,
    body?: string,
  ): Promise<string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const credentials = this.options.credentials;
    if (credentials) {
      const basic = Buffer.from(`${credentials.email}:${credentials.token}`).toString('base64');
      headers.Authorization = `Basic ${basic}`;
    }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const maxRetries = this.options.maxRetries ?? 3;
    for (let attempt = 0; ; attempt += 1) {
      let response: Awaited<ReturnType<FetchLike>>;
      try {
        response = await this.options.fetch(url, {
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
        });
      } catch (error) {
        const cause =
          error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        const reason = error instanceof Error ? error.message : String(error);
        throw new MarketplaceError(
          `cannot reach ${this.options.baseUrl}: ${oneLine(`${reason}${cause}`)}`,
        );
      }
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) return text;
      if (response.status === 429) {
        const wait = retryAfterSeconds(response.headers.get('retry-after'));
        if (attempt < maxRetries && wait !== undefined && wait <= MAX_RETRY_AFTER_SECONDS) {
          this.options.log?.(
            `rate limited by the Marketplace (429); retrying in ${wait} s (${attempt + 1} of ${maxRetries})`,
          );
          await this.options.sleep(wait * 1000);
          continue;
        }
      }
      throw failure(response.status, errorDetail(text), method, appKey, state, attempt);
    }
  }
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MarketplaceError('the Marketplace answered with a body that is not JSON');
  }
}

/** Retry-After as seconds: a number of seconds or an HTTP date; undefined when unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return 1;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** The first message of a Marketplace error body (`{ errors: [{ message }] }` or `{ message }`). */
function errorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null) {
      const record = body as Record<string, unknown>;
      const errors = record.errors;
      if (Array.isArray(errors)) {
        const first: unknown = errors[0];
        if (typeof first === 'object' && first !== null) {
          const message = (first as Record<string, unknown>).message;
          if (typeof message === 'string') return oneLine(message).slice(0, 300);
        }
      }
      if (typeof record.message === 'string') return oneLine(record.message).slice(0, 300);
    }
  } catch {
    // not JSON: no detail
  }
  return '';
}

function failure(
  status: number,
  detail: string,
  method: string,
  appKey: string,
  state: TabState,
  retries: number,
): MarketplaceError {
  const suffix = detail === '' ? '' : ` (the Marketplace says: ${detail})`;
  const key = oneLine(appKey);
  switch (status) {
    case 401:
      return new MarketplaceError(
        `401 Unauthorized: the Marketplace did not accept the credentials; set ${ENV.email} and ${ENV.token} to an Atlassian account's email and API token${suffix}`,
        status,
      );
    case 403:
      return new MarketplaceError(
        `403 Forbidden: the account may not ${method === 'PUT' ? 'write' : 'read'} the ${state} Privacy & Security tab of ${key}; it needs the manage-app permission for the app in the partner's developer space${suffix}`,
        status,
      );
    case 404:
      return new MarketplaceError(
        `404 Not Found: no ${state} Privacy & Security tab for app ${key} (check the app key, or push a draft first)${suffix}`,
        status,
      );
    case 429:
      return new MarketplaceError(
        `429 Too Many Requests: still rate limited after ${retries} ${retries === 1 ? 'retry' : 'retries'}; run again later${suffix}`,
        status,
      );
    default:
      return new MarketplaceError(
        `the Marketplace answered ${status} to ${method} for ${key}${suffix}`,
        status,
      );
  }
}
