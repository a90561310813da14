import { kvs } from '@forge/kvs';
import type { LocalPlatform } from '../../src/local/platform';
import { headerRecordSchema } from '../../src/storage/records';
import { searchKey } from '../../src/shared/search-key';
import { ADMIN, invoke, ok, startPlatform } from '../support/platform';

/**
 * Search is answered by prefix ranges on the by-name and by-app-key indexes, so it finds every
 * match in one request per index at any size. The first release filtered after paging and
 * showed "No assessments match" for an existing assessment among 5,000.
 */

let platform: LocalPlatform;
beforeAll(async () => {
  platform = startPlatform();
  const template = ok(
    await invoke(platform, 'createAssessment', { appName: 'Template', hosting: 'forge' }),
  ).assessment;
  // 5,000 headers as the app writes them, stored in batches rather than 5,000 resolver calls.
  await platform.runAsUser(ADMIN, async () => {
    const header = headerRecordSchema.parse(await kvs.entity('assessment').get(template.id));
    await kvs.entity('assessment').delete(template.id);
    const names = Array.from(
      { length: 5_000 },
      (_, i) => `Filler App ${String(i).padStart(4, '0')}`,
    );
    names[4_321] = 'Zürich Compliance Toolkit';
    for (let i = 0; i < names.length; i += 25) {
      await kvs.batchSet(
        names.slice(i, i + 25).map((appName, j) => {
          const id = `seed-${String(i + j).padStart(6, '0')}`;
          const appKey = i + j === 77 ? 'com.example.needle' : undefined;
          return {
            key: id,
            entityName: 'assessment',
            value: {
              ...header,
              id,
              appName,
              nameKey: searchKey(appName),
              ...(appKey ? { appKey, appKeySearch: searchKey(appKey) } : {}),
              updatedAt: new Date(Date.UTC(2026, 0, 1) + (i + j) * 60_000).toISOString(),
            },
          };
        }),
      );
    }
  });
}, 60_000);
afterAll(() => platform.close());

async function search(text: string, extra: Record<string, unknown> = {}) {
  platform.kvs.resetCounters();
  const page = ok(await invoke(platform, 'listAssessments', { search: text, limit: 25, ...extra }));
  return { page, requests: platform.kvs.counters.requests };
}

describe('search among 5,000 assessments', () => {
  it('finds one match by the start of its name, in two requests, whatever the case or accents', async () => {
    for (const text of ['Zürich', 'zurich comp', '  ZURICH   Compliance ']) {
      const { page, requests } = await search(text);
      expect(page.items.map((a) => a.appName)).toEqual(['Zürich Compliance Toolkit']);
      expect(page.cursor).toBeNull();
      expect(requests).toBeLessThanOrEqual(2);
    }
  });

  it('finds one by the start of its app key', async () => {
    const { page } = await search('com.example.need');
    expect(page.items.map((a) => a.appKey)).toEqual(['com.example.needle']);
  });

  it('answers an empty page, not a wrong one, when nothing matches', async () => {
    const { page, requests } = await search('no such app');
    expect(page).toEqual({ items: [], cursor: null });
    expect(requests).toBeLessThanOrEqual(2);
  });

  it('pages through many matches in name order without repeating or skipping one', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { page } = await search('filler app 00', cursor ? { cursor } : {});
      seen.push(...page.items.map((a) => a.appName));
      cursor = page.cursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
    expect(seen).toEqual([...seen].sort());
  });

  it('combines a search with a status filter', async () => {
    const { page } = await search('zurich', { status: 'submitted' });
    expect(page.items).toEqual([]);
    const drafts = await search('zurich', { status: 'draft' });
    expect(drafts.page.items).toHaveLength(1);
  });
});
