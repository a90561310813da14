import type { AssessmentSummary, Page } from '../../../../src/shared/api';

/**
 * Forge documents entity queries as eventually consistent, so the list can miss an
 * assessment created a moment ago or still show one just deleted. Reads by id are strongly
 * consistent, and every write answers with the stored summary, so this page remembers what it
 * wrote and lays that over the list until the index has surely caught up.
 */

/** Long past any replication lag; short enough that another person's later edit shows. */
export const RECENT_WRITE_TTL_MS = 60_000;

interface Remembered {
  at: number;
  summary: AssessmentSummary | null;
}

export interface ListQuery {
  status?: AssessmentSummary['status'] | undefined;
  search?: string | undefined;
  /** Only the first page gains items the index has not caught up with. */
  firstPage: boolean;
}

export class RecentWrites {
  private readonly writes = new Map<string, Remembered>();

  constructor(private readonly clock: () => number = Date.now) {}

  saved(summary: AssessmentSummary): void {
    this.writes.set(summary.id, { at: this.clock(), summary });
  }

  deleted(id: string): void {
    this.writes.set(id, { at: this.clock(), summary: null });
  }

  /** The page as this tab knows it to be: its own recent writes win over a lagging index. */
  reconcile(page: Page<AssessmentSummary>, query: ListQuery): Page<AssessmentSummary> {
    const now = this.clock();
    for (const [id, write] of this.writes) {
      if (now - write.at > RECENT_WRITE_TTL_MS) this.writes.delete(id);
    }
    const seen = new Set<string>();
    const items: AssessmentSummary[] = [];
    for (const item of page.items) {
      seen.add(item.id);
      const write = this.writes.get(item.id);
      if (write === undefined) items.push(item);
      else if (write.summary && matches(write.summary, query)) {
        items.push(write.summary.revision >= item.revision ? write.summary : item);
      }
    }
    if (query.firstPage) {
      for (const [id, write] of this.writes) {
        if (!seen.has(id) && write.summary && matches(write.summary, query)) {
          items.push(write.summary);
        }
      }
      // The list is newest first, like the index it stands in for.
      items.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    }
    return { items, cursor: page.cursor };
  }
}

function matches(summary: AssessmentSummary, query: ListQuery): boolean {
  if (query.status && summary.status !== query.status) return false;
  const search = query.search?.trim().toLowerCase();
  if (!search) return true;
  return `${summary.appName} ${summary.appKey}`.toLowerCase().includes(search);
}
