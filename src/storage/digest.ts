import type { Answer, AnswerValue } from '../domain/answers';
import {
  DIGEST_SHARDS,
  DIGEST_VERSION,
  SHARD_VERSION,
  type DigestEntry,
  type DigestRecord,
  type DigestShardEntry,
  type DigestShardRecord,
  type StoredAnswerRecord,
} from './records';

/**
 * The scoring digest's pure side: how an answer becomes its digest entry, how a digest turns
 * back into what scoring reads, and how a write moves it on. See DigestRecord for the format.
 */

export const EMPTY_DIGEST: DigestRecord = { schemaVersion: DIGEST_VERSION, answers: {} };

/** What scoring reads of an answer: no note, no evidence link. */
export interface ScoringAnswerShape {
  value?: AnswerValue;
  notApplicable?: boolean;
  justification?: string;
  evidence?: { expires?: string };
  optionEvidence?: Record<string, { expires?: string }>;
}

export function digestEntryOf(answer: Answer): DigestEntry {
  const value = answer.value ?? null;
  const evidence = answer.evidence ? (answer.evidence.expires ?? '') : null;
  const extra: { na?: true; j?: string; oe?: Record<string, string> } = {};
  if (answer.notApplicable) extra.na = true;
  if (answer.justification !== undefined) extra.j = answer.justification;
  if (answer.optionEvidence) {
    extra.oe = Object.fromEntries(
      Object.entries(answer.optionEvidence).map(([option, e]) => [option, e.expires ?? '']),
    );
  }
  if (Object.keys(extra).length > 0) return [value, evidence, extra];
  return evidence === null ? [value] : [value, evidence];
}

export function scoringAnswerOf(entry: DigestEntry): ScoringAnswerShape {
  const [value, evidence, extra] = entry;
  const answer: ScoringAnswerShape = {};
  if (value !== null) answer.value = value;
  if (evidence !== null && evidence !== undefined) {
    answer.evidence = evidence === '' ? {} : { expires: evidence };
  }
  if (extra?.na) answer.notApplicable = true;
  if (extra?.j !== undefined) answer.justification = extra.j;
  if (extra?.oe) {
    answer.optionEvidence = Object.fromEntries(
      Object.entries(extra.oe).map(([option, expires]) => [
        option,
        expires === '' ? {} : { expires },
      ]),
    );
  }
  return answer;
}

export function scoringAnswersOf(digest: DigestRecord): Record<string, ScoringAnswerShape> {
  const answers: Record<string, ScoringAnswerShape> = {};
  for (const [questionId, entry] of Object.entries(digest.answers)) {
    answers[questionId] = scoringAnswerOf(entry);
  }
  return answers;
}

/** The staging token under which a question's record lives, if it was staged. */
export function stagedToken(digest: DigestRecord, questionId: string): string | undefined {
  for (const [token, questionIds] of Object.entries(digest.staged ?? {})) {
    if (questionIds.includes(questionId)) return token;
  }
  return undefined;
}

/** The key suffix (after `ans:<id>:`) of a stored answer's record. */
export function recordSuffix(digest: DigestRecord, questionId: string): string {
  const token = stagedToken(digest, questionId);
  return token ? `${questionId}.${token}` : questionId;
}

/** Every record key suffix the digest points at: what a purge or an erasure must visit. */
export function recordSuffixes(digest: DigestRecord): string[] {
  return Object.keys(digest.answers)
    .sort()
    .map((questionId) => recordSuffix(digest, questionId));
}

/** The revision at which a question's answer last changed, from its record or the digest. */
export function revisionOf(
  digest: DigestRecord,
  questionId: string,
  record: StoredAnswerRecord | undefined,
): number {
  if (record && 'revision' in record) return record.revision;
  if (record) return digest.legacyRevisions?.[questionId] ?? 0;
  return digest.cleared?.[questionId] ?? 0;
}

/**
 * The digest after a write at `revision`: `set` answers (stored under the key given, a
 * staging token or none), `cleared` questions gone. Entries of untouched questions stay.
 */
