import Button from '@atlaskit/button/new';
import { PersonName } from '../components/person';
import Textfield from '@atlaskit/textfield';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type ClientError, type ClientResult } from '../api';
import { LevelLozenge, StatusLozenge } from '../components/lozenges';
import { takeHeadingFocus } from '../lib/arrival';
import { LIST_PAGE_SIZE, prefetchedFirstPage, takeFirstPage } from '../lib/boot';
import { Empty, ErrorState, InPageProvider, Loading } from '../components/states';
import { PageHeader } from '../components/page-header';
import { TableSkeleton } from '../components/skeleton';
import { StatusFilter } from '../components/status-filter';
import {
  formatDateTime,
  formatScore,
  HOSTING_LABEL,
  LEVEL_LABEL,
  STATUS_LABEL,
} from '../lib/format';
import { Link } from '../router';
import { assessmentPath } from '../routes';
import type { AssessmentStatus, AssessmentSummary, Page } from '../../../../src/shared/api';
import type { ReadinessLevel } from '../../../../src/domain/scoring/policy';

// The create form carries zod for its validation; load it when someone opens it. For the same
// reason this module imports only types from the shared contract: its values pull zod in.
const CreateAssessmentDialog = lazy(() => import('./create-assessment-dialog'));

interface ListState {
  items: AssessmentSummary[];
  cursor: string | null;
  status: 'loading' | 'ready' | 'error' | 'loading-more';
  error?: ClientError;
}

/**
 * KVS applies a search filter after reading a page of the index, so a page can come back short
 * or even empty while more matches lie further on. Keep reading (a bounded number of pages)
 * until a page's worth of matches is in hand, so "no match" is never shown while there is one.
 */
async function fetchFiltered(
  search: string,
  status: AssessmentStatus | '',
  cursor: string | null,
): Promise<ClientResult<Page<AssessmentSummary>>> {
  if (!search && !status && cursor === null) {
    const prefetched = takeFirstPage();
    if (prefetched) return prefetched;
  }
  const items: AssessmentSummary[] = [];
  let next = cursor;
  for (let round = 0; round < 10; round += 1) {
    const result = await api.listAssessments({
      limit: LIST_PAGE_SIZE,
      ...(search ? { search } : {}),
      ...(status ? { status } : {}),
      ...(next ? { cursor: next } : {}),
    });
    if (!result.ok) return result;
    items.push(...result.data.items);
    next = result.data.cursor;
    if (next === null || items.length >= LIST_PAGE_SIZE || !search) break;
  }
  return { ok: true, data: { items, cursor: next } };
}

