/**
 * Names and faces for the account ids the backend stores. Resolved in the page through the
 * product API (`requestJira` → `GET /rest/api/3/user/bulk`, as the signed-in user, at most 90
 * ids a request), batched across everything that asks in the same tick, and cached for the
 * life of the page. Unknown ids (or a failed lookup) read "Unknown user"; the id the personal
 * data reporting leaves behind for a closed account reads "Former user".
 */

export const ERASED_ACCOUNT = 'erased-account';
export const BULK_LIMIT = 90;

export interface Person {
  accountId: string;
  displayName: string;
  avatarUrl: string | null;
  /** found: Jira knows them; unknown: not found or the lookup failed; former: closed account. */
  status: 'found' | 'unknown' | 'former';
}

export type FetchJira = (path: string) => Promise<{ ok: boolean; json(): Promise<unknown> }>;

interface BulkUser {
  accountId?: unknown;
  displayName?: unknown;
  avatarUrls?: Record<string, unknown>;
}

const unknownPerson = (accountId: string): Person => ({
  accountId,
  displayName: 'Unknown user',
  avatarUrl: null,
  status: 'unknown',
});

export function bulkPaths(ids: readonly string[]): string[] {
  const paths: string[] = [];
  for (let i = 0; i < ids.length; i += BULK_LIMIT) {
    const query = ids
      .slice(i, i + BULK_LIMIT)
      .map((id) => `accountId=${encodeURIComponent(id)}`)
      .join('&');
    paths.push(`/rest/api/3/user/bulk?maxResults=${BULK_LIMIT}&${query}`);
  }
  return paths;
}

export class PeopleDirectory {
  private readonly known = new Map<string, Person>();
  private readonly asked = new Set<string>();
  private queue = new Set<string>();
  private flushing = false;
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(
    private readonly fetchJira: FetchJira,
    private readonly defer: (run: () => void) => void = (run) => setTimeout(run, 0),
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever a lookup lands, for useSyncExternalStore. */
  readonly getVersion = (): number => this.version;

  /** What is known now; asks Jira in the background when it is not known yet. */
  get(accountId: string): Person | null {
    if (accountId === ERASED_ACCOUNT) {
      return { accountId, displayName: 'Former user', avatarUrl: null, status: 'former' };
    }
    const known = this.known.get(accountId);
    if (known) return known;
    this.request([accountId]);
    return null;
  }

  request(ids: readonly string[]): void {
    let added = false;
    for (const id of ids) {
      if (id === ERASED_ACCOUNT || this.asked.has(id) || id === '') continue;
      this.asked.add(id);
      this.queue.add(id);
      added = true;
    }
    if (added && !this.flushing) {
      this.flushing = true;
      this.defer(() => void this.flush());
    }
  }

  private async flush(): Promise<void> {
    const ids = [...this.queue];
    this.queue = new Set();
    this.flushing = false;
    await Promise.all(bulkPaths(ids).map((path, i) => this.lookUp(path, ids, i)));
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  private async lookUp(path: string, ids: string[], page: number): Promise<void> {
    const wanted = ids.slice(page * BULK_LIMIT, (page + 1) * BULK_LIMIT);
    try {
      const response = await this.fetchJira(path);
      if (!response.ok) throw new Error('lookup failed');
      const body = (await response.json()) as { values?: BulkUser[] };
      for (const user of body.values ?? []) {
        if (typeof user.accountId !== 'string' || typeof user.displayName !== 'string') continue;
        const avatar = user.avatarUrls?.['48x48'] ?? user.avatarUrls?.['24x24'];
        this.known.set(user.accountId, {
          accountId: user.accountId,
          displayName: user.displayName,
          avatarUrl: typeof avatar === 'string' && safeAvatar(avatar) ? avatar : null,
          status: 'found',
        });
      }
    } catch {
      // Names are a courtesy: the page works with "Unknown user".
    }
    for (const id of wanted) {
      if (!this.known.has(id)) this.known.set(id, unknownPerson(id));
    }
  }
}

/** Only https images and inline data images: never a javascript: or http: URL from a response. */
export function safeAvatar(url: string): boolean {
  return url.startsWith('https://') || url.startsWith('data:image/');
}
