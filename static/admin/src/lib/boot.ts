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

/** The prefetched access check if it has answered already (handed out once, like takeViewer). */
export function takeViewerIfIn(): ClientResult<Viewer> | undefined {
  const result = viewerIn;
  if (result === undefined) return undefined;
  viewer = undefined;
  viewerIn = undefined;
  if (result.ok) known = result.data;
  return result;
}

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

/** The prefetched first page if it has arrived already (handed out once, like takeFirstPage). */
export function takeFirstPageIfIn(): ClientResult<Page<AssessmentSummary>> | undefined {
  const result = firstPageIn;
  if (result === undefined) return undefined;
  firstPage = undefined;
  firstPageIn = undefined;
  return result;
}
