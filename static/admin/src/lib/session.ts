import type { Api, ClientError, ClientResult } from '../api';
import type { AnswerIssue, Answers } from '../../../../src/domain/answers';
import type { RuleSet } from '../../../../src/domain/rules/schema';
import { API_LIMITS, type AssessmentDetail, type SaveResult } from '../../../../src/shared/api';
import { answerIssues, compactAnswer, mergeAnswers, sameAnswer, type Patch } from './answers';
import type { Answer } from '../../../../src/domain/answers';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'invalid'; count: number }
  | { kind: 'conflict'; message: string; restored: boolean }
  | { kind: 'offline'; message: string }
  | { kind: 'error'; error: ClientError };

export interface SessionSnapshot {
  detail: AssessmentDetail;
  /** Edits not yet confirmed by the backend. Survive conflicts, failures and reloads. */
  pending: Patch;
  /** What the page shows: the stored answers with the pending edits on top. */
  answers: Answers;
  save: SaveState;
  /** Per question: why its pending edit cannot be saved (local checks or the backend's). */
  issues: Record<string, AnswerIssue[]>;
  readOnly: boolean;
}

export interface SessionDeps {
  api: Pick<Api, 'saveAnswers' | 'getAssessment' | 'attachManifest' | 'deleteAssessment'>;
  ruleSet: RuleSet;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  delayMs?: number;
}

interface StoredEdits {
  baseRevision: number;
  pending: Patch;
}

export const unsavedKey = (id: string) => `trust-readiness:unsaved:${id}`;

const READ_ONLY = new Set(['submitted', 'approved']);

/**
 * Owns one assessment while it is open: the stored version, the user's unsaved edits, and the
 * debounced autosave between them. Edits only leave `pending` once the backend confirms the
 * exact object that was sent, so a conflict, a failed request or a closed tab loses nothing
 * (pending is mirrored to localStorage on every change).
 */
export class AssessmentSession {
  private snapshot: SessionSnapshot;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelay = 2000;
  private inflight: Promise<void> | null = null;
  private inflightPatch: Patch | null = null;
  /** Edits the backend refused, by identity: retried only once the user changes them. */
  private readonly rejected = new Map<string, { answer: Answer | null; issues: AnswerIssue[] }>();
  private disposed = false;
  /** True while a delete runs: nothing is saved, so no save can race the delete. */
  private deleting = false;

  constructor(
    detail: AssessmentDetail,
    private readonly deps: SessionDeps,
  ) {
    const restored = this.readStored(detail.assessment.id);
    const pending: Patch = {};
    for (const [id, answer] of Object.entries(restored?.pending ?? {})) {
      if (!sameAnswer(answer, detail.answers[id])) pending[id] = answer;
    }
    const stale =
      restored !== null &&
      Object.keys(pending).length > 0 &&
      restored.baseRevision !== detail.assessment.revision;
    this.snapshot = this.derive(detail, pending, { kind: 'idle' });
    if (stale) {
      // Edits from an earlier visit were made against an older version: let the user decide.
      this.set({
        save: {
          kind: 'conflict',
          message:
            'This browser kept edits you had not saved, and the assessment has changed since.',
          restored: true,
        },
      });
    } else if (Object.keys(pending).length > 0 && !this.snapshot.readOnly) {
      this.set({ save: { kind: 'pending' } });
      this.schedule();
    }
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionSnapshot => this.snapshot;

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    this.listeners.clear();
  }

  edit(questionId: string, answer: Answer | null): void {
    if (this.snapshot.readOnly) return;
    const next = answer === null ? null : compactAnswer(answer);
    const pending = { ...this.snapshot.pending };
    const stored = this.snapshot.detail.answers[questionId];
    const sending = this.inflightPatch !== null && questionId in this.inflightPatch;
    if (!sending && sameAnswer(next, stored)) delete pending[questionId];
    else pending[questionId] = next;
    const blocked = this.snapshot.save.kind === 'conflict';
    this.update(this.snapshot.detail, pending, blocked ? this.snapshot.save : { kind: 'pending' });
    if (!blocked) this.schedule();
  }

  /** Saves everything savable now; true when nothing is left unsaved. */
  async flushNow(): Promise<boolean> {
    clearTimeout(this.timer);
    for (;;) {
      if (this.inflight) await this.inflight;
      const before = Object.keys(this.snapshot.pending).length;
      if (before === 0) return true;
      await this.flush();
      const kind = this.snapshot.save.kind;
      if (kind !== 'saved' && kind !== 'idle' && kind !== 'pending') return false;
      if (Object.keys(this.snapshot.pending).length >= before) return false;
    }
  }

  retry(): void {
    if (this.snapshot.save.kind === 'conflict') return;
    this.rejected.clear();
    this.update(this.snapshot.detail, this.snapshot.pending, { kind: 'pending' });
    void this.flush();
  }

