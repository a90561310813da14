import type { Answer, AnswerValue } from '../domain/answers';
import {
  DIGEST_VERSION,
  type DigestEntry,
  type DigestRecord,
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
