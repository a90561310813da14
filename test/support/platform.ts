import { handler } from '../../src/index';
import { readAppEntities } from '../../src/local/app-manifest';
import { createLocalPlatform, type LocalPlatform } from '../../src/local/platform';
import type { ApiResult, ResolverInput, ResolverKey, ResolverResults } from '../../src/shared/api';

export const ADMIN = 'admin-alice';
export const REVIEWER = 'admin-bob';
export const VIEWER = 'user-carol';

export const LOCAL_USERS = [
  { accountId: ADMIN, displayName: 'Alice Admin', admin: true },
  { accountId: REVIEWER, displayName: 'Bob Reviewer', admin: true },
  { accountId: VIEWER, displayName: 'Carol Viewer', admin: false },
];

export function startPlatform(dbPath = ':memory:'): LocalPlatform {
  return createLocalPlatform({ dbPath, entities: readAppEntities(), users: LOCAL_USERS });
}

/** Calls the real Forge handler exactly as the platform would, as the given user. */
export async function invoke<K extends ResolverKey>(
  platform: LocalPlatform,
  functionKey: K,
  payload: ResolverInput<K> | Record<string, unknown>,
  accountId: string = ADMIN,
): Promise<ApiResult<ResolverResults[K]>> {
  const result = await platform.runAsUser(accountId, () =>
    handler(
      {
        call: { functionKey, payload },
        context: { extension: { type: 'jira:adminPage' }, moduleKey: 'trust-readiness-admin' },
      },
      { principal: { accountId } },
    ),
  );
  return result as ApiResult<ResolverResults[K]>;
}

/** Unwraps a result a test expects to succeed, with the error in the failure message. */
export function ok<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.data;
}
