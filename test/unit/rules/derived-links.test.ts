import { derivedChecks } from '../../../src/domain/checks';
import { ruleSetV1 } from '../../../src/domain/rules/catalogue';
import { DERIVED_CHECK_IDS } from '../../../src/domain/rules/catalogue/integrity';

/** The rule set names the checks that may settle a question; the registry must agree. */
describe('derived checks and the rule set', () => {
  it('registers exactly the check ids the rule set may name', () => {
    expect(derivedChecks.map((c) => c.id).sort()).toEqual([...DERIVED_CHECK_IDS].sort());
  });

  it.each(derivedChecks.map((c) => [c.id, c.settles] as const))(
    '%s settles only questions that name it in derivedBy',
    (checkId, settles) => {
      for (const questionId of settles) {
        const question = ruleSetV1.questions.find((q) => q.id === questionId);
        expect(question?.derivedBy).toBe(checkId);
      }
    },
  );
});
