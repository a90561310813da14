import { isEmptyAnswer, validateAnswers, type Answer, type Answers } from '../domain/answers';
import { assess } from '../domain/assess';
import { runFindings } from '../domain/checks/run';
import { parseAnswersFile, toAssessmentExport } from '../domain/answers-file';
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
  type ImportChange,
  type ImportPreview,
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
import {
  EMPTY_DIGEST,
  NO_SHARDS,
  earliestEvidenceExpiry,
  nextDigest,
  recordSuffix,
  recordSuffixes,
  revisionOf,
  sameDigest,
  scoringAnswersOf,
  shardOf,
  stagedToken,
  type ScoringAnswerShape,
} from '../storage/digest';
import { SETTINGS_AUDIT_ID } from '../storage/keys';
import {
  manifestFactsSchema,
  AUDIT_VERSION,
  DIGEST_SHARDS,
  HEADER_VERSION,
  RECORD_VERSION,
  PURGING_PARTITION,
  SCHEMA_VERSION,
  toStoredTime,
  auditedChange,
  type AnswerRecord,
  type AssessmentRecord,
  type AuditRecord,
  type DigestRecord,
  type SettingsRecord,
  type StoredAnswerChange,
  type StoredAnswerRecord,
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
    // Hosting has one source, the hosting gate (G1): the create dialog's choice is written as
    // G1's answer in the same write (and audited as a change of G1), and from then on every
    // write takes the header's hosting from G1 (see hostingOf).
    const records: Record<string, AnswerRecord> = {};
    const changes: StoredAnswerChange[] = [];
    const gateAnswer = hostingGateAnswer(pack, input.hosting);
    if (gateAnswer) {
      records[HOSTING_GATE] = {
        schemaVersion: RECORD_VERSION,
        answer: gateAnswer,
        updatedAt: now,
        updatedBy: actor.accountId,
        revision: 1,
        action: 'create',
      };
      changes.push(auditedChange(HOSTING_GATE, undefined, gateAnswer));
    }
    const digest = gateAnswer
      ? nextDigest(EMPTY_DIGEST, {
          revision: 1,
          set: { [HOSTING_GATE]: { answer: gateAnswer } },
          cleared: [],
        })
      : EMPTY_DIGEST;
    const report = this.score(pack, scoringAnswersOf(digest));
    const appKey = input.appKey || undefined;
    const assessment: AssessmentRecord = {
      schemaVersion: HEADER_VERSION,
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
      ...headerFigures(report),
      digestRevisions: [...NO_SHARDS],
    };
    const written = await store.commit({
      assessment,
      expectedRevision: undefined,
      answers: { set: records, remove: [] },
      digest: { previous: undefined, next: digest },
      audit: {
        ...auditOf(
          assessment,
          actor,
          'create',
          changes.map((c) => c.questionId),
          `Created assessment for ${input.appName}.`,
        ),
        ...(changes.length > 0 ? { changes } : {}),
      },
      snapshot: snapshotOf(assessment, report),
    });
    return this.detail(
      {
        header: written,
        digest,
        manifest: undefined,
        records,
        formatUpgrade: false,
        legacyDigest: false,
      },
      { facts: undefined, reviews: [] },
      report,
    );
  }

  async get(id: string): Promise<AssessmentDetail> {
    const loaded = await this.load(id, { answers: 'all', manifest: true });
    return this.detail(loaded, await this.extras(loaded, { reviews: true }));
  }

  /** The live assessment with its digest (and what else is asked for), or NOT_FOUND. */
  private async load(id: string, options: store.LoadOptions = {}): Promise<store.LoadedAssessment> {
    const loaded = await store.loadAssessment(id, options);
    if (!loaded) throw notFound(id);
    return loaded;
  }

  /**
   * Every write of a header goes through here: a header converted from an older format has
   * no digest shard stored yet, so it is written with all of them (and format 3's single
   * digest key goes in the same transaction). Returns the header as written.
   */
  private async commit(
    loaded: store.LoadedAssessment,
    change: store.Commit,
  ): Promise<AssessmentRecord> {
    if (!loaded.formatUpgrade) return store.commit(change);
    return store.commit({
      ...change,
      digest: {
        previous: undefined,
        next: change.digest?.next ?? loaded.digest,
        dropLegacy: loaded.legacyDigest,
      },
    });
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
   *
   * A save reads the header, the scoring digest, the manifest and the records it changes, in
   * one batch: no one else's notes. Only a stale save reads every record, to report what it
   * merged.
   */
  private async writeAnswers(
    id: string,
    expectedRevision: number,
    patch: Record<string, Answer | null>,
    actor: Actor,
    audit: {
      action: 'save' | 'restore' | 'import';
      summary: (count: number) => string;
    },
  ): Promise<SaveResult> {
    for (let attempt = 1; ; attempt += 1) {
      let loaded = await this.load(id, { answers: Object.keys(patch), manifest: true });
      if (loaded.header.revision !== expectedRevision) {
        loaded = await this.load(id, { answers: 'all', manifest: true });
      }
      const { header: assessment, digest } = loaded;
      const pack = this.packOf(assessment);
      if (attempt === 1) assertFits(pack, patch);
      const facts = loaded.manifest?.facts;
      const set: Record<string, Answer> = {};
      const cleared: string[] = [];
      const changes: StoredAnswerChange[] = [];
      for (const [questionId, answer] of Object.entries(patch)) {
        const previous = loaded.records[questionId];
        const isCleared = answer === null || isEmptyAnswer(answer);
        if (isCleared ? !previous : previous && sameAnswer(previous.answer, answer)) continue;
        if (isCleared) cleared.push(questionId);
        else set[questionId] = answer;
        changes.push(auditedChange(questionId, previous, isCleared ? null : answer));
      }
      const written = [...Object.keys(set), ...cleared].sort();
      if (written.length === 0) {
        // Nothing to change (or a retry whose first attempt landed): no write, no audit noise.
        return {
          revision: assessment.revision,
          report: this.score(pack, scoringAnswersOf(digest), facts),
          assessment: toSummary(assessment),
          written,
          merged: [],
        };
      }
      assertEditable(assessment);
      const stale = assessment.revision !== expectedRevision;
      if (stale) {
        const contested = written.filter(
          (q) => revisionOf(digest, q, loaded.records[q]) > expectedRevision,
        );
        if (contested.length > 0) {
          throw await this.answerConflict(loaded, contested);
        }
      }
      let result: ChangeResult;
      try {
        result = await this.writeChange(loaded, { set, cleared }, actor, {
          action: audit.action,
          written,
          summary: audit.summary(written.length),
          changes,
        });
      } catch (error) {
        if (error instanceof store.RevisionConflictError && attempt < MAX_MERGE_ATTEMPTS) {
          continue;
        }
        throw error;
      }
      if (!stale) {
        return {
          revision: result.header.revision,
          report: result.report,
          assessment: toSummary(result.header),
          written,
          merged: [],
        };
      }
      // What others changed since the client's revision, so the page can show it arrived.
      const records: Record<string, StoredAnswerRecord> = { ...loaded.records, ...result.records };
      for (const questionId of cleared) delete records[questionId];
      const merged = [
        ...new Set([...Object.keys(digest.answers), ...Object.keys(digest.cleared ?? {})]),
      ]
        .filter(
          (q) =>
            !written.includes(q) && revisionOf(digest, q, loaded.records[q]) > expectedRevision,
        )
        .sort();
      return {
        revision: result.header.revision,
        report: result.report,
        assessment: toSummary(result.header),
        written,
        merged,
        ...(merged.length > 0 ? { answers: answersOf(records) } : {}),
      };
    }
  }

  /**
   * One guarded transaction for a change of answers: header, digest, audit entry, snapshot and
   * the records. When the records do not fit in Forge's 25 operations (an import, an upgrade),
   * they are first written under fresh staged keys that nothing reads yet, and the transaction
   * then points the digest at them: still one revision-checked write, all or nothing for every
   * reader. Records left behind by that (the ones replaced) are removed afterwards.
   */
  private async writeChange(
    loaded: store.LoadedAssessment,
    change: { set: Record<string, Answer>; cleared: string[] },
    actor: Actor,
    audit: {
      action: AuditRecord['action'];
      written: string[];
      summary: string | ((report: Report) => string);
      changes: StoredAnswerChange[];
    },
    options: { pack?: RulePack; alwaysSnapshot?: boolean } = {},
  ): Promise<ChangeResult> {
    const { header, digest } = loaded;
    const pack = options.pack ?? this.packOf(header);
    const revision = header.revision + 1;
    const now = toStoredTime(this.deps.now());
    const records: Record<string, AnswerRecord> = {};
    for (const [questionId, answer] of Object.entries(change.set)) {
      records[questionId] = {
        schemaVersion: RECORD_VERSION,
        answer,
        updatedAt: now,
        updatedBy: actor.accountId,
        revision,
        action: audit.action,
      };
    }
    const scored = nextDigest(digest, {
      revision,
      set: Object.fromEntries(Object.entries(change.set).map(([q, answer]) => [q, { answer }])),
      cleared: change.cleared,
    });
    const report = this.score(pack, scoringAnswersOf(scored), loaded.manifest?.facts);
    const { earliestEvidenceExpiry: _expiry, ...rest } = header;
    const expiry = earliestEvidenceExpiry(scored);
    const next: AssessmentRecord = {
      ...rest,
      schemaVersion: HEADER_VERSION,
      revision,
      ruleSetVersion: packRef(pack),
      hosting: hostingOf(scored) ?? header.hosting,
      updatedAt: now,
      updatedBy: actor.accountId,
      ...headerFigures(report),
      ...(expiry ? { earliestEvidenceExpiry: expiry } : {}),
    };
    const snapshot =
      options.alwaysSnapshot || figuresChanged(header, next) ? snapshotOf(next, report) : undefined;

    // Where each record goes, within the transaction's operations: header, audit entry, the
    // snapshot, and the digest shards this write can change (all of them, and format 3's
    // single key, when none is stored yet).
    const shardOps = loaded.formatUpgrade
      ? DIGEST_SHARDS + (loaded.legacyDigest ? 1 : 0)
      : new Set([...Object.keys(records), ...change.cleared].map(shardOf)).size;
    let room = store.MAX_TRANSACTION_OPS - 2 - shardOps - (snapshot ? 1 : 0);
    const questionIds = Object.keys(records).sort();
    const set: Record<string, AnswerRecord> = {};
    const remove: string[] = [];
    const placed: Record<string, { answer: Answer; token?: string }> = {};
    let leftovers: string[] = [];
    let staging: { token: string; records: Record<string, AnswerRecord> } | undefined;
    if (questionIds.length + change.cleared.length <= room) {
      room -= questionIds.length + change.cleared.length;
      for (const questionId of change.cleared) remove.push(recordSuffix(digest, questionId));
      for (const questionId of questionIds) {
        const record = records[questionId] as AnswerRecord;
        const token = stagedToken(digest, questionId);
        if (token && room === 0) {
          // No operation left to remove the staged record: rewrite it where it is.
          set[`${questionId}.${token}`] = record;
          placed[questionId] = { answer: record.answer, token };
          continue;
        }
        if (token) {
          remove.push(`${questionId}.${token}`);
          room -= 1;
        }
        set[questionId] = record;
        placed[questionId] = { answer: record.answer };
      }
    } else {
      const token = this.newToken();
      staging = { token, records: {} };
      for (const questionId of questionIds) {
        const record = records[questionId] as AnswerRecord;
        staging.records[`${questionId}.${token}`] = record;
        placed[questionId] = { answer: record.answer, token };
      }
      const replaced = [
        ...questionIds.filter((q) => digest.answers[q] !== undefined),
        ...change.cleared,
      ].map((q) => recordSuffix(digest, q));
      remove.push(...replaced.slice(0, room));
      leftovers = replaced.slice(room);
    }
    const nextDig = nextDigest(digest, { revision, set: placed, cleared: change.cleared });

    if (staging) await store.stageAnswers(header.id, staging.records);
    let written: AssessmentRecord;
    try {
      written = await this.commit(loaded, {
        assessment: next,
        expectedRevision: header.revision,
        answers: { set, remove },
        ...(sameDigest(digest, nextDig) ? {} : { digest: { previous: digest, next: nextDig } }),
        audit: {
          ...auditOf(
            next,
            actor,
            audit.action,
            audit.written,
            typeof audit.summary === 'string' ? audit.summary : audit.summary(report),
          ),
          ...(audit.changes.length > 0 ? { changes: audit.changes } : {}),
        },
        snapshot,
      });
    } catch (error) {
      if (staging) await this.discard(header.id, Object.keys(staging.records));
      throw error;
    }
    if (leftovers.length > 0) await this.discard(header.id, leftovers);
    return { header: written, digest: nextDig, report, records };
  }

  /** Removes records nothing points at; a failure only leaves them for the purge to find. */
  private async discard(id: string, suffixes: string[]): Promise<void> {
    try {
      await store.discardAnswerRecords(id, suffixes);
    } catch (error) {
      logPurgeFailure(`${id} (unreferenced answer records)`, error);
    }
  }

  private newToken(): string {
    return this.deps
      .newId()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 12);
  }

  private async answerConflict(
    loaded: store.LoadedAssessment,
    questionIds: string[],
  ): Promise<AppError> {
    const { header: assessment, digest, records } = loaded;
    const conflicts: AnswerConflict[] = [];
    for (const questionId of questionIds) {
      const record = records[questionId];
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
      const entry = await store.getAuditEntry(
        assessment.id,
        revisionOf(digest, questionId, undefined),
      );
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
   * What importing an answers file, or another assessment's answers, would change: a diff per
   * question against what is stored now, computed and validated exactly as the write will be.
   */
  async previewImport(input: ResolverPayload<'previewImport'>): Promise<ImportPreview> {
    const loaded = await this.load(input.id, { answers: 'all' });
    const pack = this.packOf(loaded.header);
    let source: Answers;
    const ignored: ImportPreview['ignored'] = [];
    if (input.source.kind === 'file') {
      const parsed = parseAnswersFile(input.source.text);
      if (!parsed.ok) {
        const fields = parsed.issues.map((issue) => ({
          path: issue.field ? issue.field.split('.') : [],
          message: issue.reason,
        }));
        throw new AppError(
          'VALIDATION',
          `The answers file could not be read: ${parsed.error.field ? `${parsed.error.field}: ` : ''}${parsed.error.reason}`,
          { issues: fields },
        );
      }
      if (packRef(parsed.file.pack) !== packRef(pack)) {
        throw new AppError(
          'VALIDATION',
          `The file answers rule set ${packRef(parsed.file.pack)}, this assessment uses ${packRef(pack)}: run \`trust-assess upgrade\` on the file, or upgrade the assessment, first.`,
          { issues: [{ path: ['ruleSet'], message: 'a different rule set' }] },
        );
      }
      source = parsed.file.answers;
    } else {
      if (input.source.fromId === input.id) {
        throw new AppError('VALIDATION', 'Choose another assessment to copy from.', {
          issues: [{ path: ['source', 'fromId'], message: 'the same assessment' }],
        });
      }
      const from = await this.load(input.source.fromId, { answers: 'all' });
      if (from.header.ruleSetVersion !== loaded.header.ruleSetVersion) {
        throw new AppError(
          'VALIDATION',
          `${from.header.appName} uses rule set ${from.header.ruleSetVersion} and this assessment ${loaded.header.ruleSetVersion}; upgrade one of them first.`,
          { issues: [{ path: ['source', 'fromId'], message: 'a different rule set' }] },
        );
      }
      source = answersOf(from.records);
    }
    const known = new Set(pack.ruleSet.questions.map((q) => q.id));
    const changes: ImportChange[] = [];
    let unchanged = 0;
    for (const [questionId, answer] of Object.entries(source).sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      if (!known.has(questionId)) {
        ignored.push({ questionId, reason: `not a question of ${packRef(pack)}` });
        continue;
      }
      const before = loaded.records[questionId]?.answer ?? null;
      if (isEmptyAnswer(answer)) {
        if (before) changes.push({ questionId, before, after: null });
        else unchanged += 1;
        continue;
      }
      if (before && sameAnswer(before, answer)) unchanged += 1;
      else changes.push({ questionId, before, after: answer });
    }
    return {
      revision: loaded.header.revision,
      ruleSetVersion: loaded.header.ruleSetVersion,
      changes,
      unchanged,
      ignored,
    };
  }

  /** The accepted part of a previewed import, as one revision-checked write. */
  async importAnswers(input: ResolverPayload<'importAnswers'>, actor: Actor): Promise<SaveResult> {
    // No count limit of its own: more answers than the rule set has questions means ids it
    // does not have, which the write's validation refuses.
    const from =
      input.source === 'copy' ? ' copied from another assessment' : ' from an answers file';
    return this.writeAnswers(input.id, input.expectedRevision, input.answers, actor, {
      action: 'import',
      summary: (n) => `Imported ${n} answer(s)${from}.`,
    });
  }

  /**
   * Moves an assessment to a newer rule set in one revision-checked write: answers carried
   * where the meaning is the same, mapped where it changed, new questions left unanswered, and
   * answers to dropped questions kept stored (shown as retired). Audited with both scores.
   */
  async upgrade(input: ResolverPayload<'upgradeAssessment'>, actor: Actor): Promise<UpgradeResult> {
    const loaded = await this.load(input.id, { answers: 'all', manifest: true });
    const assessment = loaded.header;
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
    const extras = await this.extras(loaded, { reviews: true });
    const records = loaded.records;
    const stored = answersOf(records);
    const before = this.score(from, scoringAnswersOf(loaded.digest), extras.facts);
    const result = upgradeAnswers(from, to, stored);
    // Only answers whose stored value changes are written; retired ones stay where they are.
    const set: Record<string, Answer> = {};
    const changes: StoredAnswerChange[] = [];
    for (const [questionId, answer] of Object.entries(result.answers)) {
      const previous = records[questionId];
      if (previous && sameAnswer(previous.answer, answer)) continue;
      set[questionId] = answer;
      changes.push(auditedChange(questionId, previous, answer));
    }
    const written = Object.keys(set).sort();
    let change: ChangeResult;
    try {
      change = await this.writeChange(
        loaded,
        { set, cleared: [] },
        actor,
        {
          action: 'upgrade',
          written,
          summary: (report) =>
            `Upgraded from ${packRef(from)} to ${packRef(to)}: score ${before.overall.score} → ${report.overall.score}; ${result.mapped.length} answer(s) mapped, ${result.unanswered.length} new question(s), ${result.retired.length} retired.`,
          changes,
        },
        { pack: to, alwaysSnapshot: true },
      );
    } catch (error) {
      if (error instanceof store.RevisionConflictError)
        throw staleRevision(error.currentRevision ?? 0);
      throw error;
    }
    const after = change.report;
    const next = change.header;
    const merged = { ...records, ...change.records };
    return {
      detail: this.detail(
        { ...loaded, header: next, digest: change.digest, records: merged },
        extras,
        after,
      ),
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
    const loaded = await this.load(input.id);
    const assessment = loaded.header;
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
    await this.commit(loaded, {
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
      schemaVersion: AUDIT_VERSION,
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
      const loaded = await this.load(input.id, { answers: 'all' });
      pack = this.packOf(loaded.header);
      answers = answersOf(loaded.records);
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
    const loaded = await this.load(input.id, { answers: 'all' });
    const assessment = loaded.header;
    if (assessment.revision !== input.expectedRevision) {
      const retried = await this.retriedAttach(assessment, facts, actor);
      if (retried) return retried;
      throw staleRevision(assessment.revision);
    }
    assertEditable(assessment);
    const { reviews } = await this.extras(loaded, { reviews: true });
    if (!facts && assessment.manifestAttachedAt === undefined) {
      // Detaching nothing: no new revision, no audit noise.
      return this.detail(loaded, { facts: undefined, reviews });
    }
    const report = this.score(this.packOf(assessment), scoringAnswersOf(loaded.digest), facts);
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
    await this.commit(loaded, {
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
    return this.detail({ ...loaded, header: next }, { facts, reviews }, report);
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
      const loaded = await this.load(input.id);
      if (loaded.header.revision !== input.expectedRevision) {
        throw staleRevision(loaded.header.revision);
      }
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
        // Key suffixes of every answer record the digest points at: the purge needs no query.
        answerIds: recordSuffixes(loaded.digest),
        ...(header.reviewRounds ? { reviewRounds: header.reviewRounds } : {}),
        snapshotsFrom: 1,
      };
      await store.deleteAssessment(tombstone, input.expectedRevision, {
        schemaVersion: AUDIT_VERSION,
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
    const loaded = await this.load(id, { answers: 'all', manifest: true });
    const assessment = loaded.header;
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
    const extras = await this.extras(loaded, { reviews: true });
    const report = this.score(
      this.packOf(assessment),
      scoringAnswersOf(loaded.digest),
      extras.facts,
    );
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
    await this.commit(loaded, {
      assessment: next,
      expectedRevision,
      audit: auditOf(next, actor, step.action, step.changed ?? [], step.summary),
      snapshot: snapshotOf(next, report),
      ...(review ? { review } : {}),
    });
    const reviews = review ? [...extras.reviews, review] : extras.reviews;
    return this.detail({ ...loaded, header: next }, { facts: extras.facts, reviews }, report);
  }

  private async requireExisting(id: string): Promise<AssessmentRecord> {
    return (await this.load(id)).header;
  }

  /**
   * The review rounds live under their own keys, and the manifest came with the load; the
   * header says whether rounds exist, so an assessment without them costs no extra read.
   */
  private async extras(
    loaded: store.LoadedAssessment,
    want: { reviews: boolean },
  ): Promise<Extras> {
    const reviews = want.reviews ? await store.getReviews(loaded.header) : [];
    return { facts: loaded.manifest?.facts, reviews };
  }

  /** The page's view of an assessment loaded with every answer record. */
  private detail(
    loaded: store.LoadedAssessment,
    extras: Extras,
    report?: Report,
  ): AssessmentDetail {
    const { header: assessment, digest, records } = loaded;
    const pack = this.packOf(assessment);
    const known = new Set(pack.ruleSet.questions.map((q) => q.id));
    const answers = answersOf(records);
    const retiredAnswers = Object.keys(answers).filter((id) => !known.has(id));
    const answerRevisions: Record<string, number> = {};
    for (const questionId of [
      ...Object.keys(records),
      ...Object.keys(digest.cleared ?? {}),
    ].sort()) {
      answerRevisions[questionId] = revisionOf(digest, questionId, records[questionId]);
    }
    const { reviews, facts } = extras;
    const rounds = reviews.map(toReviewRecord);
    const approved = [...rounds].reverse().find((r) => r.decision === 'approve');
    return {
      assessment: toSummary(assessment),
      answers,
      report: report ?? this.score(pack, scoringAnswersOf(digest), facts),
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
      answerRevisions,
    };
  }

  /**
   * Scores what the digest holds of each answer (no notes, no evidence links). Answers to
   * questions a newer rule set dropped stay stored but are not scored.
   */
  private score(
    pack: RulePack,
    answers: Record<string, ScoringAnswerShape>,
    manifest?: ManifestFacts,
  ): Report {
    const known = new Set(pack.ruleSet.questions.map((q) => q.id));
    const current: Record<string, ScoringAnswerShape> = {};
    for (const [id, answer] of Object.entries(answers)) if (known.has(id)) current[id] = answer;
    return assess(pack, current, {
      asOf: isoDate(this.deps.now()),
      ...(manifest ? { manifest } : {}),
    });
  }
}

interface ChangeResult {
  header: AssessmentRecord;
  digest: DigestRecord;
  report: Report;
  /** The records written, by question id. */
  records: Record<string, AnswerRecord>;
}

/** The gate question whose answer is the assessment's hosting. */
const HOSTING_GATE = 'G1';
const HOSTING_BY_GATE_VALUE: Record<string, AssessmentRecord['hosting']> = {
  'forge-hosted': 'forge',
  'forge-remote': 'forge-remote',
  connect: 'connect',
};

function hostingOf(digest: DigestRecord): AssessmentRecord['hosting'] | undefined {
  const value = digest.answers[HOSTING_GATE]?.[0];
  return typeof value === 'string' ? HOSTING_BY_GATE_VALUE[value] : undefined;
}

/**
 * G1's answer for the hosting chosen at creation, or undefined when the pack has no hosting
 * gate offering it (then the header alone carries the choice until G1 is answered).
 */
function hostingGateAnswer(
  pack: RulePack,
  hosting: AssessmentRecord['hosting'],
): Answer | undefined {
  const value = Object.keys(HOSTING_BY_GATE_VALUE).find(
    (v) => HOSTING_BY_GATE_VALUE[v] === hosting,
  );
  const gate = pack.ruleSet.questions.find((q) => q.id === HOSTING_GATE);
  if (!value || !gate?.options?.some((o) => o.value === value)) return undefined;
  return { value };
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
    schemaVersion: AUDIT_VERSION,
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

function answersOf(records: Record<string, StoredAnswerRecord>): Answers {
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