export default function AssessmentsList() {
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [statusFilter, setStatusFilter] = useState<AssessmentStatus | ''>('');
  // The prefetched first page, when it is already in, is the first state: no skeleton pass.
  const [list, setList] = useState<ListState>(() => {
    const page = prefetchedFirstPage.peek();
    if (!page) return { items: [], cursor: null, status: 'loading' };
    return page.ok
      ? { items: page.data.items, cursor: page.data.cursor, status: 'ready' }
      : { items: [], cursor: null, status: 'error', error: page.error };
  });
  const loadedAtMount = useRef(list.status !== 'loading');
  const [creating, setCreating] = useState(false);
  const sequence = useRef(0);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (takeHeadingFocus()) heading.current?.focus();
  }, []);

  // Debounced so typing a name costs one request, not one per keystroke.
  useEffect(() => {
    const timer = window.setTimeout(() => setQuery(search.trim()), 300);
    return () => window.clearTimeout(timer);
  }, [search]);

  const load = useCallback(
    (cursor: string | null) => {
      const mine = ++sequence.current;
      setList((prev) =>
        cursor === null
          ? { items: [], cursor: null, status: 'loading' }
          : { ...prev, status: 'loading-more' },
      );
      void fetchFiltered(query, statusFilter, cursor).then((result) => {
        if (mine !== sequence.current) return;
        setList((prev) =>
          result.ok
            ? {
                items: cursor === null ? result.data.items : [...prev.items, ...result.data.items],
                cursor: result.data.cursor,
                status: 'ready',
              }
            : { ...prev, status: 'error', error: result.error },
        );
      });
    },
    [query, statusFilter],
  );

  useEffect(() => {
    if (loadedAtMount.current) {
      loadedAtMount.current = false;
      prefetchedFirstPage.adopt();
      return;
    }
    load(null);
  }, [load]);

  const filtered = query !== '' || statusFilter !== '';
  const ready = list.status === 'ready' || list.status === 'loading-more';

  return (
    <InPageProvider value>
      <main
        className="tr-page"
        data-testid="assessments-list"
        data-ready={ready ? 'true' : 'false'}
      >
        <PageHeader
          title="Trust readiness"
          titleRef={heading}
          description={
            <>
              Self-assess a Marketplace app against Atlassian&apos;s five trust elements, then
              submit it for an administrator&apos;s review.
            </>
          }
          actions={
            <>
              <Link to="/settings" data-testid="settings-link" className="tr-ph-link">
                Settings
              </Link>
              <Button appearance="primary" onClick={() => setCreating(true)}>
                Create assessment
              </Button>
            </>
          }
          bottomBar={
            <div className="tr-toolbar" role="search">
              <div className="tr-field">
                <label className="tr-label" htmlFor="assessment-search">
                  Search apps
                </label>
                <Textfield
                  id="assessment-search"
                  type="search"
                  placeholder="Start of the app name or key"
                  value={search}
                  maxLength={120}
                  onChange={(e) => setSearch(e.currentTarget.value)}
                />
              </div>
              <div className="tr-field" data-testid="status-field">
                <label className="tr-label" htmlFor="assessment-status">
                  Status
                </label>
                <StatusFilter
                  inputId="assessment-status"
                  value={statusFilter}
                  onChange={setStatusFilter}
                />
              </div>
            </div>
          }
        />

        {list.status === 'loading' && <TableSkeleton label="Loading assessments" />}
        {list.status === 'error' && list.error && (
          <ErrorState error={list.error} onRetry={() => load(null)} />
        )}
        {ready && list.items.length === 0 && !filtered && (
          <Empty
            header="No assessments yet"
            description="Create one for each app you sell on the Marketplace. The questionnaire takes about half an hour, and you can stop at any time: answers save as you type."
            action={
              <Button appearance="primary" onClick={() => setCreating(true)}>
                Create your first assessment
              </Button>
            }
          />
        )}
        {ready && list.items.length === 0 && filtered && (
          <Empty
            header="No assessments match"
            description="Try another name, or show all statuses."
            action={
              <Button
                onClick={() => {
                  setSearch('');
                  setQuery('');
                  setStatusFilter('');
                }}
              >
                Clear filters
              </Button>
            }
          />
        )}
        {ready && list.items.length > 0 && (
          <PortfolioSummary
            items={list.items}
            complete={list.cursor === null}
            filtered={filtered}
          />
        )}
        {ready && list.items.length > 0 && <AssessmentTable items={list.items} />}
        {list.cursor !== null && ready && (
          <div className="tr-load-more">
            <Button onClick={() => load(list.cursor)} isLoading={list.status === 'loading-more'}>
              Load more
            </Button>
          </div>
        )}

        {creating && (
          <Suspense fallback={<Loading label="Opening the form" />}>
            <CreateAssessmentDialog onClose={() => setCreating(false)} />
          </Suspense>
        )}
      </main>
    </InPageProvider>
  );
}

const EXPIRY_WINDOW_DAYS = 30;

/** Today and the day 30 days on as YYYY-MM-DD, so they compare with stored dates as strings. */
function expiryWindow(now: Date): { today: string; until: string } {
  const until = new Date(now.getTime() + EXPIRY_WINDOW_DAYS * 24 * 60 * 60 * 1000);
  return { today: now.toISOString().slice(0, 10), until: until.toISOString().slice(0, 10) };
}

/**
 * Figures across the loaded rows. The list reads the index a page at a time, so while more
 * pages remain the strip says "of the N loaded" rather than presenting partial sums as the
 * whole portfolio (docs/ui.md, Portfolio).
 */
