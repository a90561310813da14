import { parseDocument } from 'yaml';
import { answersTemplate } from '../../../src/domain/export';
import { ruleSetV1 } from '../../../src/domain/rules/catalogue';
import { miniRuleSet } from './fixture';

describe('answersTemplate', () => {
  it.each([
    ['mini', miniRuleSet],
    ['v1', ruleSetV1],
  ])('%s: valid YAML, every question blank, gates first', (_name, ruleSet) => {
    const doc = parseDocument(answersTemplate(ruleSet));
    expect(doc.errors).toEqual([]);
    const value = doc.toJS() as { ruleSet: string; answers: Record<string, null> };
    expect(value.ruleSet).toBe(`${ruleSet.id}@${ruleSet.version}`);
    const ids = Object.keys(value.answers);
    const gates = ruleSet.questions.filter((q) => q.severity === 'gate').map((q) => q.id);
    expect(ids.slice(0, gates.length)).toEqual(gates);
    expect([...ids].sort()).toEqual(ruleSet.questions.map((q) => q.id).sort());
  });

  it('comments each question with title, type, options, applies-when and severity', () => {
    const text = answersTemplate(miniRuleSet);
    const block = text.slice(text.indexOf('# S1:'), text.indexOf('\n  S1:'));
    expect(block).toContain('Authenticates every caller?');
    expect(block).toContain('yes-no, answer with one of: yes, no, partial');
    expect(block).toContain('applies: Always');
    expect(block).toContain('severity: blocker; programs: SR, SQ');
    const p1 = text.slice(text.indexOf('# P1:'), text.indexOf('\n  P1:'));
    expect(p1).toContain('applies: G1 = Yes');
    const s2 = text.slice(text.indexOf('# S2:'), text.indexOf('\n  S2:'));
    expect(s2).toContain('evidence: required; may be marked notApplicable');
  });
});
