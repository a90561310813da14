import { AsyncLocalStorage } from 'node:async_hooks';
import type { ForgeFetch, PendingFault } from './forge-fetch';
import { jsonResponse, respond } from './forge-fetch';

/**
 * Answers the two Jira Cloud REST calls the app makes through `asUser().requestJira(...)`:
 * who am I, and am I a Jira admin. "I" is whoever the surrounding `runAsUser` says, because a
 * Forge function always runs on behalf of the user who invoked it.
 */

export interface LocalUser {
  accountId: string;
  displayName: string;
  admin: boolean;
  emailAddress?: string;
  /** The account was closed: the personal data reporting API says so. */
  closed?: boolean;
  /** When the profile last changed; a later date than the app reports makes it "updated". */
  profileUpdatedAt?: string;
}

const invocationUser = new AsyncLocalStorage<{ accountId: string }>();

/** Runs `fn` (and everything it awaits) as the given Atlassian account. */
export function runAsUser<T>(accountId: string, fn: () => T): T {
  return invocationUser.run({ accountId }, fn);
}

export function currentAccountId(): string | undefined {
  return invocationUser.getStore()?.accountId;
}

const SITE = 'https://local-forge.atlassian.net';

// Jira Cloud's descriptor for the global "Administer Jira" permission.
const ADMINISTER = {
  id: '0',
  key: 'ADMINISTER',
  name: 'Administer Jira',
  type: 'GLOBAL',
  description:
    'Create and administer projects, issue types, fields, workflows, and schemes for all projects. ' +
    'Users with this permission can perform most administration tasks, except: managing users, ' +
    'importing data, and editing system email settings.',
} as const;

const KNOWN_PERMISSIONS: Readonly<Record<string, typeof ADMINISTER>> = { ADMINISTER };

// Jira answers errors as `{ errorMessages, errors }`, not in the KVS `{ code, message }` shape.
const jiraError = (status: number, message: string): Response =>
  jsonResponse(status, { errorMessages: [message], errors: {} });

/**
 * What a product (Jira) request gets when an injected `server-error` or `rate-limit` fault fires.
 * Jira documents 429 with a `Retry-After` header (seconds) but not a body, so the 429 has none:
 * code that reads the body of a 429 instead of its status fails here first. A 500 carries Jira's
 * usual `{ errorMessages, errors }` body.
 */
export function jiraFaultResponse(fault: PendingFault): Response {
  if (fault.kind === 'rate-limit') {
    return respond(429, null, { 'retry-after': String(fault.retryAfterSeconds) });
  }
  return jiraError(500, 'Internal server error (local platform: injected fault)');
}

