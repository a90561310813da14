import type { Answers } from '../../../src/domain/answers';
import type { CheckContext, CheckResult, DerivedCheck } from '../../../src/domain/checks/types';
import type { ManifestFacts } from '../../../src/domain/manifest/facts';
import { ruleSetSchema, type RuleSet } from '../../../src/domain/rules/schema';

/** Checks do not read the rule set; a one-question set satisfies the context's type. */
const RULE_SET: RuleSet = ruleSetSchema.parse({
  id: 'checks-test',
  version: '1.0.0',
  title: 'Checks test',
  elements: [
    { id: 'security', title: 'Security', weight: 1 },
    { id: 'reliability', title: 'Reliability', weight: 1 },
    { id: 'compliance', title: 'Compliance', weight: 1 },
    { id: 'privacy', title: 'Privacy', weight: 1 },
    { id: 'transparency', title: 'Transparency', weight: 1 },
  ],
  questions: [
    {
      id: 'T3',
      element: 'transparency',
      type: 'yes-no',
      title: 'Answers agree with the manifest',
      severity: 'blocker',
      options: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
    },
  ],
});

/** Shorthand: `answers({ P1: 'no', T5: null })` — null marks a question not applicable. */
export function answers(values: Record<string, string | null>): Answers {
  const result: Answers = {};
  for (const [id, value] of Object.entries(values)) {
    result[id] =
      value === null ? { notApplicable: true, justification: 'not relevant here' } : { value };
  }
  return result;
}

export function run(check: DerivedCheck, manifest: ManifestFacts, given: Answers): CheckResult {
  const context: CheckContext = { ruleSet: RULE_SET, answers: given, manifest };
  return check.run(context);
}

/** The comparable core of a result: outcomes per question and contradicted question ids. */
export function summary(result: CheckResult): {
  settled: Record<string, 'pass' | 'fail'>;
  contradicted: string[];
} {
  return {
    settled: Object.fromEntries(result.settlements.map((s) => [s.questionId, s.outcome])),
    contradicted: result.contradictions.map((c) => c.questionId),
  };
}
