import type { ClientError } from '../api';
import type { Answer, AnswerIssue, Answers } from '../../../../src/domain/answers';
import type { AnswerConflict, SaveResult } from '../../../../src/shared/api';
import { API_LIMITS } from '../../../../src/shared/api';
import { compactAnswer, mergeAnswers, sameAnswer, type Patch } from './answers';

/**
 * The page's edit state as pure functions: no React, no timers, no requests. Every function
 * takes the state (and the clock as `now` where time matters) and returns a new state, so each
 * transition can be tested on its own. `session.ts` owns the timers and the backend calls and
 * feeds their outcomes in here.
 *
 * The rule that keeps typing safe: an edit leaves `pending` only when the backend confirms the
 * very object that was sent (identity, not equality), so whatever is typed while a save is in
 * flight stays pending and goes out with the next save.
 */

export interface Base {
  revision: number;
  answers: Answers;
}

/** Someone else changed a question this page also changed: both values are kept until the user picks. */
export interface Conflict {
  questionId: string;
  /** What is stored now; null: they cleared it. */
  theirs: Answer | null;
  /** What this page holds (and keeps editing) for the question. */
  mine: Answer | null;
  /** Account id, or null while unknown (e.g. edits restored from this browser). */
  by: string | null;
  at: string | null;
}

/** A change by someone else that merged in silently, for the "Bob changed S7" notice. */
export interface Arrival {
  questionId: string;
  answer: Answer | null;
  by: string | null;
  at: string | null;
}

/**
 * offline: the browser has no network. unavailable: Forge or Jira failed or did not answer
 * (an HTTP 5xx, a timeout, an UNAVAILABLE or INTERNAL envelope). rate-limited: asked to slow
 * down. error: anything retrying cannot fix (no access, not found).
 */
export type FailureKind = 'offline' | 'unavailable' | 'rate-limited' | 'error';

export interface Failure {
  kind: FailureKind;
  error: ClientError;
  /** Consecutive failures; drives the back-off. */
  attempt: number;
  /** When the next automatic try is due (epoch ms); null: only "Retry now" tries again. */
  retryAt: number | null;
}

export interface EditState {
  base: Base;
  /** Edits not confirmed by the backend yet; null clears an answer. */
  pending: Patch;
  /** Per pending question: the stored value the edit was made against. */
  basis: Record<string, Answer | null>;
  /** The patch of the save in flight, if any. */
  inflight: Patch | null;
  conflicts: Record<string, Conflict>;
  arrivals: Arrival[];
  failure: Failure | null;
  /** Edits the backend refused, by identity: not resent until the user changes them. */
  rejected: Record<string, { answer: Answer | null; issues: AnswerIssue[] }>;
  /** When the last save started (epoch ms), for the minimum interval between saves. */
  lastSaveAt: number | null;
  /** When the backend last confirmed a save. */
  savedAt: number | null;
}

export interface SavePolicy {
  /** At least this long between the starts of two saves, unless forced (blur, leave, submit). */
  minIntervalMs: number;
  /** Local validation: a question with issues stays local. */
  issuesOf?: (questionId: string, answer: Answer | null) => AnswerIssue[];
}

export const DEFAULT_POLICY: SavePolicy = { minIntervalMs: 3000 };

const RETRY_BASE_MS = 2000;
const RETRY_MAX_MS = 30_000;
/**
 * Automatic tries after a transient failure: 2, 4, 8, 16 then every 30 s, about 3 minutes in
 * all. Then only "Retry now", the browser coming back online or the tab becoming visible.
 */
export const MAX_AUTO_RETRIES = 8;

export function initialState(base: Base): EditState {
  return {
    base,
    pending: {},
    basis: {},
    inflight: null,
    conflicts: {},
    arrivals: [],
    failure: null,
    rejected: {},
    lastSaveAt: null,
    savedAt: null,
  };
}

