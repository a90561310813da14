import { invoke } from '@forge/bridge';
import type {
  ApiError,
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

async function call<K extends ResolverKey>(
  key: K,
  payload: ResolverInput<K>,
): Promise<ClientResult<ResolverResults[K]>> {
  for (let attempt = 0; ; attempt += 1) {
    const result = await callOnce(key, payload);
    if (result.ok || !RETRYABLE.has(result.error.code) || attempt >= MAX_RETRIES) return result;
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
    const detail = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { code: 'NETWORK', message: `Could not reach the app backend (${detail}).` },
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

export const api = {
  listAssessments: (input: ResolverInput<'listAssessments'>) => call('listAssessments', input),
  createAssessment: (input: ResolverInput<'createAssessment'>) => call('createAssessment', input),
  getAssessment: (input: ResolverInput<'getAssessment'>) => call('getAssessment', input),
  saveAnswers: (input: ResolverInput<'saveAnswers'>) => call('saveAnswers', input),
  submitAssessment: (input: ResolverInput<'submitAssessment'>) => call('submitAssessment', input),
  reviewAssessment: (input: ResolverInput<'reviewAssessment'>) => call('reviewAssessment', input),
  reopenAssessment: (input: ResolverInput<'reopenAssessment'>) => call('reopenAssessment', input),
  getHistory: (input: ResolverInput<'getHistory'>) => call('getHistory', input),
  getAudit: (input: ResolverInput<'getAudit'>) => call('getAudit', input),
  exportAssessment: (input: ResolverInput<'exportAssessment'>) => call('exportAssessment', input),
  analyzeManifest: (input: ResolverInput<'analyzeManifest'>) => call('analyzeManifest', input),
  attachManifest: (input: ResolverInput<'attachManifest'>) => call('attachManifest', input),
  getRuleSet: () => call('getRuleSet', {}),
  deleteAssessment: (input: ResolverInput<'deleteAssessment'>) => call('deleteAssessment', input),
  whoAmI: () => call('whoAmI', {}),
} satisfies { [K in ResolverKey]: (input: ResolverInput<K>) => Promise<ClientResult<unknown>> };

export type Api = typeof api;