  /** The conflict way out: take the stored version, then save the local edits over it. */
  async reloadAndReapply(): Promise<void> {
    if (this.inflight) await this.inflight;
    this.set({ save: { kind: 'saving' } });
    const result = await this.deps.api.getAssessment({ id: this.snapshot.detail.assessment.id });
    if (this.disposed) return;
    if (!result.ok) {
      this.set({ save: failureState(result.error) });
      return;
    }
    const pending: Patch = {};
    for (const [id, answer] of Object.entries(this.snapshot.pending)) {
      if (!sameAnswer(answer, result.data.answers[id])) pending[id] = answer;
    }
    this.rejected.clear();
    this.update(result.data, pending, { kind: Object.keys(pending).length ? 'pending' : 'idle' });
    if (!this.snapshot.readOnly) await this.flush();
  }

  async discardMine(): Promise<void> {
    this.update(this.snapshot.detail, {}, { kind: 'idle' });
    await this.reloadAndReapply();
  }

  /** After submit, review or reopen: the backend's answer is the new truth. */
  replaceDetail(detail: AssessmentDetail): void {
    this.update(detail, this.snapshot.pending, this.snapshot.save);
    if (!this.snapshot.readOnly && Object.keys(this.snapshot.pending).length > 0) {
      this.set({ save: { kind: 'pending' } });
      this.schedule();
    }
  }

  /** Accepted manifest suggestions: one audited save, tagged with where it came from. */
  async importAnswers(patch: Patch): Promise<ClientResult<SaveResult>> {
    if (this.inflight) await this.inflight;
    const ids = Object.keys(patch);
    let last: ClientResult<SaveResult> | null = null;
    for (let i = 0; i < ids.length; i += API_LIMITS.answersPerSave) {
      const chunk = Object.fromEntries(
        ids.slice(i, i + API_LIMITS.answersPerSave).map((id) => [id, patch[id] ?? null]),
      );
      last = await this.deps.api.saveAnswers({
        id: this.snapshot.detail.assessment.id,
        expectedRevision: this.snapshot.detail.assessment.revision,
        answers: chunk,
        source: 'manifest-import',
      });
      if (!last.ok) return last;
      const pending = { ...this.snapshot.pending };
      for (const id of Object.keys(chunk)) delete pending[id];
      this.update(this.applySaved(chunk, last.data), pending, this.snapshot.save);
    }
    return last ?? { ok: false, error: { code: 'VALIDATION', message: 'Nothing to import.' } };
  }

  /**
   * Attaches (or with null, detaches) a partner manifest. Pending edits are saved first so the
   * revision sent is the one the user's answers are based on.
   */
  async attachManifest(manifest: string | null): Promise<ClientResult<AssessmentDetail>> {
    if (this.inflight) await this.inflight;
    const result = await this.deps.api.attachManifest({
      id: this.snapshot.detail.assessment.id,
      expectedRevision: this.snapshot.detail.assessment.revision,
      manifest,
    });
    if (result.ok) this.replaceDetail(result.data);
    return result;
  }

  /**
   * Deletes the assessment with the revision the page shows. Autosave pauses first and any
   * save in flight lands, so the revision sent is the latest this page knows. The unsaved
   * edits are dropped (here and in localStorage) only once the delete succeeded; NOT_FOUND
   * means someone else deleted it already, which is the same outcome. A CONFLICT keeps
   * everything and shows the usual conflict state: the page is stale, reload before deleting.
   */
  async delete(): Promise<ClientResult<{ id: string; deleted: true }>> {
    this.deleting = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
    if (this.inflight) await this.inflight;
    const id = this.snapshot.detail.assessment.id;
    const result = await this.deps.api.deleteAssessment({
      id,
      expectedRevision: this.snapshot.detail.assessment.revision,
    });
    if (result.ok || result.error.code === 'NOT_FOUND') {
      try {
        this.deps.storage?.removeItem(unsavedKey(id));
      } catch {
        // Blocked storage: nothing was written there either.
      }
      this.dispose();
      return { ok: true, data: { id, deleted: true } };
    }
    this.deleting = false;
    if (this.disposed) return result;
    if (result.error.code === 'CONFLICT') {
      this.set({ save: { kind: 'conflict', message: result.error.message, restored: false } });
    } else if (Object.keys(this.snapshot.pending).length > 0 && !this.snapshot.readOnly) {
      this.schedule();
    }
    return result;
  }

