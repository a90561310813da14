import { kvs } from '@forge/kvs';
import type { LocalPlatform } from '../../src/local/platform';
import { purge } from '../../src/storage/assessment-store';
import { headerRecordSchema, type TombstoneRecord } from '../../src/storage/records';
import { inconsistencies } from '../support/consistency';
import { addHistory } from '../support/history';
import { ADMIN, invoke, ok, startPlatform } from '../support/platform';

/**
 * Forge documents queries as eventually consistent and get as strongly consistent. With the
 * local platform's query lag on, queries see none of the writes below until `catchUp()`, so
 * any decision the app took from a query instead of a get would show up here.
 */

let platform: LocalPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

async function create(appName = 'Lagging App') {
  return ok(await invoke(platform, 'createAssessment', { appName, hosting: 'forge' })).assessment;
}

async function save(id: string, expectedRevision: number, answers: Record<string, unknown>) {
  return invoke(platform, 'saveAnswers', { id, expectedRevision, answers });
}

describe('under query lag', () => {
  beforeEach(() => platform.kvs.setQueryLag(true));

  it('keeps the last of a quick X → Y → X edit', async () => {
    const { id } = await create();
    const first = ok(await save(id, 1, { S1: { value: 'yes' } }));
    const second = ok(await save(id, first.revision, { S1: { value: 'no' } }));
    const third = ok(await save(id, second.revision, { S1: { value: 'yes' } }));
    // A save decided from a lagging read would see "yes" stored and skip the third write.
    expect(third.written).toEqual(['S1']);
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    expect(detail.answers.S1?.value).toBe('yes');
    expect(detail.assessment.revision).toBe(4);
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
  });

  it('lands two quick saves of different answers, and scores both', async () => {
    const { id } = await create();
    const first = ok(await save(id, 1, { S1: { value: 'yes' } }));
    const second = ok(await save(id, first.revision, { S2: { value: 'yes' } }));
    expect(second.written).toEqual(['S2']);
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    // G1 is the hosting chosen at creation.
    expect(Object.keys(detail.answers).sort()).toEqual(['G1', 'S1', 'S2']);
    expect(detail.report).toEqual(second.report);
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
  });

  it('deletes everything, even answers the lagging index has never seen', async () => {
    const { id } = await create();
    const saved = ok(await save(id, 1, { S1: { value: 'yes' }, S13: { value: 'Text.' } }));
    const result = ok(
      await invoke(platform, 'deleteAssessment', { id, expectedRevision: saved.revision }),
    );
    expect(result).toEqual({ id, deleted: true, purgePending: false });
    const dump = platform.kvs.dump();
    expect(Object.keys(dump.kvs)).toEqual([]);
    expect(Object.keys(dump.entities.snapshot ?? {})).toEqual([]);
    expect(dump.entities.assessment?.[id]).toMatchObject({ partition: 'deleted' });
    expect(inconsistencies(dump)).toEqual([]);
  });

  it('opens an assessment right after creating it, though the list does not show it yet', async () => {
    const { id } = await create('Just Made');
    expect(ok(await invoke(platform, 'getAssessment', { id })).assessment.appName).toBe(
      'Just Made',
    );
    // This is why the page lays its own writes over the list (static/admin/src/lib/recent-writes.ts).
    expect(ok(await invoke(platform, 'listAssessments', { limit: 25 })).items).toEqual([]);
    platform.kvs.catchUp();
    const listed = ok(await invoke(platform, 'listAssessments', { limit: 25 })).items;
    expect(listed.map((a) => a.id)).toEqual([id]);
  });

  it('hides a deleted assessment even where the lagging index still lists it', async () => {
    const { id } = await create('Soon Gone');
    platform.kvs.catchUp();
    ok(await invoke(platform, 'deleteAssessment', { id, expectedRevision: 1 }));
    // The index still has the live header; the tombstone has not reached it.
    expect(ok(await invoke(platform, 'listAssessments', { limit: 25 })).items).toHaveLength(1);
    platform.kvs.catchUp();
    expect(ok(await invoke(platform, 'listAssessments', { limit: 25 })).items).toEqual([]);
  });
});

