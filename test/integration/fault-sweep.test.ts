import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LATEST_PACK, packRef } from '../../src/domain/rules/packs';
import { trustReadinessV1 } from '../../src/domain/rules/packs/trust-readiness-v1';
import { AssessmentService } from '../../src/services/assessments';
import { FAULT_KINDS, type FaultKind } from '../../src/local/forge-fetch';
import type { LocalPlatform } from '../../src/local/platform';
import type { ApiResult, ResolverInput, ResolverKey } from '../../src/shared/api';
import { STORES_OUTSIDE_GATES, allPassing } from '../support/answers';
import { inconsistencies } from '../support/consistency';
import { storeAsFormat3 } from '../support/format3';
import { ADMIN, REVIEWER, invoke, ok, startPlatform } from '../support/platform';

const ruleSet = LATEST_PACK.ruleSet;

/**
 * Every write resolver, with every platform request it makes failing in turn, in every way
 * Forge can fail: afterwards the stored state is consistent, the caller got a typed error it
 * can act on (never INTERNAL), and repeating the call, as the UI does, reaches the state a
 * fault-free call reaches.
 */

const manifest = readFileSync(
  join(__dirname, '..', 'fixtures', 'manifests', 'runs-on-atlassian.yml'),
  'utf8',
);
const REQUEST_ID = '0b6f0c3e-7d1a-4c1e-9a55-2f1d6b0c9e11';
const TRANSIENT = new Set(['RATE_LIMITED', 'UNAVAILABLE']);

interface Fixture {
  id: string;
  revision: number;
}

interface Scenario {
  name: string;
  setup(platform: LocalPlatform): Promise<Fixture>;
  call(fixture: Fixture): { key: ResolverKey; payload: ResolverInput<ResolverKey>; as?: string };
  /** The state a successful call leaves, read back through the app. */
  converged(platform: LocalPlatform, fixture: Fixture): Promise<void>;
}

async function draftWithAnswers(platform: LocalPlatform, count = 10): Promise<Fixture> {
  const { assessment } = ok(
    await invoke(platform, 'createAssessment', { appName: 'Fault Tolerant', hosting: 'connect' }),
  );
  const answers = Object.fromEntries(
    Object.entries(allPassing(ruleSet, STORES_OUTSIDE_GATES)).slice(0, count),
  );
  const saved = ok(
    await invoke(platform, 'saveAnswers', { id: assessment.id, expectedRevision: 1, answers }),
  );
  return { id: assessment.id, revision: saved.revision };
}

async function submitted(platform: LocalPlatform): Promise<Fixture> {
  const draft = await draftWithAnswers(platform);
  const detail = ok(
    await invoke(platform, 'submitAssessment', { id: draft.id, expectedRevision: draft.revision }),
  );
  return { id: draft.id, revision: detail.assessment.revision };
}

async function withManifest(platform: LocalPlatform): Promise<Fixture> {
  const draft = await draftWithAnswers(platform);
  const detail = ok(
    await invoke(platform, 'attachManifest', {
      id: draft.id,
      expectedRevision: draft.revision,
      manifest,
    }),
  );
  return { id: draft.id, revision: detail.assessment.revision };
}

/** Answers, a manifest, a review and snapshots: everything a delete has to remove. */
async function fullyOwned(platform: LocalPlatform): Promise<Fixture> {
  const attached = await withManifest(platform);
  const sent = ok(
    await invoke(platform, 'submitAssessment', {
      id: attached.id,
      expectedRevision: attached.revision,
    }),
  );
  const reviewed = ok(
    await invoke(
      platform,
      'reviewAssessment',
      {
        id: attached.id,
        expectedRevision: sent.assessment.revision,
        decision: 'request-changes',
        comments: { S1: 'Link the policy.' },
      },
      REVIEWER,
    ),
  );
  return { id: attached.id, revision: reviewed.assessment.revision };
}

/** Stored by the first release: created and answered on rule set v1. */
async function onV1(platform: LocalPlatform): Promise<Fixture> {
  const v1 = new AssessmentService({
    pack: trustReadinessV1,
    now: () => Date.now(),
    newId: () => '5f0c3e7d-1a4c-4e9a-952f-1d6b0c9e1100',
  });
  const actor = { accountId: ADMIN };
  return platform.runAsUser(ADMIN, async () => {
    const { assessment } = await v1.create({ appName: 'Old App', hosting: 'forge' }, actor);
    const saved = await v1.save(
      {
        id: assessment.id,
        expectedRevision: 1,
        answers: { S1: { value: 'yes' }, S8: { value: 'yes' }, P7: { value: 'yes' } },
        source: 'questionnaire',
      },
      actor,
    );
    return { id: assessment.id, revision: saved.revision };
  });
}

