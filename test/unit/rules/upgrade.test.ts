import fc from 'fast-check';
import type { Answer, Answers } from '../../../src/domain/answers';
import { trustReadinessV1 } from '../../../src/domain/rules/packs/trust-readiness-v1';
import { trustReadinessV2 } from '../../../src/domain/rules/packs/trust-readiness-v2';
import type { Question } from '../../../src/domain/rules/schema';
import { upgradeAnswers } from '../../../src/domain/rules/upgrade';
import { validateAnswers } from '../../../src/domain/answers';

const v1 = trustReadinessV1.ruleSet;

/** Any answer a v1 question could hold, including n/a, notes and evidence. */
function answerFor(q: Question): fc.Arbitrary<Answer> {
  const values = (q.options ?? []).map((o) => o.value);
  const value: fc.Arbitrary<Answer['value']> =
    q.type === 'multi-choice'
      ? fc.subarray(values)
      : values.length > 0
        ? fc.constantFrom(...values)
        : q.type === 'number'
          ? fc.double({ min: 0, max: 100, noNaN: true })
          : q.type === 'date'
            ? fc.constantFrom('2026-01-02', '2025-06-30')
            : q.type === 'url'
              ? fc.constant('https://example.com/x')
              : fc.string({ minLength: 1, maxLength: 20 });
  const plain = fc.record(
    {
      value,
      note: fc.string({ maxLength: 10 }),
      evidence: fc.record({ url: fc.constant('https://example.com/e') }),
    },
    { requiredKeys: ['value'] },
  );
  return q.notApplicableAllowed
    ? fc.oneof(plain, fc.constant({ notApplicable: true, justification: 'Not for us.' }))
    : plain;
}

const v1Answers: fc.Arbitrary<Answers> = fc
  .subarray(v1.questions)
  .chain((qs) => fc.tuple(...qs.map((q) => answerFor(q).map((a) => [q.id, a] as const))))
  .map((entries) => Object.fromEntries(entries));

describe('upgradeAnswers v1 → v2', () => {
  it('never loses a stored answer', () => {
    fc.assert(
      fc.property(v1Answers, (answers) => {
        const r = upgradeAnswers(trustReadinessV1, trustReadinessV2, answers);
        const accounted = [...r.carried, ...r.mapped, ...r.retired].sort();
        expect(accounted).toEqual(Object.keys(answers).sort());
        for (const id of r.carried) expect(r.answers[id]).toEqual(answers[id]);
        for (const id of r.retired) expect(r.retiredAnswers[id]).toEqual(answers[id]);
        expect(validateAnswers(trustReadinessV2.ruleSet, r.answers)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("maps S8 to the tab's polarity and splits roles, retention and residency", () => {
    const r = upgradeAnswers(trustReadinessV1, trustReadinessV2, {
      S8: { value: 'yes' },
      C2: { value: 'both' },
      C5: { value: 'service-provider' },
      P4: { value: 'partial' },
      P6: { value: 'indefinite' },
      C7: {
        value: 'iso27001',
        evidence: { url: 'https://example.com/iso', expires: '2027-01-01' },
      },
      P7: { value: 'yes', note: 'kept' },
    });
    expect(r.answers).toMatchObject({
      S8: { value: 'no' },
      C2: { value: 'yes' },
      C5: { value: 'false' },
      C11: { value: 'yes' },
      P4: { value: 'supported' },
      P17: { value: 'no' },
      P18: { value: 'no' },
      P22: { value: 'yes' },
      C7: {
        value: ['iso27001'],
        optionEvidence: { iso27001: { url: 'https://example.com/iso', expires: '2027-01-01' } },
      },
    });
    expect(r.retired).toEqual(['P7']);
    expect(r.retiredAnswers.P7).toEqual({ value: 'yes', note: 'kept' });
    expect(r.unanswered).toEqual(expect.arrayContaining(['P16', 'P11', 'L1', 'S17']));
  });
});