const stored = (base: Base, questionId: string): Answer | null => base.answers[questionId] ?? null;

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** Edits typed in an earlier visit and kept in this browser, laid over the stored version. */
export function restore(
  state: EditState,
  saved: { baseRevision: number; pending: Patch; basis?: Record<string, Answer | null> },
): EditState {
  let next = state;
  for (const [questionId, mine] of Object.entries(saved.pending)) {
    const current = stored(next.base, questionId);
    if (sameAnswer(mine, current)) continue;
    const basisKnown = saved.basis !== undefined && questionId in saved.basis;
    const untouched = basisKnown
      ? sameAnswer(saved.basis?.[questionId] ?? null, current)
      : saved.baseRevision === next.base.revision;
    if (untouched) {
      next = {
        ...next,
        pending: { ...next.pending, [questionId]: mine },
        basis: { ...next.basis, [questionId]: current },
      };
    } else {
      next = {
        ...next,
        pending: { ...next.pending, [questionId]: mine },
        basis: { ...next.basis, [questionId]: current },
        conflicts: {
          ...next.conflicts,
          [questionId]: { questionId, theirs: current, mine, by: null, at: null },
        },
      };
    }
  }
  return next;
}

export function edit(state: EditState, questionId: string, answer: Answer | null): EditState {
  const next = answer === null ? null : compactAnswer(answer);
  const conflict = state.conflicts[questionId];
  if (conflict) {
    // Keep editing "mine" beside theirs; nothing is sent until the user decides.
    return {
      ...state,
      pending: { ...state.pending, [questionId]: next },
      conflicts: { ...state.conflicts, [questionId]: { ...conflict, mine: next } },
    };
  }
  const sending = state.inflight !== null && questionId in state.inflight;
  const basis = questionId in state.basis ? state.basis : { ...state.basis };
  if (!(questionId in basis)) basis[questionId] = stored(state.base, questionId);
  if (!sending && sameAnswer(next, stored(state.base, questionId))) {
    return {
      ...state,
      pending: without(state.pending, questionId),
      basis: without(state.basis, questionId),
    };
  }
  return { ...state, pending: { ...state.pending, [questionId]: next }, basis };
}

/** Why a pending question cannot go out right now, or null when it can. */
function blocked(state: EditState, questionId: string, policy: SavePolicy): boolean {
  if (state.conflicts[questionId]) return true;
  const answer = state.pending[questionId] ?? null;
  const rejected = state.rejected[questionId];
  if (rejected && rejected.answer === state.pending[questionId]) return true;
  return (policy.issuesOf?.(questionId, answer).length ?? 0) > 0;
}

export function savableIds(state: EditState, policy: SavePolicy = DEFAULT_POLICY): string[] {
  return Object.keys(state.pending).filter((id) => !blocked(state, id, policy));
}

export type SaveDecision =
  | { kind: 'send'; batch: Patch; expectedRevision: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'nothing' };

/**
 * What the autosave should do now. `force` (blur, leaving, submit, "Retry now") skips the
 * minimum interval and a failure's back-off; nothing ever sends two saves at once.
 */
export function nextSave(
  state: EditState,
  now: number,
  policy: SavePolicy = DEFAULT_POLICY,
  force = false,
): SaveDecision {
  if (state.inflight) return { kind: 'nothing' };
  const ids = savableIds(state, policy);
  if (ids.length === 0) return { kind: 'nothing' };
  if (!force && state.failure) {
    if (state.failure.retryAt === null) return { kind: 'nothing' };
    if (state.failure.retryAt > now) return { kind: 'wait', ms: state.failure.retryAt - now };
  }
  if (!force && state.lastSaveAt !== null && now - state.lastSaveAt < policy.minIntervalMs) {
    return { kind: 'wait', ms: policy.minIntervalMs - (now - state.lastSaveAt) };
  }
  const batch: Patch = {};
  for (const id of ids.slice(0, API_LIMITS.answersPerSave)) batch[id] = state.pending[id] ?? null;
  return { kind: 'send', batch, expectedRevision: state.base.revision };
}

export function saveStarted(state: EditState, batch: Patch, now: number): EditState {
  return { ...state, inflight: batch, lastSaveAt: now };
}

/**
 * The backend's answers since `state.base`, laid under the pending edits. A question someone
 * else changed becomes an arrival when this page has no edit of it, and a conflict when it
 * has a different one; `written` are this page's own writes (not news).
 */
