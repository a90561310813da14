import { RECENT_WRITE_TTL_MS, RecentWrites } from '../../../static/admin/src/lib/recent-writes';
import type { AssessmentSummary } from '../../../src/shared/api';

function summary(
  id: string,
  revision: number,
  updatedAt: string,
  extra: Partial<AssessmentSummary> = {},
): AssessmentSummary {
  return {
    id,
    appName: `App ${id}`,
    appKey: '',
    hosting: 'forge',
    status: 'draft',
    revision,
    ruleSetVersion: 'trust-readiness@1.0.0',
    score: 0,
    level: 'not-ready',
    completeness: 0,
    failedBlockers: 0,
    manifestAttachedAt: null,
    createdAt: updatedAt,
    updatedAt,
    updatedBy: 'admin-alice',
    ...extra,
  };
}

const page = (items: AssessmentSummary[]) => ({ items, cursor: null });

describe('the list laid over with this page’s own writes', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000;
  });

  it('shows an assessment created a moment ago that the index has not caught up with', () => {
    const recent = new RecentWrites(clock);
    const older = summary('a', 3, '2026-12-01T10:00:00.000Z');
    const created = summary('b', 1, '2026-12-01T11:00:00.000Z');
    recent.saved(created);
    expect(recent.reconcile(page([older]), { firstPage: true }).items).toEqual([created, older]);
    // Only the first page gains it: a later page would show it twice.
    expect(recent.reconcile(page([older]), { firstPage: false }).items).toEqual([older]);
  });

  it('drops one this page deleted and keeps the newer of two versions', () => {
    const recent = new RecentWrites(clock);
    const stale = summary('a', 2, '2026-12-01T10:00:00.000Z');
    const newer = summary('a', 3, '2026-12-01T10:05:00.000Z', { score: 40 });
    recent.saved(newer);
    expect(recent.reconcile(page([stale]), { firstPage: true }).items).toEqual([newer]);
    const someoneElses = summary('a', 5, '2026-12-01T10:09:00.000Z');
    expect(recent.reconcile(page([someoneElses]), { firstPage: true }).items).toEqual([
      someoneElses,
    ]);
    recent.deleted('a');
    expect(recent.reconcile(page([stale]), { firstPage: true }).items).toEqual([]);
  });

  it('respects the filter the list was asked for', () => {
    const recent = new RecentWrites(clock);
    recent.saved(summary('b', 2, '2026-12-01T11:00:00.000Z', { status: 'submitted' }));
    expect(recent.reconcile(page([]), { firstPage: true, status: 'draft' }).items).toEqual([]);
    expect(recent.reconcile(page([]), { firstPage: true, search: 'app B' }).items).toHaveLength(1);
    expect(recent.reconcile(page([]), { firstPage: true, search: 'other' }).items).toEqual([]);
  });

  it('forgets its writes once any index lag is long over', () => {
    const recent = new RecentWrites(clock);
    recent.saved(summary('b', 1, '2026-12-01T11:00:00.000Z'));
    now += RECENT_WRITE_TTL_MS + 1;
    expect(recent.reconcile(page([]), { firstPage: true }).items).toEqual([]);
  });
});
