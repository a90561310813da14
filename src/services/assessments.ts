import { isEmptyAnswer, validateAnswers, type Answer, type Answers } from '../domain/answers';
import { toCsv, toJson, toMarkdown, toPrivacySecurityDraft } from '../domain/export';
import { answerContradictions } from '../domain/checks/answer-consistency';
import { derivedChecks } from '../domain/checks';
import type { ManifestFacts } from '../domain/manifest/facts';
import { readManifestFacts, ManifestParseError } from '../domain/manifest/read';
import { suggestAnswers } from '../domain/manifest/suggest';
import { estimateRunsOnAtlassian } from '../domain/manifest/runs-on-atlassian';
import { ruleSetRef, type RuleSet } from '../domain/rules/schema';
import { READINESS_LEVELS } from '../domain/scoring/policy';
import type { Report } from '../domain/scoring/report';
import { score } from '../domain/scoring/score';
import {
  API_LIMITS,
  type AssessmentDetail,
  type AssessmentSummary,
  type AuditEntry,
  type ExportResult,
  type HistoryPoint,
  type ManifestAnalysis,
  type Page,
  type ResolverPayload,
  type RuleSetInfo,
  type SaveResult,
} from '../shared/api';
import * as store from '../storage/assessment-store';
import {
  manifestFactsSchema,
  PURGING_PARTITION,
  SCHEMA_VERSION,
  toStoredTime,
  type AnswerRecord,
  type AssessmentRecord,
  type AuditRecord,
  type StoredReview,
  type StoredTime,
  type TombstoneRecord,
} from '../storage/records';
import { AppError, notFound, staleRevision } from './errors';

export interface ServiceDeps {
  ruleSet: RuleSet;
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

  ruleSetInfo(): RuleSetInfo {
    return { ruleSet: this.deps.ruleSet, levels: READINESS_LEVELS };
  }

  async list(input: ResolverPayload<'listAssessments'>): Promise<Page<AssessmentSummary>> {
    // The list is where people land after a delete, so it finishes any purge that an
    // interrupted delete left; a failure there must not cost them the list.
    if (!input.cursor) await this.finishPendingPurges();
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
    const report = this.score({});
    const appKey = input.appKey || undefined;
    const assessment: AssessmentRecord = {
      schemaVersion: SCHEMA_VERSION,
      id,
      partition: 'all',
      appName: input.appName,
      searchText: `${input.appName} ${appKey ?? ''}`.trim().toLowerCase(),
      ...(appKey ? { appKey } : {}),
      hosting: input.hosting,
      status: 'draft',
      revision: 1,
      ruleSetVersion: ruleSetRef(this.deps.ruleSet),
      createdAt: now,
      createdBy: actor.accountId,
      updatedAt: now,
      updatedBy: actor.accountId,
      answerIds: [],
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
      retiredAnswers: [],
      manifest: null,
    };
  }