export function rebase(
  state: EditState,
  fresh: Base,
  options: { written?: readonly string[]; by?: string | null; at?: string | null } = {},
): EditState {
  if (fresh.revision < state.base.revision) return state;
  const written = new Set(options.written ?? []);
  const ids = new Set([...Object.keys(state.base.answers), ...Object.keys(fresh.answers)]);
  let pending = state.pending;
  let basis = state.basis;
  let conflicts = state.conflicts;
  const arrivals = [...state.arrivals];
  for (const id of ids) {
    if (written.has(id)) continue;
    const before = stored(state.base, id);
    const after = stored(fresh, id);
    if (sameAnswer(before, after)) continue;
    const conflict = conflicts[id];
    if (conflict) {
      conflicts = { ...conflicts, [id]: { ...conflict, theirs: after } };
      continue;
    }
    if (!(id in pending)) {
      const i = arrivals.findIndex((a) => a.questionId === id);
      if (i >= 0) arrivals.splice(i, 1);
      arrivals.push({
        questionId: id,
        answer: after,
        by: options.by ?? null,
        at: options.at ?? null,
      });
      continue;
    }
    const mine = pending[id] ?? null;
    const madeAgainst = id in basis ? (basis[id] ?? null) : before;
    if (sameAnswer(mine, after)) {
      // They stored what this page was about to: nothing left to send.
      pending = without(pending, id);
      basis = without(basis, id);
    } else if (state.inflight && id in state.inflight) {
      // Decided by the save in flight (it lands or conflicts); nothing to do here.
    } else if (sameAnswer(madeAgainst, after)) {
      // The edit was made against what is stored now: it simply goes out next.
    } else {
      conflicts = {
        ...conflicts,
        [id]: { questionId: id, theirs: after, mine, by: options.by ?? null, at: null },
      };
    }
  }
  return { ...state, base: fresh, pending, basis, conflicts, arrivals };
}

export function saveSucceeded(
  state: EditState,
  batch: Patch,
  result: Pick<SaveResult, 'revision' | 'written' | 'merged' | 'answers'>,
  now: number,
): EditState {
  let pending = state.pending;
  let basis = state.basis;
  let rejected = state.rejected;
  for (const [id, answer] of Object.entries(batch)) {
    rejected = without(rejected, id);
    if (pending[id] === answer) {
      pending = without(pending, id);
      basis = without(basis, id);
    } else if (id in pending) {
      // Typed while the save was in flight: based on what this page just stored.
      basis = { ...basis, [id]: answer };
    }
  }
  const ownAnswers = mergeAnswers(state.base.answers, batch);
  const confirmed: EditState = {
    ...state,
    base: { revision: state.base.revision, answers: ownAnswers },
    pending,
    basis,
    rejected,
    inflight: null,
    failure: null,
    savedAt: now,
  };
  const fresh: Base = {
    revision: result.revision,
    answers: result.answers ?? ownAnswers,
  };
  return rebase(confirmed, fresh, { written: Object.keys(batch) });
}

/**
 * CONFLICT: nothing of the save was written. The contested questions keep both values until the
 * user decides; the rest stays pending and goes out with the next save (the backend merges it).
 */
export function saveConflicted(
  state: EditState,
  batch: Patch,
  conflicts: readonly AnswerConflict[],
): EditState {
  const next = { ...state.conflicts };
  for (const c of conflicts) {
    const mine =
      c.questionId in state.pending
        ? (state.pending[c.questionId] ?? null)
        : (batch[c.questionId] ?? null);
    next[c.questionId] = {
      questionId: c.questionId,
      theirs: c.theirs,
      mine,
      by: c.by,
      at: c.at,
    };
  }
  return { ...state, inflight: null, failure: null, conflicts: next };
}

function retryDelay(attempt: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
}

/** A failed save (after api.ts's own retries). Transient failures retry by themselves. */
export function saveFailed(
  state: EditState,
  batch: Patch,
  error: ClientError,
  now: number,
): EditState {
  const base = { ...state, inflight: null };
  if (error.code === 'VALIDATION' || error.code === 'LIMIT') {
    const rejected = { ...state.rejected };
    for (const [id, answer] of Object.entries(batch)) {
      const issues = (error.issues ?? [])
        .map((issue) => ({
          path: issue.path[0] === 'answers' ? issue.path.slice(1) : issue.path,
          message: issue.message,
        }))
        .filter((issue) => issue.path[0] === id);
      rejected[id] = {
        answer,
        issues: issues.length ? issues : [{ path: [id], message: error.message }],
      };
    }
    return { ...base, rejected };
  }
  const attempt = (state.failure?.attempt ?? 0) + 1;
  const kind: FailureKind =
    error.code === 'NETWORK'
      ? 'offline'
      : error.code === 'RATE_LIMITED'
        ? 'rate-limited'
        : error.code === 'UNAVAILABLE' || error.code === 'INTERNAL'
          ? 'unavailable'
          : 'error';
  const automatic = kind !== 'error' && attempt <= MAX_AUTO_RETRIES;
  const wait = Math.max(retryDelay(attempt), error.retryAfterMs ?? 0);
  return {
    ...base,
    failure: { kind, error, attempt, retryAt: automatic ? now + wait : null },
  };
}

