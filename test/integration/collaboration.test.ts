import type { LocalPlatform } from '../../src/local/platform';
import { LATEST_PACK } from '../../src/domain/rules/packs';
import { passingAnswer } from '../support/answers';
import { inconsistencies } from '../support/consistency';
import { ADMIN, REVIEWER, invoke, ok, startPlatform } from '../support/platform';

const ruleSet = LATEST_PACK.ruleSet;

/** Two or more people on one assessment, through the real handler and the local platform. */

let platform: LocalPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

async function draft() {
  return ok(await invoke(platform, 'createAssessment', { appName: 'Shared App', hosting: 'forge' }))
    .assessment;
}

const text = (value: string) => ({ value });

describe('per-question merge', () => {
  it('lands two saves made against the same revision when they change different questions', async () => {
    const { id } = await draft();
    const alice = ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: 1,
        answers: { S13: text('Alice wrote this.') },
      }),
    );
    // Bob opened the page at revision 1 too.
    const bob = ok(
      await invoke(
        platform,
        'saveAnswers',
        { id, expectedRevision: 1, answers: { S1: text('yes') } },
        REVIEWER,
      ),
    );
    expect(bob.revision).toBe(alice.revision + 1);
    expect(bob.merged).toEqual(['S13']);
    expect(bob.answers?.S13?.value).toBe('Alice wrote this.');
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    expect(detail.answers.S13?.value).toBe('Alice wrote this.');
    expect(detail.answers.S1?.value).toBe('yes');
    // Alice's next edit, from her revision, lands as well: Bob touched another question.
    ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: alice.revision,
        answers: { S2: text('yes') },
      }),
    );
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
  });

  it('answers CONFLICT with their value, who and when, when both change the same question', async () => {
    const { id } = await draft();
    const alice = ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: 1,
        answers: { S13: text('Alice wrote this.') },
      }),
    );
    const before = JSON.stringify(platform.kvs.dump());
    const bob = await invoke(
      platform,
      'saveAnswers',
      { id, expectedRevision: 1, answers: { S13: text('Bob wrote this.'), S1: text('yes') } },
      REVIEWER,
    );
    expect(bob).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        currentRevision: alice.revision,
        conflicts: [
          {
            questionId: 'S13',
            theirs: { value: 'Alice wrote this.' },
            by: ADMIN,
            at: alice.assessment.updatedAt,
          },
        ],
      },
    });
    // Nothing of Bob's save is written, not even the uncontested S1: he decides first.
    expect(JSON.stringify(platform.kvs.dump())).toBe(before);
  });

  it('names who cleared an answer when the conflict is with a cleared answer', async () => {
    const { id } = await draft();
    const first = ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: 1,
        answers: { S13: text('Draft.') },
      }),
    );
    ok(
      await invoke(
        platform,
        'saveAnswers',
        { id, expectedRevision: first.revision, answers: { S13: null } },
        REVIEWER,
      ),
    );
    const late = await invoke(platform, 'saveAnswers', {
      id,
      expectedRevision: first.revision,
      answers: { S13: text('Mine.') },
    });
    expect(late).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', conflicts: [{ questionId: 'S13', theirs: null, by: REVIEWER }] },
    });
  });

  it('lands twenty concurrent editors on twenty different questions, losing nothing', async () => {
    const { id } = await draft();
    // Twenty scored questions, each with an answer that fits it.
    const questions = ruleSet.questions.filter((q) => q.severity !== 'gate').slice(0, 20);
    expect(questions).toHaveLength(20);
    const results = await Promise.all(
      questions.map((q, i) =>
        invoke(
          platform,
          'saveAnswers',
          { id, expectedRevision: 1, answers: { [q.id]: passingAnswer(q) } },
          i % 2 === 0 ? ADMIN : REVIEWER,
        ),
      ),
    );
    const conflicts = results.filter((r) => !r.ok);
    console.log(`twenty editors: ${conflicts.length} conflicts`);
    expect(conflicts).toEqual([]);
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    for (const q of questions) expect(detail.answers[q.id]).toEqual(passingAnswer(q));
    expect(detail.assessment.revision).toBe(21);
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
  });
});

