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

/**
 * Jira's "administer" global permission, as GET /rest/api/3/mypermissions reports it. Asked
 * once per invocation and never cached beyond it: revoking an admin takes effect at once.
 */
export async function requireJiraAdmin(): Promise<void> {
  const response = await api
    .asUser()
    .requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, {
      headers: { Accept: 'application/json' },
    });
  if (response.status === 401 || response.status === 403) throw new NotAdminError();
  if (!response.ok) {
    throw new Error(`permission check failed with HTTP ${response.status}`);
  }
  const body = (await response.json()) as MyPermissionsResponse;
  if (body.permissions?.ADMINISTER?.havePermission !== true) throw new NotAdminError();
}
