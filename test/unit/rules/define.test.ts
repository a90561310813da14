import { defineRuleSet } from '../../../src/domain/rules/define';
import { RULE_PACKS } from '../../../src/domain/rules/packs';
import { ruleSetV1, ruleSetV1Input } from '../../../src/domain/rules/packs/trust-readiness-v1';
import { ruleSetV2, ruleSetV2Input } from '../../../src/domain/rules/packs/trust-readiness-v2';
import { ruleSetSchema, type RuleSetInput } from '../../../src/domain/rules/schema';

/**
 * The packs are built by defineRuleSet, not parsed at load: this is where their data is
 * validated, and where defineRuleSet must give exactly what the schema gives (defaults, key
 * order, explicit undefineds).
 */
const PUBLISHED: [string, RuleSetInput, unknown][] = [
  ['trust-readiness@1.0.0', ruleSetV1Input, ruleSetV1],
  ['trust-readiness@2.0.0', ruleSetV2Input, ruleSetV2],
];

describe('defineRuleSet', () => {
  it('covers every registered pack', () => {
    expect(RULE_PACKS.map((p) => p.ruleSet)).toEqual(PUBLISHED.map(([, , ruleSet]) => ruleSet));
  });

  it.each(PUBLISHED)(
    '%s: the input is valid and defineRuleSet gives what the schema gives',
    (_ref, input, ruleSet) => {
      const parsed = ruleSetSchema.safeParse(input);
      if (!parsed.success) throw new Error(parsed.error.message);
      expect(defineRuleSet(input)).toStrictEqual(parsed.data);
      expect(JSON.stringify(ruleSet)).toBe(JSON.stringify(parsed.data));
      expect(ruleSet).toStrictEqual(parsed.data);
    },
  );

  it('fills defaults and orders keys like the schema, for every optional field', () => {
    const input: RuleSetInput = {
      id: 'mini',
      version: '0.0.1',
      title: 'Mini',
      elements: [
        { summary: 'first', weight: 1, title: 'Security', id: 'security' },
        { id: 'reliability', title: 'Reliability', weight: 2 },
        { id: 'compliance', title: 'Compliance', weight: 1 },
        { id: 'privacy', title: 'Privacy', weight: 1 },
        { id: 'transparency', title: 'Transparency', weight: 1 },
      ],
      questions: [
        {
          trustCategory: 'security',
          severityLabel: 'legal',
          psField: 'someField',
          derivedBy: 'a-check',
          remediation: 'Fix it.',
          scoring: { partialCredit: 0.25, partial: 1, full: 2, kind: 'at-least' },
          severity: 'major',
          whenText: 'When G1 is forge.',
          when: {
            all: [
              { equals: 'forge', question: 'G1' },
              { not: { in: ['a', 1], question: 'G1' } },
              { any: [{ includes: 'x', question: 'G1' }, { fact: 'manifestSupplied' }] },
            ],
          },
          help: undefined,
          title: 'How many?',
          type: 'number',
          element: 'security',
          id: 'Q1',
          evidencePerOption: true,
          informational: true,
          legacy: true,
          programs: ['SR'],
          sources: [{ url: 'https://example.com/', title: 'Example' }],
          evidence: 'required',
          notApplicableAllowed: true,
        },
        {
          id: 'Q2',
          element: 'privacy',
          type: 'single-choice',
          title: 'Which?',
          options: [
            { label: 'A', value: 'a', psValue: 'A_VALUE' },
            { label: 'B', value: 'b' },
          ],
          severity: 'minor',
          scoring: { credit: { a: 1, b: 0.5 }, kind: 'choice' },
        },
        {
          id: 'Q3',
          element: 'privacy',
          type: 'number',
          title: 'N',
          severity: 'minor',
          scoring: { kind: 'at-least', full: 3 },
        },
        {
          id: 'Q4',
          element: 'privacy',
          type: 'multi-choice',
          title: 'M',
          severity: 'minor',
          options: [
            { value: 'x', label: 'X' },
            { value: 'y', label: 'Y' },
          ],
          scoring: { required: ['x'], kind: 'all-of' },
        },
        {
          id: 'Q5',
          element: 'privacy',
          type: 'multi-choice',
          title: 'M',
          severity: 'minor',
          options: [
            { value: 'x', label: 'X' },
            { value: 'y', label: 'Y' },
          ],
          scoring: { credit: { y: 1 }, kind: 'any-of' },
        },
        {
          id: 'Q6',
          element: 'privacy',
          type: 'text',
          title: 'T',
          severity: 'minor',
          scoring: { kind: 'present' },
        },
        {
          id: 'Q7',
          element: 'privacy',
          type: 'date',
          title: 'D',
          severity: 'minor',
          scoring: { days: 365, kind: 'within-days' },
        },
        {
          id: 'G1',
          element: 'security',
          type: 'text',
          title: 'Gate',
          severity: 'gate',
          evidence: undefined,
        },
      ],
    };
    const parsed = ruleSetSchema.parse(input);
    const defined = defineRuleSet(input);
    expect(JSON.stringify(defined)).toBe(JSON.stringify(parsed));
    expect(defined).toStrictEqual(parsed);
    expect(Object.keys(defined.questions[0] ?? {})).toEqual(Object.keys(parsed.questions[0] ?? {}));
  });
});
