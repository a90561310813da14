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
