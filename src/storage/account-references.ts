import { kvs, Filter, FilterConditions, Sort } from '@forge/kvs';
import {
  AssessmentGoneError,
  RevisionConflictError,
  getAnswers,
  loadAssessment,
  getManifest,
  getReviews,
  getSettings,
  readHeader,
} from './assessment-store';
import {
  ALL_PARTITION,
  ENTITIES,
  INDEXES,
  SETTINGS_AUDIT_ID,
  SETTINGS_KEY,
  answerKeyPrefix,
  digestKey,
  digestShardKey,
  manifestKey,
  reviewRoundKey,
} from './keys';
import {
  DELETED_PARTITION,
  PURGING_PARTITION,
  auditRecordSchema,
  type AssessmentRecord,
  type AuditRecord,
} from './records';
import { NO_SHARDS, digestWrites, recordSuffix } from './digest';

/**
 * Where the app stores Atlassian account ids, for Forge's personal data reporting: which
 * accounts it holds (and since when), and rewriting every record that names a closed one.
 * The app keeps account ids only (never names or emails), so an `updated` account needs
 * nothing and a `closed` one is replaced by ERASED_ACCOUNT everywhere, audit trail included.
 */

/** What a closed account's id becomes: not an account id, and shown as "Former user". */
export const ERASED_ACCOUNT = 'erased-account';

const PAGE = 100;

export interface AccountReference {
  accountId: string;
  /** The latest time the app stored this id: what the reporting API compares against. */
  storedAt: string;
}

type Visit = (accountId: string, at: string) => void;

/** Every account id stored anywhere, with the latest time each was written. */
export async function collectAccountReferences(): Promise<AccountReference[]> {
  const latest = new Map<string, string>();
  const visit: Visit = (accountId, at) => {
    if (accountId === ERASED_ACCOUNT) return;
    const seen = latest.get(accountId);
    if (seen === undefined || at > seen) latest.set(accountId, at);
  };
  for (const id of await assessmentIds()) {
    await visitAssessment(id, visit);
    await visitAudit(id, visit);
  }
  const settings = await getSettings();
  if (settings && settings.revision > 0) visit(settings.updatedBy, settings.updatedAt);
  await visitAudit(SETTINGS_AUDIT_ID, visit);
  return [...latest].map(([accountId, storedAt]) => ({ accountId, storedAt })).sort(byAccount);
}

const byAccount = (a: AccountReference, b: AccountReference) =>
  a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;

/** Every header key, live or deleted: tombstones and audit trails name people too. */
async function assessmentIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const partition of [ALL_PARTITION, PURGING_PARTITION, DELETED_PARTITION]) {
    let cursor: string | undefined;
    do {
      let query = kvs
        .entity<unknown>(ENTITIES.assessment)
        .query()
        .index(INDEXES.assessmentByUpdated, { partition: [partition] })
        .sort(Sort.ASC)
        .limit(PAGE);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany();
      ids.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
    } while (cursor);
  }
  return [...new Set(ids)];
}

async function visitAssessment(id: string, visit: Visit): Promise<void> {
  const header = await readHeader(id);
  if (!header) return;
  visit(header.updatedBy, header.updatedAt);
  if (header.status === 'deleted') return;
  visit(header.createdBy, header.createdAt);
  if (header.submittedBy) visit(header.submittedBy, header.updatedAt);
  const loaded = await loadAssessment(id);
  if (!loaded) return;
  for (const record of Object.values(await getAnswers(loaded))) {
    visit(record.updatedBy, record.updatedAt);
  }
  for (const review of await getReviews(header)) {
    visit(review.reviewer, review.at);
    for (const reply of Object.values(review.replies)) visit(reply.by, reply.at);
  }
  if (header.manifestAttachedAt) {
    const manifest = await getManifest(id);
    if (manifest) visit(manifest.attachedBy, manifest.attachedAt);
  }
}

async function visitAudit(
  assessmentId: string,
  visit: Visit,
  each?: (key: string, entry: AuditRecord) => Promise<void>,
): Promise<void> {
  let cursor: string | undefined;
  do {
    let query = kvs
      .entity<unknown>(ENTITIES.audit)
      .query()
      .index(INDEXES.auditByAssessment, { partition: [assessmentId] })
      .limit(PAGE);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany();
    for (const { key, value } of page.results) {
      const entry = auditRecordSchema.parse(value);
      visit(entry.actor, entry.at);
      if (each) await each(key, entry);
    }
    cursor = page.nextCursor;
  } while (cursor);
}

const erase = (accountId: string, closed: ReadonlySet<string>) =>
  closed.has(accountId) ? ERASED_ACCOUNT : accountId;

/**
 * Replaces every closed account id in every record. Records that belong to an assessment are
 * rewritten under its revision check (a header `check` or `set` with the revision read), so a
 * save racing the erasure fails it and the next run tries again, rather than one overwriting
 * the other. Returns how many records changed.
 */