export function nextDigest(
  digest: DigestRecord,
  change: {
    revision: number;
    set: Record<string, { answer: Answer; token?: string | undefined }>;
    cleared: string[];
  },
): DigestRecord {
  const answers = { ...digest.answers };
  const cleared = { ...digest.cleared };
  const legacy = { ...digest.legacyRevisions };
  const tokens = new Map<string, string>();
  for (const [token, questionIds] of Object.entries(digest.staged ?? {})) {
    for (const questionId of questionIds) tokens.set(questionId, token);
  }
  for (const [questionId, { answer, token }] of Object.entries(change.set)) {
    answers[questionId] = digestEntryOf(answer);
    delete cleared[questionId];
    delete legacy[questionId];
    if (token) tokens.set(questionId, token);
    else tokens.delete(questionId);
  }
  for (const questionId of change.cleared) {
    delete answers[questionId];
    tokens.delete(questionId);
    delete legacy[questionId];
    cleared[questionId] = change.revision;
  }
  const staged: Record<string, string[]> = {};
  for (const [questionId, token] of [...tokens].sort(([a], [b]) => (a < b ? -1 : 1))) {
    (staged[token] ??= []).push(questionId);
  }
  return {
    schemaVersion: DIGEST_VERSION,
    answers: sortedKeys(answers),
    ...(Object.keys(cleared).length > 0 ? { cleared: sortedKeys(cleared) } : {}),
    ...(Object.keys(staged).length > 0 ? { staged: sortedKeys(staged) } : {}),
    ...(Object.keys(legacy).length > 0 ? { legacyRevisions: sortedKeys(legacy) } : {}),
  };
}

/** The earliest expiry among all evidence the answers link, for the portfolio's warning. */
export function earliestEvidenceExpiry(digest: DigestRecord): string | undefined {
  let earliest: string | undefined;
  const consider = (expires: string | null | undefined) => {
    if (expires && (earliest === undefined || expires < earliest)) earliest = expires;
  };
  for (const [, evidence, extra] of Object.values(digest.answers)) {
    consider(evidence);
    for (const expires of Object.values(extra?.oe ?? {})) consider(expires);
  }
  return earliest;
}

/** Same content, same bytes: a digest that did not change is not written again. */
export function sameDigest(a: DigestRecord, b: DigestRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sortedKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

// ---------------------------------------------------------------------------------------------
// Format 4: the digest in shards. In memory the digest stays one DigestRecord; only storage
// splits it, so everything above works on the whole as before.

/**
 * Which shard holds a question: FNV-1a of its id. Stable across releases and machines (it
 * decides where stored data is), and it spreads the rule sets' ids evenly (v2's 80: 21/19/20/20
 * by count).
 */
export function shardOf(questionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < questionId.length; i += 1) {
    hash ^= questionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % DIGEST_SHARDS;
}

/** The digest cut into DIGEST_SHARDS parts, each with only its questions' fields. */
export function splitDigest(digest: DigestRecord): DigestRecord[] {
  const parts = Array.from({ length: DIGEST_SHARDS }, () => ({
    answers: {} as Record<string, DigestEntry>,
    cleared: {} as Record<string, number>,
    staged: {} as Record<string, string[]>,
    legacyRevisions: {} as Record<string, number>,
  }));
  const partOf = (questionId: string) => parts[shardOf(questionId)] as (typeof parts)[number];
  for (const [q, entry] of Object.entries(digest.answers)) partOf(q).answers[q] = entry;
  for (const [q, revision] of Object.entries(digest.cleared ?? {})) partOf(q).cleared[q] = revision;
  for (const [token, questionIds] of Object.entries(digest.staged ?? {})) {
    for (const q of questionIds) (partOf(q).staged[token] ??= []).push(q);
  }
  for (const [q, revision] of Object.entries(digest.legacyRevisions ?? {})) {
    partOf(q).legacyRevisions[q] = revision;
  }
  return parts.map((part) => compactDigest(part));
}

/** The whole digest from its parts (a part not stored is undefined: it held nothing). */
export function mergeDigest(parts: readonly (DigestRecord | undefined)[]): DigestRecord {
  const whole = {
    answers: {} as Record<string, DigestEntry>,
    cleared: {} as Record<string, number>,
    staged: {} as Record<string, string[]>,
    legacyRevisions: {} as Record<string, number>,
  };
  for (const part of parts) {
    if (!part) continue;
    Object.assign(whole.answers, part.answers);
    Object.assign(whole.cleared, part.cleared);
    Object.assign(whole.legacyRevisions, part.legacyRevisions);
    for (const [token, questionIds] of Object.entries(part.staged ?? {})) {
      (whole.staged[token] ??= []).push(...questionIds);
    }
  }
  for (const questionIds of Object.values(whole.staged)) {
    questionIds.sort((a, b) => (a < b ? -1 : 1));
  }
  return compactDigest(whole);
}

/** A digest as nextDigest writes one: keys sorted, empty optional fields left out. */
function compactDigest(fields: {
  answers: Record<string, DigestEntry>;
  cleared: Record<string, number>;
  staged: Record<string, string[]>;
  legacyRevisions: Record<string, number>;
}): DigestRecord {
  return {
    schemaVersion: DIGEST_VERSION,
    answers: sortedKeys(fields.answers),
    ...(Object.keys(fields.cleared).length > 0 ? { cleared: sortedKeys(fields.cleared) } : {}),
    ...(Object.keys(fields.staged).length > 0 ? { staged: sortedKeys(fields.staged) } : {}),
    ...(Object.keys(fields.legacyRevisions).length > 0
      ? { legacyRevisions: sortedKeys(fields.legacyRevisions) }
      : {}),
  };
}

const isEmptyPart = (part: DigestRecord): boolean =>
  Object.keys(part.answers).length === 0 &&
  part.cleared === undefined &&
  part.staged === undefined &&
  part.legacyRevisions === undefined;

/** The header's digestRevisions before any shard is stored. */
export const NO_SHARDS: readonly number[] = Array.from({ length: DIGEST_SHARDS }, () => 0);

/**
 * What a write at `revision` stores of the digest: each shard whose part changed (null: stored,
 * now empty, delete it), and the header's digestRevisions after it. `previous` undefined means
 * no shard is stored yet (a create, or a header converted from an older format): every part
 * that holds something is written.
 */
export function digestWrites(
  previous: DigestRecord | undefined,
  next: DigestRecord,
  revisions: readonly number[],
  revision: number,
): { shards: Map<number, DigestShardRecord | null>; revisions: number[] } {
  const before = previous ? splitDigest(previous) : undefined;
  const after = splitDigest(next);
  const shards = new Map<number, DigestShardRecord | null>();
  const nextRevisions = [...revisions];
  after.forEach((part, shard) => {
    const stored = before !== undefined;
    if (stored && sameDigest(part, before[shard] as DigestRecord)) return;
    if (isEmptyPart(part)) {
      if (stored && (revisions[shard] ?? 0) > 0) shards.set(shard, null);
      nextRevisions[shard] = 0;
      return;
    }
    shards.set(shard, encodeShard(part, revision));
    nextRevisions[shard] = revision;
  });
  return { shards, revisions: nextRevisions };
}

const DAY_MS = 86_400_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A calendar day as days since 1970-01-01, or the text itself if it is not one exactly. */
export function dayNumberOf(date: string): number | string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const time = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  time.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = Math.round(time.getTime() / DAY_MS);
  return dateOfDayNumber(day) === date ? day : date;
}

