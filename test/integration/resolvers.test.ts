import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalPlatform } from '../../src/local/platform';
import { LATEST_PACK } from '../../src/domain/rules/packs';
import { handler } from '../../src/index';
import { API_LIMITS, resolverSchemas, type ResolverKey } from '../../src/shared/api';
import { STORES_OUTSIDE_GATES, allPassing } from '../support/answers';
import { ADMIN, REVIEWER, VIEWER, invoke, ok, startPlatform } from '../support/platform';

const ruleSet = LATEST_PACK.ruleSet;

const manifestFixture = (name: string) =>
  readFileSync(join(__dirname, '..', 'fixtures', 'manifests', name), 'utf8');

let platform: LocalPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

async function createApp(appName = 'Acme Timesheets') {
  return ok(await invoke(platform, 'createAssessment', { appName, appKey: 'acme-timesheets' }));
}

/** Everything stored, as the emulator sees it: proves that failures write nothing. */
function storedState(): string {
  return JSON.stringify(platform.kvs.dump());
}

describe('resolvers: happy paths', () => {
  it('creates, lists, opens and saves an assessment with a fresh report', async () => {
    const created = await createApp();
    expect(created.assessment).toMatchObject({
      status: 'draft',
      revision: 1,
      appName: 'Acme Timesheets',
    });
    expect(created.report.overall.score).toBe(0);

    const saved = ok(
      await invoke(platform, 'saveAnswers', {
        id: created.assessment.id,
        expectedRevision: 1,
        answers: {
          S1: { value: 'yes', note: 'Every web trigger checks the Forge context.' },
          P1: { value: 'yes' },
          S6: {
            value: 'yes',
            evidence: { url: 'https://acme.example/security', expires: '2030-01-01' },
          },
        },
      }),
    );
    expect(saved.revision).toBe(2);
    expect(saved.written.sort()).toEqual(['P1', 'S1', 'S6']);
    expect(saved.report.overall.score).toBeGreaterThan(0);

    const opened = ok(await invoke(platform, 'getAssessment', { id: created.assessment.id }));
    expect(opened.answers.S1).toEqual({
      value: 'yes',
      note: 'Every web trigger checks the Forge context.',
    });
    expect(opened.report).toEqual(saved.report);

    const list = ok(await invoke(platform, 'listAssessments', { limit: 10 }));
    expect(list.items.map((a) => [a.id, a.revision, a.score])).toEqual([
      [created.assessment.id, 2, saved.report.overall.score],
    ]);
  });

  it('writes nothing and keeps the revision when a save changes nothing', async () => {
    const { assessment } = await createApp();
    ok(
      await invoke(platform, 'saveAnswers', {
        id: assessment.id,
        expectedRevision: 1,
        answers: { S1: { value: 'yes' } },
      }),
    );
    const before = storedState();
    const again = ok(
      await invoke(platform, 'saveAnswers', {
        id: assessment.id,
        expectedRevision: 2,
        answers: { S1: { value: 'yes' } },
      }),
    );
    expect(again).toMatchObject({ revision: 2, written: [] });
    expect(storedState()).toBe(before);
  });

  it('clears an answer with null', async () => {
    const { assessment } = await createApp();
    ok(
      await invoke(platform, 'saveAnswers', {
        id: assessment.id,
        expectedRevision: 1,
        answers: { S1: { value: 'yes' } },
      }),
    );
    ok(
      await invoke(platform, 'saveAnswers', {
        id: assessment.id,
        expectedRevision: 2,
        answers: { S1: null },
      }),
    );
    const opened = ok(await invoke(platform, 'getAssessment', { id: assessment.id }));
    expect(opened.answers.S1).toBeUndefined();
  });

  it('lists by status, newest first, with a cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await createApp(`App ${i}`)).assessment.id);
    ok(await invoke(platform, 'submitAssessment', { id: ids[1]!, expectedRevision: 1 }));

    const first = ok(await invoke(platform, 'listAssessments', { limit: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.cursor).not.toBeNull();
    const second = ok(
      await invoke(platform, 'listAssessments', { limit: 10, cursor: first.cursor! }),
    );
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((a) => a.id))).toEqual(new Set(ids));
    const times = all.map((a) => a.updatedAt);
    expect(times).toEqual([...times].sort().reverse());

    const submitted = ok(await invoke(platform, 'listAssessments', { status: 'submitted' }));
    expect(submitted.items.map((a) => a.id)).toEqual([ids[1]]);
    const searched = ok(await invoke(platform, 'listAssessments', { search: 'APP 3' }));
    expect(searched.items.map((a) => a.appName)).toEqual(['App 3']);
  });

  it('runs the review workflow with comments, history and audit', async () => {
    const { assessment } = await createApp();
    ok(
      await invoke(platform, 'saveAnswers', {
        id: assessment.id,
        expectedRevision: 1,
        answers: { S1: { value: 'yes' } },
      }),
    );
    const submitted = ok(
      await invoke(platform, 'submitAssessment', { id: assessment.id, expectedRevision: 2 }),
    );
    expect(submitted.assessment.status).toBe('submitted');

    const locked = await invoke(platform, 'saveAnswers', {
      id: assessment.id,
      expectedRevision: 3,
      answers: { S2: { value: 'yes' } },
    });
    expect(locked).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const changes = ok(
      await invoke(
        platform,
        'reviewAssessment',
        {
          id: assessment.id,
          expectedRevision: 3,
          decision: 'request-changes',
          comments: { S1: 'Link the evidence.' },
        },
        REVIEWER,
      ),
    );
    expect(changes.assessment.status).toBe('changes-requested');
    expect(changes.review).toMatchObject({
      decision: 'request-changes',
      reviewer: REVIEWER,
      comments: { S1: 'Link the evidence.' },
    });

    ok(await invoke(platform, 'submitAssessment', { id: assessment.id, expectedRevision: 4 }));
    const approved = ok(
      await invoke(
        platform,
        'reviewAssessment',
        { id: assessment.id, expectedRevision: 5, decision: 'approve' },
        REVIEWER,
      ),
    );
    expect(approved.assessment.status).toBe('approved');
    const reopened = ok(
      await invoke(platform, 'reopenAssessment', { id: assessment.id, expectedRevision: 6 }),
    );
    expect(reopened.assessment.status).toBe('draft');

    const audit = ok(await invoke(platform, 'getAudit', { id: assessment.id }));
    expect(audit.items.map((a) => a.action)).toEqual([
      'reopen',
      'approve',
      'submit',
      'request-changes',
      'submit',
      'save',
      'create',
    ]);
    expect(audit.items.find((a) => a.action === 'approve')?.actor).toBe(REVIEWER);

    const history = ok(await invoke(platform, 'getHistory', { id: assessment.id }));
    expect(history.items.length).toBeGreaterThanOrEqual(3);
    expect(history.items[history.items.length - 1]).toMatchObject({ revision: 1, score: 0 });
  });

  it.each([
    ['json', 'application/json', '"ruleSet"'],
    ['csv', 'text/csv', 'S1'],
    ['markdown', 'text/markdown', '# '],
    ['ps-tab', 'text/markdown', '# Privacy & Security tab draft: Acme Timesheets'],
  ] as const)('exports %s', async (format, mimeType, marker) => {
    const { assessment } = await createApp();
    const exported = ok(await invoke(platform, 'exportAssessment', { id: assessment.id, format }));
    expect(exported.mimeType).toBe(mimeType);
    expect(exported.filename).toMatch(/^Acme-Timesheets-[a-z-]+\.(json|csv|md)$/);
    expect(exported.content).toContain(marker);
  });

  it('analyzes a pasted manifest against the stored answers', async () => {
    const { assessment } = await createApp();
    ok(
      await invoke(platform, 'saveAnswers', {
        id: assessment.id,
        expectedRevision: 1,
        answers: { P1: { value: 'no' } },
      }),
    );
    const analysis = ok(
      await invoke(platform, 'analyzeManifest', {
        id: assessment.id,
        manifest: manifestFixture('remote-and-egress.yml'),
      }),
    );
    expect(analysis.facts.remotes.length).toBeGreaterThan(0);
    expect(analysis.runsOnAtlassian.eligible).toBe(false);
    expect(analysis.suggestions.map((s) => s.questionId)).toContain('G1');
    expect(analysis.contradictions.map((c) => c.questionId)).toContain('P1');
  });

  it('attaches a manifest so its facts join every report, and detaches it', async () => {
    const { assessment } = await createApp();
    ok(
      await invoke(platform, 'saveAnswers', {
        id: assessment.id,
        expectedRevision: 1,
        answers: { P1: { value: 'no' }, S12: { value: 'yes' } },
      }),
    );
    const before = ok(await invoke(platform, 'getAssessment', { id: assessment.id }));
    expect(before.report.manifestSupplied).toBe(false);
    expect(before.report.questions.find((q) => q.id === 'T3')?.outcome).toBe('not-applicable');

    const attached = ok(
      await invoke(platform, 'attachManifest', {
        id: assessment.id,
        expectedRevision: 2,
        manifest: manifestFixture('remote-and-egress.yml'),
      }),
    );
    expect(attached.assessment.manifestAttachedAt).not.toBeNull();
    expect(attached.manifest?.remotes.length).toBeGreaterThan(0);
    expect(attached.report.manifestSupplied).toBe(true);
    expect(attached.report.questions.find((q) => q.id === 'S12')).toMatchObject({
      outcome: 'fail',
      settledBy: 'egress-wildcards',
    });
    expect(attached.report.contradictions.map((c) => c.questionId)).toEqual(
      expect.arrayContaining(['P1', 'S12']),
    );

    const reopened = ok(await invoke(platform, 'getAssessment', { id: assessment.id }));
    expect(reopened.report).toEqual(attached.report);

    const detached = ok(
      await invoke(platform, 'attachManifest', {
        id: assessment.id,
        expectedRevision: 3,
        manifest: null,
      }),
    );
    expect(detached.assessment.manifestAttachedAt).toBeNull();
    expect(detached.report.manifestSupplied).toBe(false);
    expect(Object.keys(platform.kvs.dump().kvs).filter((k) => k.startsWith('manifest:'))).toEqual(
      [],
    );
    const audit = ok(await invoke(platform, 'getAudit', { id: assessment.id }));
    expect(audit.items.slice(0, 2).map((a) => a.action)).toEqual([
      'detach-manifest',
      'attach-manifest',
    ]);
  });

  it('returns the rule set and the caller', async () => {
    const info = ok(await invoke(platform, 'getRuleSet', {}));
    expect(info.ruleSet.id).toBe('trust-readiness');
    expect(info.levels).toEqual(['not-ready', 'needs-work', 'ready', 'exemplary']);
    expect(ok(await invoke(platform, 'whoAmI', {}))).toEqual({ accountId: ADMIN, isAdmin: true });
  });

  /** Every stored key that mentions the assessment, by space: "kvs" or an entity name. */
  function keysOf(id: string): Record<string, string[]> {
    const dump = platform.kvs.dump();
    const spaces: Record<string, Record<string, unknown>> = { kvs: dump.kvs, ...dump.entities };
    const owned: Record<string, string[]> = {};
    for (const [space, values] of Object.entries(spaces)) {
      const keys = Object.keys(values).filter((k) => k.includes(id));
      if (keys.length > 0) owned[space] = keys;
    }
    return owned;
  }

  /** A fully answered, reviewed assessment with a manifest: every kind of key it can own. */
  async function fullyOwnedAssessment(): Promise<{ id: string; revision: number }> {
    const { assessment } = await createApp();
    const answers = Object.entries(allPassing(ruleSet, STORES_OUTSIDE_GATES));
    let revision = 1;
    for (let i = 0; i < answers.length; i += API_LIMITS.answersPerSave) {
      const patch = Object.fromEntries(answers.slice(i, i + API_LIMITS.answersPerSave));
      revision = ok(
        await invoke(platform, 'saveAnswers', {
          id: assessment.id,
          expectedRevision: revision,
          answers: patch,
        }),
      ).revision;
    }
    const manifest = manifestFixture('runs-on-atlassian.yml');
    revision = ok(
      await invoke(platform, 'attachManifest', {
        id: assessment.id,
        expectedRevision: revision,
        manifest,
      }),
    ).assessment.revision;
    revision = ok(
      await invoke(platform, 'submitAssessment', { id: assessment.id, expectedRevision: revision }),
    ).assessment.revision;
    const comments = { S1: 'Fine.' };
    revision = ok(
      await invoke(
        platform,
        'reviewAssessment',
        { id: assessment.id, expectedRevision: revision, decision: 'request-changes', comments },
        REVIEWER,
      ),
    ).assessment.revision;
    return { id: assessment.id, revision };
  }

  it('deletes everything an assessment owns except its audit trail', async () => {
    const { id, revision } = await fullyOwnedAssessment();
    expect(Object.keys(keysOf(id)).sort()).toEqual(['assessment', 'audit', 'kvs', 'snapshot']);
    expect(keysOf(id).kvs).toEqual(expect.arrayContaining([`manifest:${id}`, `review:${id}:1`]));

    expect(
      ok(await invoke(platform, 'deleteAssessment', { id, expectedRevision: revision })),
    ).toEqual({ id, deleted: true, purgePending: false });
    expect(await invoke(platform, 'getAssessment', { id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // What stays: the audit trail and a tombstone that keeps the id taken.
    expect(Object.keys(keysOf(id)).sort()).toEqual(['assessment', 'audit']);
    expect(platform.kvs.dump().entities.assessment?.[id]).toMatchObject({
      status: 'deleted',
      partition: 'deleted',
      revision: revision + 1,
    });
    const audit = ok(await invoke(platform, 'getAudit', { id }));
    expect(audit.items[0]).toMatchObject({ action: 'delete', revision: revision + 1 });
    // Deleting again is a no-op that says so, whatever revision the second tab had.
    expect(
      ok(await invoke(platform, 'deleteAssessment', { id, expectedRevision: revision })),
    ).toEqual({ id, deleted: true, purgePending: false });
    expect(Object.keys(keysOf(id)).sort()).toEqual(['assessment', 'audit']);
  });

  it('refuses to delete at a stale revision and keeps everything', async () => {
    const { id, revision } = await fullyOwnedAssessment();
    const before = storedState();
    const result = await invoke(platform, 'deleteAssessment', {
      id,
      expectedRevision: revision - 1,
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', currentRevision: revision },
    });
    expect(storedState()).toBe(before);
  });
});

describe('resolvers: failures change nothing', () => {
  it('rejects a stale revision with CONFLICT and leaves stored data unchanged', async () => {
    const { assessment } = await createApp();
    ok(
      await invoke(platform, 'saveAnswers', {
        id: assessment.id,
        expectedRevision: 1,
        answers: { S1: { value: 'yes' } },
      }),
    );
    const before = storedState();
    const stale = await invoke(platform, 'saveAnswers', {
      id: assessment.id,
      expectedRevision: 1,
      answers: { S1: { value: 'no' } },
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT', currentRevision: 2 } });
    expect(storedState()).toBe(before);
  });

  it('lets exactly one of two concurrent saves win', async () => {
    const { assessment } = await createApp();
    const results = await Promise.all(
      ['yes', 'no'].map((value) =>
        invoke(platform, 'saveAnswers', {
          id: assessment.id,
          expectedRevision: 1,
          answers: { S1: { value } },
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'CONFLICT')).toHaveLength(1);
    const opened = ok(await invoke(platform, 'getAssessment', { id: assessment.id }));
    expect(opened.assessment.revision).toBe(2);
  });

  it.each([
    ['unknown question', { S99: { value: 'yes' } }, ['answers', 'S99']],
    ['wrong option', { S1: { value: 'maybe' } }, ['answers', 'S1', 'value']],
    ['wrong type', { R1: { value: 'high' } }, ['answers', 'R1', 'value']],
    [
      'plain-http evidence',
      { S1: { value: 'yes', evidence: { url: 'http://x.example' } } },
      ['answers', 'S1', 'evidence', 'url'],
    ],
    [
      'N/A without justification',
      { S15: { notApplicable: true } },
      ['answers', 'S15', 'justification'],
    ],
    [
      'N/A where not allowed',
      { S1: { notApplicable: true, justification: 'nope' } },
      ['answers', 'S1', 'notApplicable'],
    ],
  ])('rejects %s with VALIDATION and writes nothing', async (_name, answers, path) => {
    const { assessment } = await createApp();
    const before = storedState();
    const result = await invoke(platform, 'saveAnswers', {
      id: assessment.id,
      expectedRevision: 1,
      answers,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!result.ok) expect(result.error.issues?.map((i) => i.path)).toContainEqual(path);
    expect(storedState()).toBe(before);
  });

  it.each([
    ['a note over the limit', { S1: { value: 'yes', note: 'x'.repeat(2001) } }],
    [
      'too many answers at once',
      Object.fromEntries(
        Array.from({ length: API_LIMITS.answersPerSave + 1 }, (_, i) => [
          `S${i + 1}`,
          { value: 'yes' },
        ]),
      ),
    ],
  ])('rejects %s with LIMIT and writes nothing', async (_name, answers) => {
    const { assessment } = await createApp();
    const before = storedState();
    const result = await invoke(platform, 'saveAnswers', {
      id: assessment.id,
      expectedRevision: 1,
      answers,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'LIMIT' } });
    expect(storedState()).toBe(before);
  });

  it('rejects a review larger than Forge can store with LIMIT and writes nothing', async () => {
    const { assessment } = await createApp();
    ok(await invoke(platform, 'submitAssessment', { id: assessment.id, expectedRevision: 1 }));
    // Within every character limit, but three bytes a character: over 240 KiB in total.
    const comments = Object.fromEntries(
      ruleSet.questions
        .slice(0, API_LIMITS.commentsPerReview)
        .map((q) => [q.id, '漢'.repeat(2000)]),
    );
    const before = storedState();
    const result = await invoke(
      platform,
      'reviewAssessment',
      { id: assessment.id, expectedRevision: 2, decision: 'request-changes', comments },
      REVIEWER,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'LIMIT' } });
    expect(storedState()).toBe(before);
  });

  it('answers VALIDATION, not LIMIT, for an out-of-range page size', async () => {
    const result = await invoke(platform, 'listAssessments', { limit: 500 });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it.each<[ResolverKey, Record<string, unknown>]>([
    ['getAssessment', { id: 'does-not-exist-0000' }],
    ['saveAnswers', { id: 'does-not-exist-0000', expectedRevision: 1, answers: {} }],
    ['submitAssessment', { id: 'does-not-exist-0000', expectedRevision: 1 }],
    ['getHistory', { id: 'does-not-exist-0000' }],
    ['exportAssessment', { id: 'does-not-exist-0000', format: 'csv' }],
  ])('%s answers NOT_FOUND for an unknown id', async (key, payload) => {
    expect(await invoke(platform, key, payload)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('rejects a payload with unknown fields', async () => {
    const result = await invoke(platform, 'createAssessment', { appName: 'X', owner: 'me' });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('rejects an unreadable manifest with VALIDATION, naming the manifest, and writes nothing', async () => {
    const { assessment } = await createApp();
    const before = storedState();
    const manifest = manifestFixture('invalid.yml');
    for (const result of [
      await invoke(platform, 'analyzeManifest', { id: assessment.id, manifest }),
      await invoke(platform, 'attachManifest', {
        id: assessment.id,
        expectedRevision: 1,
        manifest,
      }),
    ]) {
      expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!result.ok) expect(result.error.issues?.[0]?.path).toEqual(['manifest']);
    }
    expect(storedState()).toBe(before);
  });

  it('rejects request-changes without saying what to change', async () => {
    const { assessment } = await createApp();
    ok(await invoke(platform, 'submitAssessment', { id: assessment.id, expectedRevision: 1 }));
    const result = await invoke(platform, 'reviewAssessment', {
      id: assessment.id,
      expectedRevision: 2,
      decision: 'request-changes',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});

describe('resolvers: authorization', () => {
  const everyResolver: [ResolverKey, Record<string, unknown>][] = [
    ['listAssessments', {}],
    ['createAssessment', { appName: 'Sneaky' }],
    ['getAssessment', { id: 'placeholder-id-0000' }],
    [
      'saveAnswers',
      { id: 'placeholder-id-0000', expectedRevision: 1, answers: { S1: { value: 'yes' } } },
    ],
    ['submitAssessment', { id: 'placeholder-id-0000', expectedRevision: 1 }],
    ['reviewAssessment', { id: 'placeholder-id-0000', expectedRevision: 1, decision: 'approve' }],
    ['reopenAssessment', { id: 'placeholder-id-0000', expectedRevision: 1 }],
    ['getHistory', { id: 'placeholder-id-0000' }],
    ['getAudit', { id: 'placeholder-id-0000' }],
    ['exportAssessment', { id: 'placeholder-id-0000', format: 'json' }],
    ['analyzeManifest', { manifest: 'modules: {}' }],
    ['attachManifest', { id: 'placeholder-id-0000', expectedRevision: 1, manifest: null }],
    ['getRuleSet', {}],
    ['deleteAssessment', { id: 'placeholder-id-0000', expectedRevision: 1 }],
    ['whoAmI', {}],
    ['getStartup', {}],
    [
      'replyToReview',
      { id: 'placeholder-id-0000', expectedRevision: 1, questionId: 'S1', text: 'Done.' },
    ],
    [
      'restoreAnswer',
      {
        id: 'placeholder-id-0000',
        expectedRevision: 1,
        questionId: 'S1',
        auditRevision: 1,
        which: 'before',
      },
    ],
    ['getSettings', {}],
    [
      'upgradeAssessment',
      { id: 'placeholder-id-0000', expectedRevision: 1, to: 'trust-readiness@2.0.0' },
    ],
    ['updateSettings', { expectedRevision: 0, allowSelfReview: true }],
    [
      'previewImport',
      { id: 'placeholder-id-0000', source: { kind: 'assessment', fromId: 'placeholder-id-0001' } },
    ],
    [
      'importAnswers',
      {
        id: 'placeholder-id-0000',
        expectedRevision: 1,
        answers: { S1: { value: 'yes' } },
        source: 'copy',
      },
    ],
  ];

  it('covers every resolver', () => {
    expect(everyResolver.map(([k]) => k).sort()).toEqual(Object.keys(resolverSchemas).sort());
  });

  it.each(everyResolver)(
    '%s answers FORBIDDEN to a non-admin without touching storage',
    async (key, payload) => {
      const { assessment } = await createApp();
      const realPayload = JSON.parse(
        JSON.stringify(payload).replace('placeholder-id-0000', assessment.id),
      ) as Record<string, unknown>;
      const before = storedState();
      platform.kvs.resetCounters();
      const result = await invoke(platform, key, realPayload, VIEWER);
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(platform.kvs.counters.requests).toBe(0);
      expect(storedState()).toBe(before);
    },
  );

  it('answers FORBIDDEN when the platform names no user', async () => {
    const result = await platform.runAsUser(ADMIN, () =>
      handler({ call: { functionKey: 'listAssessments', payload: {} }, context: {} }, {}),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