/** "Retry now", the browser coming back online, or the tab becoming visible again. */
export function retryNow(state: EditState, now: number): EditState {
  if (!state.failure && Object.keys(state.rejected).length === 0) return state;
  return {
    ...state,
    rejected: {},
    failure: state.failure ? { ...state.failure, retryAt: now } : null,
    lastSaveAt: null,
  };
}

export type Resolution = 'theirs' | 'mine';

/** The user's decision on one conflicted question. */
export function resolve(state: EditState, questionId: string, choice: Resolution): EditState {
  const conflict = state.conflicts[questionId];
  if (!conflict) return state;
  const conflicts = without(state.conflicts, questionId);
  if (choice === 'theirs' || sameAnswer(conflict.mine, conflict.theirs)) {
    const answers = { ...state.base.answers };
    if (conflict.theirs === null) delete answers[questionId];
    else answers[questionId] = conflict.theirs;
    return {
      ...state,
      base: { ...state.base, answers },
      conflicts,
      pending: without(state.pending, questionId),
      basis: without(state.basis, questionId),
    };
  }
  return {
    ...state,
    conflicts,
    pending: { ...state.pending, [questionId]: conflict.mine },
    // Mine now knowingly replaces theirs: a later change by someone else conflicts again.
    basis: { ...state.basis, [questionId]: conflict.theirs },
  };
}

/** Who changed what, once known (from the audit trail), for arrivals and conflicts without it. */
export function attribute(
  state: EditState,
  changes: readonly { questionId: string; by: string; at: string }[],
): EditState {
  const latest = new Map<string, { by: string; at: string }>();
  for (const c of changes) {
    const seen = latest.get(c.questionId);
    if (!seen || seen.at < c.at) latest.set(c.questionId, c);
  }
  const arrivals = state.arrivals.map((a) => {
    const who = a.by === null ? latest.get(a.questionId) : undefined;
    return who ? { ...a, by: who.by, at: who.at } : a;
  });
  const conflicts = { ...state.conflicts };
  for (const [id, c] of Object.entries(conflicts)) {
    const who = c.by === null ? latest.get(id) : undefined;
    if (who) conflicts[id] = { ...c, by: who.by, at: who.at };
  }
  return { ...state, arrivals, conflicts };
}

export function dismissArrivals(state: EditState): EditState {
  return state.arrivals.length === 0 ? state : { ...state, arrivals: [] };
}

/** Drops the pending edits of these questions (an import replaced them), conflicts excepted. */
export function forget(state: EditState, ids: readonly string[]): EditState {
  let pending = state.pending;
  let basis = state.basis;
  for (const id of ids) {
    if (state.conflicts[id]) continue;
    pending = without(pending, id);
    basis = without(basis, id);
  }
  return pending === state.pending ? state : { ...state, pending, basis };
}

/** Forget every local edit (after a delete, or "discard all"). */
export function discardAll(state: EditState): EditState {
  return { ...state, pending: {}, basis: {}, conflicts: {}, rejected: {}, failure: null };
}

export type SaveView =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'invalid'; count: number }
  | { kind: 'conflict'; count: number }
  | { kind: 'offline'; retryAt: number | null }
  | { kind: 'unavailable'; retryAt: number | null; error: ClientError }
  | { kind: 'rate-limited'; retryAt: number | null; error: ClientError }
  | { kind: 'error'; error: ClientError };

/** What the save indicator says, truthfully, from the state alone. */
export function saveView(state: EditState, invalidCount: number): SaveView {
  const conflicts = Object.keys(state.conflicts).length;
  if (conflicts > 0) return { kind: 'conflict', count: conflicts };
  if (state.inflight) return { kind: 'saving' };
  if (state.failure && Object.keys(state.pending).length > 0) {
    const { kind, retryAt, error } = state.failure;
    if (kind === 'offline') return { kind: 'offline', retryAt };
    if (kind === 'unavailable' || kind === 'rate-limited') return { kind, retryAt, error };
    return { kind: 'error', error };
  }
  if (invalidCount > 0) return { kind: 'invalid', count: invalidCount };
  if (Object.keys(state.pending).length > 0) return { kind: 'pending' };
  return state.savedAt === null ? { kind: 'idle' } : { kind: 'saved', at: state.savedAt };
}