export async function eraseAccounts(closedIds: readonly string[]): Promise<number> {
  const closed = new Set(closedIds);
  if (closed.size === 0) return 0;
  let changed = 0;
  for (const id of await assessmentIds()) {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        changed += await eraseInAssessment(id, closed);
        break;
      } catch (error) {
        if (!(error instanceof RevisionConflictError) || attempt === 2) throw error;
      }
    }
    changed += await eraseInAudit(id, closed);
  }
  changed += await eraseInAudit(SETTINGS_AUDIT_ID, closed);
  const settings = await getSettings();
  if (settings && closed.has(settings.updatedBy)) {
    await kvs.set(SETTINGS_KEY, { ...settings, updatedBy: ERASED_ACCOUNT });
    changed += 1;
  }
  return changed;
}

async function eraseInAssessment(id: string, closed: ReadonlySet<string>): Promise<number> {
  const header = await readHeader(id);
  if (!header) return 0;
  if (header.status === 'deleted') {
    if (!closed.has(header.updatedBy)) return 0;
    await kvs
      .transact()
      .set(
        id,
        { ...header, updatedBy: ERASED_ACCOUNT },
        { entityName: ENTITIES.assessment, conditions: revisionIs(header.revision) },
      )
      .execute();
    return 1;
  }
  const writes: { key: string; value: unknown }[] = [];
  const loaded = await loadAssessment(id, { answers: 'all' });
  if (!loaded || loaded.header.revision !== header.revision) {
    throw new RevisionConflictError(id, loaded?.header.revision);
  }
  // A header still in an older format is rewritten in format 4 below, with its digest shards
  // (stored at the header's revision, which an erasure does not move).
  let digestRevisions = header.digestRevisions;
  if (loaded.formatUpgrade) {
    const digest = digestWrites(undefined, loaded.digest, NO_SHARDS, header.revision);
    for (const [shard, value] of digest.shards) {
      if (value) writes.push({ key: digestShardKey(id, shard), value });
    }
    digestRevisions = digest.revisions;
  }
  for (const [questionId, record] of Object.entries(loaded.records)) {
    if (closed.has(record.updatedBy)) {
      writes.push({
        key: `${answerKeyPrefix(id)}${recordSuffix(loaded.digest, questionId)}`,
        value: { ...record, updatedBy: ERASED_ACCOUNT },
      });
    }
  }
  for (const review of await getReviews(header)) {
    const replies = Object.fromEntries(
      Object.entries(review.replies).map(([q, r]) => [q, { ...r, by: erase(r.by, closed) }]),
    );
    const next = { ...review, reviewer: erase(review.reviewer, closed), replies };
    if (JSON.stringify(next) !== JSON.stringify(review)) {
      writes.push({ key: reviewRoundKey(id, review.round), value: next });
    }
  }
  if (header.manifestAttachedAt) {
    const manifest = await getManifest(id);
    if (manifest && closed.has(manifest.attachedBy)) {
      writes.push({ key: manifestKey(id), value: { ...manifest, attachedBy: ERASED_ACCOUNT } });
    }
  }
  const nextHeader: AssessmentRecord = {
    ...header,
    digestRevisions,
    createdBy: erase(header.createdBy, closed),
    updatedBy: erase(header.updatedBy, closed),
    ...(header.submittedBy ? { submittedBy: erase(header.submittedBy, closed) } : {}),
  };
  const headerChanged =
    loaded.formatUpgrade || JSON.stringify(nextHeader) !== JSON.stringify(header);
  if (!headerChanged && writes.length === 0) return 0;
  // 24 records a transaction (23 when the last also removes format 3's digest), each under the
  // header's revision, the header itself last.
  const perChunk = loaded.legacyDigest ? 23 : 24;
  const chunks: (typeof writes)[] = [];
  for (let i = 0; i < writes.length; i += perChunk) chunks.push(writes.slice(i, i + perChunk));
  if (chunks.length === 0) chunks.push([]);
  const guard = () => ({
    entityName: ENTITIES.assessment,
    conditions: revisionIs(header.revision),
  });
  for (const [n, chunk] of chunks.entries()) {
    let tx = kvs.transact();
    for (const write of chunk) tx = tx.set(write.key, write.value);
    const last = n === chunks.length - 1;
    tx = last && headerChanged ? tx.set(id, nextHeader, guard()) : tx.check(id, guard());
    // Format 3's single digest goes with the header that stops pointing at it.
    if (last && loaded.legacyDigest) tx = tx.delete(digestKey(id));
    try {
      await tx.execute();
    } catch (error) {
      // Only a moved revision is a race to retry; anything else is the platform's to report.
      const current = await readHeader(id);
      if (!current || current.status === 'deleted') throw new AssessmentGoneError(id);
      if (current.revision !== header.revision) {
        throw new RevisionConflictError(id, current.revision);
      }
      throw error;
    }
  }
  return writes.length + (headerChanged ? 1 : 0);
}

async function eraseInAudit(assessmentId: string, closed: ReadonlySet<string>): Promise<number> {
  let changed = 0;
  await visitAudit(
    assessmentId,
    () => undefined,
    async (key, entry) => {
      if (!closed.has(entry.actor)) return;
      // Audit entries are never rewritten otherwise, so no guard is needed.
      await kvs.entity<AuditRecord>(ENTITIES.audit).set(key, { ...entry, actor: ERASED_ACCOUNT });
      changed += 1;
    },
  );
  return changed;
}

const revisionIs = <T extends { revision: number }>(revision: number) =>
  new Filter<T>().and('revision', FilterConditions.equalTo(revision));
