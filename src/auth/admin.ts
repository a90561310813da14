import api, { route } from '@forge/api';

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

interface MyPermissionsResponse {
  permissions?: Record<string, { havePermission?: boolean } | undefined>;
}

/** Jira's "administer" global permission, as returned by GET /rest/api/3/mypermissions. */
export async function isJiraAdmin(): Promise<boolean> {
  const response = await api
    .asUser()
    .requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, {
      headers: { Accept: 'application/json' },
    });
  if (response.status === 401 || response.status === 403) return false;
  if (!response.ok) {
    throw new Error(`permission check failed with HTTP ${response.status}`);
  }
  const body = (await response.json()) as MyPermissionsResponse;
  return body.permissions?.ADMINISTER?.havePermission === true;
}

/**
 * One check per invocation: the result is memoised on the invocation's own object, so a
 * resolver that asks twice pays once, and nothing leaks into the next invocation.
 */
export function adminGuard(): () => Promise<void> {
  let verdict: Promise<boolean> | undefined;
  return async () => {
    verdict ??= isJiraAdmin();
    if (!(await verdict)) throw new NotAdminError();
  };
}
