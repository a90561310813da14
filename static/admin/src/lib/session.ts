import type { Api, ClientError, ClientResult } from '../api';
import type { Answer, AnswerIssue, Answers } from '../../../../src/domain/answers';
import type { RuleSet } from '../../../../src/domain/rules/schema';
import { API_LIMITS, type AssessmentDetail, type SaveResult } from '../../../../src/shared/api';
import { answerIssues, mergeAnswers, type Patch } from './answers';
import * as edits from './edit-state';
import type { Arrival, Conflict, EditState, Resolution, SavePolicy, SaveView } from './edit-state';

export type SaveState = SaveView;

export interface SessionSnapshot {
  detail: AssessmentDetail;
  /** Edits not yet confirmed by the backend. Survive conflicts, failures and reloads. */
  pending: Patch;
  /** What the page shows: the stored answers with the pending edits on top. */
  answers: Answers;
  save: SaveState;
  /** Per question: why its pending edit cannot be saved (local checks or the backend's). */
  issues: Record<string, AnswerIssue[]>;
  /** Questions someone else changed that this page changed too: theirs and mine, kept. */
  conflicts: Record<string, Conflict>;
  /** What others changed that merged in silently, newest last. */
  arrivals: Arrival[];
  readOnly: boolean;
}

export interface SessionDeps {
  api: Pick<
    Api,
    | 'saveAnswers'
    | 'getAssessment'
    | 'attachManifest'
    | 'deleteAssessment'
    | 'getAudit'
    | 'importAnswers'
  >;
  ruleSet: RuleSet;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** Quiet time after the last keystroke before a save. */
  delayMs?: number;
  /** Minimum time between the starts of two autosaves (blur and leaving skip it). */
  minIntervalMs?: number;
  now?: () => number;
}

interface StoredEdits {
  baseRevision: number;
  pending: Patch;
  /** Per question, the stored value the edit was made against (absent in older entries). */
  basis?: Record<string, Answer | null>;
}

export const unsavedKey = (id: string) => `trust-readiness:unsaved:${id}`;

const READ_ONLY = new Set(['submitted', 'approved']);

/**
 * Owns one assessment while it is open. The edit logic is the pure `edit-state.ts`; this class
 * adds what is not pure: the debounce and minimum-interval timers, the backend calls, the
 * retry timer, and the mirror of pending edits in localStorage (so a closed tab or a crash
 * loses nothing). `leave()` sends whatever is pending at once, and the request is allowed to
 * finish after the page has gone.
 */
export class AssessmentSession {
  private state: EditState;
  private detail: AssessmentDetail;
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inflight: Promise<void> | null = null;
  private disposed = false;
  /** True while a delete runs: nothing is saved, so no save can race the delete. */
  private deleting = false;
  private readonly policy: SavePolicy;
  private readonly now: () => number;

