import { checkRuleSetIntegrity, ruleSetV1 } from '../../../src/domain/rules/catalogue';
import { findConditionCycles } from '../../../src/domain/rules/integrity';
import { conditionQuestionIds } from '../../../src/domain/rules/conditions';
import {
  ruleSetSchema,
  type Condition,
  type ElementId,
  type ProgramTag,
  type Question,
  type RuleSet,
  type Severity,
} from '../../../src/domain/rules/schema';
import { trustReadinessV1 } from '../../../src/domain/rules/packs/trust-readiness-v1';

const V1_CHECK_IDS = trustReadinessV1.checks.map((c) => c.id);

/**
 * The catalogue in /work/shared/trust-catalogue.md, written out literally: if an id, severity
 * or tag drifts from the source, this table is where it shows.
 */
const CATALOGUE: readonly [id: string, severity: Severity, programs: ProgramTag[]][] = [
  ['S1', 'blocker', ['SR', 'SQ']],
  ['S2', 'blocker', ['SQ']],
  ['S3', 'blocker', ['SQ']],
  ['S4', 'major', ['SQ']],
  ['S5', 'blocker', ['SR']],
  ['S6', 'blocker', ['SR', 'PS']],
  ['S7', 'blocker', ['SR']],
  ['S8', 'blocker', ['SR', 'PS']],
  ['S9', 'major', ['SR', 'PS']],
  ['S10', 'blocker', ['SR']],
  ['S11', 'major', ['SR']],
  ['S12', 'major', ['RoA']],
  ['S13', 'major', ['PS']],
  ['S14', 'major', ['CF']],
  ['S15', 'minor', ['A4A']],
  ['S16', 'minor', ['PS']],
  ['R1', 'major', ['CF']],
  ['R2', 'major', ['CF']],
  ['R3', 'minor', ['CF']],
  ['R4', 'major', ['CF']],
  ['R5', 'major', ['CF']],
  ['R6', 'major', ['CF']],
  ['R7', 'major', []],
  ['R8', 'minor', []],
  ['C1', 'blocker', ['LR']],
  ['C2', 'major', ['PS']],
  ['C3', 'blocker', ['PS']],
  ['C4', 'blocker', ['PS']],
  ['C5', 'minor', ['PS']],
  ['C6', 'major', []],
  ['C7', 'minor', ['A4A']],
  ['C8', 'minor', []],
  ['P1', 'gate', ['PS']],
  ['P2', 'gate', ['PS']],
  ['P3', 'major', ['PS']],
  ['P4', 'major', ['PS', 'DR']],
  ['P5', 'major', ['DR']],
  ['P6', 'major', ['PS']],
  ['P7', 'major', ['PS']],
  ['P8', 'major', ['PS']],
  ['P9', 'major', ['RoA']],
  ['P10', 'minor', ['RoA']],
  ['T1', 'major', ['PS', 'CF']],
  ['T2', 'major', ['CF']],
  ['T3', 'blocker', []],
  ['T4', 'major', ['RoA']],
  ['T5', 'major', ['DR']],
  ['T6', 'minor', []],
];

const GATE_IDS = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6', 'G7'];

const ELEMENT_BY_PREFIX: Record<string, ElementId> = {
  S: 'security',
  R: 'reliability',
  C: 'compliance',
  P: 'privacy',
  T: 'transparency',
};

const egressOrRemotes: Condition = {
  any: [
    { question: 'G2', equals: 'yes' },
    { question: 'G1', in: ['forge-remote', 'connect'] },
  ],
};
const storesOutside: Condition = { question: 'P1', equals: 'yes' };
const storesOrProcessesOutside: Condition = {
  any: [
    { question: 'P1', equals: 'yes' },
    { question: 'P2', equals: 'yes' },
  ],
};

/** "Applies when" from the catalogue; every id not listed here must apply always. */
const CONDITIONS: Record<string, Condition> = {
  S2: { question: 'G1', equals: 'forge-remote' },
  S5: egressOrRemotes,
  S6: storesOutside,
  S12: { question: 'G2', equals: 'yes' },
  R7: storesOutside,
  C3: { question: 'G5', equals: 'yes' },
  C4: { question: 'G6', equals: 'yes' },
  C6: { question: 'G7', equals: 'yes' },
  P3: storesOrProcessesOutside,
  P4: storesOutside,
  P5: egressOrRemotes,
  P6: storesOutside,
  P7: storesOrProcessesOutside,
  P9: { question: 'G3', equals: 'yes' },
  T3: { fact: 'manifestSupplied' },
  T4: {
    any: [
      { question: 'G3', equals: 'yes' },
      { question: 'G4', equals: 'yes' },
    ],
  },
  // The catalogue says "P4 = yes"; P4 is scored, so T5 is gated on P1 and allows n/a instead.
  T5: storesOutside,
};