  // -------------------------------------------------------------------------------------------

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.deps.delayMs ?? 800);
  }

  private flush(): Promise<void> {
    if (this.inflight) return this.inflight;
    const run = this.saveOnce().finally(() => {
      this.inflight = null;
      this.inflightPatch = null;
    });
    this.inflight = run;
    return run;
  }

  private async saveOnce(): Promise<void> {
    clearTimeout(this.timer);
    if (this.disposed || this.deleting || this.snapshot.readOnly) return;
    if (this.snapshot.save.kind === 'conflict') return;
    const savable = Object.entries(this.snapshot.pending).filter(
      ([id, answer]) => !(this.snapshot.issues[id]?.length ?? 0) && !this.isRejected(id, answer),
    );
    if (savable.length === 0) {
      this.set({ save: this.restingState() });
      return;
    }
    const batch: Patch = Object.fromEntries(savable.slice(0, API_LIMITS.answersPerSave));
    this.inflightPatch = batch;
    this.set({ save: { kind: 'saving' } });
    const result = await this.deps.api.saveAnswers({
      id: this.snapshot.detail.assessment.id,
      expectedRevision: this.snapshot.detail.assessment.revision,
      answers: batch,
      source: 'questionnaire',
    });
    if (this.disposed) return;
    if (!result.ok) {
      this.onFailure(result.error, batch);
      return;
    }
    this.retryDelay = 2000;
    const pending = { ...this.snapshot.pending };
    // Only what was sent is confirmed; anything typed meanwhile stays pending.
    for (const [id, answer] of Object.entries(batch)) {
      if (pending[id] === answer) delete pending[id];
    }
    this.update(this.applySaved(batch, result.data), pending, { kind: 'saving' });
    this.inflightPatch = null;
    const more = Object.entries(pending).some(
      ([id, answer]) => !(this.snapshot.issues[id]?.length ?? 0) && !this.isRejected(id, answer),
    );
    if (more) {
      await this.saveOnce();
      return;
    }
    this.set({ save: this.restingState() });
  }

  private onFailure(error: ClientError, batch: Patch): void {
    if (error.code === 'CONFLICT') {
      this.set({ save: { kind: 'conflict', message: error.message, restored: false } });
      return;
    }
    if (error.code === 'VALIDATION' || error.code === 'LIMIT') {
      for (const [id, answer] of Object.entries(batch)) {
        const issues = (error.issues ?? [])
          .map((issue) => ({
            path: issue.path[0] === 'answers' ? issue.path.slice(1) : issue.path,
            message: issue.message,
          }))
          .filter((issue) => issue.path[0] === id);
        this.rejected.set(id, {
          answer,
          issues: issues.length ? issues : [{ path: [id], message: error.message }],
        });
      }
      this.update(this.snapshot.detail, this.snapshot.pending, { kind: 'error', error });
      return;
    }
    const state = failureState(error);
    this.set({ save: state });
    if (state.kind === 'offline') {
      // Keep trying quietly; the edits are safe in localStorage meanwhile.
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        if (this.snapshot.save.kind === 'offline') void this.flush();
      }, this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
    }
  }

  private isRejected(id: string, answer: Answer | null): boolean {
    const rejected = this.rejected.get(id);
    return rejected !== undefined && rejected.answer === answer;
  }

  private restingState(): SaveState {
    const invalid = Object.keys(this.snapshot.issues).length;
    if (invalid > 0) return { kind: 'invalid', count: invalid };
    return Object.keys(this.snapshot.pending).length === 0
      ? { kind: 'saved', at: Date.now() }
      : { kind: 'pending' };
  }

  private applySaved(batch: Patch, saved: SaveResult): AssessmentDetail {
    const detail = this.snapshot.detail;
    return {
      ...detail,
      assessment: saved.assessment,
      report: saved.report,
      answers: mergeAnswers(detail.answers, batch),
    };
  }

  private set(partial: Partial<Pick<SessionSnapshot, 'save'>>): void {
    this.snapshot = { ...this.snapshot, ...partial };
    this.emit();
  }

  private update(detail: AssessmentDetail, pending: Patch, save: SaveState): void {
    this.snapshot = this.derive(detail, pending, save);
    this.persist();
    this.emit();
  }

  private derive(detail: AssessmentDetail, pending: Patch, save: SaveState): SessionSnapshot {
    const issues: Record<string, AnswerIssue[]> = {};
    for (const [id, answer] of Object.entries(pending)) {
      const local = answerIssues(this.deps.ruleSet, id, answer);
      const rejected = this.rejected.get(id);
      const found = local.length ? local : rejected?.answer === answer ? rejected.issues : [];
      if (found.length) issues[id] = found;
    }
    return {
      detail,
      pending,
      answers: mergeAnswers(detail.answers, pending),
      save,
      issues,
      readOnly: READ_ONLY.has(detail.assessment.status),
    };
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }

  private persist(): void {
    const storage = this.deps.storage;
    if (!storage) return;
    const key = unsavedKey(this.snapshot.detail.assessment.id);
    try {
      if (Object.keys(this.snapshot.pending).length === 0) {
        storage.removeItem(key);
      } else {
        const stored: StoredEdits = {
          baseRevision: this.snapshot.detail.assessment.revision,
          pending: this.snapshot.pending,
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

function failureState(error: ClientError): SaveState {
  if (error.code === 'NETWORK') {
    return {
      kind: 'offline',
      message: 'Offline: your edits are kept in this browser and saved when the app is reachable.',
    };
  }
  return { kind: 'error', error };
}