export function dateOfDayNumber(day: number): string {
  const time = new Date(day * DAY_MS);
  return `${pad(time.getUTCFullYear(), 4)}-${pad(time.getUTCMonth() + 1, 2)}-${pad(time.getUTCDate(), 2)}`;
}

const storedDay = (day: number | string): string =>
  typeof day === 'number' ? dateOfDayNumber(day) : day;

export function encodeShard(part: DigestRecord, revision: number): DigestShardRecord {
  const answers: Record<string, DigestShardEntry> = {};
  for (const [questionId, [value, evidence, extra]] of Object.entries(part.answers)) {
    const day = evidence === null || evidence === undefined ? null : dayNumberOf(evidence);
    if (extra) {
      const { oe, ...rest } = extra;
      answers[questionId] = [
        value,
        day,
        oe
          ? {
              ...rest,
              oe: Object.fromEntries(Object.entries(oe).map(([o, e]) => [o, dayNumberOf(e)])),
            }
          : rest,
      ];
    } else {
      answers[questionId] = evidence === undefined ? [value] : [value, day];
    }
  }
  const { schemaVersion: _whole, answers: _answers, ...rest } = part;
  return { schemaVersion: SHARD_VERSION, revision, answers, ...rest };
}

export function decodeShard(shard: DigestShardRecord): DigestRecord {
  const answers: Record<string, DigestEntry> = {};
  for (const [questionId, [value, day, extra]] of Object.entries(shard.answers)) {
    const evidence = day === null || day === undefined ? day : storedDay(day);
    if (extra) {
      const { oe, ...rest } = extra;
      answers[questionId] = [
        value,
        evidence ?? null,
        oe
          ? {
              ...rest,
              oe: Object.fromEntries(Object.entries(oe).map(([o, d]) => [o, storedDay(d)])),
            }
          : rest,
      ];
    } else {
      answers[questionId] = evidence === undefined ? [value] : [value, evidence];
    }
  }
  const { schemaVersion: _shard, revision: _revision, answers: _answers, ...rest } = shard;
  return { schemaVersion: DIGEST_VERSION, answers, ...rest };
}
