import type { LocalPlatform } from '../../src/local/platform';
import { HOSTING_TYPES } from '../../src/shared/api';
import { ADMIN, invoke, ok, startPlatform } from '../support/platform';

/**
 * One source for hosting: the create dialog's choice is the hosting gate G1's answer, written
 * with the assessment in one write and audited; the list and the header follow G1 from then on.
 */

let platform: LocalPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

const GATE_VALUE = { forge: 'forge-hosted', 'forge-remote': 'forge-remote', connect: 'connect' };

async function listed(id: string) {
  const page = ok(await invoke(platform, 'listAssessments', {}));
  return page.items.find((item) => item.id === id);
}

describe('hosting chosen at creation', () => {
  it.each(HOSTING_TYPES)(
    'creating with %s answers G1 with it, in the list and the header',
    async (hosting) => {
      platform.kvs.resetCounters();
      const created = ok(
        await invoke(platform, 'createAssessment', { appName: 'Hosted', hosting }),
      );
      // Still one write: the answer record rides in the create's transaction.
      expect(platform.kvs.counters.requests).toBe(1);
      const { id } = created.assessment;
      expect(created.assessment).toMatchObject({ hosting, revision: 1 });
      expect(created.answers.G1).toEqual({ value: GATE_VALUE[hosting] });

      const detail = ok(await invoke(platform, 'getAssessment', { id }));
      expect(detail.answers.G1).toEqual({ value: GATE_VALUE[hosting] });
      expect(detail.assessment.hosting).toBe(hosting);
      // The questionnaire shows G1 answered: the report counts it, and it is the only answer.
      expect(Object.keys(detail.answers)).toEqual(['G1']);
      expect(detail.report.completeness.answered).toBe(1);
      expect((await listed(id))?.hosting).toBe(hosting);

      const audit = ok(await invoke(platform, 'getAudit', { id }));
      const create = audit.items.find((entry) => entry.action === 'create');
      expect(create).toMatchObject({
        actor: ADMIN,
        revision: 1,
        changed: ['G1'],
        changes: [{ questionId: 'G1', before: null, after: { value: GATE_VALUE[hosting] } }],
      });
    },
  );

  it('defaults to Forge-hosted when the payload names no hosting', async () => {
    const created = ok(await invoke(platform, 'createAssessment', { appName: 'Default' }));
    expect(created.answers.G1).toEqual({ value: 'forge-hosted' });
    expect(created.assessment.hosting).toBe('forge');
  });

  it('changing G1 later changes the hosting in the list and the header', async () => {
    const created = ok(
      await invoke(platform, 'createAssessment', { appName: 'Moves', hosting: 'forge' }),
    );
    const { id } = created.assessment;
    const saved = ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: 1,
        answers: { G1: { value: 'connect' } },
      }),
    );
    expect(saved.written).toEqual(['G1']);
    expect(saved.assessment.hosting).toBe('connect');
    expect((await listed(id))?.hosting).toBe('connect');
    const detail = ok(await invoke(platform, 'getAssessment', { id }));
    expect(detail.assessment.hosting).toBe('connect');
    expect(detail.answers.G1).toEqual({ value: 'connect' });

    ok(
      await invoke(platform, 'saveAnswers', {
        id,
        expectedRevision: saved.revision,
        answers: { G1: { value: 'forge-remote' } },
      }),
    );
    expect((await listed(id))?.hosting).toBe('forge-remote');
  });

  it('a retried create returns the same assessment with its one G1 answer', async () => {
    const requestId = '00000000-0000-4000-8000-000000000012';
    const payload = { appName: 'Once', hosting: 'connect', requestId } as const;
    const first = ok(await invoke(platform, 'createAssessment', payload));
    const again = ok(await invoke(platform, 'createAssessment', payload));
    expect(again.assessment.id).toBe(first.assessment.id);
    expect(again.answers.G1).toEqual({ value: 'connect' });
    expect(again.assessment.revision).toBe(1);
  });
});
