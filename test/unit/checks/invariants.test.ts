import fc from 'fast-check';
import type { Answers } from '../../../src/domain/answers';
import { trustReadinessV1 } from '../../../src/domain/rules/packs/trust-readiness-v1';

const derivedChecks = trustReadinessV1.checks;
import type { CheckResult } from '../../../src/domain/checks/types';
import type { ManifestFacts } from '../../../src/domain/manifest/facts';
import { EGRESS_KINDS } from '../../../src/domain/manifest/read';
import { fixtureFacts, type FixtureName } from '../manifest/fixtures';
import { run } from './support';

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/** Scored questions of rule set v1: their values must never make a check fail a question. */
const SCORED = [
  ...range('S', 1, 16),
  ...range('R', 1, 8),
  ...range('C', 1, 8),
  ...range('P', 3, 10),
  ...range('T', 1, 6),
];
const GATES = ['P1', 'P2', 'G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7'];
const VALUES = ['yes', 'no', 'forge-hosted', 'forge-remote', 'connect', ''];

// "yes" is weighted up so that states such as T4 yes on an eligible manifest come up often.
const answerArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ value: 'yes' }) },
  { weight: 3, arbitrary: fc.constantFrom(...VALUES).map((value) => ({ value })) },
  { weight: 1, arbitrary: fc.constant({ notApplicable: true, justification: 'n/a' }) },
);
/** Each question is answered or left blank independently, so any combination can occur. */
const answersArb = (ids: string[]): fc.Arbitrary<Answers> =>
  fc
    .tuple(...ids.map((id) => fc.option(answerArb.map((answer) => [id, answer] as const))))
    .map((entries) => Object.fromEntries(entries.filter((e) => e !== null)));

const factsArb: fc.Arbitrary<ManifestFacts> = fc.record({
  appId: fc.constant('ari:cloud:ecosystem::app/prop'),
  runtime: fc.constant('nodejs22.x'),
  modules: fc.constant(['function']),
  scopes: fc.constant([]),
  egress: fc.array(
    fc.record({
      address: fc.constantFrom('api.example.com', '*.example.com', 'in.accoil.com', '*'),
      kind: fc.constantFrom(...EGRESS_KINDS),
      category: fc.constantFrom('analytics' as const, 'other' as const),
      inScopeEUD: fc.constantFrom(true, false, undefined),
      wildcard: fc.boolean(),
    }),
    { maxLength: 3 },
  ),
  remotes: fc.array(
    fc.record({
      key: fc.constantFrom('backend', 'store'),
      baseUrl: fc.constant('https://backend.example.com'),
      inScopeEUD: fc.constantFrom(true, false, undefined),
      operations: fc.subarray(['storage', 'compute', 'fetch', 'other']),
    }),
    { maxLength: 2 },
  ),
  webTriggers: fc.array(fc.record({ key: fc.constant('hook'), dynamic: fc.boolean() }), {
    maxLength: 2,
  }),
  csp: fc.record({
    scriptsUnsafeInline: fc.boolean(),
    scriptsUnsafeEval: fc.boolean(),
    stylesUnsafeInline: fc.boolean(),
  }),
  usesForgeStorage: fc.boolean(),
});

function outcomes(result: CheckResult, outcome: 'pass' | 'fail'): string[] {
  return result.settlements.filter((s) => s.outcome === outcome).map((s) => s.questionId);
}

describe('derived check invariants', () => {
  it('settles only its own questions, and passes only T3 and P10', () => {
    fc.assert(
      fc.property(factsArb, answersArb([...GATES, ...SCORED]), (facts, given) => {
        for (const check of derivedChecks) {
          const result = run(check, facts, given);
          for (const s of result.settlements) expect(check.settles).toContain(s.questionId);
          for (const id of outcomes(result, 'pass')) expect(['T3', 'P10']).toContain(id);
        }
      }),
    );
  });

  it('fails a question from facts and gates only, never from scored answers', () => {
    fc.assert(
      fc.property(
        factsArb,
        answersArb(GATES),
        answersArb(SCORED),
        answersArb(SCORED),
        (facts, gates, scoredA, scoredB) => {
          for (const check of derivedChecks) {
            const a = run(check, facts, { ...scoredA, ...gates });
            const b = run(check, facts, { ...scoredB, ...gates });
            expect(outcomes(a, 'fail')).toEqual(outcomes(b, 'fail'));
          }
        },
      ),
    );
  });

  it('never takes a pass away when a scored answer improves to yes', () => {
    fc.assert(
      fc.property(factsArb, answersArb([...GATES, ...SCORED]), (facts, given) => {
        for (const check of derivedChecks) {
          const before = outcomes(run(check, facts, given), 'pass');
          if (before.length === 0) continue;
          for (const improved of SCORED) {
            const after = run(check, facts, { ...given, [improved]: { value: 'yes' } });
            expect(outcomes(after, 'pass')).toEqual(expect.arrayContaining(before));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('contradicts only answered questions', () => {
    fc.assert(
      fc.property(factsArb, answersArb([...GATES, ...SCORED]), (facts, given) => {
        for (const check of derivedChecks) {
          for (const c of run(check, facts, given).contradictions) {
            expect(given[c.questionId]?.value).toBeTruthy();
            expect(c.checkId).toBe(check.id);
            expect(c.facts.length).toBeGreaterThan(0);
          }
        }
      }),
    );
  });

  it.each<FixtureName>([
    'runs-on-atlassian',
    'remote-and-egress',
    'remote-storage-undeclared',
    'no-egress',
  ])(
    'keeps every pass when any scored answer improves, with any other one already yes (%s)',
    (fixture) => {
      const facts = fixtureFacts(fixture);
      const gates: Answers = { P1: { value: 'no' }, G3: { value: 'yes' }, G4: { value: 'yes' } };
      const allNo: Answers = Object.fromEntries(SCORED.map((id) => [id, { value: 'no' }]));
      for (const check of derivedChecks) {
        for (const already of SCORED) {
          const base = { ...allNo, ...gates, [already]: { value: 'yes' } };
          const before = outcomes(run(check, facts, base), 'pass');
          for (const improved of SCORED) {
            const after = run(check, facts, { ...base, [improved]: { value: 'yes' } });
            expect(outcomes(after, 'pass')).toEqual(expect.arrayContaining(before));
          }
        }
      }
    },
  );
});
