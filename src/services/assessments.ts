import { isEmptyAnswer, validateAnswers, type Answer, type Answers } from '../domain/answers';
import { assess } from '../domain/assess';
import { runFindings } from '../domain/checks/run';
import { toAssessmentExport } from '../domain/answers-file';
import { toCsv, toMarkdown } from '../domain/export';
import { psTabDraft } from '../domain/export/ps-tab';
import { psTabJson } from '../domain/export/ps-tab-fields';
import type { ManifestFacts } from '../domain/manifest/facts';
import { readManifestFacts, ManifestParseError } from '../domain/manifest/read';
import { estimateRunsOnAtlassian } from '../domain/manifest/runs-on-atlassian';
import type { RulePack } from '../domain/rules/pack';
import { RULE_PACKS, findPack, packRef } from '../domain/rules/packs';
import { upgradeAnswers } from '../domain/rules/upgrade';
import { READINESS_LEVELS } from '../domain/scoring/policy';
import type { Report } from '../domain/scoring/report';
import {
  API_LIMITS,
  type AnswerConflict,
  type AssessmentDetail,
  type AssessmentSummary,
  type AuditEntry,
  type ExportResult,
  type HistoryPoint,
  type ManifestAnalysis,
  type Page,
  type ResolverPayload,
  type ReviewRecord,
  type Settings,
  type RuleSetInfo,
  type SaveResult,
  type UpgradeResult,
} from '../shared/api';
import { searchKey } from '../shared/search-key';
import * as store from '../storage/assessment-store';
import { SETTINGS_AUDIT_ID } from '../storage/keys';
import {
  manifestFactsSchema,
  PURGING_PARTITION,
  SCHEMA_VERSION,
  toStoredTime,
  type AnswerChange,
  type AnswerRecord,
  type AssessmentRecord,
  type AuditRecord,
  type SettingsRecord,
  type StoredReview,
  type StoredTime,
  type TombstoneRecord,
} from '../storage/records';
import { AppError, notFound, staleRevision } from './errors';

/** Writes racing on one assessment each merge again; this bounds how often one save does. */
const MAX_MERGE_ATTEMPTS = 25;

export interface ServiceDeps {
  /** The pack new assessments use. */
  pack: RulePack;
  /** Every pack a stored assessment may name; defaults to the registry. */
  packs?: readonly RulePack[];
  now: () => number;
  newId: () => string;
}

export interface Actor {
  accountId: string;
}

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * The application service: workflow, scoring and audit on top of the store. Resolvers call
 * it after authorization and payload validation, so it trusts its (typed) inputs.
 */
export class AssessmentService {
  constructor(private readonly deps: ServiceDeps) {}

  /** A rule set the page renders: the one an assessment names, or the current one. */
  ruleSetInfo(input: ResolverPayload<'getRuleSet'>): RuleSetInfo {
    const pack = input.version ? this.packByRef(input.version) : this.deps.pack;
    return {
      ruleSet: pack.ruleSet,
      levels: READINESS_LEVELS,
      current: packRef(this.deps.pack),
      upgrades: this.upgradesFrom(pack),
    };
  }

  /** Packs a stored assessment on `pack` can be upgraded to. */
  private upgradesFrom(pack: RulePack): string[] {
    const from = packRef(pack);
    return this.packs()
      .filter((p) => p.upgrades?.[from] !== undefined)
      .map(packRef);
  }

  private packs(): readonly RulePack[] {
    return this.deps.packs ?? RULE_PACKS;
  }

  private packByRef(ref: string): RulePack {
    const pack = this.packs().find((p) => packRef(p) === ref) ?? findPack(ref);
    if (!pack) {
      throw new AppError('VALIDATION', `This app does not know the rule set ${ref}.`, {
        issues: [{ path: ['version'], message: `unknown rule set ${ref}` }],
      });
    }
    return pack;
  }

  /** An assessment is scored on the rule set it names until someone upgrades it. */
  private packOf(assessment: Pick<AssessmentRecord, 'ruleSetVersion'>): RulePack {
    const pack = this.packs().find((p) => packRef(p) === assessment.ruleSetVersion);
    if (!pack) {
      throw new AppError(
        'CONFLICT',
        `This assessment uses rule set ${assessment.ruleSetVersion}, which this version of the app does not know.`,
      );
    }
    return pack;
  }

  async list(input: ResolverPayload<'listAssessments'>): Promise<Page<AssessmentSummary>> {
    // The list is where people land after a delete, so it finishes any purge that an
    // interrupted delete left; a failure there must not cost them the list.
    if (!input.cursor && !input.search) await this.finishPendingPurges();
    const page = await store.listAssessments(input);
    return { items: page.items.map(toSummary), cursor: page.cursor };
  }