export function createJiraStub(users: readonly LocalUser[]): ForgeFetch {
  const byId = new Map(users.map((user) => [user.accountId, user]));

  return async (target, path, init) => {
    if (target.type === 'fpp' && target.remote === 'stargate' && target.provider === 'app') {
      return reportAccounts(byId, path, init);
    }
    if (target.type !== 'fpp' || target.remote !== 'jira') {
      return jsonResponse(404, {
        code: 'NOT_FOUND',
        message: `The local platform only stubs Jira; got a "${target.type}" request for remote "${target.remote ?? 'none'}" at ${path}`,
      });
    }
    if (target.provider !== 'user') {
      return jiraError(
        501,
        'The local Jira stub only answers asUser() requests; asApp() calls are not emulated',
      );
    }
    const url = new URL(path, SITE);
    const method = (init?.method ?? 'GET').toUpperCase();
    const route = url.pathname.replace(/\/+$/, '');
    if (route === '/rest/api/3/user/bulk' && method === 'GET') {
      return userBulk(byId, url, currentAccountId() !== undefined);
    }
    if (route !== '/rest/api/3/mypermissions' && route !== '/rest/api/3/myself') {
      return jiraError(404, `The local Jira stub does not serve ${method} ${url.pathname}`);
    }
    if (method !== 'GET') {
      return jiraError(405, `${url.pathname} only supports GET`);
    }

    // An explicit asUser(accountId) wins over the invocation's user, as it does in Forge.
    const accountId = target.accountId ?? currentAccountId();
    const user = accountId === undefined ? undefined : byId.get(accountId);
    if (user === undefined) {
      return jiraError(
        401,
        'You are not authenticated. Authentication required to perform this operation.',
      );
    }

    if (route === '/rest/api/3/myself') {
      return jsonResponse(200, {
        self: `${SITE}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
        accountId: user.accountId,
        accountType: 'atlassian',
        ...(user.emailAddress === undefined ? {} : { emailAddress: user.emailAddress }),
        displayName: user.displayName,
        active: true,
        timeZone: 'UTC',
        locale: 'en_US',
      });
    }

    const requested = (url.searchParams.get('permissions') ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter((key) => key.length > 0);
    if (requested.length === 0) {
      return jiraError(400, 'The permissions query parameter is required.');
    }
    const unknown = requested.filter((key) => KNOWN_PERMISSIONS[key] === undefined);
    if (unknown.length > 0) {
      return jiraError(
        400,
        `The local Jira stub does not know the permission key(s): ${unknown.join(', ')}`,
      );
    }
    const permissions = Object.fromEntries(
      requested.map((key) => [key, { ...KNOWN_PERMISSIONS[key], havePermission: user.admin }]),
    );
    return jsonResponse(200, { permissions });
  };
}

/**
 * Atlassian's personal data reporting API (`POST /app/report-accounts/`, as @forge/api's
 * `privacy.reportPersonalData` sends it): the app names the accounts it stores and when it last
 * refreshed them; the answer lists only those needing action, `closed` (erase) or `updated`
 * (refresh cached profile data), and is 204 when none do. At most 90 accounts a request.
 */
function reportAccounts(
  byId: ReadonlyMap<string, LocalUser>,
  path: string,
  init: Parameters<ForgeFetch>[2],
): Response {
  if (path.replace(/\/+$/, '') !== '/app/report-accounts' || init?.method !== 'POST') {
    return jsonResponse(404, { message: `The local platform does not serve ${path}` });
  }
  let accounts: unknown;
  try {
    accounts = (JSON.parse(String(init.body)) as { accounts?: unknown }).accounts;
  } catch {
    return jsonResponse(400, { message: 'The body must be JSON' });
  }
  if (!Array.isArray(accounts) || accounts.length === 0 || accounts.length > 90) {
    return jsonResponse(400, { message: 'accounts must hold 1 to 90 entries' });
  }
  const actions: { accountId: string; status: 'closed' | 'updated' }[] = [];
  for (const entry of accounts as { accountId?: unknown; updatedAt?: unknown }[]) {
    if (typeof entry.accountId !== 'string' || typeof entry.updatedAt !== 'string') {
      return jsonResponse(400, { message: 'each account needs accountId and updatedAt' });
    }
    const user = byId.get(entry.accountId);
    if (user?.closed) actions.push({ accountId: entry.accountId, status: 'closed' });
    else if (user?.profileUpdatedAt && user.profileUpdatedAt > entry.updatedAt) {
      actions.push({ accountId: entry.accountId, status: 'updated' });
    }
  }
  return actions.length === 0 ? respond(204, null) : jsonResponse(200, { accounts: actions });
}

/**
 * `GET /rest/api/3/user/bulk?accountId=…` (up to 90 ids a page), as the admin page asks it for
 * display names and avatars. Unknown and closed accounts are left out, as Jira does.
 */
function userBulk(
  byId: ReadonlyMap<string, LocalUser>,
  url: URL,
  authenticated: boolean,
): Response {
  if (!authenticated) {
    return jiraError(
      401,
      'You are not authenticated. Authentication required to perform this operation.',
    );
  }
  const ids = url.searchParams.getAll('accountId');
  if (ids.length === 0) return jiraError(400, 'Specify at least one accountId.');
  if (ids.length > 90) return jiraError(400, 'At most 90 account ids a request.');
  const values = ids
    .map((id) => byId.get(id))
    .filter((user): user is LocalUser => user !== undefined && !user.closed)
    .map((user) => ({
      accountId: user.accountId,
      accountType: 'atlassian',
      displayName: user.displayName,
      active: true,
      avatarUrls: { '48x48': avatarOf(user), '24x24': avatarOf(user) },
    }));
  return jsonResponse(200, {
    self: url.toString(),
    maxResults: 90,
    startAt: 0,
    total: values.length,
    isLast: true,
    values,
  });
}

/** An inline SVG with the user's initials: the local page has no image egress. */
function avatarOf(user: LocalUser): string {
  const initials = user.displayName
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" rx="24" fill="#0C66E4"/><text x="24" y="30" font-family="sans-serif" font-size="18" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}
