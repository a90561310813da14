import Button from '@atlaskit/button/new';
import { PersonName } from '../components/person';
import Textfield from '@atlaskit/textfield';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { api, type ClientError, type ClientResult } from '../api';
import { LevelLozenge, StatusLozenge } from '../components/lozenges';
import { takeHeadingFocus } from '../lib/arrival';
import { LIST_PAGE_SIZE, takeFirstPage } from '../lib/boot';
import { Empty, ErrorState, Loading } from '../components/states';
import { formatDateTime, formatScore, HOSTING_LABEL, STATUS_LABEL } from '../lib/format';
import { Link } from '../router';
import { assessmentPath } from '../routes';
import type { AssessmentStatus, AssessmentSummary, Page } from '../../../../src/shared/api';

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
  const [list, setList] = useState<ListState>({ items: [], cursor: null, status: 'loading' });
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

  useEffect(() => load(null), [load]);

  const filtered = query !== '' || statusFilter !== '';
  const ready = list.status === 'ready' || list.status === 'loading-more';

  return (
    <main className="tr-page" data-testid="assessments-list" data-ready={ready ? 'true' : 'false'}>
      <header className="tr-page-header">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            Trust readiness
          </h1>
          <p className="tr-subtle">
            Self-assess a Marketplace app against Atlassian&apos;s five trust elements, then submit
            it for an administrator&apos;s review.
          </p>
        </div>
        <div className="tr-row">
          <Link to="/settings" data-testid="settings-link">
            Settings
          </Link>
          <Button appearance="primary" onClick={() => setCreating(true)}>
            Create assessment
          </Button>
        </div>
      </header>

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
        <div className="tr-field">
          <label className="tr-label" htmlFor="assessment-status">
            Status
          </label>
          <select
            id="assessment-status"
            className="tr-native-select"
            value={statusFilter}
            onChange={(e) => setStatusFilter(e.currentTarget.value as AssessmentStatus | '')}
          >
            <option value="">All statuses</option>
            {(Object.keys(STATUS_LABEL) as AssessmentStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </div>
      </div>

      {list.status === 'loading' && <Loading label="Loading assessments" />}
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
  );
}

function AssessmentTable({ items }: { items: AssessmentSummary[] }) {
  return (
    <div className="tr-table-wrap">
      <table className="tr-table" aria-label="Assessments">
        <thead>
          <tr>
            <th scope="col">App</th>
            <th scope="col">Status</th>
            <th scope="col">Readiness</th>
            <th scope="col" className="tr-num">
              Score
            </th>
            <th scope="col" className="tr-num">
              Complete
            </th>
            <th scope="col">Last update</th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => (
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
