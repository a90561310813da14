import { api, type ClientResult } from '../api';
import type { AssessmentSummary, Page, Viewer } from '../../../../src/shared/api';

/**
 * Requests the first view needs, started while its code is still downloading: the access
 * check and the first page of the list then arrive alongside the chunks instead of after them.
 * Each prefetched answer is handed out once; later loads ask the backend again.
 */

export const LIST_PAGE_SIZE = 25;

let viewer: Promise<ClientResult<Viewer>> | undefined;
let firstPage: Promise<ClientResult<Page<AssessmentSummary>>> | undefined;
// The same answers once they are in, so a first render after them needs no loading pass.
let viewerIn: ClientResult<Viewer> | undefined;
let firstPageIn: ClientResult<Page<AssessmentSummary>> | undefined;

export function prefetch(route: 'list' | 'other'): void {
  if (route !== 'list') {
    viewer = api.whoAmI();
    void viewer.then((result) => (viewerIn = result));
    return;
  }
  // One invoke for the list view: a round trip saved, and nothing waits on a second answer.
  const startup = api.getStartup({ limit: LIST_PAGE_SIZE });
  viewer = startup.then((result) => (result.ok ? { ok: true, data: result.data.viewer } : result));
  firstPage = startup.then((result) =>
    result.ok ? { ok: true, data: result.data.firstPage } : result,
  );
  void viewer.then((result) => (viewerIn = result));
  void firstPage.then((result) => (firstPageIn = result));
}

/** Settles when every prefetched answer is in (or failed); at once without a prefetch. */
export function prefetched(): Promise<void> {
  return Promise.all([viewer, firstPage]).then(() => undefined);
}

let known: Viewer | null = null;

export function takeViewer(): Promise<ClientResult<Viewer>> {
  const pending = viewer ?? api.whoAmI();
  viewer = undefined;
  viewerIn = undefined;
  return pending.then((result) => {
    if (result.ok) known = result.data;
    return result;
  });
}

/**
 * A prefetched answer already in hand, for a first render. Looking is free of side effects and
 * the answer is handed over only once that render commits (`adopt…`): React throws away a
 * first render when something under it suspends, and an answer taken by the discarded render
 * would be gone for the one that commits, which then asked the backend again.
 */
export interface Prefetched<T> {
  peek: () => ClientResult<T> | undefined;
  adopt: () => void;
}

export const prefetchedViewer: Prefetched<Viewer> = {
  peek: () => {
    // Idempotent: whoever renders with this answer may ask currentViewer() in the same pass.
    if (viewerIn?.ok) known = viewerIn.data;
    return viewerIn;
  },
  adopt: () => {
    if (viewerIn === undefined) return;
    viewer = undefined;
    viewerIn = undefined;
  },
};

/** Who is signed in, once the access check answered (null before). */
export function currentViewer(): Viewer | null {
  return known;
}

/** The unfiltered first page, if one was prefetched and not yet used. */
export function takeFirstPage(): Promise<ClientResult<Page<AssessmentSummary>>> | undefined {
  const pending = firstPage;
  firstPage = undefined;
  firstPageIn = undefined;
  return pending;
}

export const prefetchedFirstPage: Prefetched<Page<AssessmentSummary>> = {
  peek: () => firstPageIn,
  adopt: () => {
    if (firstPageIn === undefined) return;
    firstPage = undefined;
    firstPageIn = undefined;
  },
};
