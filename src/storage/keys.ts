/**
 * Every KVS key and entity name the app uses, in one place. Forge keys allow
 * [a-zA-Z0-9:._\s-#] up to 500 chars; ids are validated before they get here.
 */
export const ENTITIES = {
  assessment: 'assessment',
  snapshot: 'snapshot',
  audit: 'audit',
} as const;

export const INDEXES = {
  assessmentByUpdated: 'by-updated',
  assessmentByStatus: 'by-status',
  assessmentByName: 'by-name',
  assessmentByAppKey: 'by-app-key',
  snapshotByAssessment: 'by-assessment',
  auditByAssessment: 'by-assessment',
} as const;

/** Every assessment shares one partition so the list index can sort all of them by time. */
export const ALL_PARTITION = 'all';

export const answerKeyPrefix = (assessmentId: string): string => `ans:${assessmentId}:`;
/**
 * Where an answer's record lives: `ans:<id>:<q>`, or `ans:<id>:<q>.<token>` for a record an
 * import staged before its guarded write (question ids never contain a dot).
 */
export const answerKey = (assessmentId: string, questionId: string, token?: string): string =>
  `${answerKeyPrefix(assessmentId)}${questionId}${token ? `.${token}` : ''}`;
/** Format 3's scoring digest, one key: what every save read instead of every answer. */
export const digestKey = (assessmentId: string): string => `digest:${assessmentId}`;
/** One of format 4's digest shards (shardOf in digest.ts says which question is where). */
export const digestShardKey = (assessmentId: string, shard: number): string =>
  `digest:${assessmentId}:${shard}`;

/** Format 1's single review; format 2 keeps every round under `reviewRoundKey`. */
export const legacyReviewKey = (assessmentId: string): string => `review:${assessmentId}`;
export const reviewRoundKey = (assessmentId: string, round: number): string =>
  `review:${assessmentId}:${round}`;
export const SETTINGS_KEY = 'settings';
/** Site-setting changes are audited under this pseudo assessment id. */
export const SETTINGS_AUDIT_ID = 'site-settings';
export const manifestKey = (assessmentId: string): string => `manifest:${assessmentId}`;

/** Zero-padded so that lexical key order is revision order. */
const pad = (n: number): string => String(n).padStart(9, '0');
export const snapshotKey = (assessmentId: string, revision: number): string =>
  `${assessmentId}#${pad(revision)}`;
export const auditKey = (assessmentId: string, revision: number, action: string): string =>
  `${assessmentId}#${pad(revision)}#${action}`;
