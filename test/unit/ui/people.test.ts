import { BULK_LIMIT, PeopleDirectory, bulkPaths } from '../../../static/admin/src/lib/people';

const flushTasks = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('people directory', () => {
  test('batches every id asked in one tick, at most 90 a request, and caches them', async () => {
    const paths: string[] = [];
    const directory = new PeopleDirectory(async (path) => {
      paths.push(path);
      const ids = new URL(path, 'https://x').searchParams.getAll('accountId');
      return {
        ok: true,
        json: async () => ({
          values: ids
            .filter((id) => id !== 'gone')
            .map((id) => ({
              accountId: id,
              displayName: `Name ${id}`,
              avatarUrls: { '48x48': 'data:image/svg+xml,x' },
            })),
        }),
      };
    });
    const ids = Array.from({ length: 100 }, (_, i) => `user-${i}`);
    for (const id of ids) expect(directory.get(id)).toBeNull();
    directory.get('gone');
    await flushTasks();
    await flushTasks();
    expect(paths).toHaveLength(2);
    expect(new URL(paths[0] ?? '', 'https://x').searchParams.getAll('accountId')).toHaveLength(
      BULK_LIMIT,
    );
    expect(directory.get('user-5')).toMatchObject({ displayName: 'Name user-5', status: 'found' });
    expect(directory.get('gone')).toMatchObject({ displayName: 'Unknown user', status: 'unknown' });
    // Cached: asking again makes no request.
    directory.get('user-5');
    await flushTasks();
    expect(paths).toHaveLength(2);
  });

  test('a closed account reads "Former user" without a lookup; a failed lookup "Unknown user"', async () => {
    let calls = 0;
    const directory = new PeopleDirectory(async () => {
      calls += 1;
      return { ok: false, json: async () => ({}) };
    });
    expect(directory.get('erased-account')).toMatchObject({ displayName: 'Former user' });
    directory.get('someone');
    await flushTasks();
    await flushTasks();
    expect(calls).toBe(1);
    expect(directory.get('someone')).toMatchObject({ displayName: 'Unknown user' });
  });

  test('bulk paths encode every id', () => {
    expect(bulkPaths(['a b', 'c'])).toEqual([
      '/rest/api/3/user/bulk?maxResults=90&accountId=a%20b&accountId=c',
    ]);
  });
});
