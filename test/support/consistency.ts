import type { Answers } from '../../src/domain/answers';
import { assess } from '../../src/domain/assess';
import { findPack } from '../../src/domain/rules/packs';
import type { KvsDump } from '../../src/local/kvs-emulator';
import {
  decodeShard,
  digestEntryOf,
  mergeDigest,
  recordSuffixes,
  scoringAnswersOf,
} from '../../src/storage/digest';
import { auditKey, digestKey, digestShardKey } from '../../src/storage/keys';
import {
  DIGEST_SHARDS,
  answerRecordSchema,
  auditRecordSchema,
  digestRecordSchema,
  digestShardSchema,
  type AuditRecord,
  type DigestRecord,
  headerRecordSchema,
  manifestRecordSchema,
  snapshotRecordSchema,
} from '../../src/storage/records';

/**
 * Everything that must hold for the stored data of every assessment, whatever failed and
 * wherever: what a reader can reach is whole, and nothing is stored that no reader can reach.
 * Returns one line per broken rule, so a failing test says what broke.
 */
export function inconsistencies(dump: KvsDump, asOf = new Date().toISOString().slice(0, 10)) {
  const problems: string[] = [];
  const headers = dump.entities.assessment ?? {};
  const auditsByKey = new Map<string, AuditRecord>(
    Object.entries(dump.entities.audit ?? {}).map(([key, a]) => [key, auditRecordSchema.parse(a)]),
  );
  const audits = [...auditsByKey.values()];
  const snapshots = Object.values(dump.entities.snapshot ?? {}).map((s) =>
    snapshotRecordSchema.parse(s),
  );
  const owner = (key: string): string | undefined =>
    /^ans:([^:]+):/.exec(key)?.[1] ??
    /^review:([^:]+):\d+$/.exec(key)?.[1] ??
    /^(?:manifest|review|digest):([^:]+)$/.exec(key)?.[1] ??
    /^digest:([^:]+):\d+$/.exec(key)?.[1];

  for (const key of Object.keys(dump.kvs)) {
    // Site settings belong to the site, not to an assessment.
    if (key === 'settings') continue;
    const id = owner(key);
    if (id === undefined) problems.push(`${key}: a key no assessment owns`);
    else if (!headers[id]) problems.push(`${key}: stored, but assessment ${id} has no header`);
  }
  // A format-4 `before` points at the `after` of the same question in an earlier entry.
  for (const [key, entry] of auditsByKey) {
    for (const change of entry.changes ?? []) {
      if (!('beforeIn' in change)) continue;
      const target = auditKey(entry.assessmentId, change.beforeIn.revision, change.beforeIn.action);
      if (!auditsByKey.get(target)?.changes?.some((c) => c.questionId === change.questionId)) {
        problems.push(
          `${key}: the before of ${change.questionId} points at ${target}, which has none`,
        );
      }
    }
  }
  for (const snapshot of snapshots) {
    if (!headers[snapshot.assessmentId]) {
      problems.push(`snapshot r${snapshot.revision} of ${snapshot.assessmentId}: no header`);
    }
  }

  for (const [id, value] of Object.entries(headers)) {
    const parsed = headerRecordSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(`${id}: header does not parse`);
      continue;
    }
    const header = parsed.data;
    const answerKeys = Object.keys(dump.kvs).filter((k) => k.startsWith(`ans:${id}:`));
    const own = {
      answers: answerKeys,
      manifest: dump.kvs[`manifest:${id}`] !== undefined,
      reviews: Object.keys(dump.kvs).filter((k) => k.startsWith(`review:${id}:`)),
      snapshots: snapshots.filter((s) => s.assessmentId === id),
      audits: audits.filter((a) => a.assessmentId === id),
    };
    if (!own.audits.some((a) => a.revision === header.revision)) {
      problems.push(`${id}: no audit entry for its revision ${header.revision}`);
    }
    if (own.audits.some((a) => a.revision > header.revision)) {
      problems.push(`${id}: an audit entry newer than the header`);
    }
    if (own.snapshots.some((s) => s.revision > header.revision)) {
      problems.push(`${id}: a snapshot newer than the header`);
    }
    if (header.status === 'deleted') {
      if (!own.audits.some((a) => a.action === 'delete' && a.revision === header.revision)) {
        problems.push(`${id}: tombstone without its delete audit entry`);
      }
      const left =
        own.answers.length +
        own.snapshots.length +
        +own.manifest +
        own.reviews.length +
        +(dump.kvs[digestKey(id)] !== undefined) +
        Array.from({ length: DIGEST_SHARDS }, (_, n) => digestShardKey(id, n)).filter(
          (k) => dump.kvs[k] !== undefined,
        ).length;
      if (header.partition === 'deleted' && left > 0) {
        problems.push(`${id}: marked purged but ${left} key(s) remain`);
      }
      continue;
    }
    let digest: DigestRecord;
    if (header.schemaVersion === 4) {
      // Every shard the header lists is stored at that revision, and no other is stored.
      const parts: (DigestRecord | undefined)[] = [];
      for (let n = 0; n < DIGEST_SHARDS; n += 1) {
        const value = dump.kvs[digestShardKey(id, n)];
        const listed = header.digestRevisions[n] ?? 0;
        const shard = value === undefined ? undefined : digestShardSchema.safeParse(value);
        if (shard && !shard.success) problems.push(`${id}: digest shard ${n} does not parse`);
        const stored = shard?.success ? shard.data.revision : 0;
        if (stored !== listed) {
          problems.push(`${id}: the header lists shard ${n} at r${listed}, stored: r${stored}`);
        }
        parts.push(shard?.success ? decodeShard(shard.data) : undefined);
      }
      if (dump.kvs[digestKey(id)] !== undefined) {
        problems.push(`${id}: format 3's digest is still stored beside the shards`);
      }
      digest = mergeDigest(parts);
    } else if (header.schemaVersion === 3) {
      const digestParsed = digestRecordSchema.safeParse(dump.kvs[digestKey(id)]);
      if (!digestParsed.success) {
        problems.push(`${id}: no readable digest`);
        continue;
      }
      digest = digestParsed.data;
    } else {
      continue;
    }
    const listed = recordSuffixes(digest).sort();
    const stored = answerKeys.map((k) => k.slice(`ans:${id}:`.length)).sort();
    for (const suffix of listed) {
      if (!stored.includes(suffix)) problems.push(`${id}: the digest lists ${suffix}, not stored`);
    }
    // Only records an import staged (`<q>.<token>`) may outlive a failed write unlisted: no
    // reader ever reads a key the digest does not list, and a delete's purge sweeps them.
    for (const suffix of stored) {
      if (!listed.includes(suffix) && !suffix.includes('.')) {
        problems.push(`${id}: ${suffix} is stored but the digest does not list it`);
      }
    }
    if ((header.manifestAttachedAt !== undefined) !== own.manifest) {
      problems.push(`${id}: manifestAttachedAt and the manifest key disagree`);
    }
    const rounds = header.reviewRounds ?? 0;
    const expectedRounds = Array.from({ length: rounds }, (_, i) => `review:${id}:${i + 1}`);
    if (JSON.stringify(own.reviews.sort()) !== JSON.stringify(expectedRounds.sort())) {
      problems.push(`${id}: header counts ${rounds} review round(s), stored: [${own.reviews}]`);
    }
    if ((header.reviewedAt !== undefined) !== rounds > 0) {
      problems.push(`${id}: reviewedAt and the review rounds disagree`);
    }
    for (const [q, r] of Object.entries(digest.cleared ?? {})) {
      if (r > header.revision) problems.push(`${id}: ${q} cleared at a future revision ${r}`);
    }
    const answers: Answers = {};
    for (const suffix of listed) {
      const record = answerRecordSchema.parse(dump.kvs[`ans:${id}:${suffix}`]);
      if ('revision' in record && record.revision > header.revision) {
        problems.push(`${id}: ${suffix} changed at a future revision ${record.revision}`);
      }
      // A format-4 record says which audit entry holds it: later changes point there.
      if ('action' in record) {
        const holder = auditsByKey.get(auditKey(id, record.revision, record.action));
        const change = holder?.changes?.find((c) => c.questionId === suffix.split('.')[0]);
        if (JSON.stringify(change?.after) !== JSON.stringify(record.answer)) {
          problems.push(`${id}: ${suffix} is not the after of its audit entry r${record.revision}`);
        }
      }
      answers[suffix.split('.')[0] ?? suffix] = record.answer;
    }
    // The digest must score exactly as the records it summarises.
    const fromDigest = JSON.stringify(scoringAnswersOf(digest));
    const fromRecords = JSON.stringify(
      scoringAnswersOf({
        ...digest,
        answers: Object.fromEntries(Object.entries(answers).map(([q, a]) => [q, digestEntryOf(a)])),
      }),
    );
    if (fromDigest !== fromRecords) problems.push(`${id}: the digest disagrees with the records`);
    const manifest = own.manifest
      ? manifestRecordSchema.parse(dump.kvs[`manifest:${id}`]).facts
      : undefined;
    const pack = findPack(header.ruleSetVersion);
    if (!pack) {
      problems.push(`${id}: names an unknown rule set ${header.ruleSetVersion}`);
      continue;
    }
    // Answers to questions the rule set does not have are kept but not scored.
    const known = new Set(pack.ruleSet.questions.map((q) => q.id));
    const scored = Object.fromEntries(Object.entries(answers).filter(([q]) => known.has(q)));
    const report = assess(pack, scored, { asOf, ...(manifest ? { manifest } : {}) });
    const figures = {
      score: report.overall.score,
      level: report.overall.level,
      completeness: report.completeness.percent,
      failedBlockers: report.blockers.length,
    };
    const headerFigures = {
      score: header.score,
      level: header.level,
      completeness: header.completeness,
      failedBlockers: header.failedBlockers,
    };
    if (JSON.stringify(figures) !== JSON.stringify(headerFigures)) {
      problems.push(
        `${id}: header figures ${JSON.stringify(headerFigures)} are not the score of its answers ${JSON.stringify(figures)}`,
      );
    }
  }
  return problems;
}
