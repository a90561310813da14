import { invoke } from './forge-bridge';
import { RecentWrites } from './lib/recent-writes';
import type {
  ApiError,
  AssessmentSummary,
  ApiResult,
  ResolverInput,
  ResolverKey,
  ResolverResults,
} from '../../../src/shared/api';

/**
 * The only module that talks to the backend. Every function returns the resolver envelope;
 * a transport failure (offline, host gone) becomes a synthetic error with code NETWORK so a
 * caller never has to mix try/catch with envelope checks.
 */

export type ClientErrorCode = ApiError['code'] | 'NETWORK';
export interface ClientError extends Omit<ApiError, 'code'> {
  code: ClientErrorCode;
}
export type ClientResult<T> = { ok: true; data: T } | { ok: false; error: ClientError };

function isEnvelope(value: unknown): value is ApiResult<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const ok = (value as { ok: unknown }).ok;
  return ok === true ? 'data' in value : ok === false && 'error' in value;
}

/**
 * Transient platform answers that the backend marks safe to retry: every resolver either
 * carries the revision it expects or a request id, so repeating a call never applies it twice.
 */
const RETRYABLE: ReadonlySet<ClientErrorCode> = new Set(['RATE_LIMITED', 'UNAVAILABLE']);
const MAX_RETRIES = 3;
const MAX_WAIT_MS = 30_000;

/** Waits the backend's Retry-After, or backs off exponentially, with jitter so tabs spread out. */
export function retryDelayMs(error: ClientError, attempt: number, random = Math.random): number {
  const base = error.retryAfterMs ?? 1000 * 2 ** attempt;
  return Math.min(MAX_WAIT_MS, base) * (1 + random() * 0.25);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the browser's fetch says when there is no network at all (Chromium, Firefox, Safari). */
const NO_NETWORK =
  /failed to fetch|networkerror|network request failed|load failed|internet connection/i;

/**
 * A rejected invoke, in the page's vocabulary. Only a browser without a network is NETWORK
 * ("Offline"); the host answering with an HTTP error (the function failed or timed out) is
 * UNAVAILABLE, which is retried; @forge/bridge's own call limiter is RATE_LIMITED.
 */
export function invokeFailure(error: unknown, online: boolean | undefined): ClientError {
  const detail = error instanceof Error ? error.message : String(error);
  if (online === false || NO_NETWORK.test(detail)) {
    return {
      code: 'NETWORK',
      message: 'No network connection. What you entered is kept in this browser.',
    };
  }
  if (/rate limited/i.test(detail)) {
    return {
      code: 'RATE_LIMITED',
      message: 'This page made too many calls at once. Trying again shortly.',
      retryAfterMs: 5000,
    };
  }
  const status = /\bHTTP (\d{3})\b/.exec(detail)?.[1];
  return {
    code: 'UNAVAILABLE',
    message: `Jira didn't answer${status ? ` (HTTP ${status})` : ''}. Nothing was lost; trying again is safe.`,
  };
}

/** navigator.onLine where there is one (the backend's type check has no DOM). */
function browserOnline(): boolean | undefined {
  return (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine;
}

export interface CallOptions {
  /**
   * Automatic retries of transient failures inside this call. Saves pass 0: the autosave
   * retries them itself, visibly ("retrying in 5 s"), instead of a long silent "Saving…".
   */
  retries?: number;
}

async function call<K extends ResolverKey>(
  key: K,
  payload: ResolverInput<K>,
  options: CallOptions = {},
): Promise<ClientResult<ResolverResults[K]>> {
  const retries = options.retries ?? MAX_RETRIES;
  for (let attempt = 0; ; attempt += 1) {
    const result = await callOnce(key, payload);
    if (result.ok || !RETRYABLE.has(result.error.code) || attempt >= retries) return result;
    await sleep(retryDelayMs(result.error, attempt));
  }
}

async function callOnce<K extends ResolverKey>(
  key: K,
  payload: ResolverInput<K>,
): Promise<ClientResult<ResolverResults[K]>> {
  let response: unknown;
  try {
    response = await invoke(key, payload as Record<string, unknown>);
  } catch (error) {
    return {
      ok: false,
      error: invokeFailure(error, browserOnline()),
    };
  }
  if (!isEnvelope(response)) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: 'The app backend sent an answer this page cannot read.' },
    };
  }
  return response as ClientResult<ResolverResults[K]>;
}

