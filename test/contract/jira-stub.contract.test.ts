import type { APIResponse } from '@forge/api';
import { asApp, asUser, route } from '@forge/api';
import { kvs } from '@forge/kvs';
import type { LocalPlatform } from '../../src/local/platform';
import { createLocalPlatform } from '../../src/local/platform';
import { anyString } from '../support/matchers';

const ADMIN = { accountId: 'admin-1', displayName: 'Ada Admin', admin: true };
const MEMBER = {
  accountId: 'member-1',
  displayName: 'Nico Member',
  admin: false,
  emailAddress: 'nico@example.test',
};

const askAdminPermission = () =>
  asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`);

describe('local platform: Jira permission stub through @forge/api', () => {
  let platform: LocalPlatform;

  beforeEach(() => {
    platform = createLocalPlatform({ users: [ADMIN, MEMBER] });
  });

  afterEach(() => platform.close());

  it.each<[string, boolean]>([
    [ADMIN.accountId, true],
    [MEMBER.accountId, false],
  ])('answers mypermissions ADMINISTER for %s with havePermission %s', async (accountId, have) => {
    const response = await platform.runAsUser(accountId, askAdminPermission);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      permissions: {
        ADMINISTER: {
          id: '0',
          key: 'ADMINISTER',
          name: 'Administer Jira',
          type: 'GLOBAL',
          description: anyString,
          havePermission: have,
        },
      },
    });
  });

  it('answers myself for the current user', async () => {
    const response = await platform.runAsUser(MEMBER.accountId, () =>
      asUser().requestJira(route`/rest/api/3/myself`),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      accountId: MEMBER.accountId,
      displayName: MEMBER.displayName,
      emailAddress: MEMBER.emailAddress,
      active: true,
    });
  });

  it('keeps the user across awaits inside runAsUser', async () => {
    const status = await platform.runAsUser(ADMIN.accountId, async () => {
      await kvs.set('touch', 1);
      const response = await askAdminPermission();
      return (
        (await response.json()) as { permissions: { ADMINISTER: { havePermission: boolean } } }
      ).permissions.ADMINISTER.havePermission;
    });
    expect(status).toBe(true);
  });

  it.each<[string, number, () => Promise<APIResponse>]>([
    ['no current user', 401, askAdminPermission],
    ['an unknown user', 401, () => platform.runAsUser('ghost', askAdminPermission)],
    [
      'an unknown path',
      404,
      () =>
        platform.runAsUser(ADMIN.accountId, () =>
          asUser().requestJira(route`/rest/api/3/project/search`),
        ),
    ],
    [
      'mypermissions without permissions',
      400,
      () =>
        platform.runAsUser(ADMIN.accountId, () =>
          asUser().requestJira(route`/rest/api/3/mypermissions`),
        ),
    ],
    ['an asApp call', 501, () => asApp().requestJira(route`/rest/api/3/myself`)],
  ])('answers %s with %d and a Jira error body', async (_name, status, call) => {
    const response = await call();
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ errorMessages: [anyString], errors: {} });
  });

  it('lets an explicit asUser(accountId) override the invocation user', async () => {
    const response = await platform.runAsUser(MEMBER.accountId, () =>
      asUser(ADMIN.accountId).requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`),
    );
    const body = (await response.json()) as {
      permissions: { ADMINISTER: { havePermission: boolean } };
    };
    expect(body.permissions.ADMINISTER.havePermission).toBe(true);
  });

  it('serves KVS and Jira through one installed seam and removes it on close', async () => {
    await kvs.set('platform:check', 'ok');
    expect(await kvs.get('platform:check')).toBe('ok');
    expect(platform.kvs.counters.requests).toBe(2);
    platform.close();
    expect(globalThis.__forge_fetch__).toBeUndefined();
  });
});
