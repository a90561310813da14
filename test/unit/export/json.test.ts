import { z } from 'zod';
import { rulesToJson, toJson } from '../../../src/domain/export';
import { ruleSetV1 } from '../../../src/domain/rules/catalogue';
import { miniAnswers, miniReport, miniRuleSet } from './fixture';

/** The documented contract of `trust-assess rules --format json` (docs/cli.md). */
const passSchema = z.union([
  z.array(z.string()).min(1),
  z.strictObject({ allOf: z.array(z.string()).min(1) }),
  z.strictObject({ atLeast: z.number() }),
  z.strictObject({ present: z.literal(true) }),
  z.strictObject({ withinDays: z.number().int().positive() }),
]);

const rulesContract = z.object({
  id: z.string(),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  elements: z.array(z.object({ id: z.string(), title: z.string(), weight: z.number() })).length(5),
  questions: z
    .array(
      z.object({
        id: z.string(),
        element: z.string(),
        type: z.string(),
        options: z.array(z.string()).optional(),
        severity: z.enum(['blocker', 'major', 'minor', 'gate']),
        when: z.unknown().optional(),
        pass: passSchema.optional(),
      }),
    )
    .min(1),
});

describe('rulesToJson', () => {
  it('follows the contract for the real rule set', () => {
    const json: unknown = JSON.parse(rulesToJson(ruleSetV1));
    const parsed = rulesContract.parse(json);
    expect(parsed.questions.map((q) => q.id)).toEqual(ruleSetV1.questions.map((q) => q.id));
    for (const q of parsed.questions) {
      const rule = ruleSetV1.questions.find((r) => r.id === q.id);
      // Choice questions list their option values; scored questions say what passes.
      if (rule?.options && rule.type !== 'text') {
        expect(q.options).toEqual(rule.options.map((o) => o.value));
      }
      expect(q.pass !== undefined).toBe(rule?.scoring !== undefined);
      if (Array.isArray(q.pass)) for (const v of q.pass) expect(q.options).toContain(v);
    }
  });

  it('maps each scoring kind to its pass shape', () => {
    const json = JSON.parse(rulesToJson(miniRuleSet)) as {
      questions: { id: string; pass?: unknown; partial?: unknown; when?: unknown }[];
    };
    const byId = Object.fromEntries(json.questions.map((q) => [q.id, q]));
    expect(byId.S1?.pass).toEqual(['yes']);
    expect(byId.S1?.partial).toEqual({ partial: 0.5 });
    expect(byId.S2?.pass).toEqual({ withinDays: 365 });
    expect(byId.R1?.pass).toEqual({ atLeast: 99.9 });
    expect(byId.R1?.partial).toEqual({ atLeast: 99.5, credit: 0.5 });
    expect(byId.C1?.pass).toEqual({ allOf: ['privacy', 'terms'] });
    expect(byId.P1?.pass).toEqual({ present: true });
    expect(byId.P1?.when).toEqual({ question: 'G1', equals: 'yes' });
    expect(byId.G1?.pass).toBeUndefined();
  });

  it('is stable, pretty and newline-terminated', () => {
    const text = rulesToJson(ruleSetV1);
    expect(text).toBe(rulesToJson(ruleSetV1));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toMatch(/^ {2}"id"/);
  });
});

describe('toJson', () => {
  it('is the report itself plus app, byte-identical across runs', () => {
    const report = miniReport();
    const text = toJson(report, { name: 'Mini', key: 'mini' });
    expect(text).toBe(toJson(miniReport(miniAnswers), { name: 'Mini', key: 'mini' }));
    expect(text.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(parsed.app).toEqual({ name: 'Mini', key: 'mini' });
    expect(Object.keys(parsed).slice(0, 2)).toEqual(['ruleSet', 'app']);
    delete parsed.app;
    expect(parsed).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('without app meta is the report alone', () => {
    const report = miniReport();
    expect(JSON.parse(toJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });
});