  async create(
    input: ResolverPayload<'createAssessment'>,
    actor: Actor,
  ): Promise<AssessmentDetail> {
    const now = toStoredTime(this.deps.now());
    const id = input.requestId ?? this.deps.newId();
    if (input.requestId) {
      const retried = await this.retriedCreate(input, actor);
      if (retried) return retried;
    }
    const pack = this.deps.pack;
    const report = this.score(pack, {});
    const appKey = input.appKey || undefined;
    const assessment: AssessmentRecord = {
      schemaVersion: SCHEMA_VERSION,
      id,
      partition: 'all',
      appName: input.appName,
      nameKey: searchKey(input.appName),
      ...(appKey ? { appKey, appKeySearch: searchKey(appKey) } : {}),
      hosting: input.hosting,
      status: 'draft',
      revision: 1,
      ruleSetVersion: packRef(pack),
      createdAt: now,
      createdBy: actor.accountId,
      updatedAt: now,
      updatedBy: actor.accountId,
      answerIds: [],
      answerRevisions: {},
      ...headerFigures(report),
    };
    await store.commit({
      assessment,
      expectedRevision: undefined,
      audit: auditOf(assessment, actor, 'create', [], `Created assessment for ${input.appName}.`),
      snapshot: snapshotOf(assessment, report),
    });
    return {
      assessment: toSummary(assessment),
      answers: {},
      report,
      review: null,
      reviews: [],
      approval: null,
      submittedBy: null,
      retiredAnswers: [],
      manifest: null,
    };
  }

  async get(id: string): Promise<AssessmentDetail> {
    const assessment = await this.requireExisting(id);
    const [records, extras] = await Promise.all([
      store.getAnswers(assessment),
      this.extras(assessment, { reviews: true }),
    ]);
    return this.detail(assessment, records, extras);
  }

  /**
   * A create retried with the same request id (its first answer was lost) returns what the
   * first attempt stored instead of creating a twin; any other use of a taken id is refused.
   */
  private async retriedCreate(
    input: ResolverPayload<'createAssessment'>,
    actor: Actor,
  ): Promise<AssessmentDetail | undefined> {
    if (!input.requestId) return undefined;
    const existing = await store.readHeader(input.requestId);
    if (!existing) return undefined;
    if (
      existing.status !== 'deleted' &&
      existing.revision === 1 &&
      existing.createdBy === actor.accountId &&
      existing.appName === input.appName
    ) {
      return this.get(existing.id);
    }
    throw new AppError('CONFLICT', 'This request id was already used for another assessment.');
  }

  async save(input: ResolverPayload<'saveAnswers'>, actor: Actor): Promise<SaveResult> {
    const patchIds = Object.keys(input.answers);
    if (patchIds.length > API_LIMITS.answersPerSave) {
      throw new AppError('LIMIT', `Save at most ${API_LIMITS.answersPerSave} answers at once.`);
    }
    const via = input.source === 'manifest-import' ? ' from the manifest' : '';
    return this.writeAnswers(input.id, input.expectedRevision, input.answers, actor, {
      action: 'save',
      summary: (count) => `Changed ${count} answer(s)${via}.`,
    });
  }

  /**
   * Puts back one value from the audit trail (what an answer was before, or after, a change)
   * through the same merge as a save, so restoring can itself be undone.
   */
  async restore(input: ResolverPayload<'restoreAnswer'>, actor: Actor): Promise<SaveResult> {
    const entry = await store.getAuditEntry(input.id, input.auditRevision);
    const change = entry?.changes?.find((c) => c.questionId === input.questionId);
    if (!entry || !change) {
      throw new AppError('NOT_FOUND', 'That change is not in the audit trail.', {
        issues: [{ path: ['auditRevision'], message: 'no such change' }],
      });
    }
    const value = input.which === 'before' ? change.before : change.after;
    return this.writeAnswers(
      input.id,
      input.expectedRevision,
      { [input.questionId]: value },
      actor,
      {
        action: 'restore',
        summary: () =>
          `Restored ${input.questionId} to its value ${input.which} revision ${input.auditRevision}.`,
      },
    );
  }

