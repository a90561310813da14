import type { Answers } from '../../../src/domain/answers';
import { ruleSetSchema, type RuleSet } from '../../../src/domain/rules/schema';
import type { Report } from '../../../src/domain/scoring/report';
import { score } from '../../../src/domain/scoring/score';

/**
 * A small rule set of its own, so the export tests pin formatting without depending on the
 * wording of the real catalogue.
 */
export const miniRuleSet: RuleSet = ruleSetSchema.parse({
  id: 'mini',
  version: '0.1.0',
  title: 'Mini rule set',
  elements: [
    { id: 'security', title: 'Security', weight: 2 },
    { id: 'reliability', title: 'Reliability', weight: 1 },
    { id: 'compliance', title: 'Compliance', weight: 1 },
    { id: 'privacy', title: 'Privacy', weight: 1 },
    { id: 'transparency', title: 'Transparency', weight: 1 },
  ],
  questions: [
    {
      id: 'G1',
      element: 'privacy',
      type: 'yes-no',
      severity: 'gate',
      title: 'Stores data outside?',
      options: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
      ],
    },
    {
      id: 'S1',
      element: 'security',
      type: 'yes-no',
      severity: 'blocker',
      title: 'Authenticates every caller?',
      options: [
        { value: 'yes', label: 'Yes' },
        { value: 'no', label: 'No' },
        { value: 'partial', label: 'Partly' },
      ],
      scoring: { kind: 'choice', credit: { yes: 1, no: 0, partial: 0.5 } },
      programs: ['SR', 'SQ'],
      remediation: '=cmd|/c calc!A1 then add auth',
      sources: [{ title: 'Security requirements', url: 'https://example.com/sec(1)' }],
    },
    {
      id: 'S2',
      element: 'security',
      type: 'date',
      severity: 'minor',
      title: 'Last pen test?',
      scoring: { kind: 'within-days', days: 365 },
      notApplicableAllowed: true,
      evidence: 'required',
    },
    {
      id: 'R1',
      element: 'reliability',
      type: 'number',
      severity: 'major',
      title: 'Success rate',
      scoring: { kind: 'at-least', full: 99.9, partial: 99.5, partialCredit: 0.5 },
    },
    {
      id: 'C1',
      element: 'compliance',
      type: 'multi-choice',
      severity: 'blocker',
      title: 'Legal pages | published',
      options: [
        { value: 'privacy', label: 'Privacy policy' },
        { value: 'terms', label: 'Terms' },
      ],
      scoring: { kind: 'all-of', required: ['privacy', 'terms'] },
    },
    {
      id: 'P1',
      element: 'privacy',
      type: 'text',
      severity: 'major',
      title: 'Data types stored',
      when: { question: 'G1', equals: 'yes' },
      scoring: { kind: 'present' },
    },
    {
      id: 'T1',
      element: 'transparency',
      type: 'url',
      severity: 'minor',
      title: 'Trust page',
      when: { any: [{ question: 'G1', equals: 'yes' }, { fact: 'manifestSupplied' }] },
      scoring: { kind: 'present' },
    },
  ],
});

export const hostileText = '<img src=x onerror=alert(1)> | =SUM(A1) @x';

export const miniAnswers: Answers = {
  G1: { value: 'yes' },
  S1: { value: 'partial' },
  S2: { notApplicable: true, justification: hostileText },
  R1: { value: 99.6 },
  C1: { value: ['privacy'] },
  P1: { value: '-ids and names' },
};

export function miniReport(answers: Answers = miniAnswers): Report {
  return score(miniRuleSet, answers, { asOf: '2026-11-28' });
}
