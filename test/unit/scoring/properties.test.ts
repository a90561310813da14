import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Answer, Answers } from '../../../src/domain/answers';
import { readManifestFacts } from '../../../src/domain/manifest/read';
import { ruleSetV1 } from '../../../src/domain/rules/catalogue';
import type { Question } from '../../../src/domain/rules/schema';
import { READINESS_LEVELS } from '../../../src/domain/scoring/policy';
import { score } from '../../../src/domain/scoring/score';
import type { Report } from '../../../src/domain/scoring/report';
import { AS_OF, passingAnswer } from '../../support/answers';

const ruleSet = ruleSetV1;
const manifests = ['runs-on-atlassian.yml', 'remote-and-egress.yml'].map((name) =>
  readManifestFacts(
    readFileSync(join(__dirname, '..', '..', 'fixtures', 'manifests', name), 'utf8'),
  ),
);

/** Any value the question's type accepts, passing or not. */
function valueArbitrary(question: Question): fc.Arbitrary<Answer['value']> {
  const options = question.options?.map((o) => o.value) ?? [];
  switch (question.type) {
    case 'yes-no':
    case 'single-choice':
      return fc.constantFrom(...options);
    case 'multi-choice':
      return fc.subarray(options);
    case 'number':
      return fc.double({ min: 0, max: 100, noNaN: true });
    case 'date':
      return fc.constantFrom('2019-05-01', '2025-12-31', '2026-06-01', '2026-06-30', '2027-01-01');
    case 'text':
    case 'url':
      return fc.constantFrom('', 'https://example.com/doc', 'Our security team');
  }
}

function answerArbitrary(question: Question): fc.Arbitrary<Answer | undefined> {
  const evidence = fc.option(
    fc.record({
      url: fc.constant('https://example.com/proof'),
      expires: fc.constantFrom('2025-01-01', '2030-01-01'),
    }),
    { nil: undefined },
  );
  const answered = fc
    .record({ value: valueArbitrary(question), evidence })
    .map(({ value, evidence: ev }) => (ev ? { value, evidence: ev } : { value }));
  const choices: fc.Arbitrary<Answer | undefined>[] = [fc.constant(undefined), answered];
  if (question.notApplicableAllowed) {
    choices.push(fc.constant({ notApplicable: true, justification: 'Does not apply to us' }));
  }
  return fc.oneof(...choices);
}

const answersArbitrary: fc.Arbitrary<Answers> = fc
  .tuple(...ruleSet.questions.map((q) => answerArbitrary(q)))
  .map((values) => {
    const answers: Answers = {};
    values.forEach((answer, i) => {
      const question = ruleSet.questions[i];
      if (answer && question) answers[question.id] = answer;
    });
    return answers;
  });

const manifestArbitrary = fc.constantFrom(undefined, ...manifests);

const allScores = (report: Report): number[] => [
  report.overall.score,
  ...report.elements.map((e) => e.score ?? 0),
];

function expectNoScoreLower(before: Report, after: Report): void {
  expect(after.overall.score).toBeGreaterThanOrEqual(before.overall.score);
  after.elements.forEach((element, i) => {
    const previous = before.elements[i]?.score;
    if (previous !== null && previous !== undefined && element.score !== null) {
      expect(element.score).toBeGreaterThanOrEqual(previous);
    }
  });
}

const scoredQuestions = ruleSet.questions.filter((q) => q.severity !== 'gate');
const levels: readonly string[] = READINESS_LEVELS;

describe('scoring properties', () => {
  it('keeps every score within 0..100', () => {
    fc.assert(
      fc.property(answersArbitrary, manifestArbitrary, (answers, manifest) => {
        const report = score(ruleSet, answers, { asOf: AS_OF, manifest });
        for (const value of allScores(report)) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(100);
        }
        expect(report.completeness.percent).toBeLessThanOrEqual(100);
      }),
      { numRuns: 300 },
    );
  });

  it('never lowers a score when a failing or unanswered question is marked not applicable', () => {
    const naQuestions = scoredQuestions.filter((q) => q.notApplicableAllowed);
    expect(naQuestions.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        answersArbitrary,
        fc.constantFrom(...naQuestions),
        manifestArbitrary,
        (answers, question, manifest) => {
          const before = score(ruleSet, answers, { asOf: AS_OF, manifest });
          const outcome = before.questions.find((q) => q.id === question.id)?.outcome;
          fc.pre(outcome === 'fail' || outcome === 'unanswered');
          const after = score(
            ruleSet,
            { ...answers, [question.id]: { notApplicable: true, justification: 'N/A for us' } },
            { asOf: AS_OF, manifest },
          );
          expectNoScoreLower(before, after);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lowers a score when one failing answer becomes a passing one', () => {
    fc.assert(
      fc.property(
        answersArbitrary,
        fc.constantFrom(...scoredQuestions),
        manifestArbitrary,
        (answers, question, manifest) => {
          const before = score(ruleSet, answers, { asOf: AS_OF, manifest });
          const outcome = before.questions.find((q) => q.id === question.id)?.outcome;
          fc.pre(outcome === 'fail' || outcome === 'partial' || outcome === 'unanswered');
          const after = score(
            ruleSet,
            { ...answers, [question.id]: passingAnswer(question) },
            { asOf: AS_OF, manifest },
          );
          expectNoScoreLower(before, after);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never lowers a score when evidence is added to an answer, expired or not', () => {
    fc.assert(
      fc.property(
        answersArbitrary,
        fc.constantFrom(...scoredQuestions),
        fc.constantFrom('2020-01-01', '2030-01-01', undefined),
        manifestArbitrary,
        (answers, question, expires, manifest) => {
          const answer = answers[question.id];
          fc.pre(answer !== undefined && answer.evidence === undefined);
          const before = score(ruleSet, answers, { asOf: AS_OF, manifest });
          const evidence = {
            url: 'https://example.com/more-proof',
            ...(expires ? { expires } : {}),
          };
          const after = score(
            ruleSet,
            { ...answers, [question.id]: { ...answer, evidence } },
            { asOf: AS_OF, manifest },
          );
          expectNoScoreLower(before, after);
          expect(levels.indexOf(after.overall.level)).toBeGreaterThanOrEqual(
            levels.indexOf(before.overall.level),
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('is deterministic: same input, byte-identical report, whatever the key order', () => {
    fc.assert(
      fc.property(answersArbitrary, manifestArbitrary, (answers, manifest) => {
        const reversed: Answers = Object.fromEntries(Object.entries(answers).reverse());
        const a = JSON.stringify(score(ruleSet, answers, { asOf: AS_OF, manifest }));
        const b = JSON.stringify(score(ruleSet, answers, { asOf: AS_OF, manifest }));
        const c = JSON.stringify(score(ruleSet, reversed, { asOf: AS_OF, manifest }));
        expect(b).toBe(a);
        expect(c).toBe(a);
      }),
      { numRuns: 100 },
    );
  });
});