  /**
   * The per-question merge. A save made against an older revision still lands when none of the
   * questions it changes changed since that revision; the write is one transaction guarded by
   * the revision just read, and a write that slips in between makes it merge again. Only a
   * question changed by someone else since the client's revision is a CONFLICT, and the
   * conflict says what is stored now, who stored it and when.
   */
  private async writeAnswers(
    id: string,
    expectedRevision: number,
    patch: Record<string, Answer | null>,
    actor: Actor,
    audit: { action: 'save' | 'restore'; summary: (count: number) => string },
  ): Promise<SaveResult> {
    for (let attempt = 1; ; attempt += 1) {
      const assessment = await this.requireExisting(id);
      const pack = this.packOf(assessment);
      if (attempt === 1) assertFits(pack, patch);
      const [stored, { facts }] = await Promise.all([
        store.getAnswers(assessment),
        this.extras(assessment, { reviews: false }),
      ]);
      const now = toStoredTime(this.deps.now());
      const writes: Record<string, AnswerRecord | null> = {};
      const changes: AnswerChange[] = [];
      for (const [questionId, answer] of Object.entries(patch)) {
        const previous = stored[questionId];
        const cleared = answer === null || isEmptyAnswer(answer);
        if (cleared ? !previous : previous && sameAnswer(previous.answer, answer)) continue;
        writes[questionId] = cleared
          ? null
          : { schemaVersion: SCHEMA_VERSION, answer, updatedAt: now, updatedBy: actor.accountId };
        changes.push({
          questionId,
          before: previous?.answer ?? null,
          after: cleared ? null : answer,
        });
      }
      const written = Object.keys(writes).sort();
      if (written.length === 0) {
        // Nothing to change (or a retry whose first attempt landed): no write, no audit noise.
        const detail = this.detail(assessment, stored, { facts, reviews: [] });
        return {
          revision: assessment.revision,
          report: detail.report,
          assessment: detail.assessment,
          written,
          merged: [],
        };
      }
      assertEditable(assessment);
      const stale = assessment.revision !== expectedRevision;
      if (stale) {
        const contested = written.filter(
          (q) => (assessment.answerRevisions[q] ?? 0) > expectedRevision,
        );
        if (contested.length > 0) {
          throw await this.answerConflict(assessment, stored, contested);
        }
      }

      const mergedRecords: Record<string, AnswerRecord> = { ...stored };
      for (const [questionId, record] of Object.entries(writes)) {
        if (record) mergedRecords[questionId] = record;
        else delete mergedRecords[questionId];
      }
      const report = this.score(pack, answersOf(mergedRecords), facts);
      const revision = assessment.revision + 1;
      const next: AssessmentRecord = {
        ...assessment,
        revision,
        updatedAt: now,
        updatedBy: actor.accountId,
        answerIds: Object.keys(mergedRecords).sort(),
        answerRevisions: {
          ...assessment.answerRevisions,
          ...Object.fromEntries(written.map((q) => [q, revision])),
        },
        ...headerFigures(report),
      };
      try {
        await store.commit({
          assessment: next,
          expectedRevision: assessment.revision,
          answers: writes,
          audit: {
            ...auditOf(next, actor, audit.action, written, audit.summary(written.length)),
            changes,
          },
          snapshot: figuresChanged(assessment, next) ? snapshotOf(next, report) : undefined,
        });
      } catch (error) {
        if (error instanceof store.RevisionConflictError && attempt < MAX_MERGE_ATTEMPTS) {
          continue;
        }
        throw error;
      }
      // What others changed since the client's revision, so the page can show it arrived.
      const merged = stale
        ? Object.entries(assessment.answerRevisions)
            .filter(([q, r]) => r > expectedRevision && !written.includes(q))
            .map(([q]) => q)
            .sort()
        : [];
      return {
        revision,
        report,
        assessment: toSummary(next),
        written,
        merged,
        ...(merged.length > 0 ? { answers: answersOf(mergedRecords) } : {}),
      };
    }
  }

  private async answerConflict(
    assessment: AssessmentRecord,
    stored: Record<string, AnswerRecord>,
    questionIds: string[],
  ): Promise<AppError> {
    const conflicts: AnswerConflict[] = [];
    for (const questionId of questionIds) {
      const record = stored[questionId];
      if (record) {
        conflicts.push({
          questionId,
          theirs: record.answer,
          by: record.updatedBy,
          at: record.updatedAt,
        });
        continue;
      }
      // Cleared: the audit entry of that revision says who cleared it, and when.
      const revision = assessment.answerRevisions[questionId] ?? 0;
      const entry = await store.getAuditEntry(assessment.id, revision);
      conflicts.push({
        questionId,
        theirs: null,
        by: entry?.actor ?? 'unknown',
        at: entry?.at ?? assessment.updatedAt,
      });
    }
    return new AppError(
      'CONFLICT',
      `Someone else changed ${questionIds.join(', ')} after you opened this assessment.`,
      { currentRevision: assessment.revision, conflicts },
    );
  }