describe('the audit keeps every value, so any overwrite can be undone', () => {
  it('records before and after, and restores the overwritten value', async () => {
    const { id } = await draft();
    const alice = ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: 1,
        answers: { S13: text('Alice wrote this.') },
      }),
    );
    const bob = ok(
      await invoke(
        platform,
        'saveAnswers',
        { id, expectedRevision: alice.revision, answers: { S13: text('Bob overwrote it.') } },
        REVIEWER,
      ),
    );
    const audit = ok(await invoke(platform, 'getAudit', { id }));
    expect(audit.items[0]).toMatchObject({
      action: 'save',
      actor: REVIEWER,
      revision: bob.revision,
      changes: [
        {
          questionId: 'S13',
          before: { value: 'Alice wrote this.' },
          after: { value: 'Bob overwrote it.' },
        },
      ],
    });
    const restored = ok(
      await invoke(platform, 'restoreAnswer', {
        id,
        expectedRevision: bob.revision,
        questionId: 'S13',
        auditRevision: bob.revision,
        which: 'before',
      }),
    );
    expect(restored.written).toEqual(['S13']);
    expect(ok(await invoke(platform, 'getAssessment', { id })).answers.S13?.value).toBe(
      'Alice wrote this.',
    );
    const trail = ok(await invoke(platform, 'getAudit', { id }));
    expect(trail.items[0]).toMatchObject({
      action: 'restore',
      changes: [{ questionId: 'S13', after: { value: 'Alice wrote this.' } }],
    });
  });

  it('answers NOT_FOUND for a change the audit does not hold', async () => {
    const { id } = await draft();
    const result = await invoke(platform, 'restoreAnswer', {
      id,
      expectedRevision: 1,
      questionId: 'S13',
      auditRevision: 1,
      which: 'before',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('review as a control', () => {
  async function submittedBy(accountId: string) {
    const { id } = await draft();
    const sent = ok(
      await invoke(platform, 'submitAssessment', { id, expectedRevision: 1 }, accountId),
    );
    return { id, revision: sent.assessment.revision };
  }

  it('refuses to let the submitter approve their own submission, and writes nothing', async () => {
    const { id, revision } = await submittedBy(ADMIN);
    const before = JSON.stringify(platform.kvs.dump());
    const result = await invoke(platform, 'reviewAssessment', {
      id,
      expectedRevision: revision,
      decision: 'approve',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    if (!result.ok) expect(result.error.message).toMatch(/another administrator/);
    expect(JSON.stringify(platform.kvs.dump())).toBe(before);
    ok(
      await invoke(
        platform,
        'reviewAssessment',
        { id, expectedRevision: revision, decision: 'approve' },
        REVIEWER,
      ),
    );
  });

  it('lets a single-admin site allow self-review, audits the setting and says so in the audit', async () => {
    const settings = ok(await invoke(platform, 'getSettings', {}));
    expect(settings).toMatchObject({ allowSelfReview: false, revision: 0 });
    const updated = ok(
      await invoke(platform, 'updateSettings', { expectedRevision: 0, allowSelfReview: true }),
    );
    expect(updated).toMatchObject({ allowSelfReview: true, revision: 1, updatedBy: ADMIN });
    const settingsAudit = ok(await invoke(platform, 'getAudit', { id: 'site-settings' }));
    expect(settingsAudit.items[0]).toMatchObject({ action: 'settings', actor: ADMIN });
    // A second tab with the old revision cannot flip it back unseen.
    expect(
      await invoke(platform, 'updateSettings', { expectedRevision: 0, allowSelfReview: false }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });

    const { id, revision } = await submittedBy(ADMIN);
    const approved = ok(
      await invoke(platform, 'reviewAssessment', {
        id,
        expectedRevision: revision,
        decision: 'approve',
      }),
    );
    expect(approved.review).toMatchObject({ selfReview: true, decision: 'approve' });
    const audit = ok(await invoke(platform, 'getAudit', { id }));
    expect(audit.items[0]?.summary).toMatch(/Self-review: allowed by the site setting/);
  });

  it('keeps every round in order, records what was approved, and shows an approval going stale', async () => {
    const { id, revision } = await submittedBy(ADMIN);
    const asked = ok(
      await invoke(
        platform,
        'reviewAssessment',
        {
          id,
          expectedRevision: revision,
          decision: 'request-changes',
          comments: { S1: 'Link the policy.' },
        },
        REVIEWER,
      ),
    );
    // The partner answers the comment beside the question.
    const replied = ok(
      await invoke(platform, 'replyToReview', {
        id,
        expectedRevision: asked.assessment.revision,
        questionId: 'S1',
        text: 'Linked in the evidence field.',
      }),
    );
    expect(replied.review?.replies.S1).toMatchObject({
      text: 'Linked in the evidence field.',
      by: ADMIN,
    });
    const resent = ok(
      await invoke(platform, 'submitAssessment', {
        id,
        expectedRevision: replied.assessment.revision,
      }),
    );
    const approved = ok(
      await invoke(
        platform,
        'reviewAssessment',
        { id, expectedRevision: resent.assessment.revision, decision: 'approve' },
        REVIEWER,
      ),
    );
    expect(approved.reviews.map((r) => [r.round, r.decision])).toEqual([
      [1, 'request-changes'],
      [2, 'approve'],
    ]);
    expect(approved.reviews[0]?.replies.S1?.text).toBe('Linked in the evidence field.');
    expect(approved.approval).toMatchObject({
      round: 2,
      revision: approved.assessment.revision,
      score: approved.report.overall.score,
      ruleSetVersion: approved.assessment.ruleSetVersion,
      reviewer: REVIEWER,
      stale: false,
    });
    const reopened = ok(
      await invoke(platform, 'reopenAssessment', {
        id,
        expectedRevision: approved.assessment.revision,
      }),
    );
    expect(reopened.approval).toMatchObject({ round: 2, stale: true });
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
  });

  it('refuses a reply to a question the latest review did not comment on', async () => {
    const { id, revision } = await submittedBy(ADMIN);
    const asked = ok(
      await invoke(
        platform,
        'reviewAssessment',
        { id, expectedRevision: revision, decision: 'request-changes', comments: { S1: 'Why?' } },
        REVIEWER,
      ),
    );
    expect(
      await invoke(platform, 'replyToReview', {
        id,
        expectedRevision: asked.assessment.revision,
        questionId: 'S2',
        text: 'Hm.',
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