/** What this page wrote, laid over the eventually consistent list (see recent-writes.ts). */
const recentWrites = new RecentWrites();

/** Every result that carries the stored summary teaches the list what it now looks like. */
async function remembering<K extends ResolverKey>(
  key: K,
  payload: ResolverInput<K>,
  options: CallOptions = {},
): Promise<ClientResult<ResolverResults[K]>> {
  const result = await call(key, payload, options);
  if (result.ok) {
    const data: unknown = result.data;
    if (typeof data === 'object' && data !== null && 'assessment' in data) {
      recentWrites.saved((data as { assessment: AssessmentSummary }).assessment);
    }
  }
  return result;
}

async function listAssessments(
  input: ResolverInput<'listAssessments'>,
): Promise<ClientResult<ResolverResults['listAssessments']>> {
  const result = await call('listAssessments', input);
  if (!result.ok) return result;
  return {
    ok: true,
    data: recentWrites.reconcile(result.data, {
      status: input.status,
      search: input.search,
      firstPage: !input.cursor,
    }),
  };
}

async function deleteAssessment(
  input: ResolverInput<'deleteAssessment'>,
): Promise<ClientResult<ResolverResults['deleteAssessment']>> {
  const result = await call('deleteAssessment', input);
  if (result.ok || result.error.code === 'NOT_FOUND') recentWrites.deleted(input.id);
  return result;
}

export const api = {
  listAssessments,
  createAssessment: (input: ResolverInput<'createAssessment'>) =>
    remembering('createAssessment', input),
  getAssessment: (input: ResolverInput<'getAssessment'>) => call('getAssessment', input),
  saveAnswers: (input: ResolverInput<'saveAnswers'>, options?: CallOptions) =>
    remembering('saveAnswers', input, options),
  submitAssessment: (input: ResolverInput<'submitAssessment'>) =>
    remembering('submitAssessment', input),
  reviewAssessment: (input: ResolverInput<'reviewAssessment'>) =>
    remembering('reviewAssessment', input),
  reopenAssessment: (input: ResolverInput<'reopenAssessment'>) =>
    remembering('reopenAssessment', input),
  getHistory: (input: ResolverInput<'getHistory'>) => call('getHistory', input),
  getAudit: (input: ResolverInput<'getAudit'>) => call('getAudit', input),
  exportAssessment: (input: ResolverInput<'exportAssessment'>) => call('exportAssessment', input),
  analyzeManifest: (input: ResolverInput<'analyzeManifest'>) => call('analyzeManifest', input),
  attachManifest: (input: ResolverInput<'attachManifest'>) => remembering('attachManifest', input),
  getRuleSet: (input: ResolverInput<'getRuleSet'>) => call('getRuleSet', input),
  deleteAssessment,
  whoAmI: () => call('whoAmI', {}),
  /** The list view's first data in one invoke; the page goes through the same reconcile. */
  getStartup: async (input: ResolverInput<'getStartup'>) => {
    const result = await call('getStartup', input);
    if (!result.ok) return result;
    const firstPage = recentWrites.reconcile(result.data.firstPage, { firstPage: true });
    return { ok: true as const, data: { ...result.data, firstPage } };
  },
  replyToReview: (input: ResolverInput<'replyToReview'>) => remembering('replyToReview', input),
  restoreAnswer: (input: ResolverInput<'restoreAnswer'>) => remembering('restoreAnswer', input),
  getSettings: () => call('getSettings', {}),
  upgradeAssessment: async (input: ResolverInput<'upgradeAssessment'>) => {
    const result = await call('upgradeAssessment', input);
    if (result.ok) recentWrites.saved(result.data.detail.assessment);
    return result;
  },
  updateSettings: (input: ResolverInput<'updateSettings'>) => call('updateSettings', input),
  previewImport: (input: ResolverInput<'previewImport'>) => call('previewImport', input),
  importAnswers: (input: ResolverInput<'importAnswers'>) => remembering('importAnswers', input),
} satisfies { [K in ResolverKey]: (input: ResolverInput<K>) => Promise<ClientResult<unknown>> };

export type Api = typeof api;