  /**
   * Moves an assessment to a newer rule set in one revision-checked write: answers carried
   * where the meaning is the same, mapped where it changed, new questions left unanswered, and
   * answers to dropped questions kept stored (shown as retired). Audited with both scores.
   */
  async upgrade(input: ResolverPayload<'upgradeAssessment'>, actor: Actor): Promise<UpgradeResult> {
    const assessment = await this.requireExisting(input.id);
    const from = this.packOf(assessment);
    const to = this.packByRef(input.to);
    if (assessment.revision !== input.expectedRevision) {
      // Repeated after its first answer was lost: the same person, already there.
      if (
        assessment.ruleSetVersion === input.to &&
        assessment.revision === input.expectedRevision + 1 &&
        assessment.updatedBy === actor.accountId
      ) {
        const detail = await this.get(input.id);
        return {
          detail,
          from: input.to,
          to: input.to,
          scoreBefore: detail.report.overall.score,
          scoreAfter: detail.report.overall.score,
          levelBefore: detail.report.overall.level,
          levelAfter: detail.report.overall.level,
          carried: [],
          mapped: [],
          unanswered: [],
          retired: [],
        };
      }
      throw staleRevision(assessment.revision);
    }
    if (to.upgrades?.[packRef(from)] === undefined) {
      throw new AppError(
        'VALIDATION',
        `There is no upgrade from ${packRef(from)} to ${input.to}.`,
        {
          issues: [{ path: ['to'], message: 'no upgrade path' }],
        },
      );
    }
    assertEditable(assessment);
    const [records, extras] = await Promise.all([
      store.getAnswers(assessment),
      this.extras(assessment, { reviews: true }),
    ]);
    const stored = answersOf(records);
    const before = this.score(from, stored, extras.facts);
    const result = upgradeAnswers(from, to, stored);
    const now = toStoredTime(this.deps.now());
    const revision = assessment.revision + 1;
    // Only answers whose stored value changes are written; retired ones stay where they are.
    const writes: Record<string, AnswerRecord> = {};
    const changes: AnswerChange[] = [];
    for (const [questionId, answer] of Object.entries(result.answers)) {
      const previous = records[questionId];
      if (previous && sameAnswer(previous.answer, answer)) continue;
      writes[questionId] = {
        schemaVersion: SCHEMA_VERSION,
        answer,
        updatedAt: now,
        updatedBy: actor.accountId,
      };
      changes.push({ questionId, before: previous?.answer ?? null, after: answer });
    }
    if (Object.keys(writes).length > API_LIMITS.answersPerSave) {
      throw new AppError('LIMIT', 'This upgrade would rewrite more answers than one write holds.');
    }
    const merged: Record<string, AnswerRecord> = { ...records, ...writes };
    const after = this.score(to, answersOf(merged), extras.facts);
    const written = Object.keys(writes).sort();
    const next: AssessmentRecord = {
      ...assessment,
      revision,
      ruleSetVersion: packRef(to),
      updatedAt: now,
      updatedBy: actor.accountId,
      answerIds: Object.keys(merged).sort(),
      answerRevisions: {
        ...assessment.answerRevisions,
        ...Object.fromEntries(written.map((q) => [q, revision])),
      },
      ...headerFigures(after),
    };
    await store.commit({
      assessment: next,
      expectedRevision: assessment.revision,
      answers: writes,
      audit: {
        ...auditOf(
          next,
          actor,
          'upgrade',
          written,
          `Upgraded from ${packRef(from)} to ${packRef(to)}: score ${before.overall.score} → ${after.overall.score}; ${result.mapped.length} answer(s) mapped, ${result.unanswered.length} new question(s), ${result.retired.length} retired.`,
        ),
        ...(changes.length > 0 ? { changes } : {}),
      },
      snapshot: snapshotOf(next, after),
    });
    return {
      detail: this.detail(next, merged, extras, after),
      from: packRef(from),
      to: packRef(to),
      scoreBefore: before.overall.score,
      scoreAfter: after.overall.score,
      levelBefore: before.overall.level,
      levelAfter: after.overall.level,
      carried: result.carried,
      mapped: result.mapped,
      unanswered: result.unanswered,
      retired: result.retired,
    };
  }

  async submit(
    input: ResolverPayload<'submitAssessment'>,
    actor: Actor,
  ): Promise<AssessmentDetail> {
    return this.transition(input.id, input.expectedRevision, actor, {
      from: ['draft', 'changes-requested'],
      to: 'submitted',
      action: 'submit',
      summary: 'Submitted for review.',
    });
  }

  async review(
    input: ResolverPayload<'reviewAssessment'>,
    actor: Actor,
  ): Promise<AssessmentDetail> {
    if (Object.keys(input.comments).length > API_LIMITS.commentsPerReview) {
      throw new AppError(
        'LIMIT',
        `A review holds at most ${API_LIMITS.commentsPerReview} comments.`,
      );
    }
    const assessment = await this.requireExisting(input.id);
    const { ruleSet } = this.packOf(assessment);
    const unknown = Object.keys(input.comments).filter(
      (q) => !ruleSet.questions.some((question) => question.id === q),
    );
    if (unknown.length > 0) {
      throw new AppError('VALIDATION', 'Comments name questions that do not exist.', {
        issues: unknown.map((q) => ({
          path: ['comments', q],
          message: `unknown question id "${q}"`,
        })),
      });
    }
    if (
      input.decision === 'request-changes' &&
      !input.summary &&
      Object.keys(input.comments).length === 0
    ) {
      throw new AppError('VALIDATION', 'Say what needs to change: add a summary or a comment.', {
        issues: [{ path: ['summary'], message: 'required when requesting changes' }],
      });
    }
    const approve = input.decision === 'approve';
    // The four-eyes rule: whoever submitted does not decide, unless the site allows it.
    const selfReview =
      assessment.status === 'submitted' && assessment.submittedBy === actor.accountId;
    if (selfReview && !(await this.settings()).allowSelfReview) {
      throw new AppError(
        'FORBIDDEN',
        'You submitted this assessment, so another administrator has to review it. (A site with a single administrator can allow self-review in Settings.)',
      );
    }
    const summary = input.summary || (approve ? 'Approved.' : 'Changes requested.');
    return this.transition(input.id, input.expectedRevision, actor, {
      from: ['submitted'],
      to: approve ? 'approved' : 'changes-requested',
      action: approve ? 'approve' : 'request-changes',
      summary: selfReview ? `${summary} (Self-review: allowed by the site setting.)` : summary,
      changed: Object.keys(input.comments).sort(),
      review: (revision, at, report) => ({
        schemaVersion: SCHEMA_VERSION,
        round: (assessment.reviewRounds ?? 0) + 1,
        decision: input.decision,
        summary: input.summary ?? '',
        comments: input.comments,
        reviewer: actor.accountId,
        at,
        revision,
        ruleSetVersion: assessment.ruleSetVersion,
        score: report.overall.score,
        level: report.overall.level,
        selfReview,
        replies: {},
      }),
    });
  }

