import fc from 'fast-check';
import { LATEST_PACK } from '../../../src/domain/rules/packs';
import type { Answer } from '../../../src/domain/answers';
import {
  NO_SHARDS,
  dateOfDayNumber,
  dayNumberOf,
  decodeShard,
  digestWrites,
  encodeShard,
  mergeDigest,
  nextDigest,
  sameDigest,
  shardOf,
  splitDigest,
  EMPTY_DIGEST,
} from '../../../src/storage/digest';
import {
  DIGEST_SHARDS,
  digestRecordSchema,
  digestShardSchema,
  type DigestRecord,
} from '../../../src/storage/records';

const questionId = fc.stringMatching(/^[A-Z]{1,3}[0-9]{1,3}$/);
const isoDay = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z') })
  .filter((d) => !Number.isNaN(d.getTime()))
  .map((d) => d.toISOString().slice(0, 10));
const answer: fc.Arbitrary<Answer> = fc.record(
  {
    value: fc.oneof(fc.constantFrom('yes', 'no', 'partial'), fc.integer(), fc.array(fc.string())),
    evidence: fc.record(
      { url: fc.constant('https://example.com/e'), expires: isoDay },
      { requiredKeys: ['url'] },
    ),
    notApplicable: fc.constant(true),
    justification: fc.string(),
    optionEvidence: fc.dictionary(
      fc.constantFrom('a', 'b'),
      fc.record(
        { url: fc.constant('https://example.com/o'), expires: isoDay },
        { requiredKeys: ['url'] },
      ),
    ),
  },
  { requiredKeys: [] },
);
/** Digests as writes make them: answers set and cleared over several revisions, some staged. */
const digest: fc.Arbitrary<DigestRecord> = fc
  .array(
    fc.record({
      set: fc.dictionary(questionId, fc.record({ answer, staged: fc.boolean() })),
      cleared: fc.array(questionId, { maxLength: 3 }),
    }),
    { maxLength: 5 },
  )
  .map((writes) =>
    writes.reduce<DigestRecord>(
      (current, write, i) =>
        nextDigest(current, {
          revision: i + 2,
          set: Object.fromEntries(
            Object.entries(write.set).map(([q, { answer: a, staged }]) => [
              q,
              { answer: a, ...(staged ? { token: `tok${i}abc` } : {}) },
            ]),
          ),
          cleared: write.cleared.filter((q) => write.set[q] === undefined),
        }),
      EMPTY_DIGEST,
    ),
  );

describe('the digest in shards (format 4)', () => {
  it('puts each question in one shard, the same one on every machine and release', () => {
    // Stored data depends on these: changing shardOf would make every stored shard wrong.
    expect(['G1', 'S1', 'S2', 'P19', 'T9'].map(shardOf)).toEqual([1, 1, 0, 1, 2]);
    const ids = LATEST_PACK.ruleSet.questions.map((q) => q.id);
    const counts = Array.from({ length: DIGEST_SHARDS }, (_, n) =>
      ids.filter((q) => shardOf(q) === n),
    ).map((inShard) => inShard.length);
    // Even enough that no shard is much more than a quarter of the digest.
    expect(Math.max(...counts)).toBeLessThanOrEqual(Math.ceil(ids.length / DIGEST_SHARDS) + 2);
  });

  it('splits and merges back to the same digest, byte for byte', () => {
    fc.assert(
      fc.property(digest, (d) => {
        const parts = splitDigest(d);
        expect(parts).toHaveLength(DIGEST_SHARDS);
        expect(JSON.stringify(mergeDigest(parts))).toBe(JSON.stringify(d));
        for (const [n, part] of parts.entries()) {
          for (const q of Object.keys(part.answers)) expect(shardOf(q)).toBe(n);
        }
      }),
    );
  });

  it('stores a shard that parses and decodes to the part it was made from', () => {
    fc.assert(
      fc.property(digest, fc.integer({ min: 1, max: 1_000_000 }), (d, revision) => {
        for (const part of splitDigest(d)) {
          const stored = digestShardSchema.parse(
            JSON.parse(JSON.stringify(encodeShard(part, revision))),
          );
          expect(stored.revision).toBe(revision);
          const back = decodeShard(stored);
          expect(JSON.stringify(back)).toBe(JSON.stringify(part));
          expect(digestRecordSchema.safeParse(back).success).toBe(true);
        }
      }),
    );
  });

  it('writes only the shards whose part changed, and lists the revision of each', () => {
    fc.assert(
      fc.property(digest, questionId, answer, (d, q, a) => {
        const first = digestWrites(undefined, d, NO_SHARDS, 7);
        // Nothing stored yet: every part that holds something is written.
        for (const [n, part] of splitDigest(d).entries()) {
          const holds = JSON.stringify(part) !== JSON.stringify(splitDigest(EMPTY_DIGEST)[n]);
          expect(first.shards.has(n)).toBe(holds);
          expect(first.revisions[n]).toBe(holds ? 7 : 0);
        }
        const next = nextDigest(d, { revision: 8, set: { [q]: { answer: a } }, cleared: [] });
        const second = digestWrites(d, next, first.revisions, 8);
        const changed = sameDigest(d, next) ? [] : [shardOf(q)];
        expect([...second.shards.keys()]).toEqual(changed);
        for (let n = 0; n < DIGEST_SHARDS; n += 1) {
          expect(second.revisions[n]).toBe(changed.includes(n) ? 8 : first.revisions[n]);
        }
      }),
    );
  });

  it('keeps expiry dates exactly, as day numbers when they are calendar days', () => {
    fc.assert(
      fc.property(isoDay, (day) => {
        const stored = dayNumberOf(day);
        expect(typeof stored).toBe('number');
        expect(dateOfDayNumber(stored as number)).toBe(day);
      }),
    );
    expect(dayNumberOf('1970-01-01')).toBe(0);
    expect(dayNumberOf('2027-12-31')).toBe(21183);
    // Years 0–99 are not 1900–1999 (Date.UTC's reading), and leap days survive.
    expect(dateOfDayNumber(dayNumberOf('0050-02-28') as number)).toBe('0050-02-28');
    expect(dateOfDayNumber(dayNumberOf('2028-02-29') as number)).toBe('2028-02-29');
    // Anything that is not exactly a calendar day stays text, unchanged.
    for (const text of ['', '2027-02-30', '2027-1-01', 'soon'])
      expect(dayNumberOf(text)).toBe(text);
  });
});
