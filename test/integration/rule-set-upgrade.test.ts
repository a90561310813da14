import { ruleSetV1 } from '../../src/domain/rules/catalogue';
import { ruleSetSchema, type RuleSet } from '../../src/domain/rules/schema';
import type { LocalPlatform } from '../../src/local/platform';
import { AssessmentService } from '../../src/services/assessments';
import { startPlatform } from '../support/platform';

/** An older rule set that still had a question v1 dropped. */
const legacyRuleSet: RuleSet = ruleSetSchema.parse({
  ...ruleSetV1,
  version: '0.9.0',
  questions: [
    ...ruleSetV1.questions,
    {
      id: 'X1',
      element: 'security',
      type: 'yes-no',
      title: 'A retired requirement',
      severity: 'minor',
      options: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
      scoring: { kind: 'choice', credit: { yes: 1, no: 0 } },
      remediation: 'Gone in v1.',
      sources: [{ title: 'Old page', url: 'https://developer.atlassian.com/platform/forge/' }],
    },
  ],
});

const deps = (ruleSet: RuleSet) => ({
  ruleSet,
  now: () => Date.parse('2026-06-30T12:00:00Z'),
  newId: () => 'assessment-upgrade-1',
});

let platform: LocalPlatform;
beforeEach(() => {
  platform = startPlatform();
});
afterEach(() => platform.close());

describe('a rule-set upgrade', () => {
  it('re-scores old answers with the new rules and loses none of them', async () => {
    const actor = { accountId: 'admin-alice' };
    const before = new AssessmentService(deps(legacyRuleSet));
    const created = await before.create({ appName: 'Old App', hosting: 'forge' }, actor);
    expect(created.assessment.ruleSetVersion).toBe('trust-readiness@0.9.0');
    await before.save(
      {
        id: created.assessment.id,
        expectedRevision: 1,
        answers: { S1: { value: 'yes' }, X1: { value: 'yes', note: 'kept' } },
        source: 'questionnaire',
      },
      actor,
    );

    const after = new AssessmentService(deps(ruleSetV1));
    const opened = await after.get(created.assessment.id);
    expect(opened.report.ruleSet.version).toBe(ruleSetV1.version);
    expect(opened.answers.X1).toEqual({ value: 'yes', note: 'kept' });
    expect(opened.retiredAnswers).toEqual(['X1']);
    expect(opened.report.questions.map((q) => q.id)).not.toContain('X1');
    expect(opened.report.questions.find((q) => q.id === 'S1')?.outcome).toBe('pass');

    // The next save moves the assessment to the new version and still keeps X1.
    const saved = await after.save(
      {
        id: created.assessment.id,
        expectedRevision: 2,
        answers: { S3: { value: 'yes' } },
        source: 'questionnaire',
      },
      actor,
    );
    expect(saved.assessment.ruleSetVersion).toBe(`trust-readiness@${ruleSetV1.version}`);
    expect((await after.get(created.assessment.id)).answers.X1).toEqual({
      value: 'yes',
      note: 'kept',
    });
  });
});