  /** The partner answers a reviewer's comment, beside the question, in the latest round. */
  async reply(input: ResolverPayload<'replyToReview'>, actor: Actor): Promise<AssessmentDetail> {
    const assessment = await this.requireExisting(input.id);
    if (assessment.revision !== input.expectedRevision) throw staleRevision(assessment.revision);
    const reviews = await store.getReviews(assessment);
    const latest = reviews.at(-1);
    if (!latest || latest.comments[input.questionId] === undefined) {
      throw new AppError('VALIDATION', 'The latest review has no comment on that question.', {
        issues: [{ path: ['questionId'], message: 'no comment to reply to' }],
      });
    }
    const at = toStoredTime(this.deps.now());
    const round: StoredReview = {
      ...latest,
      replies: {
        ...latest.replies,
        [input.questionId]: { text: input.text, by: actor.accountId, at },
      },
    };
    const next: AssessmentRecord = {
      ...assessment,
      revision: assessment.revision + 1,
      updatedAt: at,
      updatedBy: actor.accountId,
      reviewRounds: round.round,
    };
    await store.commit({
      assessment: next,
      expectedRevision: assessment.revision,
      audit: auditOf(next, actor, 'reply', [input.questionId], `Replied on ${input.questionId}.`),
      review: round,
    });
    return this.get(input.id);
  }

  async getSettings(): Promise<Settings> {
    return toSettings(await this.settings());
  }

  /** Audited like any change; the audit of a self-review then also names the setting. */
  async updateSettings(input: ResolverPayload<'updateSettings'>, actor: Actor): Promise<Settings> {
    const current = await this.settings();
    if (current.revision !== input.expectedRevision) throw staleRevision(current.revision);
    if (current.allowSelfReview === input.allowSelfReview) return toSettings(current);
    const at = toStoredTime(this.deps.now());
    const next: SettingsRecord = {
      schemaVersion: SCHEMA_VERSION,
      allowSelfReview: input.allowSelfReview,
      revision: current.revision + 1,
      updatedBy: actor.accountId,
      updatedAt: at,
    };
    await store.saveSettings(next, {
      schemaVersion: SCHEMA_VERSION,
      assessmentId: SETTINGS_AUDIT_ID,
      at,
      actor: actor.accountId,
      action: 'settings',
      revision: next.revision,
      changed: ['allowSelfReview'],
      summary: input.allowSelfReview
        ? 'Allowed the submitter to review their own submission.'
        : 'Required a second administrator to review each submission.',
    });
    return toSettings(next);
  }

  private async settings(): Promise<SettingsRecord> {
    return (
      (await store.getSettings()) ?? {
        schemaVersion: SCHEMA_VERSION,
        allowSelfReview: false,
        revision: 0,
        updatedBy: 'nobody',
        updatedAt: toStoredTime(0),
      }
    );
  }

  async reopen(
    input: ResolverPayload<'reopenAssessment'>,
    actor: Actor,
  ): Promise<AssessmentDetail> {
    return this.transition(input.id, input.expectedRevision, actor, {
      from: ['submitted', 'approved'],
      to: 'draft',
      action: 'reopen',
      summary: 'Reopened for editing.',
    });
  }

  async history(input: ResolverPayload<'getHistory'>): Promise<Page<HistoryPoint>> {
    await this.requireExisting(input.id);
    const page = await store.listSnapshots(input.id, input);
    return {
      items: page.items.map((s) => ({
        at: s.at,
        revision: s.revision,
        score: s.score,
        level: s.level,
        status: s.status,
        elements: s.elements,
      })),
      cursor: page.cursor,
    };
  }

  /** The audit trail outlives the assessment, so this does not require it to exist. */
  async auditTrail(input: ResolverPayload<'getAudit'>): Promise<Page<AuditEntry>> {
    const page = await store.listAudit(input.id, input);
    return {
      items: page.items.map((a) => ({
        at: a.at,
        actor: a.actor,
        action: a.action,
        revision: a.revision,
        changed: a.changed,
        summary: a.summary,
        changes: a.changes ?? [],
      })),
      cursor: page.cursor,
    };
  }

