import { kvs } from '@forge/kvs';
import type { LocalPlatform } from '../../src/local/platform';
import { decodeShard, mergeDigest } from '../../src/storage/digest';
import { digestKey, digestShardKey } from '../../src/storage/keys';
import { DIGEST_SHARDS, digestShardSchema, headerRecordSchema } from '../../src/storage/records';
import { ADMIN } from './platform';

/**
 * Rewrites a stored assessment the way storage format 3 kept it: the whole digest under one
 * key, no shards, a header without digestRevisions, answer records that do not name their
 * audit action. What a store written before format 4 holds.
 */
export async function storeAsFormat3(platform: LocalPlatform, id: string): Promise<void> {
  const dump = platform.kvs.dump();
  const header = headerRecordSchema.parse(dump.entities.assessment?.[id]);
  if (header.schemaVersion !== 4) throw new Error(`${id}: expected a format-4 header`);
  const { digestRevisions: _revisions, ...format3 } = header;
  const shardKeys = Array.from({ length: DIGEST_SHARDS }, (_, n) => digestShardKey(id, n));
  const parts = shardKeys.map((key) => {
    const value = dump.kvs[key];
    return value === undefined ? undefined : decodeShard(digestShardSchema.parse(value));
  });
  await platform.runAsUser(ADMIN, async () => {
    await kvs.entity('assessment').set(id, { ...format3, schemaVersion: 3 });
    await kvs.set(digestKey(id), mergeDigest(parts));
    for (const key of shardKeys) await kvs.delete(key);
    for (const [key, value] of Object.entries(dump.kvs)) {
      if (!key.startsWith(`ans:${id}:`)) continue;
      const { action: _action, ...record } = value as Record<string, unknown>;
      await kvs.set(key, { ...record, schemaVersion: 3 });
    }
  });
}
