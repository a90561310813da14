import api, { isForgePlatformError, route } from '@forge/api';

/**
 * Only Jira administrators may read or change assessments. Identity comes from the platform
 * (`asUser()` carries the invoking user's token), never from the payload.
 */
export class NotAdminError extends Error {
  constructor() {
    super('Only Jira administrators can use Trust readiness.');
    this.name = 'NotAdminError';
  }
}

/** Jira answered 429: the permission check, and so the call, must wait. */
export class JiraRateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Jira is rate limiting this app');
    this.name = 'JiraRateLimitedError';
  }
}

/** Jira failed (5xx) or could not be reached: the check did not happen, so nothing did. */
export class JiraUnavailableError extends Error {
  constructor(readonly detail: string) {
    super(`the Jira permission check did not complete: ${detail}`);
    this.name = 'JiraUnavailableError';
  }
}

/**
 * Errors that @forge/api marks as the platform's own (e.g. a user who must grant consent
 * again): the Forge runtime acts on them, so resolvers rethrow them instead of answering.
 */
export function mustReachRuntime(error: unknown): boolean {
  return error instanceof Error && isForgePlatformError(error);
}

/** When Jira gives no usable Retry-After, wait this long (Jira's docs ask for backoff). */
const DEFAULT_RETRY_AFTER_MS = 5_000;

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null) return DEFAULT_RETRY_AFTER_MS;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, date - now);
}

interface MyPermissionsResponse {
  permissions?: Record<string, { havePermission?: boolean } | undefined>;
}

/**
 * Jira's "administer" global permission, as GET /rest/api/3/mypermissions reports it. Asked
 * once per invocation and never cached beyond it: revoking an admin takes effect at once.
 */
export async function requireJiraAdmin(): Promise<void> {
  let response: Awaited<ReturnType<ReturnType<typeof api.asUser>['requestJira']>>;
  try {
    response = await api
      .asUser()
      .requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, {
        headers: { Accept: 'application/json' },
      });
  } catch (error) {
    if (mustReachRuntime(error)) throw error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new JiraUnavailableError(detail);
  }
  if (response.status === 401 || response.status === 403) throw new NotAdminError();
  if (response.status === 429) {
    throw new JiraRateLimitedError(retryAfterMs(response.headers.get('Retry-After')));
  }
  if (!response.ok) throw new JiraUnavailableError(`HTTP ${response.status}`);
  const body = (await response.json()) as MyPermissionsResponse;
  if (body.permissions?.ADMINISTER?.havePermission !== true) throw new NotAdminError();
}
