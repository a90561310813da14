import { readAppEntities } from '../../src/local/app-manifest';
import { createLocalPlatform, type LocalPlatform } from '../../src/local/platform';
import { reportPersonalData } from '../../src/index';
import { ERASED_ACCOUNT, collectAccountReferences } from '../../src/storage/account-references';
import { inconsistencies } from '../support/consistency';
import { storeAsFormat3 } from '../support/format3';
import { ADMIN, LOCAL_USERS, REVIEWER, invoke, ok } from '../support/platform';

/**
 * The app's own rule C6: Forge's personal data reporting for every account id it stores,
 * run by the weekly scheduled trigger through the local platform's reporting API.
 */

const CLOSED = 'admin-dave';
let platform: LocalPlatform;

beforeEach(() => {
  platform = createLocalPlatform({
    entities: readAppEntities(),
    users: [
      ...LOCAL_USERS,
      { accountId: CLOSED, displayName: 'Dave Departed', admin: true, closed: true },
    ],
  });
});
afterEach(() => platform.close());

async function assessmentTouchedByEveryone() {
  const { assessment } = ok(
    await invoke(platform, 'createAssessment', { appName: 'Shared', hosting: 'forge' }, CLOSED),
  );
  const saved = ok(
    await invoke(
      platform,
      'saveAnswers',
      { id: assessment.id, expectedRevision: 1, answers: { S13: { value: 'Dave wrote this.' } } },
      CLOSED,
    ),
  );
  const more = ok(
    await invoke(
      platform,
      'saveAnswers',
      { id: assessment.id, expectedRevision: saved.revision, answers: { S1: { value: 'yes' } } },
      ADMIN,
    ),
  );
  const sent = ok(
    await invoke(
      platform,
      'submitAssessment',
      { id: assessment.id, expectedRevision: more.revision },
      ADMIN,
    ),
  );
  const asked = ok(
    await invoke(
      platform,
      'reviewAssessment',
      {
        id: assessment.id,
        expectedRevision: sent.assessment.revision,
        decision: 'request-changes',
        comments: { S13: 'Who wrote this?' },
      },
      CLOSED,
    ),
  );
  ok(
    await invoke(
      platform,
      'replyToReview',
      {
        id: assessment.id,
        expectedRevision: asked.assessment.revision,
        questionId: 'S13',
        text: 'Dave did.',
      },
      REVIEWER,
    ),
  );
  ok(
    await invoke(
      platform,
      'updateSettings',
      { expectedRevision: 0, allowSelfReview: true },
      CLOSED,
    ),
  );
  return assessment.id;
}

describe('personal data reporting', () => {
  it('erases a closed account from every stored record, the audit trail included', async () => {
    const id = await assessmentTouchedByEveryone();
    const deleted = ok(
      await invoke(platform, 'createAssessment', { appName: 'Gone', hosting: 'forge' }, CLOSED),
    );
    ok(
      await invoke(
        platform,
        'deleteAssessment',
        { id: deleted.assessment.id, expectedRevision: 1 },
        CLOSED,
      ),
    );
    expect(JSON.stringify(platform.kvs.dump())).toContain(CLOSED);

    expect(await reportPersonalData()).toEqual({ statusCode: 204 });

    const stored = JSON.stringify(platform.kvs.dump());
    expect(stored).not.toContain(CLOSED);
    expect(stored).toContain(ERASED_ACCOUNT);
    // Everyone else, and the partner's own text, stay as they were.
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    expect(detail.answers.S13?.value).toBe('Dave wrote this.');
    expect(detail.assessment.updatedBy).toBe(REVIEWER);
    expect(detail.review?.reviewer).toBe(ERASED_ACCOUNT);
    expect(detail.review?.replies.S13?.by).toBe(REVIEWER);
    const audit = ok(await invoke(platform, 'getAudit', { id, limit: 100 }));
    expect(audit.items.map((a) => a.actor)).toEqual(
      expect.arrayContaining([ADMIN, REVIEWER, ERASED_ACCOUNT]),
    );
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
  });

  it('erases from an assessment still stored in format 3, converting it on the way', async () => {
    const id = await assessmentTouchedByEveryone();
    const before = ok(await invoke(platform, 'getAssessment', { id }));
    await storeAsFormat3(platform, id);
    expect(await reportPersonalData()).toEqual({ statusCode: 204 });
    const dump = platform.kvs.dump();
    expect(JSON.stringify(dump)).not.toContain(CLOSED);
    expect(dump.entities.assessment?.[id]).toMatchObject({ schemaVersion: 4 });
    expect(dump.kvs[`digest:${id}`]).toBeUndefined();
    const after = ok(await invoke(platform, 'getAssessment', { id }));
    expect(after.report).toEqual(before.report);
    expect(after.answers).toEqual(before.answers);
    expect(inconsistencies(dump)).toEqual([]);
  });

  it('changes nothing when no stored account was closed', async () => {
    ok(
      await invoke(
        platform,
        'createAssessment',
        { appName: 'Only Alice', hosting: 'forge' },
        ADMIN,
      ),
    );
    const before = JSON.stringify(platform.kvs.dump());
    expect(await reportPersonalData()).toEqual({ statusCode: 204 });
    expect(JSON.stringify(platform.kvs.dump())).toBe(before);
  });

  it('answers 500, and erases nothing, when the reporting API fails', async () => {
    await assessmentTouchedByEveryone();
    const before = JSON.stringify(platform.kvs.dump());
    // The scan's own storage requests come first; the request after them is the report.
    platform.faults.resetRequests();
    await platform.runAsUser(ADMIN, () => collectAccountReferences());
    const scanRequests = platform.faults.requests;
    platform.faults.inject(scanRequests + 1, 'server-error');
    expect(await reportPersonalData()).toEqual({ statusCode: 500 });
    expect(platform.faults.fired).toBe(true);
    expect(JSON.stringify(platform.kvs.dump())).toBe(before);
  });
});