describe('deleting an assessment with 5,000 snapshots', () => {
  async function withSnapshots(count: number): Promise<string> {
    const { id } = await create('Long History');
    await addHistory(platform, id, count);
    return id;
  }

  it('stops at its time budget, resumes where it stopped, and leaves nothing', async () => {
    const id = await withSnapshots(5_000);
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
    // A clock that advances 1 s per reading: the purge runs out of budget part-way.
    let now = 0;
    const clock = () => (now += 1_000);
    platform.kvs.resetCounters();
    const start = performance.now();
    const first = ok(await invoke(platform, 'deleteAssessment', { id, expectedRevision: 5_001 }));
    console.log(
      `delete with 5,000 snapshots: ${platform.kvs.counters.requests} requests, ${Math.round(performance.now() - start)} ms on the local platform`,
    );
    expect(first).toEqual({ id, deleted: true, purgePending: false });

    const id2 = await withSnapshots(5_000);
    const tombstone: TombstoneRecord = {
      schemaVersion: 2,
      id: id2,
      partition: 'purging',
      status: 'deleted',
      appName: 'Long History',
      revision: 5_002,
      updatedAt: '2026-01-02T00:00:00.000Z',
      updatedBy: ADMIN,
      answerIds: [],
      snapshotsFrom: 1,
    };
    await platform.runAsUser(ADMIN, async () => {
      await kvs.entity('assessment').set(id2, tombstone);
      expect(await purge(tombstone, { budgetMs: 3_000, clock })).toBe(false);
    });
    const stopped = platform.kvs.dump();
    const left = Object.keys(stopped.entities.snapshot ?? {}).filter((k) => k.startsWith(id2));
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(5_000);
    expect(stopped.entities.assessment?.[id2]).toMatchObject({ partition: 'purging' });
    expect(
      (stopped.entities.assessment?.[id2] as { snapshotsFrom: number }).snapshotsFrom,
    ).toBeGreaterThan(1);

    // The next list call finds the unfinished purge and completes it.
    ok(await invoke(platform, 'listAssessments', { limit: 25 }));
    const done = platform.kvs.dump();
    expect(Object.keys(done.entities.snapshot ?? {})).toEqual([]);
    expect(done.entities.assessment?.[id2]).toMatchObject({ partition: 'deleted' });
  });
});

describe('the consistency check can fail', () => {
  async function stored() {
    const { id } = await create();
    ok(await save(id, 1, { S1: { value: 'yes' } }));
    return id;
  }

  it('finds answers whose header is gone (what the old delete left behind)', async () => {
    const id = await stored();
    await platform.runAsUser(ADMIN, () => kvs.entity('assessment').delete(id));
    expect(inconsistencies(platform.kvs.dump())).toEqual(
      expect.arrayContaining([`ans:${id}:S1: stored, but assessment ${id} has no header`]),
    );
  });

  it('finds a header whose figures are not the score of its answers', async () => {
    const id = await stored();
    await platform.runAsUser(ADMIN, async () => {
      const header = headerRecordSchema.parse(await kvs.entity('assessment').get(id));
      await kvs.entity('assessment').set(id, { ...header, score: 99 });
    });
    expect(inconsistencies(platform.kvs.dump()).join('\n')).toMatch(/are not the score/);
  });

  it('finds an answer the header does not list', async () => {
    const id = await stored();
    await platform.runAsUser(ADMIN, () =>
      kvs.set(`ans:${id}:S2`, {
        schemaVersion: 2,
        answer: { value: 'yes' },
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: ADMIN,
      }),
    );
    expect(inconsistencies(platform.kvs.dump()).join('\n')).toMatch(
      /is stored but the digest does not list it/,
    );
  });
});

describe('cursors', () => {
  it('answers VALIDATION, never INTERNAL, for any cursor this list did not issue', async () => {
    const { id } = await create();
    for (let i = 0; i < 3; i += 1) await create(`Filler ${i}`);
    const page = ok(await invoke(platform, 'listAssessments', { limit: 2 }));
    expect(page.cursor).not.toBeNull();
    const audit = ok(await invoke(platform, 'getAudit', { id, limit: 1 }));
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const crafted = [
      'x',
      '====',
      'not base64 at all!',
      b64('just a string'),
      b64([]),
      b64(['assessments:*:', '']),
      b64(['assessments:*:', 42]),
      b64(['assessments:*:', 'forged-platform-cursor']),
      b64(['audit:other-id', 'abc']),
      b64({ k: 'ans:' }),
      b64(null),
      b64(['assessments:*:', b64({ e: 'snapshot', i: 'by-assessment', r: 1, k: 'x' })]),
      audit.cursor ?? 'none',
      `${page.cursor ?? ''}x`,
      (page.cursor ?? '').slice(1),
      '\u00e9\u00e9',
    ];
    for (const cursor of crafted) {
      const result = await invoke(platform, 'listAssessments', { limit: 2, cursor });
      expect({ cursor, code: result.ok ? 'ok' : result.error.code }).toEqual({
        cursor,
        code: 'VALIDATION',
      });
    }
    // The genuine cursor still works.
    expect(
      ok(await invoke(platform, 'listAssessments', { limit: 2, cursor: page.cursor ?? '' })).items,
    ).toHaveLength(2);
  });
});