  async export(input: ResolverPayload<'exportAssessment'>): Promise<ExportResult> {
    const detail = await this.get(input.id);
    const pack = this.packOf(detail.assessment);
    const base =
      detail.assessment.appName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '') ||
      'assessment';
    const app = {
      name: detail.assessment.appName,
      ...(detail.assessment.appKey ? { key: detail.assessment.appKey } : {}),
      hosting: detail.assessment.hosting,
    };
    switch (input.format) {
      case 'json':
        return {
          format: 'json',
          filename: `${base}-trust-readiness.json`,
          mimeType: 'application/json',
          // The report with the answers in the CLI's format: `trust-assess score` reads it back.
          content: toAssessmentExport(detail.report, app, detail.answers),
        };
      case 'csv':
        return {
          format: 'csv',
          filename: `${base}-trust-readiness.csv`,
          mimeType: 'text/csv',
          content: toCsv(pack.ruleSet, detail.report, detail.answers),
        };
      case 'markdown':
        return {
          format: 'markdown',
          filename: `${base}-trust-readiness.md`,
          mimeType: 'text/markdown',
          content: toMarkdown(pack.ruleSet, detail.report, {
            appName: detail.assessment.appName,
          }),
        };
      case 'ps-tab':
        return {
          format: 'ps-tab',
          filename: `${base}-privacy-security-tab.md`,
          mimeType: 'text/markdown',
          content: psTabDraft(pack.psTab, pack.ruleSet, detail.answers, detail.report, {
            appName: detail.assessment.appName,
          }),
        };
      case 'ps-tab-json': {
        if (pack.psTab.kind !== 'fields') {
          throw new AppError(
            'VALIDATION',
            `Rule set ${detail.assessment.ruleSetVersion} does not ask for the tab's field values; upgrade the assessment to export them.`,
            { issues: [{ path: ['format'], message: 'needs a rule set with tab fields' }] },
          );
        }
        return {
          format: 'ps-tab-json',
          filename: `${base}-privacy-security-tab.json`,
          mimeType: 'application/json',
          content: `${JSON.stringify(
            psTabJson(pack.psTab, pack.ruleSet, detail.answers, detail.manifest !== null),
            null,
            2,
          )}\n`,
        };
      }
    }
  }

  async analyzeManifest(input: ResolverPayload<'analyzeManifest'>): Promise<ManifestAnalysis> {
    const facts = parseManifest(input.manifest);
    let answers: Answers = {};
    let pack = this.deps.pack;
    if (input.id) {
      const assessment = await this.requireExisting(input.id);
      pack = this.packOf(assessment);
      answers = answersOf(await store.getAnswers(assessment));
    }
    return {
      facts,
      suggestions: pack.suggest(facts),
      contradictions: runFindings(pack, answers, facts).contradictions,
      runsOnAtlassian: estimateRunsOnAtlassian(facts),
    };
  }

  async attachManifest(
    input: ResolverPayload<'attachManifest'>,
    actor: Actor,
  ): Promise<AssessmentDetail> {
    const facts = input.manifest === null ? undefined : parseManifest(input.manifest);
    const assessment = await this.requireExisting(input.id);
    if (assessment.revision !== input.expectedRevision) {
      const retried = await this.retriedAttach(assessment, facts, actor);
      if (retried) return retried;
      throw staleRevision(assessment.revision);
    }
    assertEditable(assessment);
    const [records, { reviews }] = await Promise.all([
      store.getAnswers(assessment),
      this.extras(assessment, { reviews: true, facts: false }),
    ]);
    if (!facts && assessment.manifestAttachedAt === undefined) {
      // Detaching nothing: no new revision, no audit noise.
      return this.detail(assessment, records, { facts: undefined, reviews });
    }
    const report = this.score(this.packOf(assessment), answersOf(records), facts);
    const now = toStoredTime(this.deps.now());
    const { manifestAttachedAt: _previous, ...unattached } = assessment;
    const next: AssessmentRecord = {
      ...unattached,
      ...(facts ? { manifestAttachedAt: now } : {}),
      revision: assessment.revision + 1,
      updatedAt: now,
      updatedBy: actor.accountId,
      ...headerFigures(report),
    };
    await store.commit({
      assessment: next,
      expectedRevision: assessment.revision,
      manifest: facts
        ? { schemaVersion: SCHEMA_VERSION, facts, attachedAt: now, attachedBy: actor.accountId }
        : null,
      audit: auditOf(
        next,
        actor,
        facts ? 'attach-manifest' : 'detach-manifest',
        [],
        facts
          ? `Attached a manifest (${facts.egress.length} egress entries, ${facts.remotes.length} remotes).`
          : 'Detached the manifest.',
      ),
      snapshot: figuresChanged(assessment, next) ? snapshotOf(next, report) : undefined,
    });
    return this.detail(next, records, { facts, reviews }, report);
  }

  /**
   * Deleting is safe to repeat and to interrupt: the header turns into a tombstone first, so
   * the assessment is gone at once, and whatever the purge did not get to is finished by the
   * next delete or list call. A repeated delete answers "deleted", not NOT_FOUND.
   */
  async delete(
    input: ResolverPayload<'deleteAssessment'>,
    actor: Actor,
  ): Promise<{ id: string; deleted: true; purgePending: boolean }> {
    const header = await store.readHeader(input.id);
    if (!header) throw notFound(input.id);
    let tombstone: TombstoneRecord;
    if (header.status === 'deleted') {
      tombstone = header;
    } else {
      if (header.revision !== input.expectedRevision) throw staleRevision(header.revision);
      const at = toStoredTime(this.deps.now());
      tombstone = {
        schemaVersion: SCHEMA_VERSION,
        id: header.id,
        partition: PURGING_PARTITION,
        status: 'deleted',
        appName: header.appName,
        revision: header.revision + 1,
        updatedAt: at,
        updatedBy: actor.accountId,
        answerIds: header.answerIds,
        ...(header.reviewRounds ? { reviewRounds: header.reviewRounds } : {}),
        snapshotsFrom: 1,
      };
      await store.deleteAssessment(tombstone, input.expectedRevision, {
        schemaVersion: SCHEMA_VERSION,
        assessmentId: header.id,
        at,
        actor: actor.accountId,
        action: 'delete',
        revision: tombstone.revision,
        changed: [],
        summary: `Deleted assessment for ${header.appName}.`,
      });
    }
    return { id: input.id, deleted: true, purgePending: !(await this.tryPurge(tombstone)) };
  }

  /** The delete has happened once the tombstone is stored; a purge failure only delays it. */
  private async tryPurge(tombstone: TombstoneRecord): Promise<boolean> {
    try {
      return await store.purge(tombstone);
    } catch (error) {
      logPurgeFailure(tombstone.id, error);
      return false;
    }
  }

  private async finishPendingPurges(): Promise<void> {
    try {
      await store.finishPendingPurges();
    } catch (error) {
      logPurgeFailure('pending', error);
    }
  }

  /** An attach or detach retried after its first attempt landed. */
  private async retriedAttach(
    assessment: AssessmentRecord,
    facts: ManifestFacts | undefined,
    actor: Actor,
  ): Promise<AssessmentDetail | undefined> {
    if (assessment.updatedBy !== actor.accountId) return undefined;
    const stored = assessment.manifestAttachedAt
      ? await store.getManifest(assessment.id)
      : undefined;
    const same =
      facts === undefined
        ? stored === undefined
        : stored !== undefined &&
          JSON.stringify(stored.facts) === JSON.stringify(manifestFactsSchema.parse(facts));
    return same ? this.get(assessment.id) : undefined;
  }

  private async transition(
    id: string,
    expectedRevision: number,
    actor: Actor,
    step: {
      from: AssessmentRecord['status'][];
      to: AssessmentRecord['status'];
      action: AuditRecord['action'];
      summary: string;
      changed?: string[];
      review?: (revision: number, at: StoredTime, report: Report) => StoredReview;
    },
  ): Promise<AssessmentDetail> {
    const assessment = await this.requireExisting(id);
    if (assessment.revision !== expectedRevision) {
      // The same step by the same person, one revision on: a retry whose first answer was lost.
      if (
        assessment.revision === expectedRevision + 1 &&
        assessment.status === step.to &&
        assessment.updatedBy === actor.accountId
      ) {
        return this.get(id);
      }
      throw staleRevision(assessment.revision);
    }
    if (!step.from.includes(assessment.status)) {
      throw new AppError(
        'CONFLICT',
        `Cannot ${step.action} an assessment that is ${assessment.status}.`,
        { currentRevision: assessment.revision },
      );
    }
    const [records, extras] = await Promise.all([
      store.getAnswers(assessment),
      this.extras(assessment, { reviews: true }),
    ]);
    const report = this.score(this.packOf(assessment), answersOf(records), extras.facts);
    const now = toStoredTime(this.deps.now());
    const revision = assessment.revision + 1;
    const review = step.review?.(revision, now, report);
    const next: AssessmentRecord = {
      ...assessment,
      status: step.to,
      revision,
      updatedAt: now,
      updatedBy: actor.accountId,
      ...headerFigures(report),
      ...(step.to === 'submitted' ? { submittedBy: actor.accountId } : {}),
      ...(review ? { reviewedAt: now, reviewRounds: review.round } : {}),
    };
    await store.commit({
      assessment: next,
      expectedRevision,
      audit: auditOf(next, actor, step.action, step.changed ?? [], step.summary),
      snapshot: snapshotOf(next, report),
      ...(review ? { review } : {}),
    });
    const reviews = review ? [...extras.reviews, review] : extras.reviews;
    return this.detail(next, records, { facts: extras.facts, reviews }, report);
  }

  private async requireExisting(id: string): Promise<AssessmentRecord> {
    const assessment = await store.getAssessment(id);
    if (!assessment) throw notFound(id);
    return assessment;
  }

  /**
   * The attached manifest and the review rounds live under their own keys; the header says
   * whether they exist, so an assessment without them costs no extra read.
   */
  private async extras(
    assessment: AssessmentRecord,
    want: { reviews: boolean; facts?: boolean },
  ): Promise<Extras> {
    const [manifest, reviews] = await Promise.all([
      want.facts !== false && assessment.manifestAttachedAt !== undefined
        ? store.getManifest(assessment.id)
        : undefined,
      want.reviews ? store.getReviews(assessment) : [],
    ]);
    return { facts: manifest?.facts, reviews };
  }

  private detail(
    assessment: AssessmentRecord,
    records: Record<string, AnswerRecord>,
    extras: Extras,
    report?: Report,
  ): AssessmentDetail {
    const pack = this.packOf(assessment);
    const known = new Set(pack.ruleSet.questions.map((q) => q.id));
    const answers = answersOf(records);
    const current: Answers = {};
    const retiredAnswers: string[] = [];
    for (const [id, answer] of Object.entries(answers)) {
      if (known.has(id)) current[id] = answer;
      else retiredAnswers.push(id);
    }
    const { reviews, facts } = extras;
    const rounds = reviews.map(toReviewRecord);
    const approved = [...rounds].reverse().find((r) => r.decision === 'approve');
    return {
      assessment: toSummary(assessment),
      answers,
      report: report ?? this.score(pack, current, facts),
      review: rounds.at(-1) ?? null,
      reviews: rounds,
      approval: approved
        ? {
            round: approved.round,
            revision: approved.revision,
            score: approved.score,
            ruleSetVersion: approved.ruleSetVersion,
            reviewer: approved.reviewer,
            at: approved.at,
            // Anything after the approval (reopen, edits) means it no longer covers the answers.
            stale: assessment.revision !== approved.revision,
          }
        : null,
      submittedBy: assessment.submittedBy ?? null,
      retiredAnswers: retiredAnswers.sort(),
      manifest: facts ?? null,
    };
  }

  /** Answers to questions a newer rule set dropped stay stored but are not scored. */
  private score(pack: RulePack, answers: Answers, manifest?: ManifestFacts): Report {
    const known = new Set(pack.ruleSet.questions.map((q) => q.id));
    const current: Answers = {};
    for (const [id, answer] of Object.entries(answers)) if (known.has(id)) current[id] = answer;
    return assess(pack, current, {
      asOf: isoDate(this.deps.now()),
      ...(manifest ? { manifest } : {}),
    });
  }
}