  async get(id: string): Promise<AssessmentDetail> {
    const assessment = await this.requireExisting(id);
    const [records, extras] = await Promise.all([
      store.getAnswers(assessment),
      this.extras(assessment, { review: true }),
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
    const assessment = await this.requireExisting(input.id);
    const set: Answers = {};
    for (const [id, answer] of Object.entries(input.answers)) if (answer) set[id] = answer;
    const issues = validateAnswers(this.deps.ruleSet, set);
    if (issues.length > 0) {
      // Paths relative to the payload, like the schema's own issues, so the UI maps both alike.
      throw new AppError('VALIDATION', 'Some answers do not fit their questions.', {
        issues: issues.map((issue) => ({ ...issue, path: ['answers', ...issue.path] })),
      });
    }

    const [stored, { facts }] = await Promise.all([
      store.getAnswers(assessment),
      this.extras(assessment, { review: false }),
    ]);
    const now = toStoredTime(this.deps.now());
    const writes: Record<string, AnswerRecord | null> = {};
    for (const [questionId, answer] of Object.entries(input.answers)) {
      const previous = stored[questionId];
      if (answer === null || isEmptyAnswer(answer)) {
        if (previous) writes[questionId] = null;
      } else if (!previous || !sameAnswer(previous.answer, answer)) {
        writes[questionId] = {
          schemaVersion: SCHEMA_VERSION,
          answer,
          updatedAt: now,
          updatedBy: actor.accountId,
        };
      }
    }
    const written = Object.keys(writes);
    if (assessment.revision !== input.expectedRevision && written.length > 0) {
      throw staleRevision(assessment.revision);
    }
    // A stale save that changes nothing is a retry whose first attempt landed: say so.
    if (written.length > 0) assertEditable(assessment);
    if (written.length === 0) {
      // Nothing changed: no write, no new revision, no audit noise.
      const detail = this.detail(assessment, stored, { facts, review: undefined });
      return {
        revision: assessment.revision,
        report: detail.report,
        assessment: detail.assessment,
        written,
      };
    }

    const merged: Record<string, AnswerRecord> = { ...stored };
    for (const [questionId, record] of Object.entries(writes)) {
      if (record) merged[questionId] = record;
      else delete merged[questionId];
    }
    const report = this.score(answersOf(merged), facts);
    const next: AssessmentRecord = {
      ...assessment,
      revision: assessment.revision + 1,
      ruleSetVersion: ruleSetRef(this.deps.ruleSet),
      updatedAt: now,
      updatedBy: actor.accountId,
      answerIds: Object.keys(merged).sort(),
      ...headerFigures(report),
    };
    const via = input.source === 'manifest-import' ? ' from the manifest' : '';
    await store.commit({
      assessment: next,
      expectedRevision: assessment.revision,
      answers: writes,
      audit: auditOf(
        next,
        actor,
        'save',
        written.sort(),
        `Changed ${written.length} answer(s)${via}.`,
      ),
      snapshot: figuresChanged(assessment, next) ? snapshotOf(next, report) : undefined,
    });
    return { revision: next.revision, report, assessment: toSummary(next), written };
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
    const unknown = Object.keys(input.comments).filter(
      (q) => !this.deps.ruleSet.questions.some((question) => question.id === q),
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
    return this.transition(input.id, input.expectedRevision, actor, {
      from: ['submitted'],
      to: approve ? 'approved' : 'changes-requested',
      action: approve ? 'approve' : 'request-changes',
      summary: input.summary || (approve ? 'Approved.' : 'Changes requested.'),
      changed: Object.keys(input.comments).sort(),
      review: (revision, at) => ({
        schemaVersion: SCHEMA_VERSION,
        decision: input.decision,
        summary: input.summary ?? '',
        comments: input.comments,
        reviewer: actor.accountId,
        at,
        revision,
      }),
    });
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
      })),
      cursor: page.cursor,
    };
  }

  async export(input: ResolverPayload<'exportAssessment'>): Promise<ExportResult> {
    const detail = await this.get(input.id);
    const base =
      detail.assessment.appName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '') ||
      'assessment';
    const app = { name: detail.assessment.appName, key: detail.assessment.appKey };
    switch (input.format) {
      case 'json':
        return {
          format: 'json',
          filename: `${base}-trust-readiness.json`,
          mimeType: 'application/json',
          content: toJson(detail.report, app),
        };
      case 'csv':
        return {
          format: 'csv',
          filename: `${base}-trust-readiness.csv`,
          mimeType: 'text/csv',
          content: toCsv(this.deps.ruleSet, detail.report),
        };
      case 'markdown':
        return {
          format: 'markdown',
          filename: `${base}-trust-readiness.md`,
          mimeType: 'text/markdown',
          content: toMarkdown(this.deps.ruleSet, detail.report, {
            appName: detail.assessment.appName,
          }),
        };
      case 'ps-tab':
        return {
          format: 'ps-tab',
          filename: `${base}-privacy-security-tab.md`,
          mimeType: 'text/markdown',
          content: toPrivacySecurityDraft(this.deps.ruleSet, detail.answers, detail.report, {
            appName: detail.assessment.appName,
          }),
        };
    }
  }

  async analyzeManifest(input: ResolverPayload<'analyzeManifest'>): Promise<ManifestAnalysis> {
    const facts = parseManifest(input.manifest);
    let answers: Answers = {};
    if (input.id) {
      answers = answersOf(await store.getAnswers(await this.requireExisting(input.id)));
    }
    const contradictions = [
      ...answerContradictions(answers),
      ...derivedChecks.flatMap(
        (check) =>
          check.run({ ruleSet: this.deps.ruleSet, answers, manifest: facts }).contradictions,
      ),
    ];
    return {
      facts,
      suggestions: suggestAnswers(facts),
      contradictions,
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
    const [records, { review }] = await Promise.all([
      store.getAnswers(assessment),
      this.extras(assessment, { review: true, facts: false }),
    ]);
    if (!facts && assessment.manifestAttachedAt === undefined) {
      // Detaching nothing: no new revision, no audit noise.
      return this.detail(assessment, records, { facts: undefined, review });
    }
    const report = this.score(answersOf(records), facts);
    const now = toStoredTime(this.deps.now());
    const { manifestAttachedAt: _previous, ...unattached } = assessment;
    const next: AssessmentRecord = {
      ...unattached,
      ...(facts ? { manifestAttachedAt: now } : {}),
      revision: assessment.revision + 1,
      ruleSetVersion: ruleSetRef(this.deps.ruleSet),
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
    return this.detail(next, records, { facts, review }, report);
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
      review?: (revision: number, at: StoredTime) => StoredReview;
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
      this.extras(assessment, { review: !step.review }),
    ]);
    const report = this.score(answersOf(records), extras.facts);
    const now = toStoredTime(this.deps.now());
    const revision = assessment.revision + 1;
    const review = step.review ? step.review(revision, now) : extras.review;
    const next: AssessmentRecord = {
      ...assessment,
      status: step.to,
      revision,
      updatedAt: now,
      updatedBy: actor.accountId,
      ruleSetVersion: ruleSetRef(this.deps.ruleSet),
      ...headerFigures(report),
      ...(step.review ? { reviewedAt: now } : {}),
    };
    await store.commit({
      assessment: next,
      expectedRevision,
      audit: auditOf(next, actor, step.action, step.changed ?? [], step.summary),
      snapshot: snapshotOf(next, report),
      ...(step.review && review ? { review } : {}),
    });
    return this.detail(next, records, { facts: extras.facts, review }, report);
  }

  private async requireExisting(id: string): Promise<AssessmentRecord> {
    const assessment = await store.getAssessment(id);
    if (!assessment) throw notFound(id);
    return assessment;
  }

  /**
   * The attached manifest and the latest review live under their own keys; the header says
   * whether they exist, so an assessment without them costs no extra read.
   */
  private async extras(
    assessment: AssessmentRecord,
    want: { review: boolean; facts?: boolean },
  ): Promise<Extras> {
    const [manifest, review] = await Promise.all([
      want.facts !== false && assessment.manifestAttachedAt !== undefined
        ? store.getManifest(assessment.id)
        : undefined,
      want.review && assessment.reviewedAt !== undefined
        ? store.getReview(assessment.id)
        : undefined,
    ]);
    return { facts: manifest?.facts, review };
  }

  private detail(
    assessment: AssessmentRecord,
    records: Record<string, AnswerRecord>,
    extras: Extras,
    report?: Report,
  ): AssessmentDetail {
    const known = new Set(this.deps.ruleSet.questions.map((q) => q.id));
    const answers = answersOf(records);
    const current: Answers = {};
    const retiredAnswers: string[] = [];
    for (const [id, answer] of Object.entries(answers)) {
      if (known.has(id)) current[id] = answer;
      else retiredAnswers.push(id);
    }
    const { review, facts } = extras;
    return {
      assessment: toSummary(assessment),
      answers,
      report: report ?? this.score(current, facts),
      review: review
        ? {
            decision: review.decision,
            summary: review.summary,
            comments: review.comments,
            reviewer: review.reviewer,
            at: review.at,
            revision: review.revision,
          }
        : null,
      retiredAnswers: retiredAnswers.sort(),
      manifest: facts ?? null,
    };
  }

  /** Answers to questions a newer rule set dropped stay stored but are not scored. */
  private score(answers: Answers, manifest?: ManifestFacts): Report {
    const known = new Set(this.deps.ruleSet.questions.map((q) => q.id));
    const current: Answers = {};
    for (const [id, answer] of Object.entries(answers)) if (known.has(id)) current[id] = answer;
    return score(this.deps.ruleSet, current, {
      asOf: isoDate(this.deps.now()),
      ...(manifest ? { manifest } : {}),
    });
  }
}

interface Extras {
  facts: ManifestFacts | undefined;
  review: StoredReview | undefined;
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

function parseManifest(text: string): ManifestFacts {
  try {
    return readManifestFacts(text);
  } catch (error) {
    if (error instanceof ManifestParseError) {
      throw new AppError('VALIDATION', `The manifest could not be read: ${error.message}`, {
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