  constructor(
    detail: AssessmentDetail,
    private readonly deps: SessionDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.policy = {
      minIntervalMs: deps.minIntervalMs ?? 3000,
      issuesOf: (id, answer) => answerIssues(deps.ruleSet, id, answer),
    };
    this.detail = detail;
    let state = edits.initialState({
      revision: detail.assessment.revision,
      answers: detail.answers,
    });
    const restored = this.readStored(detail.assessment.id);
    if (restored) state = edits.restore(state, restored);
    this.state = state;
    this.snapshot = this.derive();
    if (Object.keys(state.conflicts).length > 0) void this.lookUpAuthors();
    if (Object.keys(state.pending).length > 0 && !this.snapshot.readOnly) this.schedule();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  /** Leaving the page: pending edits go out now, and the save may finish after the page is gone. */
  dispose(): void {
    if (this.disposed) return;
    void this.flushNow();
    this.disposed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
  }

  edit(questionId: string, answer: Answer | null): void {
    if (this.snapshot.readOnly) return;
    this.apply(edits.edit(this.state, questionId, answer));
    this.schedule();
  }

  /** Saves everything savable now, skipping the debounce; true when nothing is left unsaved. */
  async flushNow(): Promise<boolean> {
    clearTimeout(this.timer);
    for (;;) {
      if (this.inflight) await this.inflight;
      if (this.deleting || this.snapshot.readOnly) break;
      const decision = edits.nextSave(this.state, this.now(), this.policy, true);
      if (decision.kind !== 'send') break;
      await this.run(decision.batch, decision.expectedRevision);
      if (this.state.failure) break;
    }
    const left = Object.keys(this.state.pending).length;
    // The timer cleared above may have been the failure's retry: put the autosave back on it.
    if (left > 0) this.schedule();
    return left === 0;
  }

  /** "Retry now", back online, tab visible again: try a failed save straight away. */
  retry(): void {
    this.apply(edits.retryNow(this.state, this.now()));
    void this.flushNow();
  }

  resolveConflict(questionId: string, choice: Resolution): void {
    this.apply(edits.resolve(this.state, questionId, choice));
    this.schedule();
  }

  /** Start "mine" from their value, to merge the two by hand. */
  editFromTheirs(questionId: string): void {
    const conflict = this.state.conflicts[questionId];
    if (!conflict) return;
    this.apply(edits.edit(this.state, questionId, conflict.theirs));
  }

  dismissArrivals(): void {
    this.apply(edits.dismissArrivals(this.state));
  }

  /** After submit, review, reopen or a reply: the backend's answer is the new truth. */
  replaceDetail(detail: AssessmentDetail): void {
    this.detail = detail;
    this.apply(
      edits.rebase(this.state, { revision: detail.assessment.revision, answers: detail.answers }),
    );
    if (!this.snapshot.readOnly) this.schedule();
  }

  /** Accepted manifest suggestions: one audited save, tagged with where it came from. */
  async importAnswers(patch: Patch): Promise<ClientResult<SaveResult>> {
    await this.flushNow();
    const ids = Object.keys(patch);
    let last: ClientResult<SaveResult> | null = null;
    for (let i = 0; i < ids.length; i += API_LIMITS.answersPerSave) {
      const chunk = Object.fromEntries(
        ids.slice(i, i + API_LIMITS.answersPerSave).map((id) => [id, patch[id] ?? null]),
      );
      last = await this.deps.api.saveAnswers({
        id: this.detail.assessment.id,
        expectedRevision: this.state.base.revision,
        answers: chunk,
        source: 'manifest-import',
      });
      if (!last.ok) {
        if (last.error.code === 'CONFLICT') await this.reload();
        return last;
      }
      // A pending edit of an imported question is superseded by the import.
      const state = edits.forget(this.state, Object.keys(chunk));
      this.onSaved(state, chunk, last.data);
    }
    return last ?? { ok: false, error: { code: 'VALIDATION', message: 'Nothing to import.' } };
  }

  /**
   * Writes a previewed import (an answers file, or another assessment's answers) as one
   * revision-checked change, against the revision the preview was computed at: a question
   * someone changed since then is a CONFLICT, not overwritten.
   */
  async importPreviewed(
    patch: Patch,
    source: 'answers-file' | 'copy',
    expectedRevision: number,
  ): Promise<ClientResult<SaveResult>> {
    await this.flushNow();
    const answers = Object.fromEntries(Object.entries(patch).map(([q, a]) => [q, a ?? null]));
    const result = await this.deps.api.importAnswers({
      id: this.detail.assessment.id,
      expectedRevision,
      answers,
      source,
    });
    if (!result.ok) {
      if (result.error.code === 'CONFLICT') await this.reload();
      return result;
    }
    this.onSaved(edits.forget(this.state, Object.keys(answers)), answers, result.data);
    return result;
  }

  /**
   * Attaches (or with null, detaches) a partner manifest. Pending edits are saved first so the
   * revision sent is the one the user's answers are based on.
   */
  async attachManifest(manifest: string | null): Promise<ClientResult<AssessmentDetail>> {
    await this.flushNow();
    const result = await this.deps.api.attachManifest({
      id: this.detail.assessment.id,
      expectedRevision: this.state.base.revision,
      manifest,
    });
    if (result.ok) this.replaceDetail(result.data);
    else if (result.error.code === 'CONFLICT') await this.reload();
    return result;
  }

  /**
   * Deletes the assessment with the revision the page shows. Autosave pauses first and any
   * save in flight lands, so the revision sent is the latest this page knows. The unsaved
   * edits are dropped (here and in localStorage) only once the delete succeeded; NOT_FOUND
   * means someone else deleted it already, which is the same outcome. A CONFLICT keeps
   * everything and reloads the stored version, so what changed shows before a second try.
   */
  async delete(): Promise<ClientResult<{ id: string; deleted: true }>> {
    this.deleting = true;
    clearTimeout(this.timer);
    if (this.inflight) await this.inflight;
    const id = this.detail.assessment.id;
    const result = await this.deps.api.deleteAssessment({
      id,
      expectedRevision: this.state.base.revision,
    });
    if (result.ok || result.error.code === 'NOT_FOUND') {
      try {
        this.deps.storage?.removeItem(unsavedKey(id));
      } catch {
        // Blocked storage: nothing was written there either.
      }
      this.state = edits.discardAll(this.state);
      this.disposed = true;
      clearTimeout(this.timer);
      this.listeners.clear();
      return { ok: true, data: { id, deleted: true } };
    }
    this.deleting = false;
    if (this.disposed) return result;
    if (result.error.code === 'CONFLICT') await this.reload();
    this.schedule();
    return result;
  }

  // -------------------------------------------------------------------------------------------

  private schedule(): void {
    if (this.disposed || this.deleting || this.snapshot.readOnly) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), this.deps.delayMs ?? 800);
  }

  /** One autosave step: send, or wait for the minimum interval or the retry back-off. */
  private pump(): void {
    if (this.disposed || this.deleting || this.snapshot.readOnly || this.inflight) return;
    const decision = edits.nextSave(this.state, this.now(), this.policy);
    if (decision.kind === 'wait') {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.pump(), decision.ms);
    } else if (decision.kind === 'send') {
      void this.run(decision.batch, decision.expectedRevision).then(() => this.pump());
    }
  }

  private run(batch: Patch, expectedRevision: number): Promise<void> {
    const run = this.save(batch, expectedRevision).finally(() => {
      this.inflight = null;
    });
    this.inflight = run;
    return run;
  }

  private async save(batch: Patch, expectedRevision: number): Promise<void> {
    this.apply(edits.saveStarted(this.state, batch, this.now()));
    const result = await this.deps.api.saveAnswers(
      {
        id: this.detail.assessment.id,
        expectedRevision,
        answers: batch,
        source: 'questionnaire',
      },
      { retries: 0 },
    );
    if (result.ok) {
      this.onSaved(this.state, batch, result.data);
      return;
    }
    const error = result.error;
    if (error.code === 'CONFLICT') {
      this.apply(edits.saveConflicted(this.state, batch, error.conflicts ?? []));
      // Catch up with everything else that changed, so "keep mine" then saves cleanly.
      await this.reload();
      return;
    }
    this.apply(edits.saveFailed(this.state, batch, error, this.now()));
  }

  private onSaved(state: EditState, batch: Patch, saved: SaveResult): void {
    const before = state.arrivals.length;
    this.detail = {
      ...this.detail,
      assessment: saved.assessment,
      report: saved.report,
    };
    this.apply(edits.saveSucceeded(state, batch, saved, this.now()));
    if (this.state.arrivals.length > before || this.hasUnknownAuthors()) {
      void this.lookUpAuthors();
    }
  }

  /** After a write elsewhere on the page (a restore): catch up with the stored version. */
  refresh(): Promise<void> {
    return this.reload();
  }

  /** Loads the stored version and lays it under the local edits (conflicts stay conflicts). */
  private async reload(): Promise<void> {
    const result = await this.deps.api.getAssessment({ id: this.detail.assessment.id });
    if (!result.ok) return;
    this.detail = result.data;
    this.apply(
      edits.rebase(this.state, {
        revision: result.data.assessment.revision,
        answers: result.data.answers,
      }),
    );
    if (this.hasUnknownAuthors()) void this.lookUpAuthors();
  }

  private hasUnknownAuthors(): boolean {
    return (
      this.state.arrivals.some((a) => a.by === null) ||
      Object.values(this.state.conflicts).some((c) => c.by === null)
    );
  }

  /** Who changed the merged questions: the newest audit entries say. */
  private async lookUpAuthors(): Promise<void> {
    const result = await this.deps.api.getAudit({ id: this.detail.assessment.id, limit: 25 });
    if (!result.ok) return;
    const changes = result.data.items.flatMap((entry) =>
      (entry.changes ?? []).map((c) => ({
        questionId: c.questionId,
        by: entry.actor,
        at: entry.at,
      })),
    );
    this.apply(edits.attribute(this.state, changes));
  }

  private apply(state: EditState): void {
    if (state === this.state) return;
    this.state = state;
    this.detail = { ...this.detail, answers: state.base.answers };
    if (this.detail.assessment.revision < state.base.revision) {
      this.detail = {
        ...this.detail,
        assessment: { ...this.detail.assessment, revision: state.base.revision },
      };
    }
    this.snapshot = this.derive();
    this.persist();
    this.emit();
  }

  private derive(): SessionSnapshot {
    const state = this.state;
    const issues: Record<string, AnswerIssue[]> = {};
    for (const [id, answer] of Object.entries(state.pending)) {
      const local = answerIssues(this.deps.ruleSet, id, answer);
      const rejected = state.rejected[id];
      const found = local.length ? local : rejected?.answer === answer ? rejected.issues : [];
      if (found.length) issues[id] = found;
    }
    return {
      detail: this.detail,
      pending: state.pending,
      answers: mergeAnswers(state.base.answers, state.pending),
      save: edits.saveView(state, Object.keys(issues).length),
      issues,
      conflicts: state.conflicts,
      arrivals: state.arrivals,
      readOnly: READ_ONLY.has(this.detail.assessment.status),
    };
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private persist(): void {
    const storage = this.deps.storage;
    if (!storage) return;
    const key = unsavedKey(this.detail.assessment.id);
    try {
      if (Object.keys(this.state.pending).length === 0) {
        storage.removeItem(key);
      } else {
        const stored: StoredEdits = {
          baseRevision: this.state.base.revision,
          pending: this.state.pending,
          basis: this.state.basis,
        };
        storage.setItem(key, JSON.stringify(stored));
      }
    } catch {
      // Storage full or blocked (private mode): the edits still live in memory and get saved.
    }
  }

  private readStored(id: string): StoredEdits | null {
    try {
      const text = this.deps.storage?.getItem(unsavedKey(id));
      if (!text) return null;
      const parsed = JSON.parse(text) as unknown;
      if (
        typeof parsed === 'object' &&
        parsed !== null &&
        typeof (parsed as StoredEdits).baseRevision === 'number' &&
        typeof (parsed as StoredEdits).pending === 'object' &&
        (parsed as StoredEdits).pending !== null
      ) {
        return parsed as StoredEdits;
      }
    } catch {
      // A corrupt entry is worth less than a working page.
    }
    return null;
  }
}

export type { ClientError };