interface Extras {
  facts: ManifestFacts | undefined;
  reviews: StoredReview[];
}

function toReviewRecord(review: StoredReview): ReviewRecord {
  return {
    round: review.round,
    decision: review.decision,
    summary: review.summary,
    comments: review.comments,
    reviewer: review.reviewer,
    at: review.at,
    revision: review.revision,
    ruleSetVersion: review.ruleSetVersion,
    score: review.score,
    level: review.level,
    selfReview: review.selfReview,
    replies: review.replies,
  };
}

function toSettings(record: SettingsRecord): Settings {
  return {
    allowSelfReview: record.allowSelfReview,
    revision: record.revision,
    updatedBy: record.revision === 0 ? null : record.updatedBy,
    updatedAt: record.revision === 0 ? null : record.updatedAt,
  };
}

/** Stamped with the record's own updatedAt, so the audit and the header agree on "when". */
function auditOf(
  assessment: AssessmentRecord,
  actor: Actor,
  action: AuditRecord['action'],
  changed: string[],
  summary: string,
): AuditRecord {
  return {
    schemaVersion: SCHEMA_VERSION,
    assessmentId: assessment.id,
    at: assessment.updatedAt,
    actor: actor.accountId,
    action,
    revision: assessment.revision,
    changed,
    summary,
  };
}

