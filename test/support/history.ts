import { kvs } from '@forge/kvs';
import type { LocalPlatform } from '../../src/local/platform';
import { auditKey, snapshotKey } from '../../src/storage/keys';
import { SCHEMA_VERSION, headerRecordSchema } from '../../src/storage/records';
import { ADMIN } from './platform';

const AT = '2026-01-01T00:00:00.000Z';

/**
 * Gives an existing assessment a long life, stored the way the app stores one: a snapshot at
 * every revision after the first, the header at the last revision, and that revision audited.
 * Returns the header's new revision.
 */
export async function addHistory(
  platform: LocalPlatform,
  id: string,
  snapshots: number,
): Promise<number> {
  return platform.runAsUser(ADMIN, async () => {
    const header = headerRecordSchema.parse(await kvs.entity('assessment').get(id));
    const items = Array.from({ length: snapshots }, (_, i) => ({
      key: snapshotKey(id, header.revision + i + 1),
      entityName: 'snapshot',
      value: {
        schemaVersion: SCHEMA_VERSION,
        assessmentId: id,
        at: AT,
        revision: header.revision + i + 1,
        score: header.status === 'deleted' ? 0 : header.score,
        level: 'not-ready',
        status: 'draft',
        elements: { security: 10 },
      },
    }));
    for (let i = 0; i < items.length; i += 25) await kvs.batchSet(items.slice(i, i + 25));
    const revision = header.revision + snapshots;
    await kvs
      .transact()
      .set(id, { ...header, revision }, { entityName: 'assessment' })
      .set(
        auditKey(id, revision, 'save'),
        {
          schemaVersion: SCHEMA_VERSION,
          assessmentId: id,
          at: AT,
          actor: ADMIN,
          action: 'save',
          revision,
          changed: [],
          summary: 'Seeded history.',
        },
        { entityName: 'audit' },
      )
      .execute();
    return revision;
  });
}