function PortfolioSummary({
  items,
  complete,
  filtered,
}: {
  items: AssessmentSummary[];
  complete: boolean;
  filtered: boolean;
}) {
  const figures = useMemo(() => {
    // Every level, zeros included, in the rule set's order (LEVEL_LABEL's), lowest first.
    const byLevel = new Map<ReadinessLevel, number>(
      (Object.keys(LEVEL_LABEL) as ReadinessLevel[]).map((level) => [level, 0]),
    );
    let blockers = 0;
    let expiring = 0;
    let expired = 0;
    const { today, until } = expiryWindow(new Date());
    for (const a of items) {
      byLevel.set(a.level, (byLevel.get(a.level) ?? 0) + 1);
      blockers += a.failedBlockers;
      const expiry = a.earliestEvidenceExpiry;
      if (expiry !== undefined) {
        if (expiry < today) expired += 1;
        else if (expiry <= until) expiring += 1;
      }
    }
    return { byLevel: [...byLevel.entries()], blockers, expiring, expired };
  }, [items]);
  const scope = complete
    ? `${filtered ? 'Matching' : 'All'} ${items.length} assessment${items.length === 1 ? '' : 's'}`
    : `Of the ${items.length} loaded (more to load)`;
  return (
    <section
      className="tr-portfolio"
      aria-label="Portfolio summary"
      data-testid="portfolio-summary"
    >
      <p className="tr-subtle" data-testid="portfolio-scope">
        {scope}
      </p>
      <dl className="tr-portfolio-figures">
        {figures.byLevel.map(([level, count]) => (
          <div key={level} className="tr-portfolio-figure" data-testid={`portfolio-level-${level}`}>
            <dt>
              <LevelLozenge level={level} />
            </dt>
            <dd>{count}</dd>
          </div>
        ))}
        <div className="tr-portfolio-figure" data-testid="portfolio-blockers">
          <dt>Failed blockers</dt>
          <dd>{figures.blockers}</dd>
        </div>
        <div className="tr-portfolio-figure" data-testid="portfolio-expiring">
          <dt>Evidence expiring within {EXPIRY_WINDOW_DAYS} days</dt>
          <dd>{figures.expiring}</dd>
        </div>
        {figures.expired > 0 && (
          <div className="tr-portfolio-figure" data-testid="portfolio-expired">
            <dt>Evidence already expired</dt>
            <dd>{figures.expired}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

type SortKey = 'name' | 'status' | 'level' | 'score' | 'completeness' | 'updated';

const STATUS_ORDER: Record<AssessmentStatus, number> = Object.fromEntries(
  (Object.keys(STATUS_LABEL) as AssessmentStatus[]).map((s, i) => [s, i]),
) as Record<AssessmentStatus, number>;

const LEVEL_ORDER: Record<ReadinessLevel, number> = Object.fromEntries(
  (Object.keys(LEVEL_LABEL) as ReadinessLevel[]).map((l, i) => [l, i]),
) as Record<ReadinessLevel, number>;

function compare(a: AssessmentSummary, b: AssessmentSummary, key: SortKey): number {
  switch (key) {
    case 'name':
      return a.appName.localeCompare(b.appName, undefined, { sensitivity: 'base' });
    case 'status':
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    // In the levels' own order (LEVEL_LABEL's), then by score within a level.
    case 'level':
      return LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] || a.score - b.score;
    case 'score':
      return a.score - b.score;
    case 'completeness':
      return a.completeness - b.completeness;
    case 'updated':
      return a.updatedAt.localeCompare(b.updatedAt);
  }
}

function SortHeader({
  label,
  column,
  sort,
  onSort,
  numeric,
}: {
  label: string;
  column: SortKey;
  sort: { key: SortKey; dir: 'asc' | 'desc' } | null;
  onSort: (key: SortKey) => void;
  numeric?: boolean;
}) {
  const active = sort?.key === column;
  return (
    <th
      scope="col"
      className={numeric ? 'tr-num' : undefined}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        className="tr-sort"
        data-testid={`sort-${column}`}
        onClick={() => onSort(column)}
      >
        {label}
        <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
      </button>
    </th>
  );
}

function AssessmentTable({ items }: { items: AssessmentSummary[] }) {
  // Sorting reorders the loaded rows only; null keeps the server's order (last updated first).
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' } | null>(null);
  const rows = useMemo(() => {
    if (!sort) return items;
    const sign = sort.dir === 'asc' ? 1 : -1;
    return [...items].sort((a, b) => sign * compare(a, b, sort.key));
  }, [items, sort]);
  const onSort = (key: SortKey) =>
    setSort((prev) =>
      prev?.key === key ? { key, dir: prev.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' },
    );
  const header = { sort, onSort };
  return (
    <div className="tr-table-wrap">
      <table className="tr-table" aria-label="Assessments">
        <thead>
          <tr>
            <SortHeader label="App" column="name" {...header} />
            <SortHeader label="Status" column="status" {...header} />
            <SortHeader label="Readiness" column="level" {...header} />
            <SortHeader label="Score" column="score" numeric {...header} />
            <SortHeader label="Complete" column="completeness" numeric {...header} />
            <SortHeader label="Last update" column="updated" {...header} />
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} data-testid="assessment-row">
              <td>
                <Link to={assessmentPath(a.id)}>{a.appName}</Link>
                <div className="tr-subtlest">
                  {HOSTING_LABEL[a.hosting]}
                  {a.appKey ? ` · ${a.appKey}` : ''}
                </div>
              </td>
              <td>
                <StatusLozenge status={a.status} />
              </td>
              <td>
                <LevelLozenge level={a.level} />
                {a.failedBlockers > 0 && (
                  <div className="tr-subtlest">
                    {a.failedBlockers} failed blocker{a.failedBlockers === 1 ? '' : 's'}
                  </div>
                )}
              </td>
              <td className="tr-num">{formatScore(a.score)}</td>
              <td className="tr-num">{Math.round(a.completeness)}%</td>
              <td>
                {formatDateTime(a.updatedAt)}
                <div className="tr-subtlest">
                  by <PersonName accountId={a.updatedBy} />
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
