import { trustReadinessV1 } from '../../src/domain/rules/packs/trust-readiness-v1';
import { packRef, LATEST_PACK } from '../../src/domain/rules/packs';
import type { LocalPlatform } from '../../src/local/platform';
import { parseAnswersFile } from '../../src/domain/answers-file';
import { AssessmentService } from '../../src/services/assessments';
import { inconsistencies } from '../support/consistency';
import { ADMIN, invoke, ok, startPlatform } from '../support/platform';

/**
 * A stored v1 assessment keeps scoring on v1 until someone upgrades it; the upgrade carries,
 * maps and keeps every answer, in one audited, revision-checked write.
 */

const V1 = packRef(trustReadinessV1);
const V2 = packRef(LATEST_PACK);

let platform: LocalPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

/** An assessment as the first release stored it: created and answered on v1. */
async function v1Assessment(): Promise<{ id: string; revision: number }> {
  const v1 = new AssessmentService({
    pack: trustReadinessV1,
    now: () => Date.now(),
    newId: () => 'assessment-on-v1-0001',
  });
  const actor = { accountId: ADMIN };
  return platform.runAsUser(ADMIN, async () => {
    const created = await v1.create({ appName: 'Old App', hosting: 'forge' }, actor);
    const saved = await v1.save(
      {
        id: created.assessment.id,
        expectedRevision: 1,
        answers: {
          S1: { value: 'yes' },
          // v1 "yes, the app avoids personal access tokens" is v2's requiresUsersToProvidePATs: no.
          S8: { value: 'yes', note: 'No tokens at all.' },
          P7: { value: 'yes', note: 'Listed on our site.' },
        },
        source: 'questionnaire',
      },
      actor,
    );
    return { id: created.assessment.id, revision: saved.revision };
  });
}

describe('upgrading an assessment to rule set v2', () => {
  it('opens a v1 assessment on v1 and offers the upgrade', async () => {
    const { id } = await v1Assessment();
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    expect(detail.assessment.ruleSetVersion).toBe(V1);
    expect(detail.report.ruleSet.version).toBe('1.0.0');
    const info = ok(await invoke(platform, 'getRuleSet', { version: V1 }));
    expect(info).toMatchObject({ current: V2, upgrades: [V2] });
    expect(info.ruleSet.version).toBe('1.0.0');
    // New assessments start on the current rule set.
    const fresh = ok(await invoke(platform, 'createAssessment', { appName: 'New App' }));
    expect(fresh.assessment.ruleSetVersion).toBe(V2);
  });

  it('carries, maps and keeps every answer, and audits the scores before and after', async () => {
    const { id, revision } = await v1Assessment();
    const result = ok(
      await invoke(platform, 'upgradeAssessment', { id, expectedRevision: revision, to: V2 }),
    );
    expect(result).toMatchObject({ from: V1, to: V2 });
    expect(result.carried).toContain('S1');
    expect(result.mapped).toContain('S8');
    expect(result.retired).toContain('P7');
    expect(result.unanswered.length).toBeGreaterThan(0);
    expect(result.detail.assessment).toMatchObject({ ruleSetVersion: V2, revision: revision + 1 });
    expect(result.detail.answers.S8).toEqual({ value: 'no', note: 'No tokens at all.' });
    // Nothing dropped: the retired answer stays stored and readable.
    expect(result.detail.answers.P7).toEqual({ value: 'yes', note: 'Listed on our site.' });
    expect(result.detail.retiredAnswers).toContain('P7');
    expect(result.detail.report.overall.score).toBe(result.scoreAfter);

    const audit = ok(await invoke(platform, 'getAudit', { id }));
    expect(audit.items[0]).toMatchObject({ action: 'upgrade', revision: revision + 1 });
    expect(audit.items[0]?.summary).toContain(`score ${result.scoreBefore} → ${result.scoreAfter}`);
    expect(audit.items[0]?.changes).toEqual(
      expect.arrayContaining([
        {
          questionId: 'S8',
          before: { value: 'yes', note: 'No tokens at all.' },
          after: { value: 'no', note: 'No tokens at all.' },
        },
      ]),
    );
    expect(inconsistencies(platform.kvs.dump())).toEqual([]);
  });

  it('refuses a stale upgrade and writes nothing', async () => {
    const { id, revision } = await v1Assessment();
    const before = JSON.stringify(platform.kvs.dump());
    const result = await invoke(platform, 'upgradeAssessment', {
      id,
      expectedRevision: revision - 1,
      to: V2,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(platform.kvs.dump())).toBe(before);
  });

  it('refuses an upgrade to a rule set with no path from the current one', async () => {
    const { id, revision } = await v1Assessment();
    const result = await invoke(platform, 'upgradeAssessment', {
      id,
      expectedRevision: revision,
      to: V1,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });

  it('answers a repeated upgrade whose first answer was lost with the upgraded assessment', async () => {
    const { id, revision } = await v1Assessment();
    ok(await invoke(platform, 'upgradeAssessment', { id, expectedRevision: revision, to: V2 }));
    const again = ok(
      await invoke(platform, 'upgradeAssessment', { id, expectedRevision: revision, to: V2 }),
    );
    expect(again.detail.assessment).toMatchObject({ ruleSetVersion: V2, revision: revision + 1 });
  });
});

describe('the JSON export is an answers file', () => {
  it('reads back through the CLI parser with every answer, evidence and note', async () => {
    const { assessment } = ok(
      await invoke(platform, 'createAssessment', { appName: 'Round Trip', hosting: 'forge' }),
    );
    const answers = {
      S1: { value: 'yes', note: 'Documented in the runbook.' },
      S6: { value: 'yes', evidence: { url: 'https://trust.example/disk', expires: '2027-06-30' } },
    };
    ok(await invoke(platform, 'saveAnswers', { id: assessment.id, expectedRevision: 1, answers }));
    const exported = ok(
      await invoke(platform, 'exportAssessment', { id: assessment.id, format: 'json' }),
    );
    const parsed = parseAnswersFile(exported.content, { format: 'json' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    // G1 is the hosting chosen at creation.
    expect(parsed.file.answers).toEqual({ G1: { value: 'forge-hosted' }, ...answers });
    expect(parsed.file.app).toMatchObject({ name: 'Round Trip' });
  });
});
