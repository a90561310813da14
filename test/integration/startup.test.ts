import type { LocalPlatform } from '../../src/local/platform';
import { ADMIN, VIEWER, invoke, ok, startPlatform } from '../support/platform';

let platform: LocalPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

describe('getStartup: the list view in one invoke', () => {
  it('returns the viewer and the same first page listAssessments does', async () => {
    for (const appName of ['Acme One', 'Acme Two', 'Acme Three']) {
      ok(await invoke(platform, 'createAssessment', { appName }));
    }
    const startup = ok(await invoke(platform, 'getStartup', { limit: 2 }));
    const list = ok(await invoke(platform, 'listAssessments', { limit: 2 }));
    expect(startup.viewer).toEqual({ accountId: ADMIN, isAdmin: true });
    expect(startup.firstPage).toEqual(list);
    expect(startup.firstPage.items).toHaveLength(2);
  });

  it('answers FORBIDDEN to a non-admin without touching storage', async () => {
    platform.kvs.resetCounters();
    const result = await invoke(platform, 'getStartup', {}, VIEWER);
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(platform.kvs.counters.requests).toBe(0);
  });

  it('rejects an unknown payload field', async () => {
    const result = await invoke(platform, 'getStartup', { cursor: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