function logPurgeFailure(id: string, error: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.warn(`[trust-readiness] purge of ${id} left for the next call: ${detail}`);
}

/** Answers are checked against the rule set of the assessment they are saved to. */
function assertFits(pack: RulePack, patch: Record<string, Answer | null>): void {
  const set: Answers = {};
  for (const [id, answer] of Object.entries(patch)) if (answer) set[id] = answer;
  const issues = validateAnswers(pack.ruleSet, set);
  if (issues.length > 0) {
    // Paths relative to the payload, like the schema's own issues, so the UI maps both alike.
    throw new AppError('VALIDATION', 'Some answers do not fit their questions.', {
      issues: issues.map((issue) => ({ ...issue, path: ['answers', ...issue.path] })),
    });
  }
}

function parseManifest(text: string): ManifestFacts {
  try {
    return readManifestFacts(text);
  } catch (error) {
    if (error instanceof ManifestParseError) {
      // "This is not a Forge manifest: …" already says what is wrong with the file as a whole.
      const text =
        error.code === 'not-a-manifest'
          ? error.message
          : `The manifest could not be read: ${error.message}`;
      throw new AppError('VALIDATION', text, {
        issues: [{ path: ['manifest'], message: error.message }],
      });
    }
    throw error;
  }
}

/** Answers and the attached manifest are frozen while a review is pending or approved. */
function assertEditable(assessment: AssessmentRecord): void {
  if (assessment.status === 'submitted' || assessment.status === 'approved') {
    throw new AppError(
      'CONFLICT',
      `This assessment is ${assessment.status}; reopen it before changing answers.`,
      { currentRevision: assessment.revision },
    );
  }
}

function answersOf(records: Record<string, AnswerRecord>): Answers {
  const answers: Answers = {};
  for (const [id, record] of Object.entries(records)) answers[id] = record.answer;
  return answers;
}

/** Zod output keeps schema key order, so equal answers serialise identically. */
function sameAnswer(a: Answer, b: Answer): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function headerFigures(report: Report) {
  return {
    score: report.overall.score,
    level: report.overall.level,
    completeness: report.completeness.percent,
    failedBlockers: report.blockers.length,
  };
}

function figuresChanged(before: AssessmentRecord, after: AssessmentRecord): boolean {
  return (
    before.score !== after.score || before.level !== after.level || before.status !== after.status
  );
}

function snapshotOf(assessment: AssessmentRecord, report: Report) {
  return {
    schemaVersion: SCHEMA_VERSION,
    assessmentId: assessment.id,
    at: assessment.updatedAt,
    revision: assessment.revision,
    score: report.overall.score,
    level: report.overall.level,
    status: assessment.status,
    elements: Object.fromEntries(report.elements.map((e) => [e.id, e.score])),
  } as const;
}

function toSummary(record: store.ListedAssessment): AssessmentSummary {
  return {
    id: record.id,
    appName: record.appName,
    appKey: record.appKey ?? '',
    hosting: record.hosting,
    status: record.status,
    revision: record.revision,
    ruleSetVersion: record.ruleSetVersion,
    score: record.score,
    level: record.level,
    completeness: record.completeness,
    failedBlockers: record.failedBlockers,
    manifestAttachedAt: record.manifestAttachedAt ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
  };
}