const detailOf = async (platform: LocalPlatform, id: string) =>
  ok(await invoke(platform, 'getAssessment', { id }));

const SCENARIOS: Scenario[] = [
  {
    name: 'createAssessment',
    setup: () => Promise.resolve({ id: REQUEST_ID, revision: 0 }),
    call: () => ({
      key: 'createAssessment',
      payload: { appName: 'Created Once', hosting: 'forge', requestId: REQUEST_ID },
    }),
    async converged(platform) {
      const list = ok(await invoke(platform, 'listAssessments', { limit: 100 }));
      expect(list.items.filter((a) => a.appName === 'Created Once')).toHaveLength(1);
    },
  },
  {
    name: 'saveAnswers (change two)',
    setup: (platform) => draftWithAnswers(platform),
    call: ({ id, revision }) => ({
      key: 'saveAnswers',
      payload: {
        id,
        expectedRevision: revision,
        answers: { S13: { value: 'Changed text.' }, S1: { value: 'no' } },
      },
    }),
    async converged(platform, { id }) {
      const { answers } = await detailOf(platform, id);
      expect(answers.S13?.value).toBe('Changed text.');
      expect(answers.S1?.value).toBe('no');
    },
  },
  {
    // The save that converts a format-3 assessment: shards written, the old key removed.
    name: 'saveAnswers (stored in format 3)',
    async setup(platform) {
      const fixture = await draftWithAnswers(platform);
      await storeAsFormat3(platform, fixture.id);
      return fixture;
    },
    call: ({ id, revision }) => ({
      key: 'saveAnswers',
      payload: { id, expectedRevision: revision, answers: { S1: { value: 'no' } } },
    }),
    async converged(platform, { id }) {
      expect((await detailOf(platform, id)).answers.S1?.value).toBe('no');
      expect(platform.kvs.dump().entities.assessment?.[id]).toMatchObject({ schemaVersion: 4 });
    },
  },
  {
    name: 'saveAnswers (clear one)',
    setup: (platform) => draftWithAnswers(platform),
    call: ({ id, revision }) => ({
      key: 'saveAnswers',
      payload: { id, expectedRevision: revision, answers: { G1: null } },
    }),
    async converged(platform, { id }) {
      expect((await detailOf(platform, id)).answers.G1).toBeUndefined();
    },
  },
  {
    name: 'submitAssessment',
    setup: (platform) => draftWithAnswers(platform),
    call: ({ id, revision }) => ({
      key: 'submitAssessment',
      payload: { id, expectedRevision: revision },
    }),
    async converged(platform, { id }) {
      expect((await detailOf(platform, id)).assessment.status).toBe('submitted');
    },
  },
  {
    name: 'reviewAssessment (approve)',
    setup: submitted,
    call: ({ id, revision }) => ({
      key: 'reviewAssessment',
      payload: { id, expectedRevision: revision, decision: 'approve' },
      as: REVIEWER,
    }),
    async converged(platform, { id }) {
      const detail = await detailOf(platform, id);
      expect(detail.assessment.status).toBe('approved');
      expect(detail.review?.decision).toBe('approve');
    },
  },
  {
    name: 'reviewAssessment (request changes)',
    setup: submitted,
    call: ({ id, revision }) => ({
      key: 'reviewAssessment',
      payload: {
        id,
        expectedRevision: revision,
        decision: 'request-changes',
        comments: { S8: 'Which scopes?' },
      },
      as: REVIEWER,
    }),
    async converged(platform, { id }) {
      const detail = await detailOf(platform, id);
      expect(detail.assessment.status).toBe('changes-requested');
      expect(detail.review?.comments).toEqual({ S8: 'Which scopes?' });
    },
  },
  {
    name: 'reopenAssessment',
    setup: submitted,
    call: ({ id, revision }) => ({
      key: 'reopenAssessment',
      payload: { id, expectedRevision: revision },
    }),
    async converged(platform, { id }) {
      expect((await detailOf(platform, id)).assessment.status).toBe('draft');
    },
  },
  {
    name: 'attachManifest',
    setup: (platform) => draftWithAnswers(platform),
    call: ({ id, revision }) => ({
      key: 'attachManifest',
      payload: { id, expectedRevision: revision, manifest },
    }),
    async converged(platform, { id }) {
      expect((await detailOf(platform, id)).manifest).not.toBeNull();
    },
  },
  {
    name: 'attachManifest (detach)',
    setup: withManifest,
    call: ({ id, revision }) => ({
      key: 'attachManifest',
      payload: { id, expectedRevision: revision, manifest: null },
    }),
    async converged(platform, { id }) {
      expect((await detailOf(platform, id)).manifest).toBeNull();
    },
  },
  {
    name: 'upgradeAssessment (v1 to v2)',
    setup: onV1,
    call: ({ id, revision }) => ({
      key: 'upgradeAssessment',
      payload: { id, expectedRevision: revision, to: packRef(LATEST_PACK) },
    }),
    async converged(platform, { id }) {
      const detail = await detailOf(platform, id);
      expect(detail.assessment.ruleSetVersion).toBe(packRef(LATEST_PACK));
      expect(detail.answers.S8?.value).toBe('no');
    },
  },
  {
    name: 'deleteAssessment',
    setup: fullyOwned,
    call: ({ id, revision }) => ({
      key: 'deleteAssessment',
      payload: { id, expectedRevision: revision },
    }),
    async converged(platform, { id }) {
      expect(await invoke(platform, 'getAssessment', { id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      // The list is the next thing the UI calls; it finishes whatever purge is left.
      ok(await invoke(platform, 'listAssessments', { limit: 25 }));
      const header = platform.kvs.dump().entities.assessment?.[id];
      expect(header).toMatchObject({ status: 'deleted', partition: 'deleted' });
    },
  },
];

async function run(
  platform: LocalPlatform,
  scenario: Scenario,
  fixture: Fixture,
): Promise<ApiResult<unknown>> {
  const { key, payload, as } = scenario.call(fixture);
  return invoke(platform, key, payload, as ?? ADMIN);
}

/** How many platform requests the call makes when nothing fails. */
async function requestsOf(scenario: Scenario): Promise<number> {
  const platform = startPlatform();
  try {
    const fixture = await scenario.setup(platform);
    platform.faults.clear();
    ok(await run(platform, scenario, fixture));
    return platform.faults.requests;
  } finally {
    platform.close();
  }
}

const tally = { injected: 0, inconsistent: 0, internal: 0 };

describe.each(SCENARIOS)('fault sweep: $name', (scenario) => {
  let requests = 0;

  beforeAll(async () => {
    requests = await requestsOf(scenario);
  });

  it('makes platform requests to sweep', () => {
    expect(requests).toBeGreaterThan(1);
  });

  it.each(FAULT_KINDS.map((kind) => [kind]))(
    'stays consistent and converges when any request fails with %s',
    async (kind: FaultKind) => {
      for (let nth = 1; nth <= requests; nth += 1) {
        const platform = startPlatform();
        try {
          const fixture = await scenario.setup(platform);
          platform.faults.inject(nth, kind, { retryAfterSeconds: 3 });
          const first = await run(platform, scenario, fixture);
          expect(platform.faults.fired).toBe(true);
          tally.injected += 1;
          platform.faults.clear();

          const context = `${scenario.name}, request ${nth} of ${requests}, ${kind}`;
          if (!first.ok) {
            if (first.error.code === 'INTERNAL') tally.internal += 1;
            expect({ context, transient: TRANSIENT.has(first.error.code) }).toEqual({
              context,
              transient: true,
            });
            if (first.error.code === 'RATE_LIMITED') {
              expect(first.error.retryAfterMs).toBeGreaterThan(0);
            }
          }
          const problems = inconsistencies(platform.kvs.dump());
          if (problems.length > 0) tally.inconsistent += 1;
          expect({ context, problems }).toEqual({ context, problems: [] });

          // The UI repeats a transiently failed call with the same payload.
          if (!first.ok && TRANSIENT.has(first.error.code)) {
            const retry = await run(platform, scenario, fixture);
            expect({ context, retry: retry.ok ? 'ok' : retry.error }).toEqual({
              context,
              retry: 'ok',
            });
          }
          await scenario.converged(platform, fixture);
          expect({ context, problems: inconsistencies(platform.kvs.dump()) }).toEqual({
            context,
            problems: [],
          });
        } finally {
          platform.close();
        }
      }
    },
  );
});

afterAll(() => {
  // The figures the closing note quotes; printed, not asserted, so the sweep can grow.
  console.log(
    `fault sweep: ${tally.injected} faults injected, ${tally.inconsistent} inconsistent states, ${tally.internal} INTERNAL answers`,
  );
});
