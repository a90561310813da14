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

export function prefetch(route: 'list' | 'other'): void {
  if (route !== 'list') {
    viewer = api.whoAmI();
    return;
  }
  // One invoke for the list view: a round trip saved, and nothing waits on a second answer.
  const startup = api.getStartup({ limit: LIST_PAGE_SIZE });
  viewer = startup.then((result) => (result.ok ? { ok: true, data: result.data.viewer } : result));
  firstPage = startup.then((result) =>
    result.ok ? { ok: true, data: result.data.firstPage } : result,
  );
}

let known: Viewer | null = null;

export function takeViewer(): Promise<ClientResult<Viewer>> {
  const pending = viewer ?? api.whoAmI();
  viewer = undefined;
  return pending.then((result) => {
    if (result.ok) known = result.data;
    return result;
  });
}

/** Who is signed in, once the access check answered (null before). */
export function currentViewer(): Viewer | null {
  return known;
}

/** The unfiltered first page, if one was prefetched and not yet used. */
export function takeFirstPage(): Promise<ClientResult<Page<AssessmentSummary>>> | undefined {
  const pending = firstPage;
  firstPage = undefined;
  return pending;
}