const DERIVED_BY: readonly [id: string, check: string][] = [
  ['T3', 'manifest-consistency'],
  ['P10', 'runs-on-atlassian'],
  ['S12', 'egress-wildcards'],
  ['P9', 'analytics-egress'],
  ['P5', 'egress-in-scope-eud'],
  ['S11', 'csp'],
];

const NO_NOT_APPLICABLE = ['S1', 'S3', 'S7', 'S8', 'C1'];
const EVIDENCE_REQUIRED = ['C7', 'S15', 'C3', 'R1'];

function question(ruleSet: RuleSet, id: string): Question {
  const found = ruleSet.questions.find((q) => q.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
}

const q = (id: string): Question => question(ruleSetV1, id);
const scoredQuestions = ruleSetV1.questions.filter((x) => x.severity !== 'gate');
const byId = (list: readonly Question[]) => list.map((x) => [x.id, x] as const);

describe('rule set v1', () => {
  it('parses with the rule-set schema', () => {
    expect(ruleSetSchema.safeParse(ruleSetV1).success).toBe(true);
    expect(ruleSetV1).toMatchObject({ id: 'trust-readiness', version: '1.0.0' });
  });

  it('passes every integrity check', () => {
    expect(checkRuleSetIntegrity(ruleSetV1, V1_CHECK_IDS)).toEqual([]);
  });

  it('has unique question ids', () => {
    const ids = ruleSetV1.questions.map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('holds exactly the catalogue ids plus the gates G1–G7', () => {
    const expected = [...CATALOGUE.map(([id]) => id), ...GATE_IDS].sort();
    expect(ruleSetV1.questions.map((x) => x.id).sort()).toEqual(expected);
  });

  it('has the five elements, each weighted 1 with a one-line summary', () => {
    expect(ruleSetV1.elements.map((e) => [e.id, e.title, e.weight])).toEqual([
      ['security', 'Security', 1],
      ['reliability', 'Reliability & support', 1],
      ['compliance', 'Compliance', 1],
      ['privacy', 'Privacy & data management', 1],
      ['transparency', 'Transparency & control', 1],
    ]);
    for (const element of ruleSetV1.elements) expect(element.summary).toMatch(/^[^\n]+$/);
  });

  describe.each(CATALOGUE)('%s', (id, severity, programs) => {
    it(`is ${severity} with tags [${programs.join(', ')}]`, () => {
      expect(q(id).severity).toBe(severity);
      expect([...q(id).programs].sort()).toEqual([...programs].sort());
    });

    it('belongs to the element its id names', () => {
      expect(q(id).element).toBe(ELEMENT_BY_PREFIX[id.charAt(0)]);
    });

    it('is legacy exactly when Cloud Fortified is its only program', () => {
      expect(q(id).legacy).toBe(programs.length === 1 && programs[0] === 'CF');
    });

    it('applies when the catalogue says', () => {
      expect(q(id).when).toEqual(CONDITIONS[id]);
    });
  });

  describe('gate questions', () => {
    it('G1 offers the three hosting models', () => {
      expect(q('G1').type).toBe('single-choice');
      expect(q('G1').options?.map((o) => o.value)).toEqual([
        'forge-hosted',
        'forge-remote',
        'connect',
      ]);
    });

    it.each(['G2', 'G3', 'G4', 'G5', 'G6', 'G7', 'P1', 'P2'])('%s is a plain yes-no', (id) => {
      expect(q(id).type).toBe('yes-no');
      expect(q(id).options).toEqual([
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ]);
    });

    it.each([...GATE_IDS, 'P1', 'P2'])('%s is an unscored, unconditional gate', (id) => {
      expect(q(id).severity).toBe('gate');
      expect(q(id).scoring).toBeUndefined();
      expect(q(id).when).toBeUndefined();
    });

    it('P1 and P2 are privacy gates', () => {
      expect([q('P1').element, q('P2').element]).toEqual(['privacy', 'privacy']);
    });

    it('are the only kind of question a condition reads, apart from facts', () => {
      for (const x of ruleSetV1.questions) {
        for (const ref of x.when ? conditionQuestionIds(x.when) : []) {
          expect({ from: x.id, ref, severity: q(ref).severity }).toEqual({
            from: x.id,
            ref,
            severity: 'gate',
          });
        }
      }
    });
  });

  it('has no dependency cycle between conditions', () => {
    expect(findConditionCycles(ruleSetV1.questions)).toEqual([]);
  });

  it.each(byId(ruleSetV1.questions.filter((x) => x.when)))(
    '%s explains its condition in whenText',
    (_id, x) => {
      expect(x.whenText).toMatch(/^Only when /);
    },
  );

  describe.each(byId(scoredQuestions))('scored question %s', (_id, x) => {
    it('has a short concrete title and help', () => {
      expect(x.title.length).toBeLessThanOrEqual(120);
      expect(x.help?.length).toBeGreaterThan(0);
    });

    it('has remediation and an https source on developer.atlassian.com', () => {
      expect(x.remediation?.trim().length).toBeGreaterThan(0);
      expect(x.sources.map((s) => new URL(s.url).host)).toContain('developer.atlassian.com');
      for (const source of x.sources) expect(source.url).toMatch(/^https:\/\//);
    });

    it('has scoring that fits its type', () => {
      const expectedKind = {
        'yes-no': 'choice',
        'single-choice': 'choice',
        'multi-choice': 'all-of',
        number: 'at-least',
        text: 'present',
        url: 'present',
        date: 'within-days',
      }[x.type];
      expect(x.scoring?.kind).toBe(expectedKind);
    });

    it('can earn full credit with an answer that exists', () => {
      const values = x.options?.map((o) => o.value) ?? [];
      const scoring = x.scoring;
      if (scoring?.kind === 'choice') {
        expect(Object.keys(scoring.credit).sort()).toEqual([...values].sort());
        expect(Math.max(...Object.values(scoring.credit))).toBe(1);
      } else if (scoring?.kind === 'all-of') {
        expect(values).toEqual(expect.arrayContaining(scoring.required));
      } else {
        expect(x.options).toBeUndefined();
      }
    });
  });

  it.each(byId(ruleSetV1.questions.filter((x) => x.type === 'yes-no')))(
    '%s has the canonical yes-no options',
    (_id, x) => {
      expect(x.options?.slice(0, 2)).toEqual([
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ]);
      expect(x.options?.length).toBeLessThanOrEqual(3);
    },
  );

  it.each(NO_NOT_APPLICABLE)('blocker %s cannot be marked not applicable', (id) => {
    expect(q(id).severity).toBe('blocker');
    expect(q(id).notApplicableAllowed).toBe(false);
  });

  it.each(EVIDENCE_REQUIRED)('%s requires evidence', (id) => {
    expect(q(id).evidence).toBe('required');
  });

  it.each(DERIVED_BY)('%s is settled from the manifest by %s', (id, check) => {
    expect(q(id).derivedBy).toBe(check);
  });

  it('sets derivedBy on no other question', () => {
    const derived = ruleSetV1.questions.filter((x) => x.derivedBy).map((x) => x.id);
    expect(derived.sort()).toEqual(DERIVED_BY.map(([id]) => id).sort());
  });

  describe('question types chosen in the brief', () => {
    it('R1 is a 28-day success rate: full at 99.9, partial at 99.5', () => {
      expect(q('R1').type).toBe('number');
      expect(q('R1').scoring).toMatchObject({ kind: 'at-least', full: 99.9, partial: 99.5 });
    });

    it.each(['S15', 'T2'])('%s is a date that must be within a year', (id) => {
      expect(q(id).type).toBe('date');
      expect(q(id).scoring).toEqual({ kind: 'within-days', days: 365 });
    });

    it.each([
      ['S16', 'url'],
      ['S13', 'text'],
      ['C1', 'multi-choice'],
      ['P10', 'yes-no'],
    ])('%s is %s', (id, type) => {
      expect(q(id).type).toBe(type);
    });

    it('P8 needs all three logging answers', () => {
      expect(q('P8').scoring).toEqual({
        kind: 'all-of',
        required: ['eud-in-logs', 'logs-stored-outside', 'logs-shared'],
      });
    });

    it('T1 gives SUBMITTED far less than APPROVED and says so', () => {
      expect(q('T1').scoring).toEqual({
        kind: 'choice',
        credit: { approved: 1, submitted: 0.25, draft: 0, none: 0 },
      });
      expect(q('T1').help).toMatch(/submitted is not approved/i);
    });

    it('C2 credits any declared GDPR role and nothing else', () => {
      expect(q('C2').scoring).toEqual({
        kind: 'choice',
        credit: { controller: 1, processor: 1, both: 1, 'not-declared': 0 },
      });
    });

    it('P6 gives an indefinite retention partial credit at most', () => {
      const scoring = q('P6').scoring;
      expect(scoring?.kind).toBe('choice');
      if (scoring?.kind !== 'choice') return;
      expect(scoring.credit.indefinite).toBeLessThan(1);
      expect(scoring.credit.indefinite).toBeLessThanOrEqual(0.5);
    });

    it('T5 allows n/a and tells the partner when to use it', () => {
      expect(q('T5').notApplicableAllowed).toBe(true);
      expect(q('T5').help).toMatch(/not applicable when data residency is not offered/i);
    });
  });
});

describe('checkRuleSetIntegrity on broken copies', () => {
  /** A deep copy to break, so each case starts from the sound rule set. */
  const broken = (mutate: (ruleSet: RuleSet) => void): RuleSet => {
    const copy = structuredClone(ruleSetV1);
    mutate(copy);
    return copy;
  };

  it.each<[name: string, mutate: (ruleSet: RuleSet) => void, expected: RegExp]>([
    [
      'a condition on a scored question',
      (rs) => {
        question(rs, 'S2').when = { question: 'S1', equals: 'yes' };
      },
      /S2: when references S1, which is not a gate question/,
    ],
    [
      'a condition on an unknown question',
      (rs) => {
        question(rs, 'S2').when = { question: 'G9', equals: 'yes' };
      },
      /S2: when references unknown question "G9"/,
    ],
    [
      'a condition on a misspelt option',
      (rs) => {
        question(rs, 'S2').when = { question: 'G1', equals: 'forge_remote' };
      },
      /S2: when tests G1 for unknown option "forge_remote"/,
    ],
    [
      'a conditional question without whenText',
      (rs) => {
        delete question(rs, 'S2').whenText;
      },
      /S2: a conditional question needs whenText/,
    ],
    [
      'a cycle between gates',
      (rs) => {
        question(rs, 'G1').when = { question: 'G2', equals: 'yes' };
        question(rs, 'G1').whenText = 'Only when the app has egress';
        question(rs, 'G2').when = { question: 'G1', equals: 'connect' };
        question(rs, 'G2').whenText = 'Only when the app is a Connect app';
      },
      /condition cycle: G1 → G2 → G1/,
    ],
    [
      'a duplicate id',
      (rs) => {
        question(rs, 'S2').id = 'S1';
      },
      /S1: duplicate question id/,
    ],
    [
      'credit keys that differ from the options',
      (rs) => {
        question(rs, 'S1').scoring = { kind: 'choice', credit: { yes: 1, nope: 0 } };
      },
      /S1: credit keys \[yes, nope\] must equal option values \[yes, no\]/,
    ],
    [
      'no answer that earns full credit',
      (rs) => {
        question(rs, 'S1').scoring = { kind: 'choice', credit: { yes: 0.5, no: 0 } };
      },
      /S1: no option earns full credit/,
    ],
    [
      'scoring of the wrong kind',
      (rs) => {
        question(rs, 'S15').scoring = { kind: 'present' };
      },
      /S15: a date question needs "within-days" scoring, not "present"/,
    ],
    [
      'a required value that is not an option',
      (rs) => {
        question(rs, 'P8').scoring = { kind: 'all-of', required: ['eud-in-logs', 'other'] };
      },
      /P8: required values \[other\] are not options/,
    ],
    [
      'a scored question without remediation',
      (rs) => {
        delete question(rs, 'S1').remediation;
      },
      /S1: missing remediation/,
    ],
    [
      'a scored question without an Atlassian source',
      (rs) => {
        question(rs, 'S1').sources = [{ title: 'Elsewhere', url: 'https://example.com/' }];
      },
      /S1: needs at least one source on developer\.atlassian\.com/,
    ],
    [
      'a scored gate',
      (rs) => {
        question(rs, 'G2').scoring = { kind: 'choice', credit: { yes: 1, no: 0 } };
      },
      /G2: a gate question must not be scored/,
    ],
    [
      'a CF item not marked legacy',
      (rs) => {
        question(rs, 'R1').legacy = false;
      },
      /R1: only tagged CF but not legacy/,
    ],
    [
      'a reordered yes-no',
      (rs) => {
        question(rs, 'S1').options = [
          { value: 'no', label: 'No' },
          { value: 'yes', label: 'Yes' },
        ];
      },
      /S1: yes-no options must be Yes, No/,
    ],
    [
      'an unknown derived check',
      (rs) => {
        question(rs, 'S11').derivedBy = 'content-policy';
      },
      /S11: derivedBy "content-policy" is not a known derived check/,
    ],
  ])('reports %s', (_name, mutate, expected) => {
    const problems = checkRuleSetIntegrity(broken(mutate), V1_CHECK_IDS);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('finds a self-referencing condition as a cycle', () => {
    const rs = broken((copy) => {
      question(copy, 'G3').when = { question: 'G3', equals: 'yes' };
    });
    expect(findConditionCycles(rs.questions)).toEqual(['condition cycle: G3 → G3']);
  });
});
